export * from './business-time';
export * from './escalation.module';
export * from './sla-pause.service';
export * from './sla-policy.service';
export * from './sla.entity';
export * from './sla.model';
export * from './sla.resolver';
