// The OpenAPI document the API serves passes `redocly lint` with the recommended rules (errors and warnings).
// Offline by construction: the document is a local file without remote references, telemetry and the update
// check are switched off (checked: it passes in a network namespace with no network, `unshare -rn`).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { apiDocument } from './api-types.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the OpenAPI document', () => {
  it('passes redocly lint with the recommended rules, without a warning', { timeout: 60_000 }, async () => {
    // Prepare
    const file = join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(apiDocument(), null, 2));
    const cli = join(
      dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
      'bin',
      'cli.js',
    );

    // Act
    const { stdout } = await run(
      process.execPath,
      [cli, 'lint', file, '--extends', 'recommended', '--format', 'json'],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));

    // Assess
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as {
      problems: { ruleId: string; severity: string; message: string }[];
    };
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });
});
