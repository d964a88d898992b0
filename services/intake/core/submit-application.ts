// Filing an application (一窗受理 starts here): the application and its audit event in one commit, then the
// approval workflow, named after the application so that no retry can start a second one.
//
// Idempotency comes in two layers. Replays are answered by the HTTP layer (shared/http/idempotency.ts): the
// first response is stored and returned again, as on every route that changes something. Here, the effect:
// with an `Idempotency-Key` the application ID is derived from (enterprise, key), so an attempt the HTTP layer
// let run again — the first one failed half-way (stored, workflow not started) and released its key, or the
// record expired after 24 hours — meets the first write (ALREADY_EXISTS) and finishes it instead of filing a
// second application. The request's fingerprint, kept on the 'application-submitted' event, still tells such a
// retry from a key reused for a different request (409).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { actingForEnterprise, type Acting } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, ValidationError } from '#shared/errors';
import {
  enterpriseIdSchema,
  submitApplicationInputSchema,
  type Application,
  type AuditEvent,
  type EnterpriseId,
} from '#shared/model';
import type { SubmitDeps } from '#services/application/core/ports';

/**
 * The request body: the model's submission, plus `enterpriseId` for an agency officer filing for an
 * enterprise it represents (全程代办). An enterprise user files for itself and may omit it.
 */
export const submitApplicationBodySchema = submitApplicationInputSchema.safeExtend({
  enterpriseId: enterpriseIdSchema
    .optional()
    .describe('The enterprise filed for; required for agency officers, optional (own) for enterprises'),
});
export type SubmitApplicationBody = z.infer<typeof submitApplicationBodySchema>;

export interface SubmitApplicationRequest {
  principal: Principal;
  body: SubmitApplicationBody;
  idempotencyKey?: string | undefined;
}

export interface SubmitApplicationResult {
  application: Application;
  /** True when an earlier request with the same Idempotency-Key had filed it. */
  replayed: boolean;
}

/**
 * Files an application for the enterprise the caller acts for, then starts its workflow.
 * @throws ValidationError (`enterpriseId` missing for an agency officer, `commitment` off the standard-land track)
 * @throws Forbidden when the caller does not act for the enterprise named
 * @throws Conflict `IDEMPOTENCY_KEY_REUSED` when the key was used for a different request
 */
export async function submitApplication(
  deps: SubmitDeps,
  request: SubmitApplicationRequest,
): Promise<SubmitApplicationResult> {
  const { principal, body, idempotencyKey } = request;
  const { enterpriseId, acting } = resolveFiler(principal, body.enterpriseId);
  const { enterpriseId: _named, commitment, ...project } = body;
  if (commitment !== undefined && project.track !== 'standard-land') {
    throw new ValidationError('the request is invalid', [
      { path: 'commitment', message: 'a commitment (承诺书) is signed only on the standard-land track' },
    ]);
  }

  const now = deps.now().toISOString();
  const applicationId =
    idempotencyKey === undefined
      ? `app-${deps.newId()}`
      : idempotentApplicationId(enterpriseId, idempotencyKey);
  const fingerprint = requestFingerprint(enterpriseId, body);

  const application: Application = {
    applicationId,
    enterpriseId,
    ...(acting.actor.role === 'agency-officer' ? { agencyOfficerId: acting.actor.userId } : {}),
    ...project,
    ...(commitment !== undefined
      ? { commitment: { signedAt: now, signedBy: principal.userId, indicators: commitment.indicators } }
      : {}),
    status: 'submitted',
    receivedAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };

  // Same-instant events sort by eventId, so a shared prefix with an index keeps them in this order.
  const eventBase = `evt-${deps.newId()}`;
  const event = (type: AuditEvent['type'], detail: AuditEvent['detail'], i: number): AuditEvent => ({
    applicationId,
    eventId: `${eventBase}-${i}`,
    at: now,
    type,
    actor: acting.actor,
    ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
    detail,
  });
  const events: AuditEvent[] = [
    {
      ...event(
        'application-submitted',
        {
          track: project.track,
          requiredPermits: project.requiredPermits,
          documents: project.documents.length,
          requestFingerprint: fingerprint,
        },
        0,
      ),
      toStatus: 'submitted',
    },
  ];
  if (acting.actor.role === 'agency-officer') {
    events.push(event('agency-officer-assigned', { agencyOfficerId: acting.actor.userId }, events.length));
  }
  if (application.commitment) {
    events.push(
      event(
        'commitment-signed',
        { indicators: Object.keys(application.commitment.indicators) },
        events.length,
      ),
    );
  }

  let stored: Application;
  let replayed = false;
  try {
    await deps.repository.commit({ create: [application], events });
    stored = application;
    deps.metrics?.count('ApplicationsSubmitted');
  } catch (error) {
    if (!(idempotencyKey !== undefined && error instanceof Conflict && error.code === 'ALREADY_EXISTS')) {
      throw error;
    }
    stored = await replayOf(deps, applicationId, fingerprint);
    replayed = true;
  }

  return { application: await ensureWorkflowStarted(deps, stored, acting), replayed };
}

