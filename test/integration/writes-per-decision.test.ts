// What one human decision writes, counted on the wire: the embedded runtime on the shared DynamoDB Local with a
// meter on its document client (test/support/capacity-meter.ts: every request asks for ReturnConsumedCapacity and is
// attributed to the handler invocation that sent it). Holds each decision to the items its invariants need (the
// README's Performance section, "Writes per human decision", says why each item is there) and the Idempotency-Key
// to what Powertools' claim and completion cost, so that a change which adds a write is seen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { travellingClock } from '#infra/local/clock';
import { actors, ApprovalDriver, officerOf } from '#infra/local/driver';
import { startPlatform, type Platform } from '#infra/local/platform';
import { CapacityMeter, itemsWritten, type Invocation } from '#test/support/capacity-meter';

let platform: Platform;
let drive: ApprovalDriver;
let dataDir: string;
const meter = new CapacityMeter();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'one-window-writes-'));
  platform = await startPlatform({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `it-writes-${randomUUID()}`,
    dataDir,
    port: 0,
    clock: travellingClock('2025-03-03T09:00:00+08:00'),
    sweepIntervalMs: 0,
    outboxIntervalMs: 0,
    instrument: meter.instrumentation,
  });
  drive = ApprovalDriver.at(platform.url);
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const intake = 'services/intake/handlers/decide-intake.ts';
const review = 'services/review/handlers/decide-step.ts';

/** The one invocation of `entry` that `act` caused. */
async function invocationOf(entry: string, act: () => Promise<unknown>): Promise<Invocation> {
  const before = meter.of(entry).length;
  await act();
  const after = meter.of(entry);
  expect(after).toHaveLength(before + 1);
  return after.at(-1)!;
}

/** A decision's writes: the items of its own transaction, and the Idempotency-Key's records apart. */
function writesOf(invocation: Invocation) {
  const { items, idempotency } = itemsWritten(invocation);
  const transactions = invocation.writes.filter((w) => w.operation === 'TransactWriteItems');
  return { own: items - idempotency, idempotency, transactions: transactions.map((t) => t.items) };
}

describe('writes per human decision', () => {
  it('accepts at intake in one transaction of 3 items (step carrying the acceptance, event, counter), nothing else', async () => {
    // Prepare
    const id = await drive.file({ projectName: 'Write count plant', requiredPermits: ['construction'] });

    // Act
    const decided = await invocationOf(intake, () =>
      drive.api.ok(actors.clerk, 'POST', `/applications/${id}/intake-decision`, { outcome: 'accept' }),
    );

    // Assess: the budget is 3; the application item is written by the workflow's next task, and read as accepted
    // before that (the README's "Writes per human decision").
    expect(writesOf(decided)).toEqual({ own: 3, idempotency: 0, transactions: [3] });
    const { application } = await drive.detail(id);
    expect(['accepted', 'in-review']).toContain(application.status);
    expect(application.configRevision).toBeDefined();
  });

  it('accepts with gaps, refuses and asks for a supplement at intake in 3 items each', async () => {
    // Prepare
    const gaps = await drive.file({ projectName: 'Write count kiln', requiredPermits: ['construction'] });
    const refused = await drive.file({ projectName: 'Write count press', requiredPermits: ['construction'] });
    const asked = await drive.file({ projectName: 'Write count lathe', requiredPermits: ['construction'] });
    const decide = (id: string, body: Record<string, unknown>) =>
      invocationOf(intake, () =>
        drive.api.ok(actors.clerk, 'POST', `/applications/${id}/intake-decision`, body),
      );

    // Act
    const withGaps = await decide(gaps, {
      outcome: 'accept-with-gaps',
      gaps: [{ documentKind: 'environmental-report', dueOn: '2025-03-31' }],
    });
    const refusal = await decide(refused, { outcome: 'refuse', reason: 'Not an industrial project' });
    const supplement = await decide(asked, { outcome: 'request-supplement', missingItems: ['Site plan'] });

    // Assess
    expect(writesOf(withGaps)).toEqual({ own: 3, idempotency: 0, transactions: [3] });
    expect(writesOf(refusal)).toEqual({ own: 3, idempotency: 0, transactions: [3] });
    expect(writesOf(supplement)).toEqual({ own: 3, idempotency: 0, transactions: [3] });
    expect((await drive.detail(gaps)).application.toleratedGaps).toEqual([
      { documentKind: 'environmental-report', dueOn: '2025-03-31' },
    ]);
  });

  it('approves a review step in one transaction of 3 items (step, event, counter)', async () => {
    // Prepare
    const id = await drive.file({ projectName: 'Write count mill', requiredPermits: ['construction'] });
    await drive.decideIntake(id, { outcome: 'accept' });
    const step = await drive.openStep(id, 'review', 'construction');

    // Act
    const decided = await invocationOf(review, () =>
      drive.api.ok(officerOf[step.department]!, 'POST', `/applications/${id}/steps/${step.stepId}/decision`, {
        outcome: 'approve',
      }),
    );
    await drive.api.settled();

    // Assess
    expect(writesOf(decided)).toEqual({ own: 3, idempotency: 0, transactions: [3] });
    expect((await drive.detail(id)).application.status).toBe('issued');
  });

  it('adds two idempotency record writes for an Idempotency-Key (claim, completion) and none on its replay', async () => {
    // Prepare
    const id = await drive.file({ projectName: 'Write count forge', requiredPermits: ['construction'] });
    const key = { 'idempotency-key': randomUUID() };
    const decide = () =>
      drive.api.call(actors.clerk, 'POST', `/applications/${id}/intake-decision`, { outcome: 'accept' }, key);

    // Act
    const first = await invocationOf(intake, decide);
    const replay = await invocationOf(intake, decide);

    // Assess: Powertools claims the key (a conditional Put) and completes it (a Put with the response); a replay
    // reads the record and writes nothing (its refused claim is no item written).
    expect(writesOf(first)).toEqual({ own: 3, idempotency: 2, transactions: [3] });
    expect(first.idempotencyWcu).toBeGreaterThan(0);
    expect(writesOf(replay)).toEqual({ own: 0, idempotency: 0, transactions: [] });
  });
});
