// Who is signed in. Locally the runtime's issuer hands out demo users' tokens (GET /local/tokens); in the cloud
// the portal signs in through Cognito's hosted UI with the authorization code flow and PKCE, by oidc-client-ts
// (loaded only then), configured from /assets/config.json, which the stack writes at deployment. MFA is
// whatever the user pool requires: the hosted UI asks for it. The token lives in sessionStorage (one tab,
// gone with it); the API decides what the caller may do, the roles here only choose screens.
export interface Principal {
  userId: string;
  roles: string[];
  enterpriseId?: string;
  department?: string;
  agencyFor?: string[];
  /** A department lead (科室负责人): assigns and reassigns the department's steps. */
  lead?: boolean;
}

export interface Session {
  token: string;
  principal: Principal;
  description?: string;
}

export type RuntimeConfig =
  | { auth: { mode: 'local' } }
  | {
      auth: {
        mode: 'cognito';
        /** The user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<poolId> */
        authority: string;
        clientId: string;
        /** @default the portal's origin + '/' */
        redirectUri?: string;
        /** @default 'openid email profile' */
        scope?: string;
      };
    };

const storageKey = 'ow.session';
const actingKey = 'ow.acting-for';
const listeners = new Set<() => void>();
let current: Session | undefined = read();

function read(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function session(): Session | undefined {
  return current;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function setSession(next: Session | undefined): void {
  current = next;
  if (next) sessionStorage.setItem(storageKey, JSON.stringify(next));
  else sessionStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function signOut(): void {
  sessionStorage.removeItem(actingKey);
  setSession(undefined);
}

/** The enterprise an agency officer acts for right now (代办), chosen in the header. */
export function actingFor(): string | undefined {
  const principal = current?.principal;
  if (!principal?.agencyFor?.length) return undefined;
  const chosen = sessionStorage.getItem(actingKey);
  return chosen && principal.agencyFor.includes(chosen) ? chosen : principal.agencyFor[0];
}

export function setActingFor(enterpriseId: string): void {
  sessionStorage.setItem(actingKey, enterpriseId);
  for (const listener of listeners) listener();
}

export async function loadConfig(): Promise<RuntimeConfig> {
  try {
    const response = await fetch('/assets/config.json', { cache: 'no-store' });
    if (response.ok) return (await response.json()) as RuntimeConfig;
  } catch {
    // no config: the embedded runtime
  }
  return { auth: { mode: 'local' } };
}

export interface DemoUser extends Principal {
  description: string;
  token: string;
}

export async function demoUsers(): Promise<DemoUser[]> {
  const response = await fetch('/local/tokens', { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /local/tokens answered ${response.status}`);
  return ((await response.json()) as { users: DemoUser[] }).users;
}

export function signInAs(user: DemoUser): void {
  const { token, description, ...principal } = user;
  setSession({ token, principal, description });
}

type CognitoConfig = Extract<RuntimeConfig['auth'], { mode: 'cognito' }>;

async function userManager(config: CognitoConfig) {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri ?? `${location.origin}/`,
    response_type: 'code', // authorization code with PKCE (oidc-client-ts always sends a code challenge)
    scope: config.scope ?? 'openid email profile',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

export async function signInWithCognito(config: CognitoConfig): Promise<void> {
  await (await userManager(config)).signinRedirect();
}

/** After the hosted UI sends the browser back with `?code=…&state=…`: exchange it, keep the ID token. */
export async function completeCognitoSignIn(config: CognitoConfig): Promise<boolean> {
  const query = new URLSearchParams(location.search);
  if (!query.has('code') || !query.has('state')) return false;
  const user = await (await userManager(config)).signinRedirectCallback();
  history.replaceState(null, '', `${location.pathname}#/`);
  if (!user.id_token) throw new Error('no ID token');
  // The API authorizes with the ID token (its groups and custom attributes say the roles).
  setSession({
    token: user.id_token,
    principal: principalFromClaims(user.profile as Record<string, unknown>),
  });
  return true;
}

/** For choosing screens only; the API maps the same claims authoritatively (shared/auth/principal.ts). */
function principalFromClaims(claims: Record<string, unknown>): Principal {
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const roles = groups.filter((g) =>
    ['enterprise', 'window-clerk', 'agency-officer', 'administrator'].includes(g),
  );
  const departments = groups.filter((g) => g.startsWith('dept-')).map((g) => g.slice(5));
  if (departments.length > 0) roles.push('department-officer');
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
  const agencyFor = text('custom:agencyFor')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    userId: String(claims.sub),
    roles,
    ...(text('custom:enterpriseId') ? { enterpriseId: text('custom:enterpriseId') } : {}),
    ...(departments.length > 0 ? { department: text('custom:department') ?? departments[0] } : {}),
    ...(agencyFor?.length ? { agencyFor } : {}),
  };
}

export function hasRole(role: string): boolean {
  return current?.principal.roles.includes(role) ?? false;
}

/** Where a role starts. */
export function homeOf(principal: Principal | undefined): string {
  const roles = principal?.roles ?? [];
  if (roles.includes('administrator')) return '/admin';
  if (roles.includes('window-clerk')) return '/intake';
  if (roles.includes('department-officer')) return '/inbox';
  if (roles.includes('enterprise') || roles.includes('agency-officer')) return '/applications';
  return '/sign-in';
}
