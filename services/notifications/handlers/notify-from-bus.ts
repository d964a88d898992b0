// The notification service's consumer: the rule on the domain event bus sends each outbox event (an audit event)
// to a queue, which feeds this function in batches (SQS; the embedded runtime calls it with the bus event itself);
// it tells the right people (services/notifications/core/notify.ts). An event that fails is reported back alone
// (partial batch response) and retried; after the queue's retries it waits in the dead-letter queue for a redrive.
// Re-sending is harmless: every notification is written and sent once per recipient, kind and channel.
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lazyRuntime, type Runtime, type RuntimeSource } from '#shared/runtime/index';
import { dailyDigestDetailSchema, outboxDetailSchema, type OutboxBusEvent } from '#shared/outbox/envelope';
import { mailSenderFromEnv, smsSenderFromEnv } from '../adapters/channels.ts';
import { notifyDigest, notifyEvent, type NotifyDeps, type NotifyResult } from '../core/notify.ts';
import type { MailSender, SmsSender } from '../core/ports.ts';
import { notificationStoreOf } from './center-deps.ts';

const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'one-window',
  persistentKeys: { handler: 'notifyFromBus' },
});

export interface Channels {
  /** @default SMTP when SMTP_URL is set (the embedded runtime), else SES */
  mail?: MailSender;
  /** @default the log when SMS_TO_LOG is set (the embedded runtime), else SNS */
  sms?: SmsSender;
}

/** The service's dependencies over the composition root, its channels from the environment unless given. */
export function notifyDepsOf(
  runtime: Runtime,
  channels: Channels = {},
  env: NodeJS.ProcessEnv = process.env,
): NotifyDeps {
  const store = notificationStoreOf(runtime);
  return {
    store,
    directory: store,
    applications: runtime.repository,
    mail: channels.mail ?? mailSenderFromEnv(env),
    sms: channels.sms ?? smsSenderFromEnv(env, (message, extra) => logger.info(message, extra)),
    calendars: runtime.calendars,
    serviceConfigs: runtime.serviceConfigs,
    now: runtime.now,
    // PORTAL_URL: set by the stack (infra/routes.ts environmentNames.portalUrl) and the embedded runtime.
    baseUrl: (env.PORTAL_URL ?? 'https://portal.example.invalid').replace(/\/$/, ''),
    logger: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      warn: (message, extra) => logger.warn(message, extra ?? {}),
    },
  };
}

export function createHandler(runtime?: RuntimeSource, channels: Channels = {}) {
  const getRuntime = lazyRuntime(runtime);
  let deps: NotifyDeps | undefined;
  const notifyOne = async (event: OutboxBusEvent): Promise<NotifyResult | undefined> => {
    deps ??= notifyDepsOf(getRuntime(), channels);
    // 每日红灯摘要: the outbox's second family (DIGEST#<date>), for the administrators.
    const digest = dailyDigestDetailSchema.safeParse(event.detail);
    if (digest.success) {
      logger.appendKeys({ outboxId: digest.data.outboxId });
      try {
        return await notifyDigest(deps, digest.data);
      } finally {
        logger.removeKeys(['outboxId']);
      }
    }
    const parsed = outboxDetailSchema.safeParse(event.detail);
    if (!parsed.success) {
      // Not ours to retry: a malformed event stays malformed. Logged for the operators.
      logger.error('Malformed outbox event dropped', {
        id: event.id,
        issues: parsed.error.issues.slice(0, 5),
      });
      return undefined;
    }
    logger.appendKeys({ applicationId: parsed.data.event.applicationId, outboxId: parsed.data.outboxId });
    try {
      return await notifyEvent(deps, parsed.data);
    } finally {
      logger.removeKeys(['applicationId', 'outboxId']);
    }
  };
  function handle(event: SQSEvent): Promise<SQSBatchResponse>;
  function handle(event: OutboxBusEvent): Promise<NotifyResult | undefined>;
  async function handle(
    event: SQSEvent | OutboxBusEvent,
  ): Promise<SQSBatchResponse | NotifyResult | undefined> {
    if (!('Records' in event)) return notifyOne(event);
    // One at a time, in the batch's order; a failure keeps only its own message for a retry.
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await notifyOne(JSON.parse(record.body) as OutboxBusEvent);
      } catch (error) {
        logger.warn('Notification event failed; it will be retried', {
          messageId: record.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }
  return handle;
}

export const handler = createHandler();
