// The HTTP API as the benchmarks drive it (scripts/bench/cost.ts, throughput.ts): as the portal does, with a fresh
// Idempotency-Key on every write, each request counted; and the regular application they file.
import { randomUUID } from 'node:crypto';
import { LocalApiClient } from '#infra/local/api-client';
import { documentMeta } from '#infra/local/driver';
import { permitTypes } from '#shared/model';

export class CountingClient {
  /** Requests sent so far. */
  requests = 0;
  readonly api: LocalApiClient;

  constructor(baseUrl: string) {
    this.api = new LocalApiClient(baseUrl);
  }

  /** Sends a request as a demo user; throws unless 2xx. */
  call<T>(as: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    this.requests += 1;
    return this.api.ok<T>(
      as,
      method,
      path,
      body,
      method === 'POST' ? { 'idempotency-key': randomUUID() } : {},
    );
  }
}

/** The body of `POST /applications` for a regular application with the usual five permits (五证). */
export function regularFiling(projectName: string): Record<string, unknown> {
  return {
    projectName,
    projectType: 'industrial-plant',
    track: 'regular',
    landParcel: { parcelId: 'GEN-001', areaMu: 50, location: '工业园区 一般工业用地' },
    investmentYuan: 80_000_000,
    requiredPermits: [...permitTypes],
    documents: [documentMeta('site-plan', '总平面图.pdf'), documentMeta('business-licence', '营业执照.pdf')],
  };
}
