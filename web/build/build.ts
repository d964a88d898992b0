// Builds the portal with esbuild: hashed, minified ES modules and one stylesheet under /assets/, and an
// index.html that references them (no inline script or style, so a strict CSP `default-src 'self'` holds).
// `npm run build:web` writes the result to web/dist for the site bucket; the embedded runtime builds it in
// memory at its first page request and serves it, so what `npm start` shows is always the current source.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

export const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const defaultOutDir = join(webRoot, 'dist');

export interface SiteFile {
  body: Uint8Array;
  contentType: string;
  /** Content-hashed: cacheable for a year. */
  immutable: boolean;
}

export interface PortalBuild {
  /** By URL path: `/index.html`, `/assets/...`. */
  files: Map<string, SiteFile>;
  /** What the first screen loads before any lazy chunk: index.html, the entry, its static imports, CSS. */
  firstScreen: string[];
}

/** The runtime configuration the portal reads at start; the stack overwrites it with Cognito's settings. */
export const localRuntimeConfig = { auth: { mode: 'local' } } as const;

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  const extension = /\.[a-z0-9]+$/i.exec(path)?.[0] ?? '';
  return contentTypes[extension] ?? 'application/octet-stream';
}

export async function buildPortal(): Promise<PortalBuild> {
  const outdir = join(webRoot, 'dist', 'assets');
  const result = await build({
    absWorkingDir: webRoot,
    entryPoints: { app: join(webRoot, 'src', 'main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    metafile: true,
    write: false,
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: join(webRoot, 'tsconfig.json'),
  });
  const files = new Map<string, SiteFile>();
  for (const output of result.outputFiles) {
    const path = '/' + relative(join(webRoot, 'dist'), output.path).split('\\').join('/');
    files.set(path, { body: output.contents, contentType: contentTypeOf(path), immutable: true });
  }
  const { script, styles, staticImports } = entryOutputs(result.metafile);
  const html = indexHtml(script, styles);
  files.set('/index.html', {
    body: new TextEncoder().encode(html),
    contentType: contentTypeOf('.html'),
    immutable: false,
  });
  files.set('/assets/favicon.svg', {
    body: new TextEncoder().encode(favicon),
    contentType: contentTypeOf('.svg'),
    immutable: false,
  });
  files.set('/assets/config.json', {
    body: new TextEncoder().encode(JSON.stringify(localRuntimeConfig)),
    contentType: contentTypeOf('.json'),
    immutable: false,
  });
  return { files, firstScreen: ['/index.html', script, ...staticImports, ...styles] };
}

function entryOutputs(metafile: Metafile): { script: string; styles: string[]; staticImports: string[] } {
  const toUrl = (output: string) => '/' + relative('dist', output).split('\\').join('/');
  // The app's own entry: with code splitting every lazily imported module is an entry point too.
  const entry = Object.entries(metafile.outputs).find(([, output]) =>
    output.entryPoint?.endsWith('src/main.tsx'),
  );
  if (!entry) throw new Error('esbuild produced no entry output');
  const [path, output] = entry;
  const styles = output.cssBundle ? [toUrl(output.cssBundle)] : [];
  // The chunks the entry imports statically load with it; dynamic imports (admin charts, sign-in) do not.
  const seen = new Set<string>();
  const visit = (file: string) => {
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || seen.has(imported.path)) continue;
      seen.add(imported.path);
      visit(imported.path);
    }
  };
  visit(path);
  return { script: toUrl(path), styles, staticImports: [...seen].map(toUrl) };
}

/** 窗: the one window. */
const favicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a61b1b"/>' +
  '<text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">窗</text></svg>';

function indexHtml(script: string, styles: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>一窗受理 · 工业项目审批服务平台</title>',
    '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">',
    ...styles.map((href) => `<link rel="stylesheet" href="${href}">`),
    `<script type="module" src="${script}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"><p class="boot">正在加载… Loading…</p></div>',
    '<noscript>本平台需要启用 JavaScript。This portal needs JavaScript.</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** `npm run build:web`: the site as files, ready for the site bucket. */
export async function writePortal(outDir: string = defaultOutDir): Promise<PortalBuild> {
  const site = await buildPortal();
  rmSync(outDir, { recursive: true, force: true });
  for (const [path, file] of site.files) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
  return site;
}
