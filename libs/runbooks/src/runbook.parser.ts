import { createHash } from 'node:crypto';

import { parseDocument } from 'yaml';
import { z } from 'zod';

import { Role } from '@tocsin/access';
import { IncidentCategory, Severity } from '@tocsin/incidents';

import { RunbookPhase } from './runbook.enums';

/** Thrown for a playbook file that does not validate; the message is one line naming the file and field. */
export class RunbookFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid runbook ${file}: ${problems.join('; ')}`);
    this.name = 'RunbookFileError';
  }
}

/** Who usually performs a step (informational: who may complete it is decided by the task policy). */
export const STEP_ROLES = [Role.COORDINATOR, Role.RESPONDER, Role.REPORTER, Role.LEADER] as const;

/** Ninety days: a step that takes longer is a project, not an incident task. */
export const MAX_TARGET_MINUTES = 90 * 24 * 60;

const text = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max);

const localized = (max: number) => z.strictObject({ vi: text(max), en: text(max) });

const oneOf = <T extends string>(values: readonly T[]) =>
  z.enum(values as unknown as [T, ...T[]], {
    error: (issue) =>
      issue.input === undefined
        ? 'Required'
        : `expected one of ${values.join(', ')} (got ${JSON.stringify(issue.input)})`,
  });

const stepSchema = z.strictObject({
  title: localized(300),
  phase: oneOf(Object.values(RunbookPhase)),
  role: oneOf(STEP_ROLES).optional(),
  targetMinutes: z
    .number({ error: (issue) => (issue.input === undefined ? 'Required' : 'expected a whole number') })
    .int({ message: 'expected a whole number of minutes' })
    .positive({ message: 'must be a positive number of minutes' })
    .max(MAX_TARGET_MINUTES, { message: `must be at most ${MAX_TARGET_MINUTES} minutes (90 days)` })
    .optional(),
});

export const runbookFrontMatterSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'expected kebab-case: lower-case letters, digits and -' })
    .max(64),
  title: localized(200),
  categories: z
    .array(oneOf(Object.values(IncidentCategory)))
    .min(1, { message: 'list at least one incident category' })
    .refine((list) => new Set(list).size === list.length, { message: 'a category is listed twice' }),
  defaultSeverity: oneOf(Object.values(Severity)),
  steps: z.array(stepSchema).min(1, { message: 'list at least one step' }).max(100),
});

export type RunbookFrontMatter = z.infer<typeof runbookFrontMatterSchema>;
export type RunbookStepDefinition = RunbookFrontMatter['steps'][number];

/** A validated playbook: its front matter and, as guidance, the Markdown body. */
export interface RunbookDefinition extends RunbookFrontMatter {
  /** The Markdown after the front matter (guidance for the people working the steps). */
  body: string;
}

export interface ParsedRunbook {
  /** As shown in messages: the file's path under RUNBOOKS_DIR, e.g. `runbooks/ddos.md`. */
  file: string;
  definition: RunbookDefinition;
  /** SHA-256 (hex) of the file's text with line endings normalised: a new hash is a new version. */
  contentHash: string;
}

const FRONT_MATTER = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)([\s\S]*)$/;

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : 'front matter';
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: unknown field`);
    }
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      return ['front matter: expected a YAML mapping (id, title, categories, defaultSeverity, steps)'];
    }
    return [`${fieldPath(issue.path)}: ${issue.message}`];
  });
}

/**
 * Parses and validates one playbook file. Pure (no I/O), so every kind of bad file is unit-tested;
 * throws RunbookFileError naming the file and the field path, e.g. `steps.3.title.en: Required`.
 */
export function parseRunbook(file: string, source: string): ParsedRunbook {
  const normalised = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = FRONT_MATTER.exec(normalised);
  if (!match) {
    throw new RunbookFileError(file, [
      'front matter: missing (the file must start with a line "---", then the YAML front matter, then a line "---")',
    ]);
  }
  const [, yamlText = '', body] = match;
  const document = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length) {
    const error = document.errors[0];
    // +1: the opening "---" is the file's first line.
    const line = (error.linePos?.[0].line ?? 0) + 1;
    const column = error.linePos?.[0].col ?? 0;
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
    throw new RunbookFileError(file, [
      `front matter: YAML syntax error at line ${line}, column ${column}: ${reason}`,
    ]);
  }
  const data: unknown = document.toJS();
  const parsed = runbookFrontMatterSchema.safeParse(data ?? undefined, {
    error: (issue) => (issue.input === undefined ? 'Required' : undefined),
  });
  if (!parsed.success) throw new RunbookFileError(file, describeIssues(parsed.error.issues));
  return {
    file,
    definition: { ...parsed.data, body: body.trim() },
    contentHash: createHash('sha256').update(normalised, 'utf8').digest('hex'),
  };
}

/**
 * Checks what only the whole set can show: two files may not share an id. Returns the set in
 * a stable order (by id).
 */
export function checkRunbookSet(runbooks: readonly ParsedRunbook[]): ParsedRunbook[] {
  const seen = new Map<string, string>();
  for (const runbook of runbooks) {
    const other = seen.get(runbook.definition.id);
    if (other) {
      throw new RunbookFileError(runbook.file, [
        `id: "${runbook.definition.id}" is already the id of ${other}`,
      ]);
    }
    seen.set(runbook.definition.id, runbook.file);
  }
  return [...runbooks].sort((a, b) => a.definition.id.localeCompare(b.definition.id));
}
