// The adapters only some functions use, behind a constant: Step Functions (decisions end human steps, a
// submission starts an execution) and the Idempotency-Key records (Powertools idempotency, loaded on first use).
// A Lambda bundle gets the constants from its row in infra/routes.ts (esbuild `define`,
// `bundleDefinesFor` in infra/constructs/project-function.ts), and esbuild drops a branch whose constant is
// 'false' together with the module it imports: a read route carries neither the SFN client nor Powertools
// idempotency. Unbundled (tests, the embedded runtime) every adapter is there. IAM agrees with the same flags,
// so a function that reaches an adapter it was not built with could not have called the service anyway.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyStore } from '#shared/http/idempotency';
import { createSingleTableIdempotencyStore } from '#shared/data/idempotency-store';
import type { TaskCallbacks, WorkflowStarter } from './ports.ts';
import { createSfnClient, SfnTaskCallbacks, sfnWorkflowStarter } from './step-functions.ts';

/** The variables esbuild replaces; each guard below spells its name out, so that `define` can match it. */
export const adapterFlags = {
  stepFunctions: 'ONE_WINDOW_USES_STEP_FUNCTIONS',
  idempotency: 'ONE_WINDOW_USES_IDEMPOTENCY',
  certificateRenderer: 'ONE_WINDOW_USES_CERTIFICATE_RENDERER',
} as const;

function notBundled(adapter: string, flag: string): Error {
  return new Error(`This function was bundled without ${adapter} (${flag} is 'false' in infra/routes.ts)`);
}

/**
 * Task callbacks and the workflow starter on one Step Functions client, created at the first call of either
 * (building a runtime that never calls Step Functions creates no client).
 */
export function stepFunctionsAdapters(options: {
  endpoint?: string | undefined;
  region?: string | undefined;
  stateMachineArn?: string | undefined;
}): { taskCallbacks: TaskCallbacks; workflow: WorkflowStarter } {
  if (process.env.ONE_WINDOW_USES_STEP_FUNCTIONS !== 'false') {
    let adapters: { taskCallbacks: TaskCallbacks; workflow: WorkflowStarter } | undefined;
    const get = () => {
      if (adapters === undefined) {
        const sfn = createSfnClient({ endpoint: options.endpoint, region: options.region });
        adapters = {
          taskCallbacks: new SfnTaskCallbacks(sfn),
          workflow: sfnWorkflowStarter(sfn, options.stateMachineArn),
        };
      }
      return adapters;
    };
    return {
      taskCallbacks: {
        sendTaskSuccess: (taskToken, output) => get().taskCallbacks.sendTaskSuccess(taskToken, output),
      },
      workflow: { startExecution: (applicationId) => get().workflow.startExecution(applicationId) },
    };
  }
  const missing = () => Promise.reject(notBundled('Step Functions', adapterFlags.stepFunctions));
  return { taskCallbacks: { sendTaskSuccess: missing }, workflow: { startExecution: missing } };
}

/** The idempotency store, loaded on first use (see idempotencyStoreFor). */
export type IdempotencyStoreLoader = () => Promise<IdempotencyStore>;

/**
 * The idempotency table's store, built on first use: Powertools is loaded then, by a dynamic `import()` (in
 * shared/data/idempotency-store.ts), because Powertools idempotency and its JMESPath declare no `sideEffects` and
 * a static import would keep them (~25 KB) in every bundle. In the bundle of a function that is not idempotent
 * this branch is dropped and the `import()` with it; the stand-in fails on any use (httpHandler refuses an
 * idempotent route in such a bundle when it is defined, so none reaches it).
 */
export function idempotencyStoreFor(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
}): IdempotencyStoreLoader {
  if (process.env.ONE_WINDOW_USES_IDEMPOTENCY !== 'false') {
    let store: Promise<IdempotencyStore> | undefined;
    return () => (store ??= createSingleTableIdempotencyStore(options));
  }
  return () => Promise.reject(notBundled('idempotency records', adapterFlags.idempotency));
}
