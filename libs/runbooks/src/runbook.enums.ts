import { registerEnumType } from '@nestjs/graphql';

/** The phases of incident handling a step belongs to (NIST SP 800-61 / ISO 27035 vocabulary). */
export enum RunbookPhase {
  IDENTIFICATION = 'identification',
  CONTAINMENT = 'containment',
  ERADICATION = 'eradication',
  RECOVERY = 'recovery',
  LESSONS_LEARNED = 'lessons-learned',
  /** Reports and notifications the law asks for (VNCERT/CC, the personal-data authority…). */
  REPORTING = 'reporting',
}

/** The two languages every playbook is written in: Vietnamese first, English second. */
export enum Lang {
  vi = 'vi',
  en = 'en',
}

registerEnumType(RunbookPhase, { name: 'RunbookPhase' });
registerEnumType(Lang, { name: 'Lang', description: 'Language of texts: vi (Vietnamese) or en (English)' });
