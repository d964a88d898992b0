// 补正: the enterprise (or its agency officer) answers a supplement request with updated documents, which
// ends the pause and lets the step that asked run again. The same request closes tolerated gaps (容缺) by
// supplying their documents, and does so even when no supplement request is open: gaps must be closed before
// the permits are issued. When issuance is already waiting for them (an open gap-closure step), the request
// that closes the last open gap answers that step, and issuance goes ahead.
import * as z from 'zod';
import { actingForApplication, enterpriseStepKinds, stepActor, type Acting } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, NotFound, ValidationError, type FieldIssue } from '#shared/errors';
import {
  documentKindSchema,
  documentSchema,
  stepIdSchema,
  type Application,
  type DocumentMeta,
  type Step,
  type StepKind,
} from '#shared/model';
import { decideHumanStep, type DecisionDeps } from '#services/workflow/core/decide-human-step';
import { checkedUpdate, expectedVersionDescription } from '#services/application/core/decisions';
import { loadVisibleApplication } from '#services/application/core/get-application';
import { documentChangeDetail, documentIssues } from './document-rules.ts';

const maxDocuments = 100;
/** Per request: the 'gap-closed' event lists the documents' IDs and kinds, and an event's lists hold 50. */
const maxDocumentsPerRequest = 50;
/** The supplement requests (补正) a resubmission answers without naming one. */
const supplementKinds: readonly StepKind[] = ['enterprise-supplement', 'review-supplement'];

export const supplementBodySchema = z
  .strictObject({
    stepId: stepIdSchema
      .optional()
      .describe('The supplement request answered; needed only when several are open at once'),
    documents: z
      .array(documentSchema)
      .max(maxDocumentsPerRequest)
      .optional()
      .describe(
        'New documents. Before acceptance, a supplement answer may replace a document (same documentId); ' +
          'after it, documents are reviewed and never replaced: a new version takes a new documentId. ' +
          'Outside a supplement request, only documents of the gaps named in closesGaps.',
      ),
    closesGaps: z
      .array(documentKindSchema)
      .min(1)
      .max(maxDocumentsPerRequest)
      .optional()
      .describe('容缺: the tolerated gaps these documents close; each needs a document of its kind'),
    expectedVersion: z.number().int().min(1).optional().describe(expectedVersionDescription),
  })
  .superRefine((body, ctx) => {
    body.closesGaps?.forEach((kind, i) => {
      if (body.closesGaps!.indexOf(kind) !== i) {
        ctx.addIssue({ code: 'custom', path: ['closesGaps', i], message: 'named twice' });
      }
      if (!body.documents?.some((document) => document.kind === kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['closesGaps', i],
          message: `send a ${kind} document in documents`,
        });
      }
    });
    const ids = body.documents?.map((document) => document.documentId) ?? [];
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        ctx.addIssue({ code: 'custom', path: ['documents', i, 'documentId'], message: 'sent twice' });
    });
  });
export type SupplementBody = z.infer<typeof supplementBodySchema>;

export interface SupplementResult {
  application: Application;
  /** The step answered (a supplement request, or the gap-closure step), when one was. */
  step?: Step;
}

/**
 * @throws NotFound the caller may not see the application, or the named step does not exist
 * @throws Forbidden the caller sees the application but does not act for the enterprise
 * @throws ValidationError several supplement requests are open and none is named; a gap that is not open
 * @throws Conflict `STEP_NOT_OPEN` (nothing to answer and no gap to close), `UNEXPECTED_STEP_KIND`, `STALE_VERSION`
 * @throws Gone the supplement request expired
 */
