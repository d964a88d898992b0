// Time for the embedded runtime: a clock that runs with real time from an instant it can be set to, and moved
// forward (tests and the demo live through weeks of working days in seconds), and the means to make the whole
// process read it. The workflow task handlers take no clock of their own (their dependencies are built from
// the environment, with the system clock), so an injected clock has to be the process's `Date`: installed, every
// handler, the SDK and the token issuer agree on what time it is. Timers (setTimeout) keep real time.

/** A clock the runtime reads, which tests and the demo can set and move forward (never back). */
export interface LocalClock {
  now(): Date;
  /** Moves the clock to `instant`; refuses to go back, since deadlines and timelines assume time moves on. */
  set(instant: Date | string | number): void;
  advance(milliseconds: number): void;
  /** Called after every set or advance. @returns unsubscribe */
  onChange(listener: () => void): () => void;
}

const RealDate = Date;

/** A clock that starts at `start` (default: now) and runs at the speed of real time from there. */
export function travellingClock(start: Date | string | number = RealDate.now()): LocalClock {
  let offset = toEpoch(start) - RealDate.now();
  const listeners = new Set<() => void>();
  const nowMs = () => RealDate.now() + offset;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    now: () => new RealDate(nowMs()),
    set(instant) {
      const target = toEpoch(instant);
      if (target < nowMs()) {
        throw new RangeError(`The clock only moves forward: ${new RealDate(target).toISOString()} is past`);
      }
      offset = target - RealDate.now();
      notify();
    },
    advance(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError('The clock only moves forward');
      offset += milliseconds;
      notify();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** True for a LocalClock rather than a bare `() => Date`. */
export function isLocalClock(value: unknown): value is LocalClock {
  return typeof value === 'object' && value !== null && 'advance' in value && 'now' in value;
}

let installed: { restore: () => void } | undefined;

/**
 * Makes `new Date()` and `Date.now()` read `now` for the whole process (as vitest's fake timers do for Date
 * alone). `now` must not itself call `new Date()` without arguments. One clock at a time.
 * @returns restores the real Date
 */
export function installProcessClock(now: () => Date): () => void {
  if (installed) throw new Error('A process clock is installed already');
  const read = (): number => now().getTime();
  function ClockDate(this: unknown, ...args: unknown[]): unknown {
    // Called without `new`, Date returns the current time as a string.
    if (!new.target) return new RealDate(read()).toString();
    return Reflect.construct(
      RealDate,
      args.length === 0 ? [read()] : args,
      new.target === ClockDate ? RealDate : new.target,
    );
  }
  Object.setPrototypeOf(ClockDate, RealDate);
  ClockDate.prototype = RealDate.prototype;
  Object.defineProperties(ClockDate, {
    now: { value: read, writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
  });
  const previous = globalThis.Date;
  globalThis.Date = ClockDate as unknown as DateConstructor;
  const restore = () => {
    globalThis.Date = previous;
    installed = undefined;
  };
  installed = { restore };
  return restore;
}

function toEpoch(instant: Date | string | number): number {
  const epoch = typeof instant === 'number' ? instant : new RealDate(instant).getTime();
  if (Number.isNaN(epoch)) throw new RangeError(`Not an instant: ${String(instant)}`);
  return epoch;
}
