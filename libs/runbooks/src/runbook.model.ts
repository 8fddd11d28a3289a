import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

import { Role } from '@tocsin/access';
import { IncidentCategory, Severity } from '@tocsin/incidents';

import { Lang, RunbookPhase } from './runbook.enums';

@ObjectType('LocalizedText', { description: 'A text in both languages' })
export class LocalizedTextModel {
  @Field() vi: string;
  @Field() en: string;
}

@ObjectType('RunbookStep')
export class RunbookStepModel {
  @Field(() => Int, { description: '1-based order' }) position: number;
  @Field({ description: 'In the language of `Runbook.lang`' }) title: string;
  @Field(() => LocalizedTextModel) titles: LocalizedTextModel;
  @Field(() => RunbookPhase) phase: RunbookPhase;
  @Field(() => Role, { nullable: true, description: 'Who usually performs it' }) role: Role | null;
  @Field(() => Int, { nullable: true, description: 'Target time from when the runbook is applied' })
  targetMinutes: number | null;
}

@ObjectType('Runbook', { description: 'A playbook, as its current version (the file as last loaded)' })
export class RunbookModel {
  @Field(() => ID, { description: 'The file’s front-matter id, e.g. ransomware-malware' }) id: string;
  @Field(() => Lang, { description: 'The language of title and step titles' }) lang: Lang;
  @Field() title: string;
  @Field(() => LocalizedTextModel) titles: LocalizedTextModel;
  @Field(() => [IncidentCategory]) categories: IncidentCategory[];
  @Field(() => Severity) defaultSeverity: Severity;
  @Field(() => Int, { description: '1, 2, 3… a new one for every new content of the file' }) version: number;
  @Field({ description: 'SHA-256 of the file’s text' }) contentHash: string;
  @Field() fileName: string;
  @Field({ description: 'The Markdown guidance (the file’s body)' }) guidance: string;
  @Field(() => [RunbookStepModel]) steps: RunbookStepModel[];
  @Field(() => GraphQLISODateTime, { description: 'When this version was loaded' }) loadedAt: Date;
}
