// Part of `npm run bench` (scripts/bench/run.ts): the portal's first screen (index.html, the entry script, the
// chunks it imports statically and the stylesheet; not the lazily loaded admin or sign-in chunks) compressed as a
// CDN serves it, against the 200 KB budget. Run alone (`tsx scripts/web-size.ts`) it prints each file.
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildPortal } from '../web/build/build.ts';

export const portalBudgetBytes = 200 * 1024;

export interface PortalWeight {
  raw: number;
  gzip: number;
  brotli: number;
  files: { path: string; raw: number; gzip: number; brotli: number }[];
  lazy: string[];
}

export async function measurePortalFirstScreen(): Promise<PortalWeight> {
  const site = await buildPortal();
  const files = site.firstScreen.map((path) => {
    const body = site.files.get(path)!.body;
    return {
      path,
      raw: body.byteLength,
      gzip: gzipSync(body, { level: 9 }).byteLength,
      brotli: brotliCompressSync(body).byteLength,
    };
  });
  const sum = (key: 'raw' | 'gzip' | 'brotli') => files.reduce((total, file) => total + file[key], 0);
  const lazy = [...site.files.keys()].filter((p) => p.endsWith('.js') && !site.firstScreen.includes(p));
  return { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli'), files, lazy };
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const weight = await measurePortalFirstScreen();
  console.log('\nPortal first screen (JS + CSS + HTML), compressed:');
  for (const f of weight.files) {
    console.log(
      `  ${f.path.padEnd(32)} ${kb(f.raw).padStart(9)} raw ${kb(f.gzip).padStart(9)} gzip ${kb(f.brotli).padStart(9)} brotli`,
    );
  }
  console.log(
    `  ${'total'.padEnd(32)} ${kb(weight.raw).padStart(9)} raw ${kb(weight.gzip).padStart(9)} gzip ${kb(weight.brotli).padStart(9)} brotli` +
      `   budget ${kb(portalBudgetBytes)} (gzip): ${weight.gzip <= portalBudgetBytes ? 'within' : 'OVER'}`,
  );
  console.log(`  loaded later: ${weight.lazy.join(', ')}`);
}
