import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { Conflict } from '#shared/errors';
import type { CalendarAuditEvent } from '#shared/calendar/config';
import { DynamoDbCalendarStore } from './calendar-store.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

const at = '2024-10-08T01:00:00.000Z';
const event = (eventId: string, revision: number): CalendarAuditEvent => ({
  eventId,
  at,
  type: 'local-rest-days-changed',
  actor: { userId: 'admin-1', role: 'administrator' },
  revision,
  fromVersion: 'v0',
  toVersion: `v${revision}`,
  added: ['2024-10-11'],
});
const day = { date: '2024-10-11', active: true, changedBy: 'admin-1', changedAt: at };

describe('DynamoDbCalendarStore', () => {
  it('writes a change only on the revision it was computed from, with nothing partial on a lost race', async () => {
    // Prepare
    const store = new DynamoDbCalendarStore({ client: table.client, tableName: table.tableName });

    // Act
    const first = await store.write({
      expectedRevision: 0,
      calendarVersion: 'v1',
      at,
      localRestDays: [day],
      event: event('change-a', 1),
    });
    const second = store.write({
      expectedRevision: 0,
      calendarVersion: 'v1b',
      at,
      localRestDays: [{ ...day, date: '2024-10-12' }],
      event: event('change-b', 1),
    });

    // Assess
    expect(first).toEqual({ revision: 1, calendarVersion: 'v1', updatedAt: at });
    await expect(second).rejects.toBeInstanceOf(Conflict);
    await expect(second).rejects.toMatchObject({ code: 'STALE_VERSION', status: 409 });
    const config = await store.load();
    expect(config.head).toMatchObject({ revision: 1, calendarVersion: 'v1' });
    expect(config.localRestDays.map((d) => d.date)).toEqual(['2024-10-11']);
    expect((await store.listEvents(10)).map((e) => e.eventId)).toEqual(['change-a']);
  });

  it('records a version as recomputed once, and not over a newer revision', async () => {
    // Prepare
    const store = new DynamoDbCalendarStore({ client: table.client, tableName: table.tableName });
    const recomputed = (eventId: string, revision: number): CalendarAuditEvent => ({
      eventId,
      at: '2024-10-08T02:00:00.000Z',
      type: 'deadlines-recomputed',
      actor: { userId: 'sla-sweeper', role: 'system' },
      revision,
      toVersion: 'v1',
      complete: true,
    });

    // Act
    const stale = await store.markRecomputed(0, 'v0', recomputed('recomputed-stale', 0));
    const marked = await store.markRecomputed(1, 'v1', recomputed('recomputed-a', 1));
    const twice = await store.markRecomputed(1, 'v1', recomputed('recomputed-b', 1));

    // Assess
    expect([stale, marked, twice]).toEqual([false, true, false]);
    expect(await store.head()).toMatchObject({ revision: 1, recomputedVersion: 'v1' });
    expect((await store.listEvents(10)).map((e) => e.eventId)).toEqual(['recomputed-a', 'change-a']);
  });
});
