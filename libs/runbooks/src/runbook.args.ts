import { ArgsType, Field, ID } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

import { Lang } from './runbook.enums';

const RUNBOOK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@ArgsType()
export class RunbooksArgs {
  @Field(() => Lang, { nullable: true, description: 'Override the language (default: your profile’s)' })
  @IsOptional()
  @IsEnum(Lang)
  lang?: Lang;
}

@ArgsType()
export class RunbookArgs extends RunbooksArgs {
  @Field(() => ID, { description: 'e.g. ransomware-malware' })
  @IsString()
  @MaxLength(64)
  @Matches(RUNBOOK_ID, { message: 'id must be a runbook id (kebab-case)' })
  id: string;
}

@ArgsType()
export class ApplyRunbookArgs {
  @Field(() => ID)
  @IsString()
  @MaxLength(64)
  @Matches(RUNBOOK_ID, { message: 'runbookId must be a runbook id (kebab-case)' })
  runbookId: string;
}

@ArgsType()
export class SetTaskDoneArgs {
  @Field()
  @IsBoolean()
  done: boolean;
}

@ArgsType()
export class AssignTaskArgs {
  @Field(() => ID, { nullable: true, description: 'Null to unassign' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

@ArgsType()
export class AddTaskCommentArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;

  @Field({
    nullable: true,
    defaultValue: true,
    description: 'Staff notes are internal unless false; a reporter’s are never internal',
  })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
}

@ArgsType()
export class TaskTitleArgs extends RunbooksArgs {}
