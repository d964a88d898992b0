// The transactional outbox's public contract: every audit event a state change commits (same transaction) is
// published on the domain event bus as one `OutboxEvent`, whatever carried it there (EventBridge Pipes from the
// table's stream in the cloud, the embedded runtime's stream reader locally). Pure: no AWS imports (the stream
// records' unmarshalling is in ./stream-records.ts).
import * as z from 'zod';
import { auditEventSchema, type AuditEvent } from '#shared/model';

/** The bus event's `source`. */
export const OUTBOX_SOURCE = 'one-window.approval';
/**
 * The bus event's `detail-type`: one for every audit event; rules match on `detail.event.type`. (A Pipe's
 * target parameters could name the type dynamically only from the record itself, not from the enrichment's
 * output, so one fixed detail-type keeps cloud and local the same.)
 */
export const OUTBOX_DETAIL_TYPE = 'AuditEventRecorded';

/**
 * `<applicationId>/<at>/<eventId>`: the audit event's own key, so the same event always carries the same id,
 * however often it is delivered. Consumers de-duplicate on it.
 */
export function outboxIdOf(event: Pick<AuditEvent, 'applicationId' | 'at' | 'eventId'>): string {
  return `${event.applicationId}/${event.at}/${event.eventId}`;
}

export const outboxDetailSchema = z.object({
  outboxId: z.string().min(1).max(256),
  /** The stream record's sequence number: orders the events of one application (one partition key). */
  sequence: z.string().min(1).max(64).optional(),
  event: auditEventSchema,
});
export type OutboxDetail = z.infer<typeof outboxDetailSchema>;

/**
 * 每日红灯摘要: the administrators' daily digest of the steps that turned red (and were escalated, 督办) during
 * one local day. Not an application's event: the SLA sweeper records it once per day as `DIGEST#<date>` (see
 * services/sla/README.md), and the outbox carries it like an audit event, under the same detail-type, so one rule
 * (matching `detail.event.type`) sends it to the notification service.
 */
export const DAILY_DIGEST_TYPE = 'daily-digest';
/** At most this many steps are listed; `more` counts the rest (the SLA board shows them all). */
export const DIGEST_MAX_STEPS = 100;
export const dailyDigestEventSchema = z.strictObject({
  type: z.literal(DAILY_DIGEST_TYPE),
  /** The digest's own id: `DIGEST#<date>`. */
  eventId: z.string().min(1).max(64),
  /** The local day the digest is sent (yyyy-mm-dd); it covers the day before. */
  date: z.iso.date(),
  /** The local day covered (the day before `date`), `[from, to)` as instants. */
  day: z.iso.date(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  at: z.iso.datetime(),
  steps: z
    .array(
      z.strictObject({
        applicationId: z.string().min(1).max(64),
        stepId: z.string().min(1).max(64),
        department: z.string().min(1).max(64),
        kind: z.string().min(1).max(32),
        escalatedAt: z.iso.datetime(),
      }),
    )
    .max(DIGEST_MAX_STEPS),
  more: z.number().int().min(0),
});
export type DailyDigestEvent = z.infer<typeof dailyDigestEventSchema>;
export const dailyDigestDetailSchema = z.object({
  outboxId: z.string().min(1).max(256),
  sequence: z.string().min(1).max(64).optional(),
  event: dailyDigestEventSchema,
});
export type DailyDigestDetail = z.infer<typeof dailyDigestDetailSchema>;

/** The digest's partition key (one item per day). */
export const digestKeyOf = (date: string) => ({ pk: `DIGEST#${date}`, sk: 'DIGEST' });

/** What is put on the bus for one audit event (PutEvents' entry, or the enrichment's output). */
export interface OutboxEntry {
  source: typeof OUTBOX_SOURCE;
  detailType: typeof OUTBOX_DETAIL_TYPE;
  /** The audit event's instant. */
  time: string;
  detail: OutboxDetail | DailyDigestDetail;
}

/** The item types of the table that are audit events of an application: the outbox. */
export function isOutboxItem(item: Record<string, unknown> | undefined): boolean {
  return (
    item !== undefined &&
    item.itemType === 'event' &&
    typeof item.pk === 'string' &&
    item.pk.startsWith('APP#')
  );
}

const storageKeys = new Set(['pk', 'sk', 'itemType', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);

/** The daily digest's item (`DIGEST#<date>`): the outbox's second family. */
export function isDigestItem(item: Record<string, unknown> | undefined): boolean {
  return (
    item !== undefined &&
    item.itemType === 'digest' &&
    typeof item.pk === 'string' &&
    item.pk.startsWith('DIGEST#')
  );
}

/**
 * The stored audit event item (already unmarshalled) as the bus entry, or undefined for any other item.
 * @throws when an event item fails the model's schema (the pipe retries it, then dead-letters it)
 */
export function outboxEntryOf(
  item: Record<string, unknown> | undefined,
  sequence?: string,
): OutboxEntry | undefined {
  const fields = Object.fromEntries(Object.entries(item ?? {}).filter(([name]) => !storageKeys.has(name)));
  if (isDigestItem(item)) {
    const digest = dailyDigestEventSchema.parse(fields);
    return {
      source: OUTBOX_SOURCE,
      detailType: OUTBOX_DETAIL_TYPE,
      time: digest.at,
      detail: { outboxId: digest.eventId, ...(sequence ? { sequence } : {}), event: digest },
    };
  }
  if (!isOutboxItem(item)) return undefined;
  const event = auditEventSchema.parse(fields);
  return {
    source: OUTBOX_SOURCE,
    detailType: OUTBOX_DETAIL_TYPE,
    time: event.at,
    detail: { outboxId: outboxIdOf(event), ...(sequence ? { sequence } : {}), event },
  };
}

/** The EventBridge event a rule's target receives. */
export interface OutboxBusEvent {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: unknown;
  version?: string;
  account?: string;
  region?: string;
  resources?: string[];
}

/** The bus event the embedded runtime hands to a consumer: the shape EventBridge delivers. */
export function busEventOf(entry: OutboxEntry): OutboxBusEvent {
  return {
    version: '0',
    // EventBridge gives each delivery its own id; the stable one is detail.outboxId.
    id: `local-${entry.detail.outboxId}`,
    'detail-type': entry.detailType,
    source: entry.source,
    account: '000000000000',
    region: 'local',
    time: entry.time.replace(/\.\d{3}Z$/, 'Z'),
    resources: [],
    detail: entry.detail,
  };
}
