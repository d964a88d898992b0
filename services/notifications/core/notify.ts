// The bus consumer's logic: one domain event from the outbox becomes notifications for the right people, each
// sent once per recipient, kind and channel however often the event arrives. In-app first (a conditional write
// on a deterministic id), then e-mail and SMS, each behind a claim so a redelivery never sends twice. A failure of
// an outside channel is thrown after everything else was done, so the event is delivered again and only what is
// missing is sent.
import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '#shared/calendar/index';
import type { DailyDigestDetail, OutboxDetail } from '#shared/outbox/envelope';
import { catalogueOfApplication, type ServiceConfigProvider } from '#shared/service-config/source';
import {
  smsKinds,
  type Channel,
  type Intent,
  type Notification,
  type NotificationKind,
  type Person,
  type Preferences,
} from './model.ts';
import { planNotifications } from './plan.ts';
import type { ApplicationReader, Directory, MailSender, NotificationStore, SmsSender } from './ports.ts';
import { renderDigest, renderNotification, smsText, type Rendered } from './templates.ts';

export interface NotifyDeps {
  store: NotificationStore;
  directory: Directory;
  applications: ApplicationReader;
  mail: MailSender;
  sms: SmsSender;
  /** The working-day calendar in force (quiet rest days), resolved once per event. */
  calendars: { calendar(): Promise<Pick<WorkingCalendar, 'isWorkingDay' | 'localDate'>> };
  /** Permits are named from the application's own configuration version. @default the default catalogue */
  serviceConfigs?: Pick<ServiceConfigProvider, 'current' | 'version'>;
  now: () => Date;
  /** Links in notifications start here (the portal; locally the API). */
  baseUrl: string;
  logger: {
    info(message: string, extra?: Record<string, unknown>): void;
    warn(message: string, extra?: Record<string, unknown>): void;
  };
}

export interface NotifyResult {
  outboxId: string;
  /** `<userId> <kind> <channel>` of what this call sent (a redelivery sends nothing already sent). */
  sent: string[];
  /** Channels left out by preference, quiet days or missing contact data. */
  skipped: string[];
}

/** Thrown after the rest of the event was handled, when an outside channel failed: deliver the event again. */
export class DeliveryFailed extends Error {
  constructor(
    readonly failures: string[],
    options?: ErrorOptions,
  ) {
    super(`Notification delivery failed: ${failures.join('; ')}`, options);
    this.name = 'DeliveryFailed';
  }
}

/**
 * Deterministic: the same event, person and kind always give the same id. Sortable by the event's instant
 * (newest first in the centre) and a valid key part (no '#').
 */
export function notificationIdOf(outboxId: string, at: string, userId: string, kind: string): string {
  const time = Date.parse(at).toString(36).padStart(9, '0');
  const digest = createHash('sha256').update(`${outboxId}\n${userId}\n${kind}`).digest('hex').slice(0, 24);
  return `n${time}-${digest}`;
}

export async function notifyEvent(deps: NotifyDeps, detail: OutboxDetail): Promise<NotifyResult> {
  const { event, outboxId } = detail;
  const result: NotifyResult = { outboxId, sent: [], skipped: [] };
  const application = await deps.applications.findApplication(event.applicationId);
  if (!application) {
    deps.logger.warn('Notification for an unknown application skipped', { outboxId });
    return result;
  }
  const intents = planNotifications(event, application);
  if (intents.length === 0) return result;

  const now = deps.now();
  const catalogue = await catalogueOfApplication(deps.serviceConfigs, application);
  const quiet = !isWorkingDay(await deps.calendars.calendar(), now);
  const outcome: Outcome = { result, failures: [] };

  for (const { person, kind } of await recipients(deps, intents)) {
    const { preferences } = await deps.store.preferences(person.userId);
    const rendered = renderNotification({
      kind,
      locale: preferences.locale,
      event,
      application,
      baseUrl: deps.baseUrl,
      ...(catalogue ? { catalogue } : {}),
    });
    const about = {
      applicationId: application.applicationId,
      ...(event.stepId ? { stepId: event.stepId } : {}),
    };
    await deliver(
      deps,
      { person, kind, preferences, rendered, about, outboxId, at: event.at, quiet },
      outcome,
    );
  }
  return finish(deps, outcome);
}

/**
 * 每日红灯摘要: the day's digest becomes one notification per administrator (in-app and e-mail, once each, like
 * any other kind). A digest with nothing red tells nobody anything.
 */
export async function notifyDigest(deps: NotifyDeps, detail: DailyDigestDetail): Promise<NotifyResult> {
  const { event: digest, outboxId } = detail;
  const outcome: Outcome = { result: { outboxId, sent: [], skipped: [] }, failures: [] };
  if (digest.steps.length + digest.more === 0) return outcome.result;
  const quiet = !isWorkingDay(await deps.calendars.calendar(), deps.now());
  const kind = 'red-digest';
  for (const { person } of await recipients(deps, [{ kind, audience: { type: 'administrators' } }])) {
    const { preferences } = await deps.store.preferences(person.userId);
    const rendered = renderDigest({ locale: preferences.locale, digest, baseUrl: deps.baseUrl });
    await deliver(
      deps,
      { person, kind, preferences, rendered, about: {}, outboxId, at: digest.at, quiet },
      outcome,
    );
  }
  return finish(deps, outcome);
}

