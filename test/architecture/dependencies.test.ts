// The layout's dependency rules (README "How the parts fit"), stated in .dependency-cruiser.mjs and checked here
// on the shipped code: no cycles between folders or files; core/ never reaches handlers, adapters, the AWS SDK,
// middy or Powertools, not even through another module; a service uses another only through
// services/application, a context's HTTP contract (routes.ts) and the workflow's decision mechanism; nothing in
// services/ or shared/ imports the embedded runtime.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const projectRoot = join(import.meta.dirname, '..', '..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
  via?: { name: string }[];
}

async function cruise(): Promise<{ violations: Violation[]; modules: number }> {
  // With the Node that runs the tests (dependency-cruiser needs 22; the machine's own may be older).
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(projectRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs'),
      ...['services', 'shared', 'infra', '--config', '.dependency-cruiser.mjs', '--output-type', 'json'],
    ],
    { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as {
    summary: { violations: Violation[]; totalCruised: number };
  };
  return { violations: result.summary.violations, modules: result.summary.totalCruised };
}

describe('the dependency rules', () => {
  it('hold for every module of services/, shared/ and infra/', async () => {
    // Act
    const { violations, modules } = await cruise();

    // Assess: the rules saw the code (an empty cruise would pass anything), and nothing breaks them.
    expect(modules).toBeGreaterThan(150);
    expect(
      violations.map((v) =>
        [v.rule.name, v.from, v.to, ...(v.cycle ?? v.via ?? []).map((step) => step.name)].join(' → '),
      ),
    ).toEqual([]);
  }, 120_000);
});