export async function resubmitSupplement(
  deps: DecisionDeps,
  request: { principal: Principal; applicationId: string; body: SupplementBody },
): Promise<SupplementResult> {
  const { principal, body } = request;
  const { application, steps, scope } = await loadVisibleApplication(deps, principal, request.applicationId);
  const step =
    supplementStep(steps, body.stepId) ?? gapClosureStep(application, steps, body.closesGaps ?? []);

  let acting: Acting;
  if (step) {
    acting = stepActor(principal, step, scope, steps);
  } else {
    const forEnterprise = actingForApplication(principal, scope);
    if (!forEnterprise) throw new Forbidden('Only the enterprise or its agency officer answers for it');
    acting = forEnterprise;
    if (body.closesGaps === undefined) {
      throw new Conflict('No supplement request is open for this application', 'STEP_NOT_OPEN');
    }
  }
  assertOpenGaps(application, body.closesGaps ?? []);

  // Checked on the application as each attempt reads it (a concurrent acceptance makes its documents reviewed).
  const answeringSupplement = step !== undefined && supplementKinds.includes(step.kind);
  const update = checkedUpdate(body.expectedVersion, (current) => {
    const issues = documentIssues(current, body, answeringSupplement);
    if (issues.length > 0) throw new ValidationError('the request is invalid', issues);
    return withSupplement(current, body, deps.now());
  });
  if (step) {
    const result = await decideHumanStep(deps, {
      applicationId: application.applicationId,
      loaded: { application, steps },
      stepId: step.stepId,
      expectedKinds: enterpriseStepKinds,
      actor: acting.actor,
      ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
      decision: { outcome: 'resubmitted' },
      applicationUpdate: update,
      eventDetail: documentChangeDetail,
    });
    return { application: result.application, step: result.step };
  }

  const at = deps.now().toISOString();
  const changed = { ...update(application), updatedAt: at };
  const { updated } = await deps.repository.commit({
    update: [changed],
    events: [
      {
        applicationId: application.applicationId,
        eventId: `evt-${deps.newId()}`,
        at,
        type: 'gap-closed',
        actor: acting.actor,
        ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
        detail: {
          documentKinds: body.closesGaps ?? [],
          ...documentChangeDetail(application, changed),
        },
      },
    ],
  });
  return { application: updated[0] };
}

/** The step answered: the one named, else the only open supplement request (补正). */
function supplementStep(steps: readonly Step[], stepId: string | undefined): Step | undefined {
  if (stepId !== undefined) {
    const named = steps.find((step) => step.stepId === stepId);
    if (!named) throw new NotFound(`Step ${stepId} not found`);
    return named;
  }
  const open = steps.filter((step) => step.status === 'open' && supplementKinds.includes(step.kind));
  if (open.length > 1) {
    throw new ValidationError('the request is invalid', [
      {
        path: 'stepId',
        message: `several supplement requests are open (${open.map((s) => s.stepId).join(', ')}): name one`,
      },
    ]);
  }
  return open[0];
}

/**
 * The open gap-closure step, when this request closes every gap still open: issuance waits on it and may go
 * ahead. Closing only some gaps leaves the step open (answering it would only make issuance look again and
 * open another round).
 */
function gapClosureStep(
  application: Application,
  steps: readonly Step[],
  closing: readonly string[],
): Step | undefined {
  const step = steps.find((candidate) => candidate.status === 'open' && candidate.kind === 'gap-closure');
  const stillOpen = (application.toleratedGaps ?? []).filter(
    (gap) => gap.closedAt === undefined && !closing.includes(gap.documentKind),
  );
  return step && closing.length > 0 && stillOpen.length === 0 ? step : undefined;
}

function assertOpenGaps(application: Application, kinds: readonly string[]): void {
  const issues: FieldIssue[] = [];
  kinds.forEach((kind, i) => {
    if (!application.toleratedGaps?.some((gap) => gap.documentKind === kind && gap.closedAt === undefined)) {
      issues.push({ path: `closesGaps.${i}`, message: 'no open tolerated gap of this kind' });
    }
  });
  if (issues.length > 0) throw new ValidationError('the request is invalid', issues);
}

/**
 * The documents merged in (same id replaces, where documentIssues allowed it), the gaps named closed now.
 * `updatedAt` is the writer's.
 */
function withSupplement(application: Application, body: SupplementBody, now: Date): Application {
  const at = now.toISOString();
  const incoming = body.documents ?? [];
  const replaced = new Set(incoming.map((document) => document.documentId));
  const documents: DocumentMeta[] = [
    ...application.documents.filter((document) => !replaced.has(document.documentId)),
    ...incoming,
  ];
  if (documents.length > maxDocuments) {
    throw new ValidationError('the request is invalid', [
      { path: 'documents', message: `an application holds at most ${maxDocuments} documents` },
    ]);
  }
  const closing = new Set(body.closesGaps ?? []);
  return {
    ...application,
    documents,
    ...(application.toleratedGaps
      ? {
          toleratedGaps: application.toleratedGaps.map((gap) =>
            closing.has(gap.documentKind) && gap.closedAt === undefined ? { ...gap, closedAt: at } : gap,
          ),
        }
      : {}),
  };
}
