// Where every handler gets its working-day calendar: the bundled official years plus what administrators stored
// in the table (next year's schedule, local rest days), cached for a minute. One source per table and process,
// so in the embedded runtime (every handler in one process) an upload is effective at once everywhere; in the
// cloud each Lambda container sees it within the cache time.
//
// The deps factories expose `calendar` as the source's current calendar and wrap the store so that every read
// first refreshes a stale cache: the core always reads the table before it computes a deadline, so each
// deadline is computed with a calendar at most a minute old, without any handler knowing.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkingCalendar } from '#shared/calendar/index';
import { createDocumentClient } from '#shared/data/client';
import { DynamoDbCalendarStore } from './adapters/dynamodb-calendar-store.ts';
import { buildCalendar, emptyCalendarConfig, type CalendarHead } from './core/calendar-config.ts';
import type { CalendarConfigStore } from './core/ports.ts';

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

export class CalendarSource {
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

// -----------------------------------------------------------------------------------------------------------
// One source per table and process

const byEndpoint = new Map<string, CalendarSource>();
const byClient = new WeakMap<DynamoDBDocumentClient, Map<string, CalendarSource>>();

export interface TableCalendarSourceOptions {
  tableName: string;
  /**
   * A client of the caller's (tests): the source is shared with whoever passes the same client. Without one,
   * the source is shared per endpoint and table and brings its own client.
   */
  client?: DynamoDBDocumentClient;
  /** DynamoDB Local's endpoint in the embedded runtime. */
  endpoint?: string;
  region?: string;
  logger?: CalendarSourceLogger;
}

/** The process's calendar source for a table, created on first use. */
export function tableCalendarSource(options: TableCalendarSourceOptions): CalendarSource {
  const create = (client: DynamoDBDocumentClient) =>
    new CalendarSource({
      store: new DynamoDbCalendarStore({ client, tableName: options.tableName }),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  if (options.client) {
    let sources = byClient.get(options.client);
    if (!sources) byClient.set(options.client, (sources = new Map()));
    let source = sources.get(options.tableName);
    if (!source) sources.set(options.tableName, (source = create(options.client)));
    return source;
  }
  const key = `${options.endpoint ?? ''}|${options.tableName}`;
  let source = byEndpoint.get(key);
  if (!source) {
    source = create(
      createDocumentClient({
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.region ? { region: options.region } : {}),
      }),
    );
    byEndpoint.set(key, source);
  }
  return source;
}

/**
 * The store, each of whose reads first refreshes the calendar source when its cache is stale. Writes pass
 * straight through. The core reads before it computes, so the calendar it then uses is current.
 */
export function refreshingCalendarOnRead<T extends object>(store: T, source: CalendarSource): T {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && isRead(property)) {
        return async (...args: unknown[]) => {
          await source.refresh();
          return method.apply(target, args);
        };
      }
      return method.bind(target);
    },
  });
}

const isRead = (name: string): boolean => /^(get|find|list)/.test(name);
