import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingLogger } from '#test/support/workflow';
import type { SlaEvent } from '../core/ports.ts';
import { EventBridgeSlaPublisher, LoggingSlaPublisher, slaPublisherFromEnv } from './sla-event-publishers.ts';

const eventBridge = mockClient(EventBridgeClient);
afterEach(() => eventBridge.reset());

const event = (stepId: string): SlaEvent => ({
  detailType: 'StepWarned',
  detail: {
    id: `app-1/${stepId}/StepWarned`,
    applicationId: 'app-1',
    stepId,
    department: 'natural-resources',
    kind: 'review',
    dueAt: '2025-03-13T15:59:59.999Z',
    slaStatus: 'yellow',
    at: '2025-03-11T02:00:00.000Z',
    budgetDays: 8,
    usedDays: 6,
    remainingDays: 2,
  },
});

describe('EventBridgeSlaPublisher', () => {
  it('sends batches of ten and sends rejected entries once more', async () => {
    // Prepare
    const events = Array.from({ length: 12 }, (_, i) => event(`review-${i}-1`));
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure' }] })
      .resolves({ FailedEntryCount: 0, Entries: [] });
    const publisher = new EventBridgeSlaPublisher({ client: new EventBridgeClient({}), busName: 'sla-bus' });

    // Act
    await publisher.publish(events);

    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 1, 2]);
    expect(calls[1]![0]!.Detail).toBe(JSON.stringify(events[1]!.detail));
    expect(calls[0]![0]).toMatchObject({
      Source: 'one-window.sla',
      DetailType: 'StepWarned',
      EventBusName: 'sla-bus',
    });
  });

  it('throws when entries are rejected twice', async () => {
    // Prepare
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const publisher = new EventBridgeSlaPublisher({ client: new EventBridgeClient({}), busName: 'sla-bus' });

    // Act
    const published = publisher.publish([event('review-1-1')]);

    // Assess
    await expect(published).rejects.toThrow(/1 SLA event\(s\) rejected by EventBridge: ThrottlingException/);
  });
});

describe('slaPublisherFromEnv', () => {
  it('logs the events when no bus is configured, as the embedded runtime does', async () => {
    // Prepare
    const logger = new RecordingLogger();
    const publisher = slaPublisherFromEnv({}, logger);

    // Act
    await publisher.publish([event('review-1-1')]);

    // Assess
    expect(publisher).toBeInstanceOf(LoggingSlaPublisher);
    expect(logger.lines).toEqual([
      {
        level: 'info',
        message: 'SLA event StepWarned',
        extra: [{ source: 'one-window.sla', detailType: 'StepWarned', detail: event('review-1-1').detail }],
      },
    ]);
  });
});
