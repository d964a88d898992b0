// The notification service's consumer: an EventBridge rule on the domain event bus invokes it with one outbox
// event (an audit event); it tells the right people (services/notifications/core/notify.ts). A thrown error
// makes EventBridge / Lambda retry the event and, after the retries, park it in the dead-letter queue; re-sending
// is harmless because every notification is written and sent once per recipient, kind and channel.
import { Logger } from '@aws-lambda-powertools/logger';
import { apiDepsFromEnv } from '#services/api/deps';
import { outboxDetailSchema, type OutboxBusEvent } from '#shared/outbox/envelope';
import { DynamoDbNotificationStore } from '../adapters/dynamodb-notification-store.ts';
import { mailSenderFromEnv, smsSenderFromEnv } from '../adapters/channels.ts';
import { notifyEvent, type NotifyDeps, type NotifyResult } from '../core/notify.ts';

const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
  persistentKeys: { handler: 'notifyFromBus' },
});

/** From the variables the stack (or the embedded runtime) sets: TABLE_NAME, PORTAL_URL, MAIL_FROM, SMTP_URL... */
export function notifyDepsFromEnv(env: NodeJS.ProcessEnv = process.env): NotifyDeps {
  const api = apiDepsFromEnv(env);
  const store = new DynamoDbNotificationStore({ client: api.documentClient, tableName: api.tableName });
  const log = {
    info: (message: string, extra?: Record<string, unknown>) => logger.info(message, extra ?? {}),
    warn: (message: string, extra?: Record<string, unknown>) => logger.warn(message, extra ?? {}),
  };
  return {
    store,
    directory: store,
    applications: api.repository,
    mail: mailSenderFromEnv(env),
    sms: smsSenderFromEnv(env, (message, extra) => logger.info(message, extra)),
    get calendar() {
      return api.calendar;
    },
    now: api.now,
    baseUrl: (env.PORTAL_URL ?? 'https://portal.example.invalid').replace(/\/$/, ''),
    logger: log,
  };
}

export function createHandler(source: () => NotifyDeps = notifyDepsFromEnv) {
  let deps: NotifyDeps | undefined;
  return async (event: OutboxBusEvent): Promise<NotifyResult | undefined> => {
    const parsed = outboxDetailSchema.safeParse(event.detail);
    if (!parsed.success) {
      // Not ours to retry: a malformed event stays malformed. Logged for the operators.
      logger.error('Malformed outbox event dropped', {
        id: event.id,
        issues: parsed.error.issues.slice(0, 5),
      });
      return undefined;
    }
    deps ??= source();
    logger.appendKeys({ applicationId: parsed.data.event.applicationId, outboxId: parsed.data.outboxId });
    try {
      return await notifyEvent(deps, parsed.data);
    } finally {
      logger.removeKeys(['applicationId', 'outboxId']);
    }
  };
}

export const handler = createHandler();
