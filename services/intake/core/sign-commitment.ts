// 承诺书: on the standard-land track the enterprise signs a commitment to the parcel's indicators, and the
// departments issue on it (告知承诺). It can be signed, or signed again with corrected figures, until the
// window decides the intake; after that the permits may already be issuing on it.
import * as z from 'zod';
import { actingForEnterprise } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, RuleViolation } from '#shared/errors';
import { commitmentIssues } from '#shared/parcels/parcel';
import type { ParcelRegister } from '#shared/parcels/store';
import { indicatorsSchema, type Application } from '#shared/model';
import type { CoreDeps } from '#services/application/core/ports';
import { loadVisibleApplication } from '#services/application/core/get-application';

export const signCommitmentBodySchema = z.strictObject({
  indicators: indicatorsSchema.describe(
    'Indicator slug → committed figure, e.g. { "investment-per-mu-yuan": 3500000 }',
  ),
  expectedVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The application version the caller read; 409 when it changed since'),
});
export type SignCommitmentBody = z.infer<typeof signCommitmentBodySchema>;

/**
 * Records the commitment on the application, with its audit event, in one commit.
 * @throws NotFound when the caller may not see the application
 * @throws Forbidden when it sees it but does not act for the enterprise
 * @throws Conflict `NOT_STANDARD_LAND`, `INTAKE_DECIDED`, `STALE_VERSION`
 * @throws RuleViolation (422) `PARCEL_NOT_REGISTERED`, `COMMITMENT_BELOW_CONTROL` (the indicator named)
 */
export async function signCommitment(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'> & { parcels: Pick<ParcelRegister, 'get'> },
  request: { principal: Principal; applicationId: string; body: SignCommitmentBody },
): Promise<Application> {
  const { principal, body } = request;
  const { application, steps } = await loadVisibleApplication(deps, principal, request.applicationId);
  const acting = actingForEnterprise(principal, application.enterpriseId);
  if (!acting) throw new Forbidden('Only the enterprise or its agency officer signs its commitment');
  if (application.track !== 'standard-land') {
    throw new Conflict('A commitment is signed only on the standard-land track', 'NOT_STANDARD_LAND');
  }
  if (!intakeUndecided(application)) {
    throw new Conflict('The intake has been decided; the commitment can no longer change', 'INTAKE_DECIDED');
  }
  if (body.expectedVersion !== undefined && body.expectedVersion !== application.version) {
    throw new Conflict('The application was changed by someone else; reload and try again', 'STALE_VERSION');
  }
  // 标准地: every control indicator of the parcel met, each figure below its control value refused by name.
  const parcel = await deps.parcels.get(application.landParcel.parcelId);
  if (!parcel) {
    throw new RuleViolation(
      'the parcel is not registered',
      [{ path: 'landParcel.parcelId', message: 'is not a registered standard-land parcel (标准地)' }],
      'PARCEL_NOT_REGISTERED',
    );
  }
  const below = commitmentIssues(parcel, body.indicators, 'indicators');
  if (below.length > 0) {
    throw new RuleViolation(
      "the commitment does not meet the parcel's control indicators",
      below,
      'COMMITMENT_BELOW_CONTROL',
    );
  }

  const now = deps.now().toISOString();
  const updated: Application = {
    ...application,
    commitment: { signedAt: now, signedBy: principal.userId, indicators: body.indicators },
    updatedAt: now,
  };
  // Undecided as read: the intake step must still be as read when this lands, since an acceptance is recorded on
  // that step only (the application item is rewritten later), so the application's version alone would not tell.
  const openIntake = steps.filter((step) => step.kind === 'intake' && step.status === 'open');
  const { updated: written } = await deps.repository.commit({
    update: [updated],
    unchanged: openIntake,
    events: [
      {
        applicationId: application.applicationId,
        eventId: `evt-${deps.newId()}`,
        at: now,
        type: 'commitment-signed',
        actor: acting.actor,
        ...(acting.onBehalfOf !== undefined ? { onBehalfOf: acting.onBehalfOf } : {}),
        detail: {
          indicators: Object.keys(body.indicators),
          replacesEarlier: application.commitment !== undefined,
        },
      },
    ],
  });
  return written[0];
}

/** Before 受理 / 不予受理: filed, or back with the enterprise for an intake supplement. */
function intakeUndecided(application: Application): boolean {
  return (
    application.acceptedAt === undefined &&
    (application.status === 'submitted' || application.status === 'supplement-requested')
  );
}
