// Helpers for the SLA clock's tests: instants written as Asia/Shanghai wall-clock times, and the error a
// call throws, so its fields can be asserted.

/** A wall-clock time in Asia/Shanghai, e.g. at('2024-09-27T10:00:00'). */
export const at = (local: string): Date => new Date(`${local}+08:00`);

export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
