// A small HTTP client for the embedded runtime, for the demo script and the end-to-end tests: calls the API as
// one of the demo users (tokens from GET /local/tokens), and uses the runtime's local routes to move its clock
// and to wait until the workflows have caught up. HTTP only: nothing of the platform is imported.

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiCallError extends Error {
  constructor(
    readonly request: string,
    readonly response: ApiResponse,
  ) {
    super(`${request} answered ${response.status}: ${JSON.stringify(response.body)}`);
    this.name = 'ApiCallError';
  }
}

export class LocalApiClient {
  readonly baseUrl: string;
  #tokens = new Map<string, string>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  /** Fetches fresh tokens for every demo user (tokens expire; a clock moved forward expires them sooner). */
  async refreshTokens(): Promise<void> {
    const { body } = await this.request<{ users: { userId: string; token: string }[] }>(
      'GET',
      '/local/tokens',
    );
    this.#tokens = new Map(body.users.map((user) => [user.userId, user.token]));
  }

  /** Calls the API as `userId` (a demo user; undefined: no token). Never throws on an HTTP status. */
  async call<T = unknown>(
    userId: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    let token: string | undefined;
    if (userId !== undefined) {
      if (this.#tokens.size === 0) await this.refreshTokens();
      token = this.#tokens.get(userId);
      if (!token) throw new Error(`No demo user ${userId}`);
    }
    return this.request<T>(method, path, body, {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    });
  }

  /** Like `call`, but throws ApiCallError unless the status is 2xx. */
  async ok<T = unknown>(
    userId: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await this.call<T>(userId, method, path, body, headers);
    if (response.status < 200 || response.status > 299) {
      throw new ApiCallError(`${method} ${path} as ${userId ?? 'anonymous'}`, response);
    }
    return response.body;
  }

  /** The runtime's current time. */
  async now(): Promise<Date> {
    const { body } = await this.request<{ now: string }>('GET', '/local/clock');
    return new Date(body.now);
  }

  /** Moves the runtime's clock to `instant` (forward only), then waits for the workflows to catch up. */
  async setClock(instant: string | Date): Promise<Date> {
    const to = typeof instant === 'string' ? instant : instant.toISOString();
    const response = await this.request<{ now: string }>('POST', '/local/clock', { to });
    if (response.status !== 200) throw new ApiCallError('POST /local/clock', response);
    await this.settled();
    await this.refreshTokens();
    return new Date(response.body.now);
  }

  /** Waits until every execution waits for a decision or a timer (GET /local/settled). */
  async settled(): Promise<void> {
    const response = await this.request('GET', '/local/settled');
    if (response.status !== 200) throw new ApiCallError('GET /local/settled', response);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        // Local routes that change something take JSON only (infra/local/request-guard.ts), body or not.
        ...(body !== undefined || (method !== 'GET' && path.startsWith('/local/'))
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}
