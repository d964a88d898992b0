// Where handlers get the service configuration: the version in force (the head, re-read at most once a minute,
// like the calendar) and any older version by its number (versions never change, so they are cached for the
// life of the container). The composition root keeps one source per client and table, so in the embedded runtime
// an administrator's change is in force at once everywhere, in the cloud within a minute.
import { DEFAULT_SERVICE_CONFIG } from './config.ts';
import type { ServiceConfigStore, StoredServiceConfig } from './store.ts';
import { toWorkflowConfig, workflowConfig, type WorkflowConfig } from '#shared/config';

/** The port the runtime and the core read configuration versions through. */
export interface ServiceConfigProvider {
  /** The version in force now. */
  current(): Promise<WorkflowConfig>;
  /** The version an application was accepted under. @throws Error when no such version was ever stored */
  version(revision: number): Promise<WorkflowConfig>;
}

/** A configuration that never changes (tests given their own config, benchmarks): every revision is it. */
export function fixedServiceConfig(config: WorkflowConfig = workflowConfig()): ServiceConfigProvider {
  return { current: async () => config, version: async () => config };
}

/**
 * The permit catalogue an application is handled under: the version stamped at its acceptance, else (not yet
 * accepted) the one in force. Undefined without a provider (callers then name permits from the defaults).
 */
export async function catalogueOfApplication(
  provider: Pick<ServiceConfigProvider, 'current' | 'version'> | undefined,
  application: { configRevision?: number | undefined },
): Promise<WorkflowConfig['permits'] | undefined> {
  if (!provider) return undefined;
  const config =
    application.configRevision === undefined
      ? await provider.current()
      : await provider.version(application.configRevision);
  return config.permits;
}

export const SERVICE_CONFIG_CACHE_MS = 60_000;

export interface ServiceConfigSourceOptions {
  store: ServiceConfigStore;
  /** @default SERVICE_CONFIG_CACHE_MS */
  cacheMs?: number;
  logger?: { error(message: string, ...extra: Record<string, unknown>[]): void };
  /** A monotonic clock in milliseconds, for the cache only. @default performance.now */
  monotonicNow?: () => number;
}

export class ServiceConfigSource implements ServiceConfigProvider {
  readonly store: ServiceConfigStore;
  readonly #cacheMs: number;
  readonly #logger: ServiceConfigSourceOptions['logger'];
  readonly #monotonicNow: () => number;
  readonly #versions = new Map<number, Promise<WorkflowConfig>>();
  #head = 0;
  #freshUntil = Number.NEGATIVE_INFINITY;
  #loading: Promise<number> | undefined;

  constructor(options: ServiceConfigSourceOptions) {
    this.store = options.store;
    this.#cacheMs = options.cacheMs ?? SERVICE_CONFIG_CACHE_MS;
    this.#logger = options.logger;
    this.#monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.#versions.set(0, Promise.resolve(toWorkflowConfig(DEFAULT_SERVICE_CONFIG, 0)));
  }

  async current(): Promise<WorkflowConfig> {
    return this.version(await this.#headRevision());
  }

  version(revision: number): Promise<WorkflowConfig> {
    let version = this.#versions.get(revision);
    if (!version) {
      version = this.store.version(revision).then((stored) => {
        if (!stored) throw new Error(`Service configuration revision ${revision} does not exist`);
        return toWorkflowConfig(stored.config, stored.revision);
      });
      // A failed read is not cached: the next invocation tries again.
      version.catch(() => this.#versions.delete(revision));
      this.#versions.set(revision, version);
    }
    return version;
  }

  /** After this process wrote a version itself: in force at once here, no read needed. */
  replace(stored: StoredServiceConfig): void {
    this.#versions.set(stored.revision, Promise.resolve(toWorkflowConfig(stored.config, stored.revision)));
    this.#head = Math.max(this.#head, stored.revision);
    this.#freshUntil = this.#monotonicNow() + this.#cacheMs;
  }

  /** Forgets the cached head, so the next reading goes to the table (tests moving configuration under a runtime). */
  invalidate(): void {
    this.#freshUntil = Number.NEGATIVE_INFINITY;
  }

  #headRevision(): Promise<number> {
    if (this.#monotonicNow() < this.#freshUntil) return Promise.resolve(this.#head);
    this.#loading ??= this.store
      .headRevision()
      .then(
        (revision) => {
          this.#head = revision;
          this.#freshUntil = this.#monotonicNow() + this.#cacheMs;
          return revision;
        },
        (error: unknown) => {
          // The last version read keeps serving: deadlines go on being computed rather than failing.
          this.#freshUntil = this.#monotonicNow() + 5_000;
          this.#logger?.error('The service configuration head could not be read; the last one is used', {
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
          return this.#head;
        },
      )
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }
}
