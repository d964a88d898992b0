// Listing applications without a Scan: always through the "applications of enterprise Y" index (GSI1).
// The enterprise side lists its own (an agency officer: each represented enterprise in turn); the window,
// administrators and department officers name the enterprise with `enterpriseId`, and a department officer
// sees only those with a step of its department. Department officers find their work through /inbox.
import * as z from 'zod';
import { enterpriseListScope, representedEnterprises } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import type { Page } from '#shared/data/ports';
import { NotFound, ValidationError } from '#shared/errors';
import type { Application, EnterpriseId } from '#shared/model';
import type { CoreDeps } from '#services/application/core/ports';

export interface ListApplicationsRequest {
  principal: Principal;
  enterpriseId?: EnterpriseId | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const defaultLimit = 25;
/** Applications a department officer's page examines at most (two reads each to check for its steps). */
const maxExaminedForDepartment = 50;

/**
 * One page of the applications the caller may see, newest first within each enterprise.
 * @throws ValidationError `query.enterpriseId` when the caller is not on the enterprise side and names none
 * @throws NotFound when the caller may not list the enterprise named (as if it had no applications)
 */
export async function listApplications(
  deps: Pick<CoreDeps, 'repository'>,
  request: ListApplicationsRequest,
): Promise<Page<Application>> {
  const { principal, enterpriseId, cursor } = request;
  const limit = request.limit ?? defaultLimit;

  if (enterpriseId !== undefined) {
    const scope = enterpriseListScope(principal, enterpriseId);
    if (scope === 'none') throw new NotFound(`Enterprise ${enterpriseId} not found`);
    const options = { limit, cursor, caller: principal.userId };
    if (scope === 'all') return deps.repository.listByEnterprise(enterpriseId, options);
    // A department officer: only those with a step of its department, and a cursor after the last of them
    // returned (never after an application it may not see). A page may come back shorter than `limit` with a
    // cursor; clients follow the cursor as usual.
    return deps.repository.listByEnterprise(enterpriseId, options, {
      keep: async ({ applicationId }) =>
        (await deps.repository.getApplicationWithSteps(applicationId)).steps.some(
          (step) => step.department === principal.department,
        ),
      maxExamined: maxExaminedForDepartment,
    });
  }

  const enterprises = representedEnterprises(principal);
  if (enterprises.length === 0) {
    throw new ValidationError('the request is invalid', [
      { path: 'query.enterpriseId', message: 'name the enterprise whose applications to list' },
    ]);
  }
  return listAcross(deps, principal, enterprises, limit, cursor);
}

// A cursor across several enterprises: which one the listing is in, and the repository's cursor inside it,
// sealed like any cursor (bound to this list and the caller).
const acrossCursorSchema = z.strictObject({
  e: z.string().min(1).max(64),
  c: z.string().min(1).max(2048).optional(),
});
const acrossBinding = 'applications-across-represented-enterprises';

/** The enterprises one after another, each newest first, filling the page from the next one when one ends. */
async function listAcross(
  deps: Pick<CoreDeps, 'repository'>,
  principal: Principal,
  enterprises: readonly EnterpriseId[],
  limit: number,
  cursor: string | undefined,
): Promise<Page<Application>> {
  const caller = principal.userId;
  const seal = (enterpriseId: EnterpriseId, inner: string | undefined) =>
    deps.repository.sealPosition(
      { e: enterpriseId, ...(inner !== undefined ? { c: inner } : {}) },
      acrossBinding,
      caller,
    );
  let index = 0;
  let inner: string | undefined;
  if (cursor !== undefined) {
    const position = await decodeAcrossCursor(deps, cursor, caller);
    index = enterprises.indexOf(position.e);
    if (index < 0) throw invalidCursor();
    inner = position.c;
  }

  const items: Application[] = [];
  while (index < enterprises.length && items.length < limit) {
    const enterpriseId = enterprises[index]!;
    const page = await deps.repository.listByEnterprise(enterpriseId, {
      limit: limit - items.length,
      cursor: inner,
      caller,
    });
    items.push(...page.items);
    if (page.cursor !== undefined) {
      inner = page.cursor;
      if (items.length >= limit) return { items, cursor: await seal(enterpriseId, inner) };
    } else {
      index += 1;
      inner = undefined;
    }
  }
  const next = enterprises[index];
  return next === undefined ? { items } : { items, cursor: await seal(next, inner) };
}

async function decodeAcrossCursor(
  deps: Pick<CoreDeps, 'repository'>,
  cursor: string,
  caller: string,
): Promise<z.infer<typeof acrossCursorSchema>> {
  const parsed = acrossCursorSchema.safeParse(
    await deps.repository.openPosition(cursor, acrossBinding, caller),
  );
  if (parsed.success) return parsed.data;
  throw invalidCursor();
}

function invalidCursor(): ValidationError {
  return new ValidationError(
    'Invalid cursor',
    [{ path: 'cursor', message: 'not a cursor for this list' }],
    'INVALID_CURSOR',
  );
}
