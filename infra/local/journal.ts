// The embedded runtime's execution journal: an append-only file of JSON lines, each flushed to disk (fsync)
// before the runtime goes on, recording which executions started, every task result they received (Lambda
// results and human decisions alike) and how they ended. After a crash the runtime reads it back and replays
// each unfinished execution from its input, answering its tasks from here, so no decision is lost and no task
// that already ran runs again (see step-functions.ts).
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type JournalRecord =
  | {
      type: 'started';
      executionId: string;
      input: Json;
      /** Digest of the state machine definition it runs on (see step-functions.ts). */
      definition?: string;
      at: string;
    }
  /** A task's result: the output it returned, or the error it ended with. */
  | {
      type: 'result';
      executionId: string;
      /** State name, a digest of the task's input, and its occurrence in the execution: stable across replays. */
      key: string;
      state: string;
      output?: Json;
      error?: { name: string; message: string };
    }
  | {
      type: 'ended';
      executionId: string;
      status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
      output?: Json;
      error?: string;
      cause?: string;
      at: string;
    };

/** The journal cannot be read: the data folder is damaged, and the runtime cannot tell what happened. */
export class JournalCorrupt extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
  ) {
    super(`The execution journal ${path} is damaged at line ${line}`);
    this.name = 'JournalCorrupt';
  }
}

export class Journal {
  readonly path: string;
  #fd: number | undefined;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  /**
   * Opens (or creates) the journal and reads what it holds. A last line cut short by a crash mid-write is
   * dropped (it was never acknowledged); anything unreadable before the last line is damage.
   * @throws JournalCorrupt
   */
  static open(path: string): { journal: Journal; records: JournalRecord[] } {
    mkdirSync(dirname(path), { recursive: true });
    const fresh = !existsSync(path);
    const records: JournalRecord[] = [];
    const text = fresh ? '' : readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const last = lines.length - 1;
    let intactBytes = 0;
    let torn = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') {
        if (i !== last) throw new JournalCorrupt(path, i + 1);
        continue;
      }
      try {
        records.push(JSON.parse(line) as JournalRecord);
        intactBytes += Buffer.byteLength(line) + 1;
      } catch {
        if (i !== last) throw new JournalCorrupt(path, i + 1);
        torn = true;
      }
    }
    // A crash mid-write leaves a torn last line, never acknowledged to anyone: cut it off.
    if (torn) truncateSync(path, intactBytes);
    const fd = openSync(path, 'a');
    if (!torn && text.length > 0 && !text.endsWith('\n')) {
      // The last record is whole but its newline was lost: end its line before the next one.
      writeSync(fd, '\n');
      fsyncSync(fd);
    }
    if (fresh) syncDirectory(dirname(path));
    return { journal: new Journal(path, fd), records };
  }

  /** Appends one record and waits until it is on disk. */
  append(record: JournalRecord): void {
    if (this.#fd === undefined) throw new Error('The journal is closed');
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.#fd);
  }

  get closed(): boolean {
    return this.#fd === undefined;
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** A new file's directory entry is durable only once the directory itself is synced. */
function syncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // Not every file system lets a directory be opened for syncing; the file's own fsync still holds.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
