// Search and filters for the window, department officers and administrators (issue 14, part 6): one Query on one
// search partition (GSI4, KEYS_ONLY, newest receipt first), the facets in each key dropping what cannot match
// before any item is read, then a BatchGetItem of the candidates and the exact filter on the items. Paged with a
// sealed cursor bound to the filters and the caller; each call reads a bounded number of keys and items.
import * as z from 'zod';
import { searchScope } from '#shared/access/search';
import type { Principal } from '#shared/auth/principal';
import type { ApplicationSearchIndex, ReceivedRange, SearchEntry } from '#shared/data/search-ports';
import {
  allApplicationsSearchPartition,
  departmentSearchPartition,
  normalizeName,
  type SearchFacets,
} from '#shared/data/search-keys';
import type { Page } from '#shared/data/ports';
import { ValidationError } from '#shared/errors';
import {
  applicationStatusSchema,
  departmentIdSchema,
  enterpriseIdSchema,
  permitTypeSchema,
  slaStatusSchema,
  timestampSchema,
  trackSchema,
  type Application,
} from '#shared/model';

/** The filters; every one optional, all of them together (AND). */
export const searchFiltersShape = {
  status: applicationStatusSchema.optional().describe('The application’s status'),
  track: trackSchema.optional().describe('regular or standard-land (标准地)'),
  permitType: permitTypeSchema.optional().describe('Applications that require this permit'),
  department: departmentIdSchema
    .optional()
    .describe('Applications with a step of this department (经办部门); officers: their own only'),
  sla: slaStatusSchema.optional().describe('The application’s SLA colour as last recorded (预警)'),
  dueBefore: timestampSchema.optional().describe('Total time limit due strictly before this instant'),
  dueAfter: timestampSchema.optional().describe('Total time limit due at or after this instant'),
  enterpriseId: enterpriseIdSchema.optional().describe('The enterprise that filed it'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\p{Cc}]*$/u)
    .optional()
    .describe('Project name prefix; case and full-width insensitive'),
  receivedFrom: timestampSchema.optional().describe('Received at or after this instant'),
  receivedTo: timestampSchema.optional().describe('Received strictly before this instant'),
};
export type SearchFilters = z.infer<z.ZodObject<typeof searchFiltersShape>>;

export interface SearchDeps {
  searchIndex: ApplicationSearchIndex;
}

