// Filing an application (一窗受理 starts here): the application and its audit event in one commit, then the
// approval workflow, named after the application so that no retry can start a second one.
//
// Idempotency comes in two layers. Replays are answered by the HTTP layer (shared/http/idempotency.ts): the
// first response is stored and returned again, as on every route that changes something. Here, the effect:
// with an `Idempotency-Key` the application ID is derived from (enterprise, caller, key) — the HTTP layer keys
// records per caller too, so two users of one enterprise (or its agency officer) reusing a key file two
// applications instead of meeting each other's — and an attempt the HTTP layer
// let run again — the first one failed half-way (stored, workflow not started) and released its key, or the
// record expired after 24 hours — meets the first write (ALREADY_EXISTS) and finishes it instead of filing a
// second application. The request's fingerprint, kept on the 'application-submitted' event, still tells such a
// retry from a key reused for a different request (409).
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Acting } from '#shared/access/index';
import { filingActor } from '#shared/access/projects';
import type { Project } from '#shared/projects/model';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, RuleViolation, ValidationError } from '#shared/errors';
import { landAcquisitionIssues, permitsOutsideCatalogue } from './catalogue-rules.ts';
import {
  enterpriseIdSchema,
  submitApplicationInputSchema,
  type Application,
  type AuditEvent,
  type EnterpriseId,
  type Indicators,
} from '#shared/model';
import { commitmentIssues, parcelIssues } from '#shared/parcels/parcel';
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
 * @throws ValidationError `landAcquiredOn` in the future or before the calendar's first year
 * @throws RuleViolation (422) `PERMIT_NOT_IN_CATALOGUE`; on standard land `PARCEL_NOT_REGISTERED`,
 *   `PARCEL_NOT_AVAILABLE` (granted to another enterprise, or another acquisition date), `COMMITMENT_BELOW_CONTROL`
 * @throws Conflict `IDEMPOTENCY_KEY_REUSED` when the key was used for a different request
 */
export async function submitApplication(
  deps: SubmitDeps,
  request: SubmitApplicationRequest,
): Promise<SubmitApplicationResult> {
  const { principal, body, idempotencyKey } = request;
  // The project named is read once: it may be what lets the caller file (its secretary), and it must be the
  // enterprise's.
  const registered =
    body.projectId !== undefined && deps.projects
      ? await deps.projects.findProject(body.projectId)
      : undefined;
  const { enterpriseId, acting } = resolveFiler(principal, body.enterpriseId, registered);
  const { enterpriseId: _named, commitment, ...filed } = body;
  let project = filed;
  if (commitment !== undefined && project.track !== 'standard-land') {
    throw new ValidationError('the request is invalid', [
      { path: 'commitment', message: 'a commitment (承诺书) is signed only on the standard-land track' },
    ]);
  }

  // The catalogue in force and the calendar: permits the centre does not issue and impossible dates are refused
  // before anything is written.
  const dateIssues = landAcquisitionIssues(deps.calendar, deps.now(), project.landAcquiredOn);
  if (dateIssues.length > 0) throw new ValidationError('the request is invalid', dateIssues);
  const outside = permitsOutsideCatalogue(deps.config, project.requiredPermits);
  if (outside.length > 0) {
    throw new RuleViolation(
      'a permit applied for is not in the catalogue',
      outside,
      'PERMIT_NOT_IN_CATALOGUE',
    );
  }
  if (project.track === 'standard-land') {
    project = await onRegisteredParcel(deps, enterpriseId, project, commitment?.indicators);
  }
  if (project.projectId !== undefined) assertProjectOf(registered, project.projectId, enterpriseId);

  const now = deps.now().toISOString();
  const applicationId =
    idempotencyKey === undefined
      ? `app-${deps.newId()}`
      : idempotentApplicationId(enterpriseId, principal.userId, idempotencyKey);
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

/**
 * 标准地: the parcel must be registered and not granted to another enterprise; its area and location, and the land
 * acquisition date of its grant record, are the register's; a commitment signed with the filing must meet every
 * control indicator of the parcel.
 * @throws RuleViolation (422) `PARCEL_NOT_REGISTERED`, `PARCEL_NOT_AVAILABLE`, `COMMITMENT_BELOW_CONTROL`
 */
async function onRegisteredParcel<P extends Omit<SubmitApplicationBody, 'enterpriseId' | 'commitment'>>(
  deps: SubmitDeps,
  enterpriseId: EnterpriseId,
  project: P,
  committed: Indicators | undefined,
): Promise<P> {
  const parcel = await deps.parcels.get(project.landParcel.parcelId);
  const issues = parcelIssues(parcel, enterpriseId, project.landAcquiredOn);
  if (!parcel || issues.length > 0) {
    throw new RuleViolation(
      'the parcel is not a standard-land parcel this enterprise may file on',
      issues,
      parcel ? 'PARCEL_NOT_AVAILABLE' : 'PARCEL_NOT_REGISTERED',
    );
  }
  if (committed !== undefined) {
    const below = commitmentIssues(parcel, committed, 'commitment.indicators');
    if (below.length > 0) {
      throw new RuleViolation(
        "the commitment does not meet the parcel's control indicators",
        below,
        'COMMITMENT_BELOW_CONTROL',
      );
    }
  }
  return {
    ...project,
    landParcel: { parcelId: parcel.parcelId, areaMu: parcel.areaMu, location: parcel.location },
    landAcquiredOn: parcel.grant?.landAcquiredOn ?? project.landAcquiredOn,
  };
}

/** The enterprise filed for, and how the caller acts for it. */
function resolveFiler(
  principal: Principal,
  named: EnterpriseId | undefined,
  project: Project | undefined,
): { enterpriseId: EnterpriseId; acting: Acting } {
  const enterpriseId = named ?? (principal.roles.includes('enterprise') ? principal.enterpriseId : undefined);
  if (enterpriseId === undefined) {
    throw new ValidationError('the request is invalid', [
      { path: 'enterpriseId', message: 'an agency officer names the enterprise it files for' },
    ]);
  }
  const acting = filingActor(principal, enterpriseId, project);
  if (!acting) throw new Forbidden(`The caller does not act for enterprise ${enterpriseId}`);
  return { enterpriseId, acting };
}

/**
 * The application ID for a request with an Idempotency-Key: a hash, so the key itself is not exposed, and
 * scoped to the enterprise and the caller (as the HTTP layer scopes its records), so two enterprises' or two
 * users' keys never meet.
 */
export function idempotentApplicationId(
  enterpriseId: EnterpriseId,
  callerId: string,
  idempotencyKey: string,
): string {
  const digest = createHash('sha256')
    .update(`${enterpriseId}\u0000${callerId}\u0000${idempotencyKey}`)
    .digest('hex');
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

/**
 * An application belongs to one project of the register (项目库): the project must exist and be the enterprise's.
 * @throws ValidationError on `projectId` otherwise (an unknown and a foreign project answer alike)
 */
function assertProjectOf(project: Project | undefined, projectId: string, enterpriseId: EnterpriseId): void {
  if (project?.enterpriseId !== enterpriseId) {
    throw new ValidationError('the request is invalid', [
      { path: 'projectId', message: `no project ${projectId} of enterprise ${enterpriseId} in the register` },
    ]);
  }
}