interface Outcome {
  result: NotifyResult;
  failures: string[];
  firstError?: unknown;
}

function finish(deps: Pick<NotifyDeps, 'logger'>, { result, failures, firstError }: Outcome): NotifyResult {
  if (failures.length > 0) throw new DeliveryFailed(failures, { cause: firstError });
  if (result.sent.length > 0) {
    deps.logger.info('Notifications sent', { outboxId: result.outboxId, sent: result.sent.length });
  }
  return result;
}

/** One person, one kind: in-app once, then e-mail and SMS each behind a claim. Failures are collected. */
async function deliver(
  deps: NotifyDeps,
  input: {
    person: Person;
    kind: NotificationKind;
    preferences: Preferences;
    rendered: Rendered;
    about: Pick<Notification, 'applicationId' | 'stepId'>;
    outboxId: string;
    at: string;
    quiet: boolean;
  },
  outcome: Outcome,
): Promise<void> {
  const { person, kind, preferences, rendered, outboxId, quiet } = input;
  const { result, failures } = outcome;
  const notificationId = notificationIdOf(outboxId, input.at, person.userId, kind);
  const notification: Notification = {
    notificationId,
    userId: person.userId,
    kind,
    ...input.about,
    outboxId,
    title: rendered.title,
    body: rendered.body,
    link: rendered.link,
    createdAt: input.at,
  };
  const label = (channel: Channel) => `${person.userId} ${kind} ${channel}`;
  if (await deps.store.deliverInApp(notification)) result.sent.push(label('in-app'));

  const muted = preferences.mutedKinds.includes(kind);
  const outside: {
    channel: Channel;
    to: string | undefined;
    allowed: boolean;
    send: (to: string) => Promise<void>;
  }[] = [
    {
      channel: 'email',
      to: person.email,
      allowed: preferences.email && !muted,
      send: (to) => deps.mail.send({ to, subject: rendered.title, text: rendered.body, notificationId }),
    },
    {
      channel: 'sms',
      to: person.phone,
      // 免打扰: no text messages on rest days, when the person asked for quiet.
      allowed:
        smsKinds.includes(kind) && preferences.sms && !muted && !(quiet && preferences.quietOnNonWorkingDays),
      send: (to) => deps.sms.send({ to, text: smsText(rendered), notificationId }),
    },
  ];
  for (const { channel, to, allowed, send } of outside) {
    if (channel === 'sms' && !smsKinds.includes(kind)) continue;
    if (!allowed || to === undefined) {
      result.skipped.push(label(channel));
      continue;
    }
    const key = { userId: person.userId, notificationId, channel };
    if (!(await deps.store.claimDelivery({ ...key, now: deps.now() }))) continue;
    try {
      await send(to);
    } catch (error) {
      await deps.store.completeDelivery({ ...key, now: deps.now(), outcome: 'failed' });
      failures.push(`${label(channel)}: ${error instanceof Error ? error.message : String(error)}`);
      outcome.firstError ??= error;
      continue;
    }
    await deps.store.completeDelivery({ ...key, now: deps.now(), outcome: 'sent' });
    result.sent.push(label(channel));
  }
}

/** Each person once per kind, even when two audiences of the event name them. */
async function recipients(
  deps: Pick<NotifyDeps, 'directory' | 'logger'>,
  intents: Intent[],
): Promise<{ person: Person; kind: Intent['kind'] }[]> {
  const seen = new Set<string>();
  const out: { person: Person; kind: Intent['kind'] }[] = [];
  for (const { kind, audience } of intents) {
    let people: Person[];
    if (audience.type === 'person') {
      const person = await deps.directory.person(audience.userId);
      people = person ? [person] : [];
    } else if (audience.type === 'administrator') {
      // Still an administrator: them alone; gone, or never synced: every administrator, so that someone hears.
      const administrators = await deps.directory.members({ type: 'administrators' });
      const one = administrators.filter((person) => person.userId === audience.userId);
      people = one.length > 0 ? one : administrators;
    } else {
      people = await deps.directory.members(audience);
    }
    for (const person of people) {
      const key = `${person.userId}\n${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ person, kind });
    }
  }
  return out;
}

function isWorkingDay(calendar: Pick<WorkingCalendar, 'isWorkingDay' | 'localDate'>, now: Date): boolean {
  try {
    return calendar.isWorkingDay(calendar.localDate(now));
  } catch {
    // A year without a schedule: not known to be a rest day, so nothing is held back.
    return true;
  }
}
