// End-to-end test support: the runtime as a child process on a temporary data folder and a free port, a driver
// for its HTTP API, and checks on an application's audit timeline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { freePort } from '#infra/local/dynamodb';
import { ApprovalDriver, type ApplicationDetail } from '#infra/local/driver';
import { spawnRuntime, type RuntimeProcess } from '#infra/local/spawn-runtime';

/** Monday 3 March 2025 is an ordinary working week; runtimes start just before it. */
export const clockStart = '2025-03-01T00:00:00+08:00';

export function temporaryDataDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'one-window-e2e-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Starts the runtime on a free port with a movable clock (from `clock`, default clockStart), no periodic sweep
 * and no periodic outbox reading (tests sweep and drain on demand: less load on a shared machine).
 */
export async function startRuntime(
  dataDir: string,
  options: { clock?: string; env?: Record<string, string> } = {},
): Promise<{ runtime: RuntimeProcess; drive: ApprovalDriver }> {
  const runtime = await spawnRuntime({
    port: await freePort(),
    dataDir,
    clock: options.clock ?? clockStart,
    sweepIntervalMs: 0,
    outboxIntervalMs: 0,
    ...(options.env ? { env: options.env } : {}),
  });
  return { runtime, drive: ApprovalDriver.at(runtime.url) };
}

/** Beijing time. */
export const beijing = (localInstant: string): string => `${localInstant}+08:00`;

/**
 * The timeline has each event once (no event id twice) and, as (type, step) pairs, exactly the events expected,
 * in any order where the workflow runs things in parallel.
 */
export function expectTimeline(detail: ApplicationDetail, expected: [type: string, stepId?: string][]): void {
  const ids = detail.timeline.map((event) => event.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  const actual = detail.timeline.map((event) => `${event.type} ${event.stepId ?? ''}`.trim()).sort();
  expect(actual).toEqual(expected.map(([type, stepId]) => `${type} ${stepId ?? ''}`.trim()).sort());
}
