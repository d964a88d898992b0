// The configuration that belongs to the service centre (办事大厅配置): the permit catalogue (each permit's issuing
// department, the documents it requires and which of them may be tolerated under 容缺, its review budget, whether
// it may go by commitment on standard land) and the time limits (15 / 9 working days, the step budgets per track,
// the warning thresholds). Pure: the zod schema administrators' changes are validated with (field paths), the
// defaults a new region starts with (revision 0, never stored), and the WorkflowConfig the core reads.
import * as z from 'zod';
import {
  actorSchema,
  departmentIdSchema,
  documentKindSchema,
  permitCatalog,
  permitTypeSchema,
  permitTypes,
  stepKinds,
  timestampSchema,
  windowDepartment,
} from '#shared/model';
import { DEFAULT_LIMITS, DEFAULT_STEP_BUDGETS, DEFAULT_THRESHOLDS } from '#shared/sla/index';
import { mergeMaterials } from './materials.ts';

const days = z.number().int().min(1).max(365);
const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** A document a permit requires: its kind, whether it must be there, whether it may follow later (容缺). */
export const requiredDocumentSchema = z.strictObject({
  kind: documentKindSchema,
  name: name.optional(),
  mandatory: z
    .boolean()
    .describe('Needed for the permit; absent ones are asked for (补正) or tolerated (容缺)'),
  tolerable: z
    .boolean()
    .describe('容缺: may be accepted as missing and follow by a due date ("明确什么可以容缺,什么不能容缺")'),
});
export type RequiredDocument = z.infer<typeof requiredDocumentSchema>;

/** The service centre's window as a guide prints it (办理地点 · 咨询电话 · 办公时间). */
export const serviceWindowSchema = z.strictObject({
  name: name,
  address: z.string().trim().min(1).max(200),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+() -]{3,30}$/, 'digits, spaces and + ( ) - only'),
  hours: z.string().trim().min(1).max(200),
  online: z.string().trim().min(1).max(200).optional(),
});
export type ServiceWindow = z.infer<typeof serviceWindowSchema>;

const trackDays = z.strictObject({ regular: days, 'standard-land': days });
const thresholdSet = z.strictObject({
  yellowRemainingDays: z.number().int().min(0).max(30),
  // At least a thousandth: DynamoDB cannot store magnitudes below 1e-130, and a smaller share means nothing.
  yellowUsedFraction: z.number().min(0.001).max(1),
});
export type ThresholdSet = z.infer<typeof thresholdSet>;
const stepBudgetsSchema = z.strictObject({
  intake: days,
  review: days,
  issuance: days,
  'commitment-verification': days,
});

