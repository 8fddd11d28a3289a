export * from './access.policy';
export * from './actor';
export * from './decorators';
export * from './role.enum';
export * from './incident-access.policy';
export * from './task-access.policy';
export * from './live-subscription';
export * from './permission-inventory';
