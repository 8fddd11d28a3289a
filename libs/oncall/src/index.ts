export * from './oncall.model';
export * from './oncall.module';
export * from './oncall.service';
export * from './schedule-math';
export * from './team.entity';
