import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';

import { Paginated } from '@tocsin/core';

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

@ObjectType('AuditVerification')
export class AuditVerificationModel {
  @Field({ description: 'True when every entry matches its hash and the chain has no gap' }) ok: boolean;

  @Field(() => Int, { description: 'Entries read' }) checked: number;

  @Field(() => ID, { nullable: true, description: 'The first entry where the chain is broken' })
  firstBrokenId: string | null;
}
