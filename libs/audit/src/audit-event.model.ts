import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';

import { Paginated } from '@tocsin/core';

import type { CheckpointFailureReason } from './chain-verifier';

@ObjectType('AuditEvent', { description: 'One entry of the append-only, hash-chained audit trail' })
export class AuditEventModel {
  @Field(() => ID) id: string;

  @Field({ description: 'Position in the chain (1, 2, 3…), as a decimal string (int8)' })
  sequence: string;

  @Field() occurredAt: Date;

  @Field(() => ID, {
    nullable: true,
    description: 'User or API key id; null for the system or an anonymous caller',
  })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: 'The role of the user, API_KEY for a machine' })
  actorRole: string | null;

  @Field({ description: 'What happened, e.g. user.login, agency.created' }) action: string;

  @Field() entityType: string;

  @Field(() => ID, { nullable: true }) entityId: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Values before the change (secrets removed)',
  })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Values after the change (secrets removed)',
  })
  after: Record<string, unknown> | null;

  @Field(() => String, { nullable: true }) requestId: string | null;

  @Field(() => String, { nullable: true }) ip: string | null;

  @Field({ description: 'SHA-256 (hex) of this entry, see docs/audit.md' }) hash: string;

  @Field({ description: 'Hash of the previous entry (64 zeros for the first)' }) previousHash: string;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection extends Paginated(AuditEventModel, 'AuditEvent') {}

export enum AuditCheckpointFailureReason {
  HASH_MISMATCH = 'HASH_MISMATCH',
  MISSING_ROW = 'MISSING_ROW',
  CHAIN_BROKEN = 'CHAIN_BROKEN',
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  UNREADABLE = 'UNREADABLE',
}
registerEnumType(AuditCheckpointFailureReason, {
  name: 'AuditCheckpointFailureReason',
  description:
    'HASH_MISMATCH: the row holds another hash (rewritten); MISSING_ROW: the chain no longer reaches it; ' +
    'CHAIN_BROKEN: the chain breaks before it; BAD_SIGNATURE, UNREADABLE: the checkpoint itself is refused',
});

@ObjectType('AuditCheckpointFailure', { description: 'A signed checkpoint of the chain head that failed' })
export class AuditCheckpointFailureModel {
  @Field({ description: 'The checkpoint file, as named in the checkpoint directory' }) name: string;

  @Field(() => Int, { description: 'The sequence it vouches for (as claimed, when refused)' })
  sequence: number;

  @Field({ description: 'The hash it vouches for (as claimed, when refused)' }) hash: string;

  @Field({ description: 'When it was signed (ISO 8601, as claimed when refused)' }) createdAt: string;

  @Field(() => AuditCheckpointFailureReason) reason: CheckpointFailureReason;
}

@ObjectType('AuditVerification')
export class AuditVerificationModel {
  @Field({ description: 'True when every entry matches its hash and the chain has no gap' }) ok: boolean;

  @Field(() => Int, { description: 'Entries read' }) checked: number;

  @Field(() => ID, { nullable: true, description: 'The first entry where the chain is broken' })
  firstBrokenId: string | null;

  @Field(() => Int, { description: 'Signed checkpoints the chain still matches' })
  checkpointsChecked: number;

  @Field(() => AuditCheckpointFailureModel, {
    nullable: true,
    description: 'The first signed checkpoint the chain no longer matches (or that is itself refused)',
  })
  firstFailedCheckpoint: AuditCheckpointFailureModel | null;
}
