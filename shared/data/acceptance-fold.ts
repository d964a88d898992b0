// 受理 in three writes: intake acceptance stores the application's acceptance on the intake step it closes (the
// step item's attribute `acceptance`), not on the application item, which keeps its state until its next write
// (the workflow's next task writes it within the second). Every read of the application through the repository
// folds the acceptance in, so no reader of it sees the difference (the index reads, eventually consistent, are left
// as they are: shared/data/README.md). Pure: the repository reads it.
import { applicationSchema, type Application } from '#shared/model';
import * as z from 'zod';
import type { AcceptanceFold } from './ports.ts';
import { acceptanceAttribute, stepSortKeyPrefix } from './keys.ts';

/** The intake steps of an application (`intake-1`, `intake-2`, …): where an acceptance may wait. */
export const intakeStepSortKeyPrefix = `${stepSortKeyPrefix}intake-`;

const shape = applicationSchema.shape;
export const acceptanceFoldSchema = z.strictObject({
  applicationId: shape.applicationId,
  status: shape.status,
  acceptedAt: shape.acceptedAt.unwrap(),
  updatedAt: shape.updatedAt,
  configRevision: shape.configRevision,
  toleratedGaps: shape.toleratedGaps,
  sla: shape.sla,
}) satisfies z.ZodType<AcceptanceFold>;

/**
 * Whether an acceptance may be waiting on the application's intake step: filed and not yet accepted as stored.
 * Only then does a read look at the intake steps (one more Query, during intake only).
 */
export function mayAwaitAcceptance(application: Pick<Application, 'status' | 'acceptedAt'>): boolean {
  return application.acceptedAt === undefined && application.status === 'submitted';
}

/**
 * The application as accepted when one of its intake step items (as stored) carries the acceptance and the
 * application item does not have it yet; else the application as stored. The stored version stays: the next
 * write is conditioned on it and stores the acceptance with everything else. A write that read the application
 * before the acceptance and landed after it (its own fields, e.g. the execution ARN) keeps its change: only the
 * acceptance's fields are laid over it.
 */
export function foldAcceptance(
  stored: Application,
  stepItems: readonly Record<string, unknown>[],
): Application {
  if (!mayAwaitAcceptance(stored)) return stored;
  const fold = stepItems.find((item) => item[acceptanceAttribute] !== undefined)?.[acceptanceAttribute] as
    AcceptanceFold | undefined;
  if (fold === undefined) return stored;
  return {
    ...stored,
    ...fold,
    updatedAt: stored.updatedAt > fold.updatedAt ? stored.updatedAt : fold.updatedAt,
  };
}