/** One permit type of the catalogue. */
export const catalogueEntrySchema = z.strictObject({
  permitType: permitTypeSchema,
  name,
  /** 2–6 capital letters heading its certificate numbers, e.g. SGXK for 施工许可. */
  certificatePrefix: z
    .string()
    .regex(/^[A-Z]{2,6}$/, 'two to six capital letters')
    .optional(),
  department: departmentIdSchema,
  /** The review budget in working days; absent: the track's review budget. */
  reviewBudgetDays: trackDays.partial().optional(),
  /** 告知承诺: issued on the enterprise's commitment on the standard-land track, verified afterwards. */
  byCommitment: z.boolean(),
  documents: z.array(requiredDocumentSchema).max(30),
  // What a service guide (办事指南, services/public) publishes beside the fields above. Optional so that stored
  // versions from before stay valid; a guide shows what the version in force says and nothing it does not.
  /** 设定依据: the laws and regulations the permit rests on, each an article as it is cited. */
  legalBasis: z.array(z.string().trim().min(1).max(300)).max(10).optional(),
  /** 收费标准: what the permit costs, as the guide prints it ("不收费" for most administrative permits). */
  fee: z.string().trim().min(1).max(200).optional(),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const serviceConfigSchema = z
  .strictObject({
    permits: z.array(catalogueEntrySchema).min(1).max(20),
    /** 限时办结: the whole application's limit from acceptance (regular) or land acquisition (standard land). */
    limits: trackDays,
    /** Step budgets per track; `commitment-verification` is when 承诺核查 falls due after issuance. */
    stepBudgets: z.strictObject({ regular: stepBudgetsSchema, 'standard-land': stepBudgetsSchema }),
    /**
     * 预警 per track: yellow at this many working days left, or this share of the budget used (red is overdue,
     * the rule of escalation). One set for both tracks is still read (versions written before thresholds went
     * per track).
     */
    thresholds: z.union([
      z.strictObject({ regular: thresholdSet, 'standard-land': thresholdSet }),
      thresholdSet,
    ]),
    /** Who verifies commitments; absent: the department of the first permit issued on commitment. */
    verificationDepartment: departmentIdSchema.optional(),
    /** 办理窗口: where and when the service centre receives enterprises, printed on every service guide. */
    serviceWindow: serviceWindowSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.permits.forEach((permit, i) => {
      if (seen.has(permit.permitType)) {
        ctx.addIssue({ code: 'custom', path: ['permits', i, 'permitType'], message: 'named twice' });
      }
      seen.add(permit.permitType);
      // Reports tell a permit's review from the other steps by name (services/reports), so no permit may be
      // called like a step.
      if ((stepKinds as readonly string[]).includes(permit.permitType)) {
        ctx.addIssue({
          code: 'custom',
          path: ['permits', i, 'permitType'],
          message: `is the name of a step kind (${stepKinds.join(', ')})`,
        });
      }
      const kinds = new Set<string>();
      permit.documents.forEach((document, j) => {
        if (kinds.has(document.kind)) {
          ctx.addIssue({
            code: 'custom',
            path: ['permits', i, 'documents', j, 'kind'],
            message: 'named twice',
          });
        }
        kinds.add(document.kind);
      });
      if (permit.department === windowDepartment) {
        ctx.addIssue({
          code: 'custom',
          path: ['permits', i, 'department'],
          message: 'the window accepts applications; a permit is issued by a department',
        });
      }
    });
    for (const track of ['regular', 'standard-land'] as const) {
      if (config.stepBudgets[track].intake > config.limits[track]) {
        ctx.addIssue({
          code: 'custom',
          path: ['stepBudgets', track, 'intake'],
          message: `must not exceed the ${track} limit of ${config.limits[track]} working days`,
        });
      }
    }
  });
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

// The documents of the default catalogue. Which kinds may be tolerated follows the seed documents' practice:
// the licence and the site plan are the application itself (never 容缺); assessments that take weeks from a
// third party (energy, environment, fire design) may follow.
const doc = (kind: string, docName: string, mandatory: boolean, tolerable: boolean): RequiredDocument => ({
  kind,
  name: docName,
  mandatory,
  tolerable,
});
const licence = doc('business-licence', '营业执照', true, false);
const sitePlan = doc('site-plan', '总平面图', true, false);
const defaultDocuments: Record<string, RequiredDocument[]> = {
  'land-use-planning': [licence, sitePlan, doc('land-grant-contract', '土地出让合同', false, true)],
  'engineering-planning': [
    licence,
    sitePlan,
    doc('design-scheme', '设计方案', false, true),
    doc('environmental-report', '环境影响评价文件', false, true),
  ],
  construction: [
    licence,
    doc('drawing-review', '施工图审查合格书', false, true),
    doc('environmental-report', '环境影响评价文件', false, true),
    doc('fire-safety-plan', '消防设计文件', false, true),
    doc('energy-assessment', '节能评估报告', false, true),
  ],
  'real-estate-title': [licence, doc('land-grant-contract', '土地出让合同', false, false)],
  'land-use-approval': [licence, sitePlan],
};
const defaultPrefixes: Record<string, string> = {
  'land-use-planning': 'YDGH',
  'engineering-planning': 'GCGH',
  construction: 'SGXK',
  'real-estate-title': 'BDCQ',
  'land-use-approval': 'YDPZ',
};
// 设定依据 of the five permits (the articles the seed platforms' guides cite). None of them carries a fee: the
// administrative licensing law forbids charging for a permit unless a law says otherwise (行政许可法 第五十八条).
const licensingLaw = '《中华人民共和国行政许可法》';
const defaultLegalBasis: Record<string, string[]> = {
  'land-use-planning': ['《中华人民共和国城乡规划法》第三十七条、第三十八条', licensingLaw],
  'engineering-planning': ['《中华人民共和国城乡规划法》第四十条', licensingLaw],
  construction: [
    '《中华人民共和国建筑法》第七条、第八条',
    '《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）',
  ],
  'real-estate-title': ['《不动产登记暂行条例》第十四条', '《中华人民共和国民法典》第二百一十条'],
  'land-use-approval': ['《中华人民共和国土地管理法》第五十三条、第五十四条', licensingLaw],
};
const defaultFee = '不收费';
/** The demo region's window (a region states its own through the configuration). */
const defaultServiceWindow: ServiceWindow = {
  name: '政务服务中心 工程建设项目审批综合窗口',
  address: '政务服务中心一楼 综合受理区 A01–A06 窗口',
  phone: '12345',
  hours: '法定工作日 9:00–12:00，13:30–17:00',
  online: '本平台网上申报，全程网办',
};
const defaultByCommitment = new Set(['land-use-planning', 'engineering-planning', 'construction']);

/**
 * What a region starts with (revision 0): the five permits (五证), 15 / 9 days, the clock's thresholds. Written as
 * the schema's output (its keys in the schema's order, every object its own) rather than parsed at module load:
 * parsing it cost every function ~4 ms of its cold start, and config.test.ts proves that serviceConfigSchema
 * accepts it and gives it back unchanged.
 */
export const DEFAULT_SERVICE_CONFIG: ServiceConfig = Object.freeze({
  permits: permitTypes.map((permitType) => ({
    permitType,
    name: permitCatalog[permitType].name,
    certificatePrefix: defaultPrefixes[permitType],
    department: permitCatalog[permitType].department,
    byCommitment: defaultByCommitment.has(permitType),
    documents: (defaultDocuments[permitType] ?? []).map((document) => ({ ...document })),
    legalBasis: [...(defaultLegalBasis[permitType] ?? [])],
    fee: defaultFee,
  })),
  limits: { ...DEFAULT_LIMITS },
  stepBudgets: {
    regular: { ...DEFAULT_STEP_BUDGETS.regular },
    'standard-land': { ...DEFAULT_STEP_BUDGETS['standard-land'] },
  },
  thresholds: { regular: { ...DEFAULT_THRESHOLDS }, 'standard-land': { ...DEFAULT_THRESHOLDS } },
  serviceWindow: { ...defaultServiceWindow },
});

// -----------------------------------------------------------------------------------------------------------
// Audit events of the service configuration (kept under CONFIG#service, apart from any application)

export const serviceConfigEventSchema = z.strictObject({
  eventId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
    .max(128),
  at: timestampSchema,
  type: z.literal('service-config-changed'),
  actor: actorSchema,
  fromRevision: z.number().int().min(0),
  toRevision: z.number().int().min(1),
  /** What changed, as field paths (`permits.construction.documents`, `limits.regular`...). */
  changed: z.array(z.string().max(200)).max(200),
  note: z.string().max(500).optional(),
});
export type ServiceConfigEvent = z.infer<typeof serviceConfigEventSchema>;

/** The field paths at which two configurations differ, permits keyed by their type (for the audit event). */
export function changedPaths(before: ServiceConfig, after: ServiceConfig): string[] {
  const paths: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort()) {
        walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      }
      return;
    }
    paths.push(path.slice(1));
  };
  const byType = (c: ServiceConfig) => Object.fromEntries(c.permits.map((p) => [p.permitType, p]));
  const { permits: _a, ...restBefore } = before;
  const { permits: _b, ...restAfter } = after;
  walk(byType(before), byType(after), '.permits');
  walk(restBefore, restAfter, '');
  return paths.slice(0, 200);
}

/** The documents an application's permits require, each kind once (mandatory if any permit needs it). */
export function requiredDocumentsOf(
  permits: readonly CatalogueEntry[],
  permitTypesApplied: readonly string[],
): RequiredDocument[] {
  return mergeMaterials(
    permits
      .filter((permit) => permitTypesApplied.includes(permit.permitType))
      .map((permit) => permit.documents),
  );
}

/**
 * A permit type's name and department in a catalogue: the application's own configuration version when the
 * caller has it (a permit added at run time is named as configured), else the built-in catalogue of the five
 * usual permits, else the default configuration's entry, else the type itself.
 */
export function catalogueEntryOf(
  permitType: string,
  catalogue: readonly CatalogueEntry[] = DEFAULT_SERVICE_CONFIG.permits,
): { name: string; department: string } {
  const configured =
    catalogue.find((entry) => entry.permitType === permitType) ??
    DEFAULT_SERVICE_CONFIG.permits.find((entry) => entry.permitType === permitType);
  if (configured) return { name: configured.name, department: configured.department };
  const builtIn = (permitCatalog as Record<string, { name: string; department: string } | undefined>)[
    permitType
  ];
  return builtIn ?? { name: permitType, department: '' };
}
