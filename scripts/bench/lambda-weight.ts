// Part of `npm run bench`: the cold-start weight of every Lambda function: its bundle built with the esbuild
// options the stack uses (infra/constructs/project-function.ts), minified size, and the time a fresh Node process
// takes to import it (median of N runs). `--metafile <name>` writes that function's metafile for analysis
// (esbuild's `analyzeMetafile`), `--top <name>` prints its largest inputs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, analyzeMetafile, type Metafile } from 'esbuild';
import { allFunctions } from '#infra/routes';
import { esbuildOptionsFor, projectRoot } from '#infra/constructs/project-function';
import { apiRoutes, type FunctionSpec } from '#infra/routes';
import { startEmbeddedDynamoDb } from '#infra/local/dynamodb';
import { demoUsers } from '#infra/local/seed';
import { claimsForPrincipal } from '#shared/auth/principal';
import { createDocumentClient } from '#shared/data/client';
import { createIdempotencyTable, createTableFromDefinition } from '#shared/data/create-table';
import { idempotencyTableNameFor } from '#shared/data/idempotency-table';

export interface FunctionWeight {
  name: string;
  bytes: number;
  /** Median wall-clock milliseconds to import in a fresh process. */
  wallMs: number;
  /** Median CPU milliseconds (user + system) of that import. */
  cpuMs: number;
  /** Resident memory of the process once the bundle is imported (the most of the runs). */
  rssBytes: number;
  /**
   * With `REQUEST=1`, API functions only: resident memory after the import and ONE request handled on a
   * DynamoDB Local (the route's method and path, a caller of its first role, placeholder path parameters, no
   * body), and the status it answered. What a function's memory size is set from.
   */
  request?: { rssBytes: number; status: number };
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
  return measured(script, runs);
}

interface RequestTarget {
  dynamodbEndpoint: string;
  tableName: string;
}

/** A fresh process imports the bundle, handles one API Gateway (HTTP API) event, and reports its memory. */
function requestMemory(file: string, spec: FunctionSpec, target: RequestTarget) {
  const route = apiRoutes.find((r) => r.name === spec.name);
  if (route === undefined) return undefined;
  const role = route.roles === 'public' ? undefined : route.roles[0];
  const user = role === undefined ? undefined : demoUsers.find((u) => u.principal.roles.includes(role));
  const params = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, 'bench-1']),
  );
  const path = route.path.replace(/\{(\w+)\}/g, 'bench-1');
  const event = {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      requestId: 'bench',
      http: { method: route.method, path, sourceIp: '127.0.0.1', userAgent: 'bench' },
      ...(user ? { authorizer: { jwt: { claims: claimsForPrincipal(user.principal), scopes: [] } } } : {}),
    },
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    isBase64Encoded: false,
  };
  const context = { functionName: spec.name, awsRequestId: 'bench' };
  const script =
    `const { handler } = await import(${JSON.stringify(file)});` +
    `const c = { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 10000 };` +
    `const r = await handler(${JSON.stringify(event)}, c);` +
    'console.log(JSON.stringify([process.memoryUsage().rss, r.statusCode]))';
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: target.tableName,
      DYNAMODB_ENDPOINT: target.dynamodbEndpoint,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    encoding: 'utf8',
  });
  const [rssBytes, status] = JSON.parse(out.trim().split('\n').pop()!) as [number, number];
  return { rssBytes, status };
}

function measured(script: string, runs: number): { wallMs: number; cpuMs: number; rssBytes: number } {
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
  options: { runs?: number; only?: string; request?: RequestTarget } = {},
): Promise<FunctionWeight[]> {
  const runs = options.runs ?? 10;
  const only = options.only?.split(',');
  const specs = allFunctions.filter((f) => !only || only.includes(f.name));
  const bundles = await Promise.all(specs.map(async (f) => ({ name: f.name, ...(await bundle(f)) })));
  return bundles.map((b, i) => {
    const request = options.request ? requestMemory(b.file, specs[i]!, options.request) : undefined;
    return { name: b.name, bytes: b.bytes, ...importTime(b.file, runs), ...(request ? { request } : {}) };
  });
}

/** A DynamoDB Local with the platform's tables, for `REQUEST=1`; stopped by the returned function. */
export async function requestTarget(): Promise<RequestTarget & { stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-weight-'));
  const dynamo = await startEmbeddedDynamoDb({ directory });
  await dynamo.ready;
  const client = createDocumentClient({ endpoint: dynamo.endpoint });
  const tableName = 'bench';
  await createTableFromDefinition(client, tableName, { ifNotExists: true });
  await createIdempotencyTable(client, idempotencyTableNameFor(tableName), { ifNotExists: true });
  return {
    dynamodbEndpoint: dynamo.endpoint,
    tableName,
    stop: async () => {
      client.destroy();
      await dynamo.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
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
    const target = process.env.REQUEST === '1' ? await requestTarget() : undefined;
    try {
      const weights = await measureLambdaWeights({
        runs: Number(process.env.RUNS ?? 10),
        only: process.env.ONLY,
        ...(target ? { request: target } : {}),
      });
      for (const w of weights)
        console.log(
          `${w.name.padEnd(34)} ${(w.bytes / 1024).toFixed(0).padStart(6)} KB ${w.wallMs.toFixed(1).padStart(7)} ms wall ${w.cpuMs.toFixed(1).padStart(7)} ms CPU ${(w.rssBytes / 2 ** 20).toFixed(0).padStart(4)} MB RSS` +
            (w.request
              ? ` ${(w.request.rssBytes / 2 ** 20).toFixed(0).padStart(4)} MB RSS after a request (${w.request.status})`
              : ''),
        );
    } finally {
      await target?.stop();
    }
  }
}
