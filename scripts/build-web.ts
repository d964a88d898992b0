// `npm run build:web`: the portal as static files in web/dist (index.html + hashed assets), for the site bucket.
// `--api-types-only` (npm run gen:api-types) regenerates web/src/api/schema.d.ts from the OpenAPI document.
import { writeFileSync } from 'node:fs';
import { apiTypesFile, apiTypesSource } from '../web/build/api-types.ts';
import { defaultOutDir, writePortal } from '../web/build/build.ts';

writeFileSync(apiTypesFile, await apiTypesSource());
console.log(`wrote ${apiTypesFile}`);
if (!process.argv.includes('--api-types-only')) {
  const site = await writePortal();
  console.log(`wrote ${site.files.size} files to ${defaultOutDir}`);
}
