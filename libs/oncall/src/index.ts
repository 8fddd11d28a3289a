export * from './schedule-math';