/** The enterprise filed for, and how the caller acts for it. */
function resolveFiler(
  principal: Principal,
  named: EnterpriseId | undefined,
): { enterpriseId: EnterpriseId; acting: Acting } {
  const enterpriseId = named ?? (principal.roles.includes('enterprise') ? principal.enterpriseId : undefined);
  if (enterpriseId === undefined) {
    throw new ValidationError('the request is invalid', [
      { path: 'enterpriseId', message: 'an agency officer names the enterprise it files for' },
    ]);
  }
  const acting = actingForEnterprise(principal, enterpriseId);
  if (!acting) throw new Forbidden(`The caller does not act for enterprise ${enterpriseId}`);
  return { enterpriseId, acting };
}

/**
 * The application ID for a request with an Idempotency-Key: a hash, so the key itself is not exposed, and
 * scoped to the enterprise, so two enterprises' keys never meet.
 */
export function idempotentApplicationId(enterpriseId: EnterpriseId, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${enterpriseId}\u0000${idempotencyKey}`).digest('hex');
  return `app-${digest.slice(0, 32)}`;
}

function requestFingerprint(enterpriseId: EnterpriseId, body: SubmitApplicationBody): string {
  const { enterpriseId: _named, ...rest } = body;
  return createHash('sha256')
    .update(canonicalJson({ enterpriseId, ...rest }))
    .digest('hex');
}

/** JSON with object keys sorted, so equal requests hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function replayOf(deps: SubmitDeps, applicationId: string, fingerprint: string): Promise<Application> {
  const [application, timeline] = await Promise.all([
    deps.repository.getApplication(applicationId),
    deps.repository.getTimeline(applicationId),
  ]);
  const submitted = timeline.find((event) => event.type === 'application-submitted');
  if (submitted?.detail.requestFingerprint !== fingerprint) {
    throw new Conflict(
      'This Idempotency-Key was already used for a different request',
      'IDEMPOTENCY_KEY_REUSED',
    );
  }
  return application;
}

const maxArnWriteAttempts = 3;

/**
 * Starts the workflow unless the application already names its execution, and records the execution. The
 * workflow's first task may change the application meanwhile: a stale write is read again and retried.
 */
async function ensureWorkflowStarted(
  deps: SubmitDeps,
  application: Application,
  acting: Acting,
): Promise<Application> {
  if (application.executionArn !== undefined) return application;
  const { executionArn } = await deps.workflow.startExecution(application.applicationId);

  let current = application;
  for (let attempt = 1; ; attempt++) {
    if (current.executionArn !== undefined) return current;
    // At least a millisecond after the submission, so the timeline (ordered by time) shows cause before effect.
    const now = new Date(Math.max(deps.now().getTime(), Date.parse(current.createdAt) + 1)).toISOString();
    const updated: Application = { ...current, executionArn, updatedAt: now };
    try {
      const { updated: written } = await deps.repository.commit({
        update: [updated],
        events: [
          {
            applicationId: current.applicationId,
            eventId: `evt-${deps.newId()}`,
            at: now,
            type: 'workflow-started',
            actor: acting.actor,
            ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
            detail: { executionName: current.applicationId },
          },
        ],
      });
      return written[0];
    } catch (error) {
      if (!(error instanceof Conflict && error.code === 'STALE_VERSION') || attempt >= maxArnWriteAttempts) {
        throw error;
      }
      current = await deps.repository.getApplication(application.applicationId);
    }
  }
}
