// Where SLA events go: an EventBridge bus in the cloud (its name in SLA_EVENT_BUS_NAME, set by the stack), the
// log in the embedded runtime and wherever no bus is configured.
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Logger as WorkflowLogger } from '#shared/runtime/ports';
import { SLA_EVENT_SOURCE, type SlaEvent, type SlaEventPublisher } from '../core/ports.ts';

/** PutEvents takes at most 10 entries. */
const batchSize = 10;

export class EventBridgeSlaPublisher implements SlaEventPublisher {
  readonly #client: EventBridgeClient;
  readonly #busName: string;

  constructor(options: { client: EventBridgeClient; busName: string }) {
    this.#client = options.client;
    this.#busName = options.busName;
  }

  /**
   * Entries the service rejects (FailedEntryCount) are sent once more, as the SDK retries whole requests only.
   * @throws when some entries still fail, naming them
   */
  async publish(events: readonly SlaEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += batchSize) {
      let entries = events.slice(start, start + batchSize).map((event) => this.#entry(event));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const response = await this.#client.send(new PutEventsCommand({ Entries: entries }));
        if (!response.FailedEntryCount) break;
        const failed = entries.filter((_, i) => response.Entries?.[i]?.ErrorCode !== undefined);
        if (attempt >= 2) {
          const codes = (response.Entries ?? []).flatMap((entry) =>
            entry.ErrorCode ? [entry.ErrorCode] : [],
          );
          throw new Error(`${failed.length} SLA event(s) rejected by EventBridge: ${codes.join(', ')}`);
        }
        entries = failed;
      }
    }
  }

  #entry(event: SlaEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.#busName,
      Source: SLA_EVENT_SOURCE,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.at),
    };
  }
}

/** The embedded runtime's bus: each event becomes one structured log line. */
export class LoggingSlaPublisher implements SlaEventPublisher {
  constructor(private readonly logger: Pick<WorkflowLogger, 'info'>) {}

  publish(events: readonly SlaEvent[]): Promise<void> {
    for (const event of events) {
      this.logger.info(`SLA event ${event.detailType}`, {
        source: SLA_EVENT_SOURCE,
        detailType: event.detailType,
        detail: event.detail,
      });
    }
    return Promise.resolve();
  }
}

/** EventBridge when SLA_EVENT_BUS_NAME is set, else the log. */
export function slaPublisherFromEnv(
  env: Record<string, string | undefined>,
  logger: Pick<WorkflowLogger, 'info'>,
): SlaEventPublisher {
  const busName = env.SLA_EVENT_BUS_NAME;
  if (!busName) return new LoggingSlaPublisher(logger);
  return new EventBridgeSlaPublisher({
    client: new EventBridgeClient({ ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}), maxAttempts: 5 }),
    busName,
  });
}
