// The typed API client: openapi-fetch over the types generated from the OpenAPI document (./api/schema.d.ts),
// so a renamed field or route fails the portal's type check. Same origin, bearer token from the session;
// errors become ApiError with the API's code, message and field issues (paths without the `body.` prefix).
import createClient from 'openapi-fetch';
import type { paths, components } from './api/schema';
import { session, signOut } from './auth.ts';
import { localizeIssue } from './format.ts';

export type Schemas = components['schemas'];

export const api = createClient<paths>({ baseUrl: location.origin });

api.use({
  onRequest({ request }) {
    const token = session()?.token;
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
});

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly correlationId?: string,
  ) {
    super(message);
  }

  /** Field path → message, for showing each next to its field. */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of this.issues) {
      const path = issue.path.replace(/^(body|query|params)\.?/, '');
      errors[path] ??= localizeIssue(issue.message);
    }
    return errors;
  }
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call, or an ApiError; a 401 also ends the session. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (result.response.ok) return result.data as T;
  const status = result.response.status;
  const body = result.error as
    | { error?: { code?: string; message?: string; issues?: FieldIssue[]; correlationId?: string } }
    | { message?: string }
    | undefined;
  const detail = body && 'error' in body ? body.error : undefined;
  if (status === 401) signOut();
  throw new ApiError(
    status,
    detail?.code ?? (status === 401 ? 'UNAUTHORIZED' : `HTTP_${status}`),
    detail?.message ?? (body && 'message' in body ? (body.message ?? '') : ''),
    detail?.issues ?? [],
    detail?.correlationId,
  );
}

/** A fresh Idempotency-Key: a form keeps one per attempt, so a double click or a retry is harmless. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/** GETs a report as CSV (the API needs the bearer token, so a plain link cannot) and saves it. */
export async function downloadCsv(
  path: string,
  query: Record<string, string | undefined>,
  fileName: string,
): Promise<void> {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
  url.searchParams.set('format', 'csv');
  const response = await fetch(url, { headers: { Authorization: `Bearer ${session()?.token ?? ''}` } });
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** An inbox row: the step, with its application's project name and the step's live clock when they could be read. */
export interface StepRow {
  step: Schemas['Step'];
  projectName?: string;
  clock?: Schemas['ClockReading'];
}

/**
 * The step list has no project names or live clocks; each row's application supplies both (a page holds at most
 * 100, read in parallel). A row whose application cannot be read keeps the step alone.
 */
export function withApplications(steps: Schemas['Step'][]): Promise<StepRow[]> {
  return Promise.all(
    steps.map(async (step): Promise<StepRow> => {
      try {
        const detail = await unwrap(
          api.GET('/applications/{applicationId}', {
            params: { path: { applicationId: step.applicationId } },
          }),
        );
        const clock = detail.deadlines.steps.find((s) => s.stepId === step.stepId)?.clock;
        return { step, projectName: detail.application.projectName, ...(clock ? { clock } : {}) };
      } catch {
        return { step };
      }
    }),
  );
}
