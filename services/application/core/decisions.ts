// What every decision of the API shares: finding the step a decision is about when the route names none, the
// optimistic check of the version the caller read, and the supplement list (一次性告知): the catalogue's documents
// the application's permits require (`missingDocuments`, checked) and items outside the catalogue, marked as free
// text by their field (`missingItems`).
import * as z from 'zod';
import { roundOf } from './steps.ts';
import { configOf } from './config-version.ts';
import type { ApplicationDeps } from './ports.ts';
import { Conflict, RuleViolation, ValidationError, type FieldIssue } from '#shared/errors';
import {
  decisionSchema,
  documentKindSchema,
  type Application,
  type Step,
  type StepKind,
} from '#shared/model';
import { requiredDocumentsOf } from '#shared/service-config/config';

/**
 * The step a decision addresses when the route names none: the open step of these kinds, else the latest
 * one (deciding it again then answers 409 STEP_NOT_OPEN, and resends its first decision to the workflow).
 * @throws Conflict `STEP_NOT_OPEN` when the workflow has not opened such a step yet
 */
export function stepToDecide(steps: readonly Step[], kinds: readonly StepKind[], what: string): Step {
  const candidates = steps
    .filter((step) => kinds.includes(step.kind))
    .sort((a, b) => roundOf(b) - roundOf(a) || b.openedAt.localeCompare(a.openedAt));
  const step = candidates.find((candidate) => candidate.status === 'open') ?? candidates[0];
  if (!step) throw new Conflict(`No ${what} step is open for this application`, 'STEP_NOT_OPEN');
  return step;
}

/**
 * An application change that first checks the version the caller read. It runs inside the decision's
 * commit attempt, against the application as read there, so no change can slip in between.
 * @throws Conflict `STALE_VERSION`
 */
export function checkedUpdate(
  expectedVersion: number | undefined,
  update: (application: Application) => Application = (application) => application,
): (application: Application) => Application {
  return (application) => {
    if (expectedVersion !== undefined && application.version !== expectedVersion) {
      throw new Conflict(
        `The application is at version ${application.version}, not ${expectedVersion}; reload and decide again`,
        'STALE_VERSION',
      );
    }
    return update(application);
  };
}

/** The optional `expectedVersion` every decision body accepts. */
export const expectedVersionDescription =
  'The application version the caller read; 409 STALE_VERSION when it changed since';

/** The two parts of a supplement list every decision body that can ask for supplements accepts. */
export const supplementListFields = {
  missingDocuments: z
    .array(documentKindSchema)
    .min(1)
    .max(30)
    .optional()
    .describe(
      "一次性告知: the catalogue's documents missing, by kind: only kinds the application's permits require " +
        '(422 NOT_A_REQUIRED_DOCUMENT otherwise)',
    ),
  missingItems: decisionSchema.shape.missingItems.describe(
    '一次性告知: what is missing outside the catalogue, as free text (a signed original, a clearer scan...)',
  ),
};

/**
 * 一次性告知: a supplement request lists everything missing, at once (catalogue documents, free-text items or
 * both); no other outcome lists missing items. Shared by every decision body that can ask for supplements.
 */
export function checkSupplementList(
  body: { outcome: string; missingItems?: unknown; missingDocuments?: readonly string[] },
  supplementOutcome: string,
  issue: (path: string, message: string) => void,
): void {
  const listed = body.missingItems !== undefined || body.missingDocuments !== undefined;
  if (body.outcome === supplementOutcome && !listed) {
    issue('missingItems', 'a supplement request lists everything missing, at once');
  }
  if (body.outcome !== supplementOutcome) {
    if (body.missingItems !== undefined)
      issue('missingItems', 'only a supplement request lists missing items');
    if (body.missingDocuments !== undefined) {
      issue('missingDocuments', 'only a supplement request lists missing documents');
    }
  }
  body.missingDocuments?.forEach((kind, i) => {
    if (body.missingDocuments!.indexOf(kind) !== i) issue(`missingDocuments.${i}`, 'named twice');
  });
}

/**
 * The supplement list a decision records: each catalogue document as "name (kind)", then the free-text items.
 * The documents are checked against the catalogue version the application is handled under (the one in force
 * before acceptance).
 * @throws RuleViolation (422) `NOT_A_REQUIRED_DOCUMENT` naming each document the permits do not require
 */
export async function supplementList(
  deps: Pick<ApplicationDeps, 'config' | 'serviceConfigs'>,
  application: Pick<Application, 'configRevision' | 'requiredPermits'>,
  body: { missingItems?: string[]; missingDocuments?: readonly string[] },
): Promise<{ missingItems?: string[] }> {
  if (body.missingDocuments === undefined) {
    return body.missingItems !== undefined ? { missingItems: body.missingItems } : {};
  }
  const config = await configOf(deps, application);
  const required = requiredDocumentsOf(config.permits, application.requiredPermits);
  const issues: FieldIssue[] = [];
  const named = body.missingDocuments.map((kind, i) => {
    const document = required.find((d) => d.kind === kind);
    if (!document) {
      issues.push({
        path: `missingDocuments.${i}`,
        message:
          `${kind} is not a document the permits applied for require ` +
          `(${required.map((d) => d.kind).join(', ') || 'none'}); name anything else in missingItems`,
      });
    }
    return document?.name ? `${document.name} (${kind})` : kind;
  });
  if (issues.length > 0) {
    throw new RuleViolation(
      'a supplement list names a document not required',
      issues,
      'NOT_A_REQUIRED_DOCUMENT',
    );
  }
  const missingItems = [...named, ...(body.missingItems ?? [])];
  // The whole list must fit the decision's bounds (it goes into the audit event).
  const fits = decisionSchema.shape.missingItems.safeParse(missingItems);
  if (!fits.success) {
    throw new ValidationError('the request is invalid', [
      {
        path: 'missingItems',
        message: `with the documents named: ${fits.error.issues[0]?.message ?? 'too long'}`,
      },
    ]);
  }
  return { missingItems };
}
