// Administration of the service centre's configuration (permit catalogue, time limits, 容缺 rules): an
// administrator reads the version in force (or an older one) and writes a new version, validated with field
// paths, conditioned on the revision the administrator read (409 otherwise), audited under CONFIG#service, in
// force at once in this process and within a minute elsewhere. An application keeps the version it was accepted
// under, so nothing running changes underneath it.
import * as z from 'zod';
import { Conflict, NotFound } from '#shared/errors';
import type { Actor } from '#shared/model';
import {
  changedPaths,
  DEFAULT_SERVICE_CONFIG,
  serviceConfigEventSchema,
  serviceConfigSchema,
  type ServiceConfig,
} from '#shared/service-config/config';
import type { ServiceConfigSource } from '#shared/service-config/source';

export interface ServiceConfigAdminDeps {
  serviceConfigs: ServiceConfigSource;
  now: () => Date;
  newId: () => string;
}

export const serviceConfigViewSchema = z.strictObject({
  revision: z.number().int().describe('0: the built-in defaults, never changed'),
  inForce: z.boolean().describe('This is the version new acceptances are stamped with'),
  changedBy: z.string().optional(),
  changedAt: z.string().optional(),
  config: serviceConfigSchema,
  changes: z
    .array(serviceConfigEventSchema)
    .describe('The latest changes, newest first (only with the version in force)')
    .optional(),
});
export type ServiceConfigView = z.infer<typeof serviceConfigViewSchema>;

export const putServiceConfigBodySchema = z.strictObject({
  expectedRevision: z
    .number()
    .int()
    .min(0)
    .describe('The revision the administrator read (GET); 409 when another change came first'),
  config: serviceConfigSchema,
  note: z.string().trim().min(1).max(500).optional().describe('Why, for the audit log'),
});
export type PutServiceConfigBody = z.infer<typeof putServiceConfigBodySchema>;

export const serviceConfigChangeResultSchema = z.strictObject({
  changed: z.boolean().describe('false: the configuration already was exactly this (nothing written)'),
  revision: z.number().int(),
  changedPaths: z.array(z.string()),
});
export type ServiceConfigChangeResult = z.infer<typeof serviceConfigChangeResultSchema>;

/** The version in force (with the latest changes), or an older one by its revision. */
export async function getServiceConfig(
  deps: ServiceConfigAdminDeps,
  request: { revision?: number } = {},
): Promise<ServiceConfigView> {
  const { store } = deps.serviceConfigs;
  const head = await store.headRevision();
  const revision = request.revision ?? head;
  if (revision > head) throw new NotFound(`No configuration revision ${revision}`);
  const stored = revision === 0 ? undefined : await store.version(revision);
  if (revision !== 0 && !stored) throw new NotFound(`No configuration revision ${revision}`);
  return {
    revision,
    inForce: revision === head,
    ...(stored?.changedBy ? { changedBy: stored.changedBy } : {}),
    ...(stored?.changedAt ? { changedAt: stored.changedAt } : {}),
    config: stored?.config ?? DEFAULT_SERVICE_CONFIG,
    ...(request.revision === undefined ? { changes: await store.listEvents(20) } : {}),
  };
}

/**
 * Writes a new configuration version (the whole document: what is not sent is not kept).
 * @throws Conflict `STALE_VERSION` when the revision in force is not the one the administrator read
 */
export async function putServiceConfig(
  deps: ServiceConfigAdminDeps,
  request: { actor: Actor; body: PutServiceConfigBody },
): Promise<ServiceConfigChangeResult> {
  const { actor, body } = request;
  const source = deps.serviceConfigs;
  const head = await source.store.headRevision();
  if (body.expectedRevision !== head) {
    throw new Conflict(
      `The configuration in force is revision ${head}, not ${body.expectedRevision}; reload and try again`,
      'STALE_VERSION',
    );
  }
  const before: ServiceConfig =
    head === 0
      ? DEFAULT_SERVICE_CONFIG
      : ((await source.store.version(head))?.config ?? DEFAULT_SERVICE_CONFIG);
  const paths = changedPaths(before, body.config);
  if (paths.length === 0) return { changed: false, revision: head, changedPaths: [] };

  const at = deps.now().toISOString();
  const stored = await source.store.write({
    expectedRevision: head,
    config: body.config,
    at,
    changedBy: actor.userId,
    event: {
      eventId: `evt-${deps.newId()}`,
      at,
      type: 'service-config-changed',
      actor,
      fromRevision: head,
      toRevision: head + 1,
      changed: paths,
      ...(body.note ? { note: body.note } : {}),
    },
  });
  source.replace(stored);
  return { changed: true, revision: stored.revision, changedPaths: paths };
}
