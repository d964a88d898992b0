import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from './enrich-outbox-records.ts';

const event = {
  applicationId: 'app-1',
  eventId: 'intake-1-decided',
  at: '2025-03-03T02:00:00.000Z',
  type: 'supplement-requested',
  actor: { userId: 'clerk.window', role: 'window-clerk' },
  stepId: 'intake-1',
  detail: { missingItems: ['环评批复'] },
};
const insert = (item: Record<string, unknown>, sequence: string) => ({
  eventName: 'INSERT',
  dynamodb: { NewImage: marshall(item), SequenceNumber: sequence },
});

describe('enrich-outbox-records', () => {
  it('turns inserted audit events into domain events with their stable outbox id, in order, and drops the rest', async () => {
    // Act
    const details = await handler([
      insert({ pk: 'APP#app-1', sk: 'A', itemType: 'application' }, '1'),
      insert({ pk: 'APP#app-1', sk: 'EVT#x', itemType: 'event', ...event }, '2'),
      {
        eventName: 'MODIFY',
        dynamodb: { NewImage: marshall({ pk: 'APP#app-1', sk: 'EVT#y', itemType: 'event' }) },
      },
      insert({ pk: 'INBOX#u', sk: 'N#1', itemType: 'notification' }, '3'),
    ]);

    // Assess
    expect(details).toEqual([
      { outboxId: 'app-1/2025-03-03T02:00:00.000Z/intake-1-decided', sequence: '2', event },
    ]);
  });

  it("turns the day's digest item (每日红灯摘要) into the outbox's daily-digest event, keyed by its date", async () => {
    // Prepare
    const digest = {
      type: 'daily-digest',
      eventId: 'DIGEST#2025-06-04',
      date: '2025-06-04',
      day: '2025-06-03',
      from: '2025-06-02T16:00:00.000Z',
      to: '2025-06-03T16:00:00.000Z',
      at: '2025-06-04T00:30:00.000Z',
      steps: [
        {
          applicationId: 'app-1',
          stepId: 'review-construction-1',
          department: 'housing-construction',
          kind: 'review',
          escalatedAt: '2025-06-03T02:00:00.000Z',
        },
      ],
      more: 0,
    };

    // Act
    const details = await handler([
      insert({ pk: 'DIGEST#2025-06-04', sk: 'DIGEST', itemType: 'digest', ...digest }, '4'),
    ]);

    // Assess
    expect(details).toEqual([{ outboxId: 'DIGEST#2025-06-04', sequence: '4', event: digest }]);
  });

  it('refuses an event item that fails the model, so the pipe retries it and then dead-letters it', async () => {
    await expect(
      handler([insert({ pk: 'APP#app-1', sk: 'EVT#x', itemType: 'event', ...event, type: 'bogus' }, '9')]),
    ).rejects.toThrow();
  });
});
