// Writes the API's OpenAPI document (built from the route table and the contexts' HTTP contracts) to
// infra/generated/openapi.json, the static file the edge serves as /openapi.json. The stack reads the file
// instead of importing the document builder (infra may not import services that import infra). A test fails
// while the file differs from what this script would write: run `npm run openapi` after changing a route.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiDocument } from '#services/openapi/document';

export const openApiFile = fileURLToPath(new URL('../infra/generated/openapi.json', import.meta.url));

writeFileSync(openApiFile, `${JSON.stringify(apiDocument(), null, 2)}\n`);
console.info(`wrote ${openApiFile}`);
