// Each Lambda bundle carries the optional adapters its row in infra/routes.ts calls for, and only those: Step
// Functions where the function ends human steps or starts executions, Powertools idempotency where the route
// takes an Idempotency-Key, the PDF renderer where certificates are written (shared/runtime/optional-adapters.ts).
// Built with the stack's esbuild options (esbuildOptionsFor) and read from esbuild's metafile.
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundleDefinesFor, esbuildOptionsFor } from '#infra/constructs/project-function';
import { allFunctions, apiRoutes, declaredRoute, declaredRoutesVariable } from '#infra/routes';

async function bundledPackages(name: string): Promise<string[]> {
  const spec = allFunctions.find((f) => f.name === name)!;
  const result = await build({ ...esbuildOptionsFor(spec), write: false, metafile: true, logLevel: 'error' });
  // The output's inputs with code left in it (esbuild also lists files it read and dropped whole).
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

const carries = (inputs: string[], fragment: string) => inputs.some((input) => input.includes(fragment));

async function bundledText(name: string): Promise<string> {
  const spec = allFunctions.find((f) => f.name === name)!;
  const result = await build({ ...esbuildOptionsFor(spec), write: false, logLevel: 'error' });
  return result.outputFiles[0]!.text;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('what each bundle carries', () => {
  it('a read route carries neither Step Functions, nor idempotency, nor the PDF renderer', async () => {
    const inputs = await bundledPackages('get-application');
    expect(carries(inputs, 'node_modules/@aws-sdk/client-sfn/')).toBe(false);
    expect(carries(inputs, 'node_modules/@aws-lambda-powertools/idempotency/')).toBe(false);
    // Nor the JMESPath Powertools idempotency brings, which declares no sideEffects (a static import kept it).
    expect(carries(inputs, 'node_modules/@aws-lambda-powertools/jmespath/')).toBe(false);
    expect(carries(inputs, 'shared/runtime/step-functions.ts')).toBe(false);
    expect(carries(inputs, 'node_modules/pdf-lib/')).toBe(false);
  });

  it('the submission carries Step Functions and idempotency', async () => {
    const inputs = await bundledPackages('submit-application');
    expect(carries(inputs, 'node_modules/@aws-sdk/client-sfn/')).toBe(true);
    expect(carries(inputs, 'node_modules/@aws-lambda-powertools/idempotency/')).toBe(true);
    expect(carries(inputs, 'node_modules/@aws-lambda-powertools/jmespath/')).toBe(true);
    expect(carries(inputs, 'node_modules/pdf-lib/')).toBe(false);
  });

  it('only the function that writes certificates carries the PDF renderer', async () => {
    expect(carries(await bundledPackages('list-documents'), 'node_modules/pdf-lib/')).toBe(false);
    expect(carries(await bundledPackages('issue-certificates'), 'node_modules/pdf-lib/')).toBe(true);
  });

  it('a bundle carries what handlers take from the route table (method, path, roles, idempotent), not the table', async () => {
    // Prepare
    const getApplication = apiRoutes.find((r) => r.name === 'get-application')!;
    const text = await bundledText('get-application');

    // Assess: no description, no entry, no grant of any route is left in the bundle.
    expect(text).not.toContain(getApplication.description);
    expect(text).not.toContain(getApplication.entry);
    expect(text).not.toContain('certificates:write');
    // Every route keeps its declaration: what `declaredRoute` answers in a bundle is what the table declares.
    const written = JSON.parse(
      bundleDefinesFor(getApplication)[`process.env.${declaredRoutesVariable}`]!,
    ) as string;
    for (const route of apiRoutes) {
      const fromTable = declaredRoute(route.name);
      vi.stubEnv(declaredRoutesVariable, written);
      expect(declaredRoute(route.name)).toEqual(fromTable);
      vi.unstubAllEnvs();
    }
  });
});
