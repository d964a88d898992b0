// Where every handler gets its working-day calendar: the bundled official years plus what administrators stored
// (next year's schedule, local rest days), cached for a minute. The composition root (shared/runtime) keeps one
// source per table and process, so in the embedded runtime (every handler in one process) an upload is effective
// at once everywhere; in the cloud each Lambda container sees it within the cache time. A handler asks for the
// calendar once per invocation (`calendar()`) and hands it to the core, so a whole decision is computed with one
// calendar, at most a minute old.
import type { WorkingCalendar } from './working-calendar.ts';
import { buildCalendar, emptyCalendarConfig, type CalendarHead } from './config.ts';
import type { CalendarConfigStore } from './config-store.ts';

/** The port: the calendar in force now (reloaded when the cache is stale). */
export interface CalendarProvider {
  calendar(): Promise<WorkingCalendar>;
}

/** A calendar that never changes (tests, benchmarks): no store behind it. */
export function fixedCalendar(calendar: WorkingCalendar): CalendarProvider {
  return { calendar: async () => calendar };
}

/** How long a loaded calendar is trusted before the head is read again. */
export const CALENDAR_CACHE_MS = 60_000;
/** After a failed load, when to try again (the last calendar keeps serving meanwhile). */
const RETRY_AFTER_FAILURE_MS = 5_000;

export interface CalendarSourceLogger {
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface CalendarSourceOptions {
  store: CalendarConfigStore;
  /** @default CALENDAR_CACHE_MS */
  cacheMs?: number;
  logger?: CalendarSourceLogger;
  /** A monotonic clock in milliseconds, for the cache only (never for deadlines). @default performance.now */
  monotonicNow?: () => number;
}

export class CalendarSource implements CalendarProvider {
  readonly store: CalendarConfigStore;
  readonly #cacheMs: number;
  readonly #logger: CalendarSourceLogger | undefined;
  readonly #monotonicNow: () => number;
  #calendar: WorkingCalendar;
  #revision: number | undefined;
  #freshUntil = Number.NEGATIVE_INFINITY;
  #loading: Promise<WorkingCalendar> | undefined;

  constructor(options: CalendarSourceOptions) {
    this.store = options.store;
    this.#cacheMs = options.cacheMs ?? CALENDAR_CACHE_MS;
    this.#logger = options.logger;
    this.#monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.#calendar = buildCalendar(emptyCalendarConfig);
  }

  /** The port: the current calendar, refreshed first when the cache is stale. */
  calendar(): Promise<WorkingCalendar> {
    return this.refresh();
  }

  /** The calendar loaded last (the bundled years alone before the first load). */
  current(): WorkingCalendar {
    return this.#calendar;
  }

  /** The configuration revision the current calendar was built from; undefined before the first load. */
  get revision(): number | undefined {
    return this.#revision;
  }

  /**
   * The current calendar, reloaded first when the cache is older than a minute (or always with `force`). A
   * failed load is logged and the last calendar kept: deadlines go on being computed rather than failing.
   */
  async refresh(options: { force?: boolean } = {}): Promise<WorkingCalendar> {
    if (!options.force && this.#monotonicNow() < this.#freshUntil) return this.#calendar;
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** After this process changed the configuration itself: effective at once, no read needed. */
  replace(calendar: WorkingCalendar, head: Pick<CalendarHead, 'revision'>): void {
    this.#calendar = calendar;
    this.#revision = head.revision;
    this.#freshUntil = this.#monotonicNow() + this.#cacheMs;
  }

  async #load(): Promise<WorkingCalendar> {
    try {
      const head = await this.store.head();
      if (head.revision !== this.#revision) {
        const config = head.revision === 0 ? emptyCalendarConfig : await this.store.load();
        this.#calendar = buildCalendar(config);
        this.#revision = config.head.revision;
      }
      this.#freshUntil = this.#monotonicNow() + this.#cacheMs;
    } catch (error) {
      this.#freshUntil = this.#monotonicNow() + RETRY_AFTER_FAILURE_MS;
      this.#logger?.error('The calendar configuration could not be read; the last calendar loaded is used', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    return this.#calendar;
  }
}
