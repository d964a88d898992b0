// `npm start`: the whole platform on this machine (see platform.ts). Prints where the API, its OpenAPI
// document and the demo users' tokens are, and how long the start took; Ctrl-C (SIGINT) or SIGTERM stop it
// cleanly, and whatever was running resumes at the next start.
//
//   npm start -- [--port 3000] [--data-dir .local] [--clock 2025-03-03T09:00:00+08:00]
//                [--sweep-interval 60000] [--outbox-interval 1000] [--dynamodb-endpoint http://127.0.0.1:8000] [--table one-window]
//
// Environment equivalents: PORT, LOCAL_DATA_DIR, LOCAL_CLOCK, SWEEP_INTERVAL_MS, LOCAL_DYNAMODB_ENDPOINT.
// `--clock <instant>` (or `now`) starts a clock that can be moved forward with POST /local/clock.
import { parseArgs } from 'node:util';
import { travellingClock } from './clock.ts';
import { PlatformError } from './errors.ts';
import { startPlatform, type Platform } from './platform.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    clock: { type: 'string' },
    'sweep-interval': { type: 'string' },
    'outbox-interval': { type: 'string' },
    'dynamodb-endpoint': { type: 'string' },
    table: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    [
      'npm start -- [options]',
      '  --port <n>                 HTTP API port (env PORT, default 3000)',
      '  --data-dir <dir>           data folder (env LOCAL_DATA_DIR, default .local)',
      '  --clock <instant|now>      a movable clock starting there (env LOCAL_CLOCK); POST /local/clock moves it',
      '  --sweep-interval <ms>      SLA sweeper interval, 0 = off (env SWEEP_INTERVAL_MS, default 60000)',
      '  --outbox-interval <ms>     how often the outbox stream is read for notifications, 0 = off (env OUTBOX_INTERVAL_MS, default 1000)',
      '  --dynamodb-endpoint <url>  use this DynamoDB instead of starting DynamoDB Local',
      '  --table <name>             table name (default one-window)',
    ].join('\n'),
  );
  process.exit(0);
}

const env = process.env;
const port = numberOption(values.port ?? env.PORT, 'port') ?? 3000;
const clockSetting = values.clock ?? env.LOCAL_CLOCK;
const sweepIntervalMs = numberOption(values['sweep-interval'] ?? env.SWEEP_INTERVAL_MS, 'sweep-interval');
const outboxIntervalMs = numberOption(values['outbox-interval'] ?? env.OUTBOX_INTERVAL_MS, 'outbox-interval');
const crashOn = numberOption(env.LOCAL_CRASH_ON_SEND_TASK_SUCCESS, 'LOCAL_CRASH_ON_SEND_TASK_SUCCESS');
const dynamoEndpoint = values['dynamodb-endpoint'] ?? env.LOCAL_DYNAMODB_ENDPOINT;
const dataDir = values['data-dir'] ?? env.LOCAL_DATA_DIR;

let platform: Platform | undefined;
let stopping = false;

async function main(): Promise<void> {
  const clock =
    clockSetting === undefined
      ? undefined
      : travellingClock(clockSetting === 'now' ? Date.now() : parseInstant(clockSetting));
  platform = await startPlatform({
    port,
    ...(dataDir ? { dataDir } : {}),
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    ...(values.table ? { tableName: values.table } : {}),
    ...(clock ? { clock } : {}),
    ...(sweepIntervalMs !== undefined ? { sweepIntervalMs } : {}),
    ...(outboxIntervalMs !== undefined ? { outboxIntervalMs } : {}),
    ...(crashOn !== undefined ? { crashOnSendTaskSuccess: crashOn } : {}),
    log: (message) => console.log(`[runtime] ${message}`),
  });
  const p = platform;
  const lines = [
    '',
    'One-window approval platform (一窗受理 · 并联审批 · 限时办结), local runtime',
    `  Portal       ${p.url}/   (open it in a browser; sign in as a demo user)`,
    `  API          ${p.url}`,
    `  OpenAPI      ${p.url}/openapi.json`,
    `  Demo tokens  ${p.url}/local/tokens   (one bearer token per demo user and role)`,
    `  Data         ${p.dataDir}   (delete it to start afresh)`,
    `  DynamoDB     ${p.dynamoEndpoint}   table ${p.tableName}`,
    `  S3           ${p.s3Endpoint}   (s3rver: documents and certificates)`,
    `  Verify       ${p.url}/verify/{certificateNo}   (public check of a certificate, 电子证照)`,
    `  Clock        ${clock ? `movable, now ${clock.now().toISOString()} (POST /local/clock)` : 'system time'}`,
    ...(p.resumed.length > 0
      ? [`  Resumed      ${p.resumed.length} unfinished workflow(s) from the journal`]
      : []),
    '  Demo users   ' + p.users.map((u) => u.userId).join(', '),
    '',
    `Ready in ${(p.startupMs / 1000).toFixed(1)} s. Ctrl-C stops.`,
  ];
  console.log(lines.join('\n'));
}

let stoppingSince = 0;

async function stop(signal: string): Promise<void> {
  if (stopping) {
    // Ctrl-C reaches npm, tsx and this process alike, and tsx passes its copy on: one press can arrive twice.
    if (performance.now() - stoppingSince < 1_500) return;
    console.error(`${signal} again: exiting without waiting`);
    platform?.abandon();
    process.exit(1);
  }
  stopping = true;
  stoppingSince = performance.now();
  console.log(`\n${signal}: stopping…`);
  await platform?.stop();
  process.exit(0);
}

// However this process ends, DynamoDB Local does not outlive it (after stop() there is nothing left to kill).
process.on('exit', () => platform?.abandon());
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

main().catch((error: unknown) => {
  if (error instanceof PlatformError) {
    console.error(`\nCannot start: ${error.message}\n  What to do: ${error.fix}\n`);
  } else {
    console.error('\nCannot start:', error);
  }
  process.exit(1);
});

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not ${value}`);
    process.exit(2);
  }
  return n;
}

function parseInstant(text: string): number {
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) {
    console.error(`--clock must be an instant such as 2025-03-03T09:00:00+08:00, or now; not ${text}`);
    process.exit(2);
  }
  return instant;
}
