// Who is calling. The one place that turns identity claims into a Principal: claims that API Gateway's JWT
// authorizer verified (cloud: Cognito) or that the local issuer signed (embedded runtime) — same shape both ways.
import { Forbidden, Unauthorized } from '#shared/errors';
import { departmentIdSchema, enterpriseIdSchema, roles as ROLES, type Role } from '#shared/model';

export { ROLES, type Role };

export interface Principal {
  userId: string;
  roles: Role[];
  /** Present exactly when `roles` holds 'enterprise'. */
  enterpriseId?: string;
  /** Present exactly when `roles` holds 'department-officer'. */
  department?: string;
  /**
   * A lead of the officer's department (科室负责人): assigns and reassigns its steps and may decide any of them.
   * From the Cognito group `department-lead`; true only together with `department`.
   */
  lead?: boolean;
  /** Enterprise IDs an agency officer represents (全程代办); present exactly when `roles` holds 'agency-officer'. */
  agencyFor?: string[];
}

/** The claims this platform reads, as an issuer puts them in a token (before API Gateway stringifies them). */
export type IdentityClaims = {
  sub: string;
  'cognito:groups'?: string[];
  'custom:enterpriseId'?: string;
  'custom:department'?: string;
  /** Comma separated enterprise IDs. */
  'custom:agencyFor'?: string;
  /** Cognito sets it on every token it issues; only ID tokens ('id') carry the user's groups and attributes. */
  token_use?: 'id';
};

/** What API Gateway hands to Lambda on `requestContext.authorizer.jwt.claims`. */
export type EventClaims = Record<string, string | number | boolean | string[] | undefined>;

const DEPARTMENT_GROUP_PREFIX = 'dept-';
/** A flag on the department officer, not a role of its own: a lead is an officer of the same department. */
export const DEPARTMENT_LEAD_GROUP = 'department-lead';
const PLAIN_ROLE_GROUPS = new Set<string>(['enterprise', 'window-clerk', 'agency-officer', 'administrator']);
const MAX_ID_LENGTH = 256;

/**
 * Reads the caller's principal from an API Gateway HTTP API (payload v2) event.
 * @throws Unauthorized when the event carries no usable identity.
 */
export function principalFromEvent(event: { requestContext?: unknown }): Principal {
  const claims = readPath(event.requestContext, ['authorizer', 'jwt', 'claims']);
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new Unauthorized('authentication required');
  }
  return principalFromClaims(claims as EventClaims);
}

/**
 * Maps identity claims to a principal. A role whose companion attribute is missing or ambiguous is dropped
 * (an enterprise user without an enterprise ID, an officer in two departments with no `custom:department`
 * choosing one), so `principal.enterpriseId === resource.enterpriseId` can never match two undefineds.
 * Role-bearing data comes from groups, which only administrators set; custom attributes merely refine them.
 * @throws Unauthorized when there is no subject, or the claims are an access token's (`token_use` not 'id').
 */
export function principalFromClaims(claims: EventClaims | IdentityClaims): Principal {
  const userId = claims.sub;
  if (typeof userId !== 'string' || !isIdentifier(userId)) {
    throw new Unauthorized('authentication required');
  }
  // API Gateway's JWT authorizer also lets the app client's access tokens through (it checks their
  // `client_id` against the audience). Access tokens carry no custom attributes, so only ID tokens are read.
  // A token without `token_use` is none Cognito issued: refused like any other kind.
  const tokenUse = (claims as EventClaims).token_use;
  if (tokenUse !== 'id') {
    throw new Unauthorized('an ID token is required');
  }
  const groups = parseGroups(claims['cognito:groups']);
  const roles = new Set<Role>();
  const departments = new Set<string>();
  for (const group of groups) {
    if (PLAIN_ROLE_GROUPS.has(group)) roles.add(group as Role);
    else if (group.startsWith(DEPARTMENT_GROUP_PREFIX)) {
      const department = group.slice(DEPARTMENT_GROUP_PREFIX.length);
      if (departmentIdSchema.safeParse(department).success) departments.add(department);
    }
  }

  const principal: Principal = { userId, roles: [] };

  // IDs from claims end up in keys and items like any other input, so they must be IDs the model accepts.
  const enterpriseId = enterpriseIdOf(stringClaim(claims['custom:enterpriseId']));
  if (roles.has('enterprise') && enterpriseId === undefined) roles.delete('enterprise');
  if (roles.has('enterprise')) principal.enterpriseId = enterpriseId;

  const department = chooseDepartment(departments, stringClaim(claims['custom:department']));
  if (department !== undefined) {
    roles.add('department-officer');
    principal.department = department;
    if (groups.includes(DEPARTMENT_LEAD_GROUP)) principal.lead = true;
  }

  if (roles.has('agency-officer')) {
    principal.agencyFor = parseList(claims['custom:agencyFor']).filter(
      (id) => enterpriseIdOf(id) !== undefined,
    );
  }

  principal.roles = ROLES.filter((role) => roles.has(role));
  return principal;
}

/**
 * Parses the group claim in every shape it arrives in: API Gateway flattens array claims to a string such
 * as `"[enterprise dept-planning]"`; a local or test caller may pass a real array or a JSON array string.
 */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return cleanList(value);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return cleanList(parsed);
      } catch {
        // Not JSON after all: a group name may start with a quote; fall through to the space-separated form.
      }
    }
    return cleanList(inner.split(/\s+/));
  }
  return cleanList(text.split(/\s+/));
}

/** True when the principal holds at least one of the roles. */
export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}

/** @throws Forbidden unless the principal holds at least one of the roles. */
export function requireAnyRole(principal: Principal, roles: readonly Role[]): void {
  if (!hasAnyRole(principal, roles))
    throw new Forbidden('the caller has no role permitted for this operation');
}

/**
 * The inverse mapping, for the local issuer's demo users and for tests: the claims a Cognito user with this
 * principal's groups and attributes would carry.
 */
export function claimsForPrincipal(principal: Principal): IdentityClaims {
  const groups: string[] = principal.roles.filter((role) => role !== 'department-officer');
  const claims: IdentityClaims = { sub: principal.userId, token_use: 'id', 'cognito:groups': groups };
  if (principal.enterpriseId !== undefined) claims['custom:enterpriseId'] = principal.enterpriseId;
  if (principal.department !== undefined) {
    groups.push(`${DEPARTMENT_GROUP_PREFIX}${principal.department}`);
    claims['custom:department'] = principal.department;
    if (principal.lead === true) groups.push(DEPARTMENT_LEAD_GROUP);
  }
  if (principal.agencyFor !== undefined) claims['custom:agencyFor'] = principal.agencyFor.join(',');
  return claims;
}

function chooseDepartment(departments: Set<string>, claimed: string | undefined): string | undefined {
  if (claimed !== undefined) return departments.has(claimed) ? claimed : undefined;
  return departments.size === 1 ? [...departments][0] : undefined;
}

function parseList(value: unknown): string[] {
  if (Array.isArray(value)) return unique(cleanList(value));
  if (typeof value !== 'string') return [];
  return unique(cleanList(value.split(',')));
}

function cleanList(values: unknown[]): string[] {
  return values
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(isIdentifier);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function enterpriseIdOf(value: string | undefined): string | undefined {
  return value !== undefined && enterpriseIdSchema.safeParse(value).success ? value : undefined;
}

function stringClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return isIdentifier(text) ? text : undefined;
}

function isIdentifier(text: string): boolean {
  if (text.length === 0 || text.length > MAX_ID_LENGTH) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

function readPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
