export * from './audit-checkpoint';
export * from './audit-checkpoint.entity';
export * from './audit-checkpoint.service';
export * from './checkpoint-directory';
export * from './checkpoint-keys';
export * from './checkpoint-sinks';
export * from './verify-chain';
