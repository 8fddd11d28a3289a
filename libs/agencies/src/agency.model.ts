import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

import { AgencyKind } from './agency.entity';

registerEnumType(AgencyKind, { name: 'AgencyKind' });

@ObjectType('InformationSystem')
export class InformationSystemModel {
  @Field(() => ID) id: string;
  @Field(() => ID) agencyId: string;
  @Field() name: string;
  @Field(() => Int, { description: 'Security level 1-5 as approved for the system' }) securityLevel: number;
  @Field(() => String, { nullable: true }) description: string | null;
}

@ObjectType('Agency')
export class AgencyModel {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => AgencyKind) kind: AgencyKind;
  @Field(() => ID, { nullable: true }) parentId: string | null;
  @Field(() => Int) version: number;
}
