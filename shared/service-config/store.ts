// The port of the service configuration's store: versions are immutable once written (an application accepted
// under revision 3 is handled under revision 3 for good), a head names the revision in force, and every change
// carries its audit event. The DynamoDB adapter is shared/data/service-config-store.ts.
import type { ServiceConfig, ServiceConfigEvent } from './config.ts';

export interface StoredServiceConfig {
  revision: number;
  config: ServiceConfig;
  changedBy?: string;
  changedAt?: string;
}

export interface ServiceConfigStore {
  /** The revision in force: one consistent read; 0 while nothing was ever stored (the defaults). */
  headRevision(): Promise<number>;
  /** One stored version; undefined when there is none by that number. */
  version(revision: number): Promise<StoredServiceConfig | undefined>;
  /**
   * Writes revision `expectedRevision + 1`, conditioned on the head still being at `expectedRevision`.
   * @throws Conflict `STALE_VERSION` when another change came first (nothing is written)
   */
  write(change: {
    expectedRevision: number;
    config: ServiceConfig;
    at: string;
    changedBy: string;
    event: ServiceConfigEvent;
  }): Promise<StoredServiceConfig>;
  /** The latest audit events, newest first. */
  listEvents(limit: number): Promise<ServiceConfigEvent[]>;
}
