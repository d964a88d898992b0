// Starts the embedded runtime as a separate process (`tsx infra/local/main.ts`), as `npm start` does, for the
// demo script and the end-to-end tests: on a given port and data folder, optionally on a movable clock. The
// runtime gets a process group of its own, so a crash test can kill it outright together with everything it
// started (its Node process and DynamoDB Local), by the group's id.
import { type ChildProcess, spawn } from 'node:child_process';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface RuntimeProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the runtime printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the runtime process has ended. */
  exited: Promise<number | string | null>;
  /** SIGKILL to the runtime's whole process group: nothing gets to clean up. */
  crash(): Promise<void>;
  /** SIGTERM, as Ctrl-C would: the runtime stops cleanly. Falls back to SIGKILL after 20 s. */
  stop(): Promise<void>;
}

export interface SpawnRuntimeOptions {
  port: number;
  dataDir: string;
  /** Start a movable clock at this instant (`--clock`). */
  clock?: string;
  sweepIntervalMs?: number;
  /** How often the outbox stream is read (0 = only on `POST /local/outbox/drain`). */
  outboxIntervalMs?: number;
  env?: Record<string, string>;
  /** @default 120000 */
  readyTimeoutMs?: number;
}

export async function spawnRuntime(options: SpawnRuntimeOptions): Promise<RuntimeProcess> {
  const args = ['infra/local/main.ts', '--port', String(options.port), '--data-dir', options.dataDir];
  if (options.clock) args.push('--clock', options.clock);
  if (options.sweepIntervalMs !== undefined) args.push('--sweep-interval', String(options.sweepIntervalMs));
  if (options.outboxIntervalMs !== undefined)
    args.push('--outbox-interval', String(options.outboxIntervalMs));
  const bin = join(root, 'node_modules', '.bin');
  const child = spawn(join(bin, 'tsx'), args, {
    cwd: root,
    // As `npm start` runs it: node_modules/.bin first, so the registry's Node 22 runs the runtime.
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal)),
  );

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const runtime: RuntimeProcess = {
    url: `http://127.0.0.1:${options.port}`,
    port: options.port,
    dataDir: options.dataDir,
    child,
    output: () => output,
    exited,
    async crash() {
      killGroup('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        killGroup('SIGKILL'); // whatever it left behind
        return;
      }
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      killGroup('SIGKILL');
    },
  };

  const deadline = options.readyTimeoutMs ?? 120_000;
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
      fail(new Error(`The runtime was not ready within ${deadline} ms:\n${output}`));
    }, deadline);
    const onData = () => {
      if (/Ready in [\d.]+ s/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`The runtime exited (${code}) before it was ready:\n${output}`));
    });
  });
  return runtime;
}
