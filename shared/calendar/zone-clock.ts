// Converts between instants and local calendar dates in one IANA time zone: which local date an instant
// falls on, and when a local day starts and ends. Deadlines end at the last millisecond of a local day.
import { dayNumberOf } from './iso-date.ts';

const MS_PER_DAY = 86_400_000;
/** Offsets are cached per 15-minute slice of UTC time: zone transitions happen on quarter hours. */
const SLICE_MS = 15 * 60_000;
const CACHE_LIMIT = 8_192;

export class ZoneClock {
  /** The canonical IANA name (e.g. 'Asia/Shanghai' for 'asia/shanghai'). */
  readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #offsetBySlice = new Map<number, number>();
  readonly #startByDay = new Map<number, number>();

  /** @throws RangeError when the zone is unknown. */
  constructor(timeZone: string) {
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    this.timeZone = this.#format.resolvedOptions().timeZone;
  }

  /** The local date of an instant, as whole days since 1970-01-01. */
  localDay(epochMs: number): number {
    return Math.floor((epochMs + this.offsetAt(epochMs)) / MS_PER_DAY);
  }

  /** The first instant whose local date is `day` (after the gap, if the zone skips local midnight). */
  startOfDay(day: number): number {
    const cached = this.#startByDay.get(day);
    if (cached !== undefined) return cached;
    const start = this.#computeStartOfDay(day);
    remember(this.#startByDay, day, start);
    return start;
  }

  /** The last millisecond whose local date is `day`. */
  endOfDay(day: number): number {
    return this.startOfDay(day + 1) - 1;
  }

  /** Local wall-clock time minus UTC, in milliseconds, at an instant. */
  offsetAt(epochMs: number): number {
    const slice = Math.floor(epochMs / SLICE_MS);
    const cached = this.#offsetBySlice.get(slice);
    if (cached !== undefined) return cached;
    const offset = this.#offsetFromIntl(epochMs);
    // Only cache a slice the offset is constant over; a transition inside one would be computed each time.
    const sliceStart = slice * SLICE_MS;
    if (
      this.#offsetFromIntl(sliceStart) === offset &&
      this.#offsetFromIntl(sliceStart + SLICE_MS - 1) === offset
    ) {
      remember(this.#offsetBySlice, slice, offset);
    }
    return offset;
  }

  #computeStartOfDay(day: number): number {
    const midnight = day * MS_PER_DAY; // local midnight read as if it were UTC
    // Offsets a day either side bracket any transition near midnight (zones change at most once a day).
    const offsets = new Set([this.offsetAt(midnight - MS_PER_DAY), this.offsetAt(midnight + MS_PER_DAY)]);
    const candidates = [...offsets]
      .map((offset) => midnight - offset)
      .filter((instant) => instant + this.offsetAt(instant) === midnight);
    if (candidates.length > 0) return Math.min(...candidates);
    // Local midnight does not exist: the day starts at the transition. Find it by bisection.
    let before = midnight - Math.max(...offsets); // still on the previous local day
    let after = midnight - Math.min(...offsets); // already on `day`
    while (after - before > 1) {
      const middle = before + Math.floor((after - before) / 2);
      if (this.localDay(middle) >= day) after = middle;
      else before = middle;
    }
    return after;
  }

  #offsetFromIntl(epochMs: number): number {
    const parts: Record<string, string> = {};
    for (const part of this.#format.formatToParts(epochMs)) parts[part.type] = part.value;
    const era = parts['era'] ?? 'AD';
    const year = Number(parts['year']);
    const wallDay = dayNumberOf(
      era === 'BC' || era === 'B' ? 1 - year : year,
      Number(parts['month']),
      Number(parts['day']),
    );
    const wallMs =
      wallDay * MS_PER_DAY +
      Number(parts['hour']) * 3_600_000 +
      Number(parts['minute']) * 60_000 +
      Number(parts['second']) * 1_000;
    const utcSecond = Math.floor(epochMs / 1_000) * 1_000;
    return wallMs - utcSecond;
  }
}

function remember(cache: Map<number, number>, key: number, value: number): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
