// What intake checks against the service centre's configuration (the version in force: an application is
// stamped with it only at acceptance): the permits applied for are in the catalogue; a gap tolerated under 容缺
// is a document the application's permits require, that the catalogue lets follow later, and that is really
// missing; a land acquisition date is neither in the future nor before the calendar data the platform has (the
// standard-land clock could not be counted). Pure: each returns field issues, the caller throws.
import type { WorkflowConfig } from '#shared/config';
import type { FieldIssue } from '#shared/errors';
import type { Application, DocumentMeta, PermitType } from '#shared/model';
import { requiredDocumentsOf, type RequiredDocument } from '#shared/service-config/config';

export { landAcquisitionIssues } from '#shared/parcels/parcel';

/** Each permit applied for must be one the catalogue in force lists. */
export function permitsOutsideCatalogue(
  config: Pick<WorkflowConfig, 'permits'>,
  requiredPermits: readonly PermitType[],
): FieldIssue[] {
  const known = config.permits.map((p) => p.permitType);
  return requiredPermits.flatMap((permitType, i) =>
    known.includes(permitType)
      ? []
      : [
          {
            path: `requiredPermits.${i}`,
            message: `${permitType} is not in the permit catalogue (${known.join(', ')})`,
          },
        ],
  );
}

/** The documents an application's permits require, and whether each was submitted. */
export function documentChecklist(
  config: Pick<WorkflowConfig, 'permits'>,
  application: { requiredPermits: readonly PermitType[]; documents: readonly Pick<DocumentMeta, 'kind'>[] },
): (RequiredDocument & { submitted: boolean })[] {
  const submitted = new Set(application.documents.map((d) => d.kind));
  return requiredDocumentsOf(config.permits, application.requiredPermits).map((document) => ({
    ...document,
    submitted: submitted.has(document.kind),
  }));
}

/** 容缺: only documents the permits require, the catalogue lets follow, and the application does not hold. */
export function intolerableGaps(
  config: Pick<WorkflowConfig, 'permits'>,
  application: Pick<Application, 'requiredPermits' | 'documents'>,
  gaps: readonly { documentKind: string }[],
): FieldIssue[] {
  const checklist = documentChecklist(config, application);
  return gaps.flatMap((gap, i): FieldIssue[] => {
    const path = `gaps.${i}.documentKind`;
    const required = checklist.find((d) => d.kind === gap.documentKind);
    if (!required) {
      return [
        {
          path,
          message:
            `${gap.documentKind} is not a document the permits applied for require ` +
            `(${checklist.map((d) => d.kind).join(', ') || 'none'})`,
        },
      ];
    }
    if (required.submitted) return [{ path, message: `${gap.documentKind} was submitted: it is not a gap` }];
    if (!required.tolerable) {
      return [
        { path, message: `${gap.documentKind} may not be tolerated (容缺): it is needed before acceptance` },
      ];
    }
    return [];
  });
}
