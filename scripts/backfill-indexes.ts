// One-time backfill (issue 14) of index attributes that items written before GSI3 / GSI4 existed lack: open steps
// get their holder keys (the inbox's mine / unassigned), applications their search keys and departments (经办部门).
// Usage: TABLE_NAME=... [DYNAMODB_ENDPOINT=...] npx tsx scripts/backfill-indexes.ts [--from <checkpoint.json>] <enterpriseId>...
// Departments come from the service configuration in force (and the window); enterprises are named because there
// is no "all enterprises" access pattern (no Scan). Idempotent: re-running changes nothing already done. Prints a
// checkpoint after every page; pass the last one with --from to resume.
import { readFileSync } from 'node:fs';
import { backfillHeldSteps, backfillSearch, type Checkpoint } from '#shared/data/backfill';
import { windowDepartment } from '#shared/model';
import { runtimeFromEnv } from '#shared/runtime/index';

const args = process.argv.slice(2);
const fromAt = args.indexOf('--from');
const from =
  fromAt >= 0
    ? (JSON.parse(readFileSync(args[fromAt + 1]!, 'utf8')) as {
        step: 'held' | 'search';
        checkpoint: Checkpoint;
      })
    : undefined;
const enterprises = args.filter((_, i) => fromAt < 0 || (i !== fromAt && i !== fromAt + 1));

const runtime = runtimeFromEnv();
const config = await runtime.serviceConfigs.current();
const departments = [windowDepartment, ...new Set(config.permits.map((permit) => permit.department))];
const target = { client: runtime.documentClient, tableName: runtime.tableName };
const report = (step: 'held' | 'search') => (checkpoint: Checkpoint) => {
  console.info(`checkpoint ${JSON.stringify({ step, checkpoint })}`);
};

if (from?.step !== 'search') {
  const held = await backfillHeldSteps(target, departments, {
    ...(from ? { from: from.checkpoint } : {}),
    onCheckpoint: report('held'),
  });
  console.info(`open steps: ${held.examined} examined, ${held.updated} given their holder keys`);
}
const search = await backfillSearch(target, enterprises, {
  ...(from?.step === 'search' ? { from: from.checkpoint } : {}),
  onCheckpoint: report('search'),
});
console.info(`applications: ${search.examined} examined, ${search.updated} filed for the search`);
