// One-off migration (issue 13): gives every application filed before the project register a project created from
// its data. Usage: TABLE_NAME=... [DYNAMODB_ENDPOINT=...] npx tsx scripts/migrate-projects.ts <enterpriseId>...
// Enterprises are named because there is no "all enterprises" access pattern (no Scan); re-running is harmless.
import { depsFor, runtimeFromEnv } from '#shared/runtime/index';
import { adoptApplications } from '#services/projects/core/adopt-applications';

const enterprises = process.argv.slice(2);
if (enterprises.length === 0) {
  console.error('usage: migrate-projects <enterpriseId>...');
  process.exit(2);
}
const deps = await depsFor(runtimeFromEnv());
for (const enterpriseId of enterprises) {
  const result = await adoptApplications(deps, enterpriseId);
  console.info(
    `${enterpriseId}: ${result.created.length} projects created, ${result.linked.length} applications linked`,
  );
  for (const line of result.linked) console.info(`  ${line}`);
}
