// The port of the calendar configuration's store (the administrators' years and local rest days). Its DynamoDB
// adapter is shared/data/calendar-store.ts; tests may bring their own.
import type { CalendarAuditEvent, CalendarConfig, CalendarHead, LoadedYear, LocalRestDay } from './config.ts';

/** One change of the configuration, written at once with its audit event. */
export interface CalendarChange {
  /** The head's revision the change was computed from; the write fails when it moved meanwhile. */
  expectedRevision: number;
  /** The calendar version the change produces. */
  calendarVersion: string;
  at: string;
  year?: LoadedYear;
  localRestDays?: LocalRestDay[];
  event: CalendarAuditEvent;
}

export interface CalendarConfigStore {
  /** The head alone: one consistent read, enough to tell whether a cached calendar is current. */
  head(): Promise<CalendarHead>;
  /** Everything stored (consistent reads); the empty configuration when nothing ever was. */
  load(): Promise<CalendarConfig>;
  /**
   * Writes a change, bumping the revision, conditioned on `expectedRevision`.
   * @throws Conflict `STALE_VERSION` when another change came first (nothing is written)
   */
  write(change: CalendarChange): Promise<CalendarHead>;
  /**
   * Records that every open deadline was recomputed with `calendarVersion`, built from `revision`, with its
   * audit event. @returns false when the configuration changed meanwhile (nothing is recorded)
   */
  markRecomputed(revision: number, calendarVersion: string, event: CalendarAuditEvent): Promise<boolean>;
  /** Appends an audit event (append-only). */
  appendEvent(event: CalendarAuditEvent): Promise<void>;
  /** The latest audit events, newest first. */
  listEvents(limit: number): Promise<CalendarAuditEvent[]>;
}
