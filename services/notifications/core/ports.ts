// What the notification service needs from the outside: where notifications and delivery records are kept,
// who the people are (the directory), the application an event belongs to, and the two outside channels.
import type { Page } from '#shared/data/ports';
import type { Application } from '#shared/model';
import type { Channel, MemberAudience, Notification, Person, Preferences } from './model.ts';

export interface NotificationStore {
  /**
   * Stores the in-app notification and counts it unread, once: a second delivery of the same notification
   * (same deterministic id) changes nothing. @returns whether it was new
   */
  deliverInApp(notification: Notification): Promise<boolean>;
  /**
   * Claims the sending of one notification on an outside channel: false when it was sent already, or another
   * attempt is sending it right now (its lease has not run out).
   */
  claimDelivery(input: {
    userId: string;
    notificationId: string;
    channel: Channel;
    now: Date;
  }): Promise<boolean>;
  /** Records the outcome of a claimed sending; a failed one may be claimed again at once. */
  completeDelivery(input: {
    userId: string;
    notificationId: string;
    channel: Channel;
    now: Date;
    outcome: 'sent' | 'failed';
  }): Promise<void>;
  /** The person's notifications, newest first. */
  list(
    userId: string,
    options: { limit?: number | undefined; cursor?: string | undefined; unreadOnly?: boolean | undefined },
  ): Promise<Page<Notification>>;
  /**
   * Marks one of the person's notifications read (once; the unread count drops once).
   * @returns the notification, or undefined when the person has none with this id
   */
  markRead(userId: string, notificationId: string, at: Date): Promise<Notification | undefined>;
  unreadCount(userId: string): Promise<number>;
  preferences(userId: string): Promise<{ preferences: Preferences; version: number }>;
  /** @throws Conflict STALE_VERSION when `expectedVersion` is not the stored one */
  savePreferences(userId: string, preferences: Preferences, expectedVersion: number): Promise<number>;
}

/** The people directory: contact data of each person and who belongs to which audience. */
export interface Directory {
  person(userId: string): Promise<Person | undefined>;
  /** Everyone in an enterprise, a department (the window: its clerks), or the administrators. */
  members(audience: MemberAudience): Promise<Person[]>;
}

export interface ApplicationReader {
  findApplication(applicationId: string): Promise<Application | undefined>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Sent as the message's references, so mail clients and the local sink can tell notifications apart. */
  notificationId: string;
}

/** E-mail: SES in the cloud, SMTP (a local sink) in the embedded runtime. */
export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

/** SMS: SNS in the cloud, the runtime's log locally. */
export interface SmsSender {
  send(message: { to: string; text: string; notificationId: string }): Promise<void>;
}
