// Public notices (公示): what the service centre publishes when it issues a permit or revokes one after a failed
// commitment verification (承诺核查). A notice is built once, from the application as it is written in the same
// transaction, and kept as published (frozen): later edits of names or of the catalogue do not rewrite it.
// Only the fields below exist; nothing else of the application (documents, contacts, users, ids) can reach it.
import * as z from 'zod';
import {
  calendarDateSchema,
  departmentIdSchema,
  departmentNameOf,
  enterpriseIdSchema,
  issuedPermitSchema,
  permitTypeSchema,
  text,
  timestampSchema,
  type Application,
} from '#shared/model';
import { catalogueEntryOf, type CatalogueEntry } from '#shared/service-config/config';

/** `issued` (发证公示) or `revoked` (撤销公示: a failed commitment verification revoked the permit). */
export const noticeKindSchema = z.enum(['issued', 'revoked']);
export type NoticeKind = z.infer<typeof noticeKindSchema>;

export const publicNoticeSchema = z.strictObject({
  certificateNo: issuedPermitSchema.shape.certificateNo.describe('The permit certificate number (证书编号)'),
  kind: noticeKindSchema,
  /** The instant of the issuance or revocation: orders the list (newest first). */
  at: timestampSchema,
  /** The same instant as a calendar date in the service centre's time zone, as a notice prints it. */
  date: calendarDateSchema,
  permitType: permitTypeSchema,
  permitName: text(100),
  /** The issuing department (实施部门). */
  department: departmentIdSchema,
  departmentName: text(100),
  projectName: text(200),
  /**
   * 建设单位 as the certificate names it: the enterprise's identifier of the identity provider — in a deployment
   * its unified social credit code (统一社会信用代码), public by law. The platform keeps no enterprise names.
   */
  enterprise: enterpriseIdSchema,
  /** The parcel's location (建设地点), as the application states it. */
  location: text(200),
});
export type PublicNotice = z.infer<typeof publicNoticeSchema>;

/** What a notice needs to know of the version the application is handled under and of the calendar. */
export interface NoticeContext {
  /** Name and issuing department of a permit type (the application's catalogue version). */
  permitOf: (permitType: string) => { name: string; department: string; departmentName: string };
  /** An instant's calendar date in the service centre's time zone. */
  localDate: (at: Date) => string;
}

/**
 * The notices a change publishes: `issued` for every permit of a just-issued application, `revoked` for each
 * permit whose `revokedAt` is `at` (the permits a failed verification revoked in this change).
 */
export function noticesOf(
  application: Pick<Application, 'permits' | 'projectName' | 'enterpriseId' | 'landParcel'>,
  kind: NoticeKind,
  context: NoticeContext,
  at?: string,
): PublicNotice[] {
  const permits = (application.permits ?? []).filter((permit) =>
    kind === 'issued'
      ? true
      : permit.revokedAt !== undefined && (at === undefined || permit.revokedAt === at),
  );
  return permits.map((permit) => {
    const instant = kind === 'issued' ? permit.issuedAt : permit.revokedAt!;
    const catalogued = context.permitOf(permit.permitType);
    return {
      certificateNo: permit.certificateNo,
      kind,
      at: instant,
      date: context.localDate(new Date(instant)),
      permitType: permit.permitType,
      permitName: catalogued.name,
      department: catalogued.department,
      departmentName: catalogued.departmentName,
      projectName: application.projectName,
      enterprise: application.enterpriseId,
      location: application.landParcel.location,
    };
  });
}

/** Where the certificate of a notice is checked publicly (the API's `/verify/{certificateNo}`). */
export const verifyPathOf = (certificateNo: string): string => `/verify/${encodeURIComponent(certificateNo)}`;

/** The context of the catalogue version an application is handled under (names and departments as published). */
export function noticeContextOf(
  config: { permits: readonly CatalogueEntry[] },
  calendar: { localDate: (at: Date) => string },
): NoticeContext {
  return {
    permitOf: (permitType) => {
      const entry = catalogueEntryOf(permitType, config.permits);
      return { ...entry, departmentName: departmentNameOf(entry.department) };
    },
    localDate: (at) => calendar.localDate(at),
  };
}
