// Service guides (办事指南): what an enterprise reads before it files — per permit type and track, the materials
// (kinds, mandatory, tolerable under 容缺), the legal basis, the time limits in working days, the issuing
// department, the fee, the window and whether the permit goes by commitment on standard land. Pure: generated
// from the service configuration in force (shared/service-config), never written a second time.
import * as z from 'zod';
import { departmentNameOf, tracks, type Track } from '#shared/model';
import { reviewBudgetOf, type WorkflowConfig } from '#shared/config';
import { requiredDocumentSchema, serviceWindowSchema } from '#shared/service-config/config';
import { NotFound } from '#shared/errors';

const departmentSchema = z.object({ departmentId: z.string(), name: z.string() });

/** One track's time limits for a permit, in working days. */
export const guideTrackSchema = z.object({
  track: z.enum(tracks),
  /** 限时办结: the whole application's limit on this track. */
  limitDays: z.number().int(),
  /** From when the limit runs: acceptance (受理) on the regular track, land acquisition (土地取得) on standard land. */
  clockStartsAt: z.enum(['acceptance', 'land-acquisition']),
  intakeDays: z.number().int(),
  reviewDays: z.number().int(),
  issuanceDays: z.number().int(),
  /** 告知承诺: issued on the enterprise's commitment without a full review (standard land only). */
  byCommitment: z.boolean(),
  /** When issued by commitment: within how many working days of issuance the commitment is verified (承诺核查). */
  verificationDays: z.number().int().optional(),
});
export type GuideTrack = z.infer<typeof guideTrackSchema>;

export const guideSummarySchema = z.object({
  permitType: z.string(),
  name: z.string(),
  department: departmentSchema,
  tracks: z.array(guideTrackSchema),
});

export const guideSchema = guideSummarySchema.extend({
  /** The configuration version the guide was generated from. */
  configRevision: z.number().int(),
  /** 申请材料: each kind once; `tolerable` ones may follow after acceptance (容缺受理). */
  materials: z.array(requiredDocumentSchema),
  /** 设定依据; empty when the configuration names none. */
  legalBasis: z.array(z.string()),
  /** 收费标准; null when the configuration states none. */
  fee: z.string().nullable(),
  /** 办理窗口; null when the configuration states none. */
  serviceWindow: serviceWindowSchema.nullable(),
});
export type Guide = z.infer<typeof guideSchema>;

export const guideListSchema = z.object({
  configRevision: z.number().int(),
  guides: z.array(guideSummarySchema),
  serviceWindow: serviceWindowSchema.nullable(),
});
export type GuideList = z.infer<typeof guideListSchema>;

function departmentOf(departmentId: string): { departmentId: string; name: string } {
  return { departmentId, name: departmentNameOf(departmentId) };
}

function trackOf(
  config: WorkflowConfig,
  permitType: string,
  byCommitment: boolean,
  track: Track,
): GuideTrack {
  const budgets = config.stepBudgets[track];
  const onCommitment = track === 'standard-land' && byCommitment;
  return {
    track,
    limitDays: config.limits[track],
    clockStartsAt: track === 'regular' ? 'acceptance' : 'land-acquisition',
    intakeDays: budgets.intake,
    reviewDays: reviewBudgetOf(config, track, permitType),
    issuanceDays: budgets.issuance,
    byCommitment: onCommitment,
    ...(onCommitment ? { verificationDays: budgets['commitment-verification'] } : {}),
  };
}

function summaryOf(config: WorkflowConfig, entry: WorkflowConfig['permits'][number]) {
  return {
    permitType: entry.permitType,
    name: entry.name,
    department: departmentOf(entry.department),
    tracks: tracks.map((track) => trackOf(config, entry.permitType, entry.byCommitment, track)),
  };
}

/** Every permit of the catalogue in force, in its order, with its time limits per track. */
export function listGuides(config: WorkflowConfig): GuideList {
  return {
    configRevision: config.revision,
    guides: config.permits.map((entry) => summaryOf(config, entry)),
    serviceWindow: config.serviceWindow ?? null,
  };
}

/** One permit's guide. @throws NotFound when the catalogue in force has no such permit */
export function guideOf(config: WorkflowConfig, permitType: string): Guide {
  const entry = config.permits.find((p) => p.permitType === permitType);
  if (!entry) throw new NotFound('No such permit in the catalogue');
  return {
    ...summaryOf(config, entry),
    configRevision: config.revision,
    materials: entry.documents.map((d) => ({ ...d })),
    legalBasis: entry.legalBasis ?? [],
    fee: entry.fee ?? null,
    serviceWindow: config.serviceWindow ?? null,
  };
}
