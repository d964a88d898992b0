// One-time backfill (issue 18) of the public notices (公示) of permits issued or revoked before notices existed.
// Usage: TABLE_NAME=... [DYNAMODB_ENDPOINT=...] npx tsx scripts/backfill-notices.ts [--from <checkpoint.json>] <enterpriseId>...
// Enterprises are named because there is no "all enterprises" access pattern (no Scan). Each permit is named as the
// catalogue version its application was accepted under says. Idempotent: a notice already published is left as it
// is. Prints a checkpoint after every page; pass the last one with --from to resume.
import { readFileSync } from 'node:fs';
import { backfillNotices, type Checkpoint } from '#shared/data/backfill';
import { noticeContextOf } from '#shared/notices/model';
import { runtimeFromEnv } from '#shared/runtime/index';
import { withConfigOf } from '#services/application/core/config-version';

const args = process.argv.slice(2);
const fromAt = args.indexOf('--from');
const from =
  fromAt >= 0
    ? (JSON.parse(readFileSync(args[fromAt + 1]!, 'utf8')) as { checkpoint: Checkpoint }).checkpoint
    : undefined;
const enterprises = args.filter((_, i) => fromAt < 0 || (i !== fromAt && i !== fromAt + 1));

const runtime = runtimeFromEnv();
const deps = { config: await runtime.serviceConfigs.current(), serviceConfigs: runtime.serviceConfigs };
const calendar = await runtime.calendars.calendar();
const result = await backfillNotices(
  { client: runtime.documentClient, tableName: runtime.tableName },
  enterprises,
  async (application) => noticeContextOf((await withConfigOf(deps, application)).config, calendar),
  {
    ...(from ? { from } : {}),
    onCheckpoint: (checkpoint) => console.info(`checkpoint ${JSON.stringify({ checkpoint })}`),
  },
);
console.info(`applications: ${result.examined} examined, ${result.updated} notice items published`);
