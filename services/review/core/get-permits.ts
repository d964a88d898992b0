// The permits issued together for an application (同发): certificate numbers, the basis each was issued on
// (a full review, or the enterprise's commitment, 告知承诺) and whether a failed verification revoked it.
import { z } from 'zod';
import type { Principal } from '#shared/auth/principal';
import { NotFound } from '#shared/errors';
import {
  applicationIdSchema,
  issuanceBasisSchema,
  permitCatalog,
  permitTypeSchema,
  timestampSchema,
} from '#shared/model';
import type { CoreDeps } from '#services/application/core/ports';
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
  deps: Pick<CoreDeps, 'repository'>,
  request: { principal: Principal; applicationId: string },
): Promise<PermitsView> {
  const { application } = await loadVisibleApplication(deps, request.principal, request.applicationId);
  if (application.issuedAt === undefined || !application.permits?.length) {
    throw new NotFound(`No permits have been issued for application ${application.applicationId}`);
  }
  return {
    applicationId: application.applicationId,
    issuedAt: application.issuedAt,
    permits: application.permits.map((permit) => ({
      permitType: permit.permitType,
      name: permitCatalog[permit.permitType].name,
      certificateNo: permit.certificateNo,
      issuedAt: permit.issuedAt,
      basis: permit.basis,
      revoked: permit.revokedAt !== undefined,
      ...(permit.revokedAt !== undefined ? { revokedAt: permit.revokedAt } : {}),
    })),
  };
}
