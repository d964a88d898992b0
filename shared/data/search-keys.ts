// The search index's keys (GSI4, KEYS_ONLY): where an application is filed and the facets its sort key carries,
// so the search can drop most non-matching applications from the keys alone, before reading any item. Pure string
// building: the repository writes these keys, the search reads them back (shared/data/search-index.ts).
import {
  windowDepartment,
  type Application,
  type ApplicationStatus,
  type DepartmentId,
  type SlaStatus,
  type Track,
} from '#shared/model';
import { applicationPartition, type PrimaryKey } from './keys.ts';

/** Every application, newest first: the search of the window and of administrators. */
export const allApplicationsSearchPartition = 'SRCH#all';
/** The applications a department has (had) a step of: a department officer's search, any `department` filter. */
export const departmentSearchPartition = (department: DepartmentId): string => `SRCH#dept#${department}`;
export const searchEntrySortKeyPrefix = 'SRCH#';

/** DynamoDB's limit on a sort key (bytes). */
const maxSortKeyBytes = 1024;
/** Characters of the normalized project name the key keeps: enough for the usual prefixes typed. */
export const nameFacetLength = 32;

/** The facets the sort key carries after `<receivedAt>#<applicationId>`. */
export interface SearchFacets {
  receivedAt: string;
  applicationId: string;
  status: ApplicationStatus;
  track: Track;
  sla?: SlaStatus;
  dueAt?: string;
  enterpriseId: string;
  /** Undefined when the list was too long for the key: then the item decides. */
  permits?: string[];
  /** The first `nameFacetLength` characters of the normalized project name. */
  name: string;
  /** Whether `name` is the whole normalized name. */
  nameComplete: boolean;
}

/**
 * A name as the search compares it: Unicode compatibility form (full-width letters and digits become ASCII),
 * lower case, runs of white space as one space, trimmed. Prefixes are compared on this form.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

// '#' separates the facets and ',' the permits: escaped in free text (ids and slugs cannot hold them).
const escape = (text: string) => text.replaceAll('%', '%25').replaceAll('#', '%23');
const unescape = (text: string) => text.replaceAll('%23', '#').replaceAll('%25', '%');

/** The GSI4 sort key of an application: receipt order first (newest-first listing), then its facets. */
export function searchSortKey(application: Application): string {
  const name = [...normalizeName(application.projectName)];
  const head = [
    application.receivedAt,
    application.applicationId,
    application.status,
    application.track,
    application.sla?.status ?? '-',
    application.sla?.dueAt ?? '-',
    application.enterpriseId,
  ];
  const tail = [name.length > nameFacetLength ? 'p' : 'c', escape(name.slice(0, nameFacetLength).join(''))];
  const withPermits = [...head, application.requiredPermits.join(','), ...tail].join('#');
  // 20 long permit slugs could pass the key's limit: the key then says "unknown" and the item decides.
  return Buffer.byteLength(withPermits, 'utf8') <= maxSortKeyBytes
    ? withPermits
    : [...head, '*', ...tail].join('#');
}

/** Reads the facets back from a sort key written by `searchSortKey`. */
export function parseSearchSortKey(sortKey: string): SearchFacets {
  const parts = sortKey.split('#');
  const [receivedAt, applicationId, status, track, sla, dueAt, enterpriseId, permits, complete, ...name] =
    parts;
  return {
    receivedAt: receivedAt!,
    applicationId: applicationId!,
    status: status as ApplicationStatus,
    track: track as Track,
    ...(sla !== '-' ? { sla: sla as SlaStatus } : {}),
    ...(dueAt !== '-' ? { dueAt: dueAt! } : {}),
    enterpriseId: enterpriseId!,
    ...(permits !== '*' ? { permits: permits === '' ? [] : permits!.split(',') } : {}),
    nameComplete: complete === 'c',
    name: unescape(name.join('#')),
  };
}

/** GSI4 on the application item itself: the partition of every application. */
export function searchIndexKey(application: Application): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: allApplicationsSearchPartition, gsi4sk: searchSortKey(application) };
}

/**
 * The search entries of an application: one small item per department it has a step of (the window excepted:
 * the window sees every application), `pk = APP#<id>`, `sk = SRCH#<department>`, holding only keys. Rewritten
 * with the application in every commit that writes it, so their facets stay those of the application; departments
 * are only ever added, so no entry goes stale.
 */
export function searchEntries(
  application: Application,
): { key: PrimaryKey; gsi4pk: string; gsi4sk: string }[] {
  const sortKey = searchSortKey(application);
  return (application.departments ?? [])
    .filter((department) => department !== windowDepartment)
    .map((department) => ({
      key: {
        pk: applicationPartition(application.applicationId),
        sk: `${searchEntrySortKeyPrefix}${department}`,
      },
      gsi4pk: departmentSearchPartition(department),
      gsi4sk: sortKey,
    }));
}
