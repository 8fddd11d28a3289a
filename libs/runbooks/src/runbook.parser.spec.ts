import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { IncidentCategory } from '@tocsin/incidents';

import { RunbookPhase } from './runbook.enums';
import { readRunbookDirectory } from './runbook.loader';
import { checkRunbookSet, parseRunbook, RunbookFileError } from './runbook.parser';

const VALID = `---
id: test-playbook
title:
  vi: Kịch bản thử
  en: Test playbook
categories: [malicious-code, intrusions]
defaultSeverity: HIGH
steps:
  - title:
      vi: Bước một
      en: Step one
    phase: identification
    role: RESPONDER
    targetMinutes: 30
  - title: { vi: Bước hai, en: Step two }
    phase: lessons-learned
---

## Hướng dẫn

Nội dung.
`;

/** VALID with one line replaced (by its exact text). */
const withLine = (line: string, replacement: string): string => {
  expect(VALID).toContain(line);
  return VALID.replace(line, replacement);
};

const errorOf = (source: string, file = 'runbooks/test.md'): string => {
  try {
    parseRunbook(file, source);
  } catch (error) {
    expect(error).toBeInstanceOf(RunbookFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the file to be refused');
};

describe('parseRunbook', () => {
  it('reads the front matter, the steps in order and the Markdown body', () => {
    const parsed = parseRunbook('runbooks/test.md', VALID);
    expect(parsed.file).toBe('runbooks/test.md');
    expect(parsed.definition).toEqual({
      id: 'test-playbook',
      title: { vi: 'Kịch bản thử', en: 'Test playbook' },
      categories: ['malicious-code', 'intrusions'],
      defaultSeverity: 'HIGH',
      steps: [
        {
          title: { vi: 'Bước một', en: 'Step one' },
          phase: 'identification',
          role: 'RESPONDER',
          targetMinutes: 30,
        },
        { title: { vi: 'Bước hai', en: 'Step two' }, phase: 'lessons-learned' },
      ],
      body: '## Hướng dẫn\n\nNội dung.',
    });
    expect(parsed.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the content: line endings do not matter, any other change does', () => {
    const hash = parseRunbook('a.md', VALID).contentHash;
    expect(parseRunbook('b.md', VALID.replace(/\n/g, '\r\n')).contentHash).toBe(hash);
    expect(parseRunbook('a.md', `${VALID}\nThêm một dòng.\n`).contentHash).not.toBe(hash);
  });

  it('refuses a file without front matter', () => {
    expect(errorOf('# Kịch bản\n\nKhông có phần đầu.')).toBe(
      'Invalid runbook runbooks/test.md: front matter: missing (the file must start with a line "---", then the YAML front matter, then a line "---")',
    );
    expect(errorOf(VALID.replace(/\n---\n\n## Hướng dẫn/, '\n## Hướng dẫn'))).toMatch(
      /front matter: missing/,
    );
  });

  it('refuses YAML syntax errors, with the line in the file', () => {
    const text = withLine(
      'categories: [malicious-code, intrusions]',
      'categories: [malicious-code, intrusions',
    );
    expect(errorOf(text)).toMatch(
      /^Invalid runbook runbooks\/test.md: front matter: YAML syntax error at line \d+/,
    );
    expect(errorOf(withLine('defaultSeverity: HIGH', 'defaultSeverity: HIGH\nid: again'))).toMatch(
      /YAML syntax error at line 8, column \d+: Map keys must be unique/,
    );
  });

  it('refuses a missing id, naming the field', () => {
    expect(errorOf(withLine('id: test-playbook\n', ''))).toBe(
      'Invalid runbook runbooks/test.md: id: Required',
    );
    expect(errorOf(withLine('id: test-playbook', 'id: Test Playbook'))).toMatch(/: id: expected kebab-case/);
  });

  it('refuses an unknown category and an unknown severity, listing what is allowed', () => {
    expect(errorOf(withLine('[malicious-code, intrusions]', '[malicious-code, ransomware]'))).toMatch(
      /^Invalid runbook runbooks\/test.md: categories\.1: expected one of abusive-content, malicious-code, .* \(got "ransomware"\)$/,
    );
    expect(errorOf(withLine('defaultSeverity: HIGH', 'defaultSeverity: URGENT'))).toMatch(
      /defaultSeverity: expected one of LOW, MEDIUM, HIGH, CRITICAL \(got "URGENT"\)/,
    );
  });

  it('refuses a step without its English title', () => {
    expect(errorOf(withLine('{ vi: Bước hai, en: Step two }', '{ vi: Bước hai }'))).toBe(
      'Invalid runbook runbooks/test.md: steps.1.title.en: Required',
    );
    expect(errorOf(withLine('{ vi: Bước hai, en: Step two }', '{ vi: Bước hai, en: "  " }'))).toBe(
      'Invalid runbook runbooks/test.md: steps.1.title.en: must not be empty',
    );
  });

  it('refuses a negative, fractional or absurd target time', () => {
    expect(errorOf(withLine('targetMinutes: 30', 'targetMinutes: -5'))).toBe(
      'Invalid runbook runbooks/test.md: steps.0.targetMinutes: must be a positive number of minutes',
    );
    expect(errorOf(withLine('targetMinutes: 30', 'targetMinutes: 1.5'))).toMatch(
      /steps\.0\.targetMinutes: expected a whole number of minutes/,
    );
    expect(errorOf(withLine('targetMinutes: 30', 'targetMinutes: "soon"'))).toMatch(
      /steps\.0\.targetMinutes: expected a whole number$/,
    );
    expect(errorOf(withLine('targetMinutes: 30', 'targetMinutes: 999999'))).toMatch(/at most 129600 minutes/);
  });

  it('refuses unknown fields (typos), bad phases and roles, and names every problem at once', () => {
    expect(errorOf(withLine('    role: RESPONDER', '    owner: RESPONDER'))).toBe(
      'Invalid runbook runbooks/test.md: steps.0.owner: unknown field',
    );
    const text = withLine('    phase: identification', '    phase: detection').replace(
      'role: RESPONDER',
      'role: ADMIN',
    );
    expect(errorOf(text)).toMatch(
      /steps\.0\.phase: expected one of identification, .*; steps\.0\.role: expected one of/,
    );
  });

  it('refuses front matter that is not a mapping', () => {
    expect(errorOf('---\n- a\n- b\n---\n')).toMatch(/front matter: expected a YAML mapping/);
    expect(errorOf('---\n---\nbody')).toMatch(/front matter: expected a YAML mapping/);
  });
});

describe('a set of runbook files', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-runbooks-'));

  it('refuses two files with one id, naming both', () => {
    const a = parseRunbook('runbooks/a.md', VALID);
    const b = parseRunbook('runbooks/b.md', `${VALID}\nKhác.\n`);
    expect(() => checkRunbookSet([a, b])).toThrow(
      'Invalid runbook runbooks/b.md: id: "test-playbook" is already the id of runbooks/a.md',
    );
  });

  it('reads a directory: *.md only, sorted by id; a bad file stops the whole load', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'one.md'), VALID.replace('id: test-playbook', 'id: zeta'));
    fs.writeFileSync(path.join(dir, 'two.md'), VALID.replace('id: test-playbook', 'id: alpha'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    expect(readRunbookDirectory(dir).map((r) => r.definition.id)).toEqual(['alpha', 'zeta']);
    fs.writeFileSync(path.join(dir, 'three.md'), VALID.replace('en: Step two', 'en: ""'));
    expect(() => readRunbookDirectory(dir)).toThrow(
      `${path.join(dir, 'three.md')}: steps.1.title.en: must not be empty`,
    );
    fs.writeFileSync(path.join(dir, 'three.md'), VALID.replace('id: test-playbook', 'id: alpha'));
    expect(() => readRunbookDirectory(dir)).toThrow(/two\.md: id: "alpha" is already the id of .*three\.md/);
  });

  it('refuses a missing directory with the setting to fix', () => {
    expect(() => readRunbookDirectory('/nonexistent/runbooks')).toThrow(
      'Invalid runbook /nonexistent/runbooks: RUNBOOKS_DIR: cannot read the playbook directory (no such directory)',
    );
  });
});

describe('the playbooks in runbooks/', () => {
  const runbooks = readRunbookDirectory('runbooks');

  it('all parse, and there are at least eight', () => {
    expect(runbooks.length).toBeGreaterThanOrEqual(8);
  });

  it.each(runbooks.map((r) => [r.definition.id, r] as const))('%s is complete', (id, runbook) => {
    const d = runbook.definition;
    expect(path.basename(runbook.file)).toBe(`${id}.md`);
    expect(d.steps.length).toBeGreaterThanOrEqual(5);
    const phases = new Set(d.steps.map((s) => s.phase));
    const required = [
      RunbookPhase.IDENTIFICATION,
      RunbookPhase.CONTAINMENT,
      RunbookPhase.REPORTING,
      RunbookPhase.LESSONS_LEARNED,
    ];
    for (const phase of required) {
      expect({ id, phase, present: phases.has(phase) }).toEqual({ id, phase, present: true });
    }
    // Vietnamese first, with its diacritics; English second.
    expect(d.title.vi).toMatch(/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);
    expect(d.body.indexOf('## Hướng dẫn')).toBe(0);
    expect(d.body).toContain('## Guidance');
    expect(d.steps.every((s) => s.targetMinutes !== undefined)).toBe(true);
  });

  it('covers what a provincial team handles, ransomware under malicious-code', () => {
    const byCategory = (c: IncidentCategory) =>
      runbooks.filter((r) => r.definition.categories.includes(c)).map((r) => r.definition.id);
    expect(byCategory(IncidentCategory.MALICIOUS_CODE)).toEqual(['ransomware-malware']);
    for (const category of [
      IncidentCategory.INTRUSIONS,
      IncidentCategory.FRAUD,
      IncidentCategory.AVAILABILITY,
      IncidentCategory.INFORMATION_CONTENT_SECURITY,
      IncidentCategory.VULNERABLE,
      IncidentCategory.ABUSIVE_CONTENT,
    ]) {
      expect({ category, runbooks: byCategory(category).length > 0 }).toEqual({ category, runbooks: true });
    }
    const all = runbooks.map((r) => r.definition.body).join('\n');
    for (const reference of ['VNCERT/CC', '05/2017/QĐ-TTg', '20/2017/TT-BTTTT', '13/2023/NĐ-CP', '72 giờ']) {
      expect(all).toContain(reference);
    }
  });
});
