// A bulk reassignment of 200 steps on DynamoDB Local, a few of which the lead may not reassign: exactly those are
// answered with their refusal and left unchanged (version, holder, no event); the rest are reassigned, each
// through the same mechanism as a single assignment.
import { randomUUID } from 'node:crypto';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anApplication, aStep, fixedNow, seed } from '#test/support/fixtures';
import { createHandler as bulkHandler } from '#services/officers/handlers/bulk-assignment';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { concurrencyDeps, fakeStepFunctions } from '#test/concurrency/support';

const lead: Principal = {
  userId: 'lead-chen',
  roles: ['department-officer'],
  department: 'housing-construction',
  lead: true,
};

let table: TestTable;
let deps: ReturnType<typeof concurrencyDeps>;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = concurrencyDeps(table, fakeStepFunctions());
});
afterAll(async () => {
  await table?.drop();
});

async function reviewOf(department: string, permitType: 'construction' | 'land-use-planning') {
  const applicationId = `app-${randomUUID()}`;
  const stepId = `review-${permitType}-1`;
  await seed(
    deps,
    anApplication({ applicationId, status: 'in-review', acceptedAt: fixedNow.toISOString() }),
    [aStep({ applicationId, stepId, kind: 'review', department, permitType, budgetDays: 8 })],
  );
  return { applicationId, stepId };
}

/** Runs `make` n times, ten at a time (DynamoDB Local on a busy machine refuses a flood of connections). */
async function inBatches<T>(n: number, make: () => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  while (made.length < n) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(10, n - made.length) }, make))));
  }
  return made;
}

describe('bulk reassignment', () => {
  it('reassigns 200 steps except the 6 it may not touch, which stay exactly as they were', async () => {
    // Prepare: 194 of the lead's department; 4 of another department (invisible: 404); 2 already decided (409).
    const own = await inBatches(196, () => reviewOf('housing-construction', 'construction'));
    const foreign = await inBatches(4, () => reviewOf('natural-resources', 'land-use-planning'));
    const closed = own.slice(0, 2);
    for (const target of closed) {
      const step = await deps.repository.getStep(target.applicationId, target.stepId);
      await deps.repository.commit({
        update: [{ ...step, status: 'closed', closedAt: fixedNow.toISOString() }],
        events: [
          {
            applicationId: target.applicationId,
            eventId: `closed-${randomUUID()}`,
            at: fixedNow.toISOString(),
            type: 'step-decided',
            actor: { userId: 'officer-hc', role: 'department-officer' },
            detail: {},
          },
        ],
      });
    }
    const items = [...own, ...foreign].sort(() => Math.random() - 0.5);
    const refused = new Set([...foreign, ...closed].map((t) => t.applicationId));
    const before = new Map<string, unknown>();
    for (const t of items)
      before.set(t.applicationId, await deps.repository.getStep(t.applicationId, t.stepId));

    // Act
    const response = await invoke(
      bulkHandler(deps),
      apiEvent({
        method: 'POST',
        path: '/steps/bulk-assignment',
        principal: lead,
        body: { assignee: 'officer-li', reason: '集中办理', items },
      }),
    );

    // Assess
    expect(response.statusCode, response.rawBody).toBe(200);
    expect(response.body).toMatchObject({ succeeded: 194, failed: 6 });
    const results = response.body.results as { applicationId: string; status: number; code?: string }[];
    expect(results.map((r) => r.applicationId)).toEqual(items.map((t) => t.applicationId));
    for (const result of results) {
      const expected = foreign.some((t) => t.applicationId === result.applicationId)
        ? 404
        : closed.some((t) => t.applicationId === result.applicationId)
          ? 409
          : 200;
      expect(result.status, result.applicationId).toBe(expected);
    }
    for (const target of items) {
      const after = await deps.repository.getStep(target.applicationId, target.stepId);
      const timeline = await deps.repository.getTimeline(target.applicationId);
      if (refused.has(target.applicationId)) {
        expect(after).toEqual(before.get(target.applicationId));
        expect(timeline.some((e) => e.type === 'step-assigned')).toBe(false);
      } else {
        expect(after).toMatchObject({ assignee: 'officer-li', version: 2 });
        expect(timeline.filter((e) => e.type === 'step-assigned')).toHaveLength(1);
      }
    }
  }, 120_000);

  it('lets an officer who leads nothing change nothing: every item 403', async () => {
    const target = await reviewOf('housing-construction', 'construction');
    const officer: Principal = { ...lead, userId: 'officer-wang', lead: false };

    const response = await invoke(
      bulkHandler(deps),
      apiEvent({
        method: 'POST',
        path: '/steps/bulk-assignment',
        principal: officer,
        body: { assignee: 'officer-wang', items: [target] },
      }),
    );

    expect(response.body).toMatchObject({
      succeeded: 0,
      failed: 1,
      results: [{ status: 403, code: 'FORBIDDEN' }],
    });
    expect((await deps.repository.getStep(target.applicationId, target.stepId)).version).toBe(1);
  });

  it('answers an item whose write DynamoDB throttled with 503 SERVICE_UNAVAILABLE, the others as usual', async () => {
    // Prepare: the table refuses the write of one step (throughput exceeded, the SDK's retries spent).
    const [throttled, fine] = [
      await reviewOf('housing-construction', 'construction'),
      await reviewOf('housing-construction', 'construction'),
    ];
    const real = deps.repository;
    const repository = new Proxy(real, {
      get: (target, name) => {
        if (name !== 'commit') {
          const value: unknown = Reflect.get(target, name);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (change: Parameters<typeof real.commit>[0]) => {
          if (change.update?.some((item) => item.applicationId === throttled!.applicationId)) {
            throw new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
          }
          return real.commit(change);
        };
      },
    });

    // Act
    const response = await invoke(
      bulkHandler({ ...deps, repository }),
      apiEvent({
        method: 'POST',
        path: '/steps/bulk-assignment',
        principal: lead,
        body: { assignee: 'officer-li', items: [throttled!, fine!] },
      }),
    );

    // Assess
    expect(response.body).toMatchObject({
      succeeded: 1,
      failed: 1,
      results: [
        { ...throttled, status: 503, code: 'SERVICE_UNAVAILABLE' },
        { ...fine, status: 200 },
      ],
    });
    expect((await deps.repository.getStep(throttled!.applicationId, throttled!.stepId)).version).toBe(1);
  });
});
