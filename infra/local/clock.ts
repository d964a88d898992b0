// Time for the embedded runtime: a clock that runs with real time from an instant it can be set to, and moved
// forward (tests and the demo live through weeks of working days in seconds). The platform passes it into the
// composition root every handler is made over (`now`), and to the Wait states and the sweeper; the process's
// `Date`, the SDK and the token issuer keep real time, as do timers.

/** A clock the runtime reads, which tests and the demo can set and move forward (never back). */
export interface LocalClock {
  now(): Date;
  /** Moves the clock to `instant`; refuses to go back, since deadlines and timelines assume time moves on. */
  set(instant: Date | string | number): void;
  advance(milliseconds: number): void;
  /** Called after every set or advance. @returns unsubscribe */
  onChange(listener: () => void): () => void;
}

/** A clock that starts at `start` (default: now) and runs at the speed of real time from there. */
export function travellingClock(start: Date | string | number = Date.now()): LocalClock {
  let offset = toEpoch(start) - Date.now();
  const listeners = new Set<() => void>();
  const nowMs = () => Date.now() + offset;
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    now: () => new Date(nowMs()),
    set(instant) {
      const target = toEpoch(instant);
      if (target < nowMs()) {
        throw new RangeError(`The clock only moves forward: ${new Date(target).toISOString()} is past`);
      }
      offset = target - Date.now();
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

function toEpoch(instant: Date | string | number): number {
  const epoch = typeof instant === 'number' ? instant : new Date(instant).getTime();
  if (Number.isNaN(epoch)) throw new RangeError(`Not an instant: ${String(instant)}`);
  return epoch;
}
