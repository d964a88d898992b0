// Part of `npm run bench`: the cold-start weight of every Lambda function: its bundle built with the esbuild
// options the stack uses (infra/constructs/project-function.ts), minified size, and the time a fresh Node process
// takes to import it (median of N runs). `--metafile <name>` writes that function's metafile for analysis
// (esbuild's `analyzeMetafile`), `--top <name>` prints its largest inputs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, analyzeMetafile, type Metafile } from 'esbuild';
import { allFunctions } from '#infra/routes';
import { esbuildOptionsFor, projectRoot } from '#infra/constructs/project-function';
import type { FunctionSpec } from '#infra/routes';

export interface FunctionWeight {
  name: string;
  bytes: number;
  /** Median wall-clock milliseconds to import in a fresh process. */
  wallMs: number;
  /** Median CPU milliseconds (user + system) of that import. */
  cpuMs: number;
  /** Resident memory of the process once the bundle is imported (the most of the runs). */
  rssBytes: number;
}

const outRoot = join(projectRoot, '.bench', 'bundles');

/** Bundles one entry exactly as NodejsFunction would (same esbuild options), returns the output file. */
async function bundle(spec: FunctionSpec): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const { name } = spec;
  const outdir = join(outRoot, name);
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  const result = await build({
    ...esbuildOptionsFor(spec),
    outfile: file,
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
  });
  const metafile = result.metafile!;
  const bytes = metafile.outputs[Object.keys(metafile.outputs).find((o) => o.endsWith('.mjs'))!]!.bytes;
  return { file, bytes, metafile };
}

/**
 * What a fresh `node` spends importing the bundle (module evaluation included), median of `runs`: wall-clock
 * milliseconds, and CPU milliseconds of the process meanwhile (user + system), which a machine shared with
 * other work inflates far less than the wall clock.
 */
function importTime(file: string, runs: number): { wallMs: number; cpuMs: number; rssBytes: number } {
  const script =
    'const c=process.cpuUsage(),t=performance.now();' +
    `await import(${JSON.stringify(file)});` +
    'const u=process.cpuUsage(c);console.log(JSON.stringify([performance.now()-t,(u.user+u.system)/1000,process.memoryUsage().rss]))';
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        TABLE_NAME: 'bench',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
      encoding: 'utf8',
    });
    const [w, c, r] = JSON.parse(out.trim().split('\n').pop()!) as [number, number, number];
    wall.push(w);
    cpu.push(c);
    rss.push(r);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), rssBytes: Math.max(...rss) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function measureLambdaWeights(
  options: { runs?: number; only?: string } = {},
): Promise<FunctionWeight[]> {
  const runs = options.runs ?? 10;
  const only = options.only?.split(',');
  const specs = allFunctions.filter((f) => !only || only.includes(f.name));
  const bundles = await Promise.all(specs.map(async (f) => ({ name: f.name, ...(await bundle(f)) })));
  return bundles.map((b) => ({ name: b.name, bytes: b.bytes, ...importTime(b.file, runs) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const top = args.indexOf('--top');
  if (top >= 0) {
    const name = args[top + 1]!;
    const spec = allFunctions.find((f) => f.name === name)!;
    const { metafile } = await bundle(spec);
    writeFileSync(join(outRoot, name, 'meta.json'), JSON.stringify(metafile));
    console.log(await analyzeMetafile(metafile, { verbose: false }));
  } else {
    const weights = await measureLambdaWeights({
      runs: Number(process.env.RUNS ?? 10),
      only: process.env.ONLY,
    });
    for (const w of weights)
      console.log(
        `${w.name.padEnd(34)} ${(w.bytes / 1024).toFixed(0).padStart(6)} KB ${w.wallMs.toFixed(1).padStart(7)} ms wall ${w.cpuMs.toFixed(1).padStart(7)} ms CPU ${(w.rssBytes / 2 ** 20).toFixed(0).padStart(4)} MB RSS`,
      );
  }
}
