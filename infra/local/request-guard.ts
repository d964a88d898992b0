// What the embedded runtime refuses before any route runs. It listens on loopback, but a browser on the same
// machine still reaches it: a DNS-rebinding page (evil.example resolving to 127.0.0.1) sends its own host name
// in `Host` and could read `GET /local/tokens` (an administrator's token among them), and a cross-site form can
// POST to it (forms send only form or text content types, without a preflight). So: only loopback host names,
// and `application/json` on every local route that changes something, which a form cannot send.

/** Host names (without port) the runtime answers to. */
export const loopbackHostNames: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export interface GuardedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface Refusal {
  status: number;
  message: string;
}

/** The refusal for a request the runtime must not serve, or undefined to serve it. */
export function refuseForeignRequest(request: GuardedRequest): Refusal | undefined {
  const host = hostName(firstHeader(request.headers.host));
  if (host === undefined || !loopbackHostNames.includes(host)) {
    return {
      status: 421,
      message: `This local runtime answers only to ${loopbackHostNames.join(', ')} (Host header)`,
    };
  }
  if (request.path.startsWith('/local/') && request.method !== 'GET' && request.method !== 'HEAD') {
    const type = firstHeader(request.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return { status: 415, message: 'Local routes take Content-Type: application/json' };
    }
  }
  return undefined;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`; lower case. Undefined when absent or malformed. */
function hostName(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const text = host.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(text);
  return match?.[1];
}
