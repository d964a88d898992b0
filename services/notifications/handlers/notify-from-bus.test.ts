import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '#shared/runtime/index';
import { createHandler } from './notify-from-bus.ts';

const busEvent = (applicationId: string) => ({
  id: `bus-${applicationId}`,
  'detail-type': 'AuditEventRecorded',
  source: 'one-window.approval',
  time: '2025-03-03T02:00:00Z',
  detail: {
    outboxId: `${applicationId}/2025-03-03T02:00:00.000Z/e-1`,
    event: {
      applicationId,
      eventId: 'e-1',
      at: '2025-03-03T02:00:00.000Z',
      type: 'application-submitted',
      actor: { userId: 'u-1', role: 'enterprise' },
      detail: {},
    },
  },
});

const quiet = { send: () => Promise.resolve() };

const sqs = (...bodies: unknown[]): SQSEvent =>
  ({
    Records: bodies.map((body, i) => ({ messageId: `m-${i}`, body: JSON.stringify(body) })),
  }) as SQSEvent;

/** Only the application reader matters here: an event that tells nobody anything ends after it. */
function deps(failFor: string): Runtime {
  return {
    tableName: 'table',
    documentClient: {},
    repository: {
      findApplication: (id: string) =>
        id === failFor
          ? Promise.reject(new Error('DynamoDB unavailable (test)'))
          : Promise.resolve(undefined),
    },
    now: () => new Date(),
  } as unknown as Runtime;
}

describe('notify-from-bus', () => {
  it('reports only the failed events of an SQS batch, so only they are retried', async () => {
    // Act
    const response = await createHandler(deps('app-2'), { mail: quiet, sms: quiet })(
      sqs(busEvent('app-1'), busEvent('app-2'), busEvent('app-3')),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });

  it('drops a malformed event instead of retrying it for ever', async () => {
    // Act
    const response = await createHandler(deps('none'), { mail: quiet, sms: quiet })(
      sqs({ detail: { outboxId: 'x' } }),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
  });
});
