// Listing applications without a Scan: always through the "applications of enterprise Y" index (GSI1).
// The enterprise side lists its own (an agency officer: each represented enterprise in turn); the window,
// administrators and department officers name the enterprise with `enterpriseId`, and a department officer
// sees only those with a step of its department. Department officers find their work through /inbox.
import { z } from 'zod';
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
    const page = await deps.repository.listByEnterprise(enterpriseId, { limit, cursor });
    if (scope === 'all') return page;
    // A department officer: keep those with a step of its department. Pages may come back shorter than
    // `limit` (even empty) with a cursor; clients follow the cursor as usual.
    const withSteps = await Promise.all(
      page.items.map((application) => deps.repository.getApplicationWithSteps(application.applicationId)),
    );
    return {
      items: withSteps
        .filter(({ steps }) => steps.some((step) => step.department === principal.department))
        .map(({ application }) => application),
      ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
    };
  }

  const enterprises = representedEnterprises(principal);
  if (enterprises.length === 0) {
    throw new ValidationError('the request is invalid', [
      { path: 'query.enterpriseId', message: 'name the enterprise whose applications to list' },
    ]);
  }
  return listAcross(deps, enterprises, limit, cursor);
}

// A cursor across several enterprises: which one the listing is in, and the repository's cursor inside it.
const acrossCursorSchema = z.strictObject({
  e: z.string().min(1).max(64),
  c: z.string().min(1).max(2048).optional(),
});

/** The enterprises one after another, each newest first, filling the page from the next one when one ends. */
async function listAcross(
  deps: Pick<CoreDeps, 'repository'>,
  enterprises: readonly EnterpriseId[],
  limit: number,
  cursor: string | undefined,
): Promise<Page<Application>> {
  let index = 0;
  let inner: string | undefined;
  if (cursor !== undefined) {
    const position = decodeAcrossCursor(cursor);
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
    });
    items.push(...page.items);
    if (page.cursor !== undefined) {
      inner = page.cursor;
      if (items.length >= limit) return { items, cursor: encodeAcrossCursor(enterpriseId, inner) };
    } else {
      index += 1;
      inner = undefined;
    }
  }
  const next = enterprises[index];
  return next === undefined ? { items } : { items, cursor: encodeAcrossCursor(next, inner) };
}

function encodeAcrossCursor(enterpriseId: EnterpriseId, inner: string | undefined): string {
  const position = { e: enterpriseId, ...(inner !== undefined ? { c: inner } : {}) };
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeAcrossCursor(cursor: string): z.infer<typeof acrossCursorSchema> {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  try {
    const parsed = acrossCursorSchema.safeParse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not JSON
  }
  throw invalidCursor();
}

function invalidCursor(): ValidationError {
  return new ValidationError(
    'Invalid cursor',
    [{ path: 'cursor', message: 'not a cursor for this list' }],
    'INVALID_CURSOR',
  );
}
