// Why the embedded runtime cannot start, said so that the reader knows what to do next.

/** A start-up problem with its remedy; `npm start` prints both and exits with a non-zero code. */
export class PlatformError extends Error {
  constructor(
    message: string,
    /** What to do about it, one instruction. */
    readonly fix: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PlatformError';
  }
}