export interface SearchRequest extends SearchFilters {
  principal: Principal;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const defaultLimit = 25;
/** Keys examined per call at most (about 150 bytes each: 1,000 keys are ~20 eventually consistent RCU). */
export const maxKeysExamined = 1000;
/** Items read per call at most (the candidates the keys could not rule out). */
export const maxItemsRead = 200;
/** Keys asked of a call's first Query (then four times more each time): 1,000 keys are ~150 KB, inside 1 MB. */
const firstSlice = 50;

/**
 * One page of the applications the caller may see that match every filter, newest receipt first. A page may hold
 * fewer than `limit` items and still a cursor (the call stopped at its read bound): follow it like any other.
 * @throws ValidationError for contradictory ranges or a cursor of another search or caller (`INVALID_CURSOR`)
 */
export async function searchApplications(
  deps: SearchDeps,
  request: SearchRequest,
): Promise<Page<Application>> {
  const { principal, cursor, limit = defaultLimit, ...filters } = request;
  checkRanges(filters);
  const scope = searchScope(principal, filters.department);
  if (scope.kind === 'none') {
    // Nothing is ever issued for such a search, so no cursor can be one of its own.
    if (cursor !== undefined) {
      throw new ValidationError(
        'Invalid cursor',
        [{ path: 'cursor', message: 'not a cursor issued by this API for this list' }],
        'INVALID_CURSOR',
      );
    }
    return { items: [] };
  }
  const partition =
    scope.kind === 'all' ? allApplicationsSearchPartition : departmentSearchPartition(scope.department);
  // An officer's own department is a filter too: the item must still name it (the entry holds keys only).
  const exact: SearchFilters =
    scope.kind === 'department' ? { ...filters, department: scope.department } : filters;
  const range: ReceivedRange = {
    ...(filters.receivedFrom !== undefined ? { from: filters.receivedFrom } : {}),
    ...(filters.receivedTo !== undefined ? { to: filters.receivedTo } : {}),
  };
  const binding = JSON.stringify({ search: 'applications', partition, filters: exact });
  let after =
    cursor === undefined
      ? undefined
      : await deps.searchIndex.open(cursor, binding, principal.userId, partition);

  const kept: Application[] = [];
  let keysExamined = 0;
  let itemsRead = 0;
  let more = true;
  let position: Record<string, string> | undefined;
  // A first Query of a few keys per item wanted, each next one four times larger while matches are sparse.
  let sliceSize = Math.max(firstSlice, 4 * limit);
  while (more && kept.length < limit && keysExamined < maxKeysExamined && itemsRead < maxItemsRead) {
    const slice = await deps.searchIndex.slice(partition, range, {
      ...(after ? { after } : {}),
      limit: Math.min(sliceSize, maxKeysExamined - keysExamined),
    });
    sliceSize *= 4;
    // Entries are decided in order; the cursor goes after the last one decided, so none is skipped or repeated.
    let decided = 0;
    const pending = slice.entries;
    while (decided < pending.length && kept.length < limit && itemsRead < maxItemsRead) {
      const batch: SearchEntry[] = [];
      let end = decided;
      const room = Math.min(maxItemsRead - itemsRead, Math.max(limit - kept.length, 10));
      while (end < pending.length && batch.length < room) {
        if (keyMayMatch(pending[end]!.facets, exact)) batch.push(pending[end]!);
        end += 1;
      }
      const found = new Map(
        (await deps.searchIndex.applications(batch.map((entry) => entry.facets.applicationId))).map(
          (application) => [application.applicationId, application],
        ),
      );
      itemsRead += batch.length;
      for (let i = decided; i < end; i++) {
        const application = found.get(pending[i]!.facets.applicationId);
        if (application && matchesSearch(application, exact)) kept.push(application);
        decided = i + 1;
        position = pending[i]!.position;
        if (kept.length >= limit) break;
      }
    }
    keysExamined += decided;
    more = decided < pending.length || slice.more;
    after = position;
    if (pending.length === 0) break;
  }
  const next =
    more && position ? await deps.searchIndex.seal(position, binding, principal.userId) : undefined;
  return { items: kept, ...(next ? { cursor: next } : {}) };
}

function checkRanges(filters: SearchFilters): void {
  const issues = [
    ...(filters.receivedFrom !== undefined &&
    filters.receivedTo !== undefined &&
    filters.receivedFrom >= filters.receivedTo
      ? [{ path: 'query.receivedTo', message: 'must be after receivedFrom' }]
      : []),
    ...(filters.dueAfter !== undefined &&
    filters.dueBefore !== undefined &&
    filters.dueAfter >= filters.dueBefore
      ? [{ path: 'query.dueBefore', message: 'must be after dueAfter' }]
      : []),
  ];
  if (issues.length > 0) throw new ValidationError('the request is invalid', issues);
}

/**
 * Whether an application filed under these facets may match: false only when the key alone rules it out, so no
 * item is read for it. Facets the key could not hold (a long permit list, the rest of a long name) leave it to the
 * item.
 */
export function keyMayMatch(facets: SearchFacets, filters: SearchFilters): boolean {
  if (filters.status !== undefined && facets.status !== filters.status) return false;
  if (filters.track !== undefined && facets.track !== filters.track) return false;
  if (filters.sla !== undefined && facets.sla !== filters.sla) return false;
  if (filters.enterpriseId !== undefined && facets.enterpriseId !== filters.enterpriseId) return false;
  if (filters.dueBefore !== undefined && !(facets.dueAt !== undefined && facets.dueAt < filters.dueBefore)) {
    return false;
  }
  if (filters.dueAfter !== undefined && !(facets.dueAt !== undefined && facets.dueAt >= filters.dueAfter)) {
    return false;
  }
  if (
    filters.permitType !== undefined &&
    facets.permits !== undefined &&
    !facets.permits.includes(filters.permitType)
  ) {
    return false;
  }
  if (filters.name !== undefined) {
    const wanted = [...normalizeName(filters.name)];
    const held = [...facets.name];
    const comparable = wanted.slice(0, held.length).join('');
    if (!facets.name.startsWith(comparable)) return false;
    if (facets.nameComplete && wanted.length > held.length) return false;
  }
  return true;
}

/** The exact filter, on the application as stored. */
export function matchesSearch(application: Application, filters: SearchFilters): boolean {
  const dueAt = application.sla?.dueAt;
  return (
    (filters.status === undefined || application.status === filters.status) &&
    (filters.track === undefined || application.track === filters.track) &&
    (filters.permitType === undefined || application.requiredPermits.includes(filters.permitType)) &&
    (filters.department === undefined || (application.departments ?? []).includes(filters.department)) &&
    (filters.sla === undefined || application.sla?.status === filters.sla) &&
    (filters.dueBefore === undefined || (dueAt !== undefined && dueAt < filters.dueBefore)) &&
    (filters.dueAfter === undefined || (dueAt !== undefined && dueAt >= filters.dueAfter)) &&
    (filters.enterpriseId === undefined || application.enterpriseId === filters.enterpriseId) &&
    (filters.name === undefined ||
      normalizeName(application.projectName).startsWith(normalizeName(filters.name))) &&
    (filters.receivedFrom === undefined || application.receivedAt >= filters.receivedFrom) &&
    (filters.receivedTo === undefined || application.receivedAt < filters.receivedTo)
  );
}

/** The most rows one export holds: a larger selection is refused with 400 and asked to be narrowed. */
export const maxExportRows = 5000;

/**
 * 导出: the whole selection of a search (every page, the same filters and the same authorization), at most
 * `maxExportRows` applications.
 * @throws ValidationError `SELECTION_TOO_LARGE` when more applications match
 */
export async function exportSearch(
  deps: SearchDeps,
  request: Omit<SearchRequest, 'limit' | 'cursor'>,
): Promise<Application[]> {
  const rows: Application[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchApplications(deps, { ...request, limit: 100, cursor });
    rows.push(...page.items);
    cursor = page.cursor;
    if (rows.length > maxExportRows) {
      throw new ValidationError(
        'the selection is too large to export',
        [{ path: 'query', message: `more than ${maxExportRows} applications match: narrow the search` }],
        'SELECTION_TOO_LARGE',
      );
    }
  } while (cursor !== undefined);
  return rows;
}

/** The export's columns (CSV: shared/http/csv guards every text cell against formula injection). */
export const searchExportColumns: readonly {
  header: string;
  value: (row: Application) => string | number | undefined;
}[] = [
  { header: 'applicationId', value: (row) => row.applicationId },
  { header: 'projectName', value: (row) => row.projectName },
  { header: 'enterpriseId', value: (row) => row.enterpriseId },
  { header: 'track', value: (row) => row.track },
  { header: 'status', value: (row) => row.status },
  { header: 'requiredPermits', value: (row) => row.requiredPermits.join(' ') },
  { header: 'departments', value: (row) => (row.departments ?? []).join(' ') },
  { header: 'receivedAt', value: (row) => row.receivedAt },
  { header: 'acceptedAt', value: (row) => row.acceptedAt },
  { header: 'sla', value: (row) => row.sla?.status },
  { header: 'dueAt', value: (row) => row.sla?.dueAt },
  { header: 'workingDaysUsed', value: (row) => row.sla?.workingDaysUsed },
];
