// The permits issued together for an application (同发): certificate numbers, the basis each was issued on
// (a full review, or the enterprise's commitment, 告知承诺) and whether a failed verification revoked it.
import * as z from 'zod';
import type { Principal } from '#shared/auth/principal';
import { NotFound } from '#shared/errors';
import { applicationIdSchema, issuanceBasisSchema, permitTypeSchema, timestampSchema } from '#shared/model';
import type { ApplicationDeps, CoreDeps } from '#services/application/core/ports';
import { configOf } from '#services/application/core/config-version';
import { loadVisibleApplication } from '#services/application/core/get-application';

export const permitViewSchema = z.strictObject({
  permitType: permitTypeSchema,
  /** The certificate's name, e.g. 建筑工程施工许可证. */
  name: z.string(),
  certificateNo: z.string(),
  issuedAt: timestampSchema,
  basis: issuanceBasisSchema,
  revoked: z.boolean(),
  revokedAt: timestampSchema.optional(),
});

export const permitsViewSchema = z.strictObject({
  applicationId: applicationIdSchema,
  issuedAt: timestampSchema,
  permits: z.array(permitViewSchema),
});
export type PermitsView = z.infer<typeof permitsViewSchema>;

/**
 * @throws NotFound when the caller may not see the application, and when nothing has been issued yet
 */
export async function getPermits(
  deps: Pick<CoreDeps, 'repository'> & Pick<ApplicationDeps, 'config' | 'serviceConfigs'>,
  request: { principal: Principal; applicationId: string },
): Promise<PermitsView> {
  const { application } = await loadVisibleApplication(deps, request.principal, request.applicationId);
  if (application.issuedAt === undefined || !application.permits?.length) {
    throw new NotFound(`No permits have been issued for application ${application.applicationId}`);
  }
  // The names of the catalogue version the permits were issued under.
  const catalogue = (await configOf(deps, application)).permits;
  return {
    applicationId: application.applicationId,
    issuedAt: application.issuedAt,
    permits: application.permits.map((permit) => ({
      permitType: permit.permitType,
      name: catalogue.find((entry) => entry.permitType === permit.permitType)?.name ?? permit.permitType,
      certificateNo: permit.certificateNo,
      issuedAt: permit.issuedAt,
      basis: permit.basis,
      revoked: permit.revokedAt !== undefined,
      ...(permit.revokedAt !== undefined ? { revokedAt: permit.revokedAt } : {}),
    })),
  };
}
