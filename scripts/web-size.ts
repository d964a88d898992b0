// Part of `npm run bench`: the portal's first screen (index.html, the entry script, the chunks it imports
// statically and the stylesheet; not the lazily loaded admin or sign-in chunks) compressed as a CDN serves it,
// against the 200 KB budget. Exits 1 over budget.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildPortal } from '../web/build/build.ts';

const budgetBytes = 200 * 1024;
const site = await buildPortal();
let gzip = 0;
let brotli = 0;
let raw = 0;
const rows: string[] = [];
for (const path of site.firstScreen) {
  const body = site.files.get(path)!.body;
  const g = gzipSync(body, { level: 9 }).byteLength;
  const b = brotliCompressSync(body).byteLength;
  raw += body.byteLength;
  gzip += g;
  brotli += b;
  rows.push(
    `  ${path.padEnd(32)} ${kb(body.byteLength).padStart(9)} raw ${kb(g).padStart(9)} gzip ${kb(b).padStart(9)} brotli`,
  );
}
function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}
console.log('\nPortal first screen (JS + CSS + HTML), compressed:');
console.log(rows.join('\n'));
console.log(
  `  ${'total'.padEnd(32)} ${kb(raw).padStart(9)} raw ${kb(gzip).padStart(9)} gzip ${kb(brotli).padStart(9)} brotli` +
    `   budget ${kb(budgetBytes)} (gzip): ${gzip <= budgetBytes ? 'within' : 'OVER'}`,
);
const lazy = [...site.files.keys()].filter((p) => p.endsWith('.js') && !site.firstScreen.includes(p));
console.log(`  loaded later: ${lazy.join(', ')}`);
if (gzip > budgetBytes) process.exitCode = 1;
