import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, JournalCorrupt, type JournalRecord } from './journal.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function journalPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'journal-'));
  folders.push(folder);
  return join(folder, 'data', 'journal.jsonl');
}

const started: JournalRecord = {
  type: 'started',
  executionId: 'app-1',
  input: { a: 1 },
  at: '2025-03-03T01:00:00Z',
};
const result: JournalRecord = {
  type: 'result',
  executionId: 'app-1',
  key: 'Intake#x#1',
  state: 'Intake',
  output: {},
};

describe('Journal', () => {
  it('reads back what was appended, after the file is closed and opened again', () => {
    // Prepare
    const path = journalPath();
    const first = Journal.open(path);
    first.journal.append(started);
    first.journal.append(result);
    first.journal.close();

    // Act
    const second = Journal.open(path);
    second.journal.close();

    // Assess
    expect(first.records).toEqual([]);
    expect(second.records).toEqual([started, result]);
  });

  it('drops a last line torn by a crash mid-write, and appends after the records that were whole', () => {
    // Prepare
    const path = journalPath();
    Journal.open(path).journal.close();
    writeFileSync(path, `${JSON.stringify(started)}\n{"type":"res`);

    // Act
    const reopened = Journal.open(path);
    reopened.journal.append(result);
    reopened.journal.close();

    // Assess
    expect(reopened.records).toEqual([started]);
    expect(Journal.open(path).records).toEqual([started, result]);
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);
  });

  it('ends a whole last record whose newline was lost before appending the next', () => {
    // Prepare
    const path = journalPath();
    Journal.open(path).journal.close();
    writeFileSync(path, JSON.stringify(started));

    // Act
    const reopened = Journal.open(path);
    reopened.journal.append(result);
    reopened.journal.close();

    // Assess
    expect(Journal.open(path).records).toEqual([started, result]);
  });

  it('refuses a journal damaged before its last line', () => {
    // Prepare
    const path = journalPath();
    Journal.open(path).journal.close();
    writeFileSync(path, `garbage\n${JSON.stringify(started)}\n`);

    // Act & Assess
    expect(() => Journal.open(path)).toThrowError(JournalCorrupt);
    expect(() => Journal.open(path)).toThrowError(expect.objectContaining({ line: 1 }));
  });
});
