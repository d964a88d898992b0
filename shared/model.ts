// The domain model: zod schemas are the single source for validation, for the TypeScript types (inferred
// below each schema) and, later, for the OpenAPI document. Stored items keep timestamps as ISO strings.
import * as z from 'zod';

// ---------------------------------------------------------------------------------------------------------
// Building blocks

/**
 * An instant, exactly as `Date.prototype.toISOString()` writes it (UTC, millisecond precision). One fixed
 * format matters: sort keys are built from these strings, so they must order lexicographically.
 */
export const timestampSchema = z.iso.datetime({ precision: 3 });
export type Timestamp = z.infer<typeof timestampSchema>;

/** A calendar date `YYYY-MM-DD` (land acquisition, tolerated-gap due dates). */
export const calendarDateSchema = z.iso.date();
export type CalendarDate = z.infer<typeof calendarDateSchema>;

/** A month `YYYY-MM`, the bucket of the audit counters. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');

// Identifiers end up inside DynamoDB keys joined by `#`, so their charset excludes `#` and anything odd.
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const identifier = (what: string) =>
  z.string().min(1).max(64).regex(idPattern, `${what} may hold only letters, digits, '-' and '_'`);

export const applicationIdSchema = identifier('applicationId');
export const enterpriseIdSchema = identifier('enterpriseId');
export const stepIdSchema = identifier('stepId');
export const eventIdSchema = identifier('eventId');
export const documentIdSchema = identifier('documentId');
/** Cognito subjects are UUIDs; local demo users have readable names. Never part of a key. */
export const userIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@:-]*$/,
    "userId may hold only letters, digits and '.', '_', '@', ':', '-'",
  );

export type ApplicationId = z.infer<typeof applicationIdSchema>;
export type EnterpriseId = z.infer<typeof enterpriseIdSchema>;
export type StepId = z.infer<typeof stepIdSchema>;
export type EventId = z.infer<typeof eventIdSchema>;
export type DocumentId = z.infer<typeof documentIdSchema>;
export type UserId = z.infer<typeof userIdSchema>;

/** Lower-case slugs for configurable vocabularies (departments, project types, document kinds). */
export const slug = (what: string) =>
  z
    .string()
    .min(1)
    .max(48)
    .regex(/^[a-z][a-z0-9-]*$/, `${what} must be a lower-case slug`);

// Single-line human text: trimmed, bounded, no control characters.
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

const version = z.number().int().min(1);

// DynamoDB stores 0 and magnitudes from 1e-130 to below 1e126; it refuses the whole write for anything else
// (a 1e-200 or 1e200 would reach it as an internal error), so such numbers are refused here, with their path.
const storable = (n: number) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126);
const storableMessage = 'must be 0 or between 1e-130 and 1e126 in magnitude';

// ---------------------------------------------------------------------------------------------------------
// Roles, departments, permit types

export const roles = [
  'enterprise', // 企业
  'window-clerk', // 窗口受理员
  'department-officer', // 部门审批员
  'agency-officer', // 代办员
  'administrator', // 管理员
] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Who did something: a person in a role, or the platform itself (deemed acceptance, SLA sweeper, workflow). */
export const actorSchema = z.strictObject({
  userId: userIdSchema,
  role: z.enum([...roles, 'system']),
});
export type Actor = z.infer<typeof actorSchema>;

/** Departments are configuration; any slug is a department id. */
export const departmentIdSchema = slug('department');
export type DepartmentId = z.infer<typeof departmentIdSchema>;

export const departmentSchema = z.strictObject({ departmentId: departmentIdSchema, name: text(100) });
export type Department = z.infer<typeof departmentSchema>;

/** The default department set a new region starts with. */
export const defaultDepartments = [
  { departmentId: 'window', name: '一窗受理' },
  { departmentId: 'natural-resources', name: '自然资源和规划' },
  { departmentId: 'housing-construction', name: '住房和城乡建设' },
  { departmentId: 'real-estate-registration', name: '不动产登记' },
] as const satisfies readonly Department[];

/** A department's display name: the default set's, else its id (departments added by configuration). */
export function departmentNameOf(departmentId: string): string {
  return defaultDepartments.find((d) => d.departmentId === departmentId)?.name ?? departmentId;
}

/** The department that owns intake (一窗). */
export const windowDepartment = 'window' satisfies DepartmentId;

export const permitTypes = [
  'land-use-planning',
  'engineering-planning',
  'construction',
  'real-estate-title',
  'land-use-approval',
] as const;
/**
 * Permit types are data: the catalogue an administrator keeps (shared/service-config) names them, and intake
 * checks an application's permits against the version in force. Here only their shape: a slug.
 */
export const permitTypeSchema = slug('permit type');
export type PermitType = z.infer<typeof permitTypeSchema>;
/** The most permit types one application (and one catalogue) may hold. */
export const maxPermitsPerApplication = 20;

/** The permit types of the default catalogue. */
export type DefaultPermitType = (typeof permitTypes)[number];

/** The usual five permits of an industrial project (五证), with the department that issues each by default. */
export const permitCatalog = {
  'land-use-planning': { name: '建设用地规划许可证', department: 'natural-resources' },
  'engineering-planning': { name: '建设工程规划许可证', department: 'natural-resources' },
  construction: { name: '建筑工程施工许可证', department: 'housing-construction' },
  'real-estate-title': { name: '不动产权证书', department: 'real-estate-registration' },
  'land-use-approval': { name: '建设用地批准书', department: 'natural-resources' },
} as const satisfies Record<(typeof permitTypes)[number], { name: string; department: DepartmentId }>;

// ---------------------------------------------------------------------------------------------------------
// Application parts

export const tracks = ['regular', 'standard-land'] as const; // 标准地
export const trackSchema = z.enum(tracks);
export type Track = z.infer<typeof trackSchema>;

export const landParcelSchema = z.strictObject({
  parcelId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_./-]*$/, "parcelId may hold only letters, digits and '-', '_', '.', '/'"),
  /** 亩 (1 mu ≈ 666.7 m²). */
  areaMu: z.number().positive().max(1_000_000).refine(storable, storableMessage),
  location: text(200),
});
export type LandParcel = z.infer<typeof landParcelSchema>;

export const documentKindSchema = slug('document kind');

export const documentSchema = z.strictObject({
  documentId: documentIdSchema,
  kind: documentKindSchema,
  name: text(255),
  sizeBytes: z
    .number()
    .int()
    .min(1)
    .max(200 * 1024 * 1024),
  sha256: z.string().regex(/^[a-f0-9]{64}$/, 'sha256 must be 64 lower-case hex digits'),
});
export type DocumentMeta = z.infer<typeof documentSchema>;

/**
 * The standard-land indicators the enterprise commits to (per mu investment, output, tax; energy use;
 * emissions). The set is regional configuration, so keys are slugs such as `investment-per-mu-yuan`.
 */
export const indicatorsSchema = z
  .record(slug('indicator'), z.number().finite().refine(storable, storableMessage))
  .refine((r) => Object.keys(r).length <= 20, 'at most 20 indicators');
export type Indicators = z.infer<typeof indicatorsSchema>;

/** 承诺书: the signed commitment the standard-land track issues on. */
export const commitmentSchema = z.strictObject({
  signedAt: timestampSchema,
  signedBy: userIdSchema,
  indicators: indicatorsSchema,
});
export type Commitment = z.infer<typeof commitmentSchema>;

/** One indicator's commitment verification (承诺核查): committed, achieved, and whether the commitment holds. */
export const indicatorResultSchema = z.strictObject({
  indicator: slug('indicator'),
  committed: z.number().finite().refine(storable, storableMessage),
  achieved: z.number().finite().refine(storable, storableMessage),
  /** `min`: at least the committed figure (investment, output, tax); `max`: at most (energy, emissions). */
  bound: z.enum(['min', 'max']),
  met: z.boolean(),
});
export type IndicatorResult = z.infer<typeof indicatorResultSchema>;

/** 容缺: a non-essential document accepted as missing, to follow by `dueOn`; must be closed before issuance. */
export const toleratedGapSchema = z.strictObject({
  documentKind: documentKindSchema,
  dueOn: calendarDateSchema,
  closedAt: timestampSchema.optional(),
});
export type ToleratedGap = z.infer<typeof toleratedGapSchema>;

export const applicationStatuses = [
  'submitted',
  'supplement-requested', // 补正: clock paused
  'accepted', // 受理
  'in-review',
  'issued', // 同发
  'refused',
  'under-verification', // 承诺核查
  'verified',
  'revoked',
  'failed',
] as const;
export const applicationStatusSchema = z.enum(applicationStatuses);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

/** 告知承诺 permits are issued on the commitment and verified later; the others after a full review. */
export const issuanceBasisSchema = z.enum(['review', 'commitment']);

export const issuedPermitSchema = z.strictObject({
  permitType: permitTypeSchema,
  certificateNo: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[^\p{Cc}]*$/u),
  issuedAt: timestampSchema,
  basis: issuanceBasisSchema,
  revokedAt: timestampSchema.optional(),
});
export type IssuedPermit = z.infer<typeof issuedPermitSchema>;

/** 预警 / 督办: green, yellow when the remaining budget reaches the threshold, red when overdue. */
export const slaStatusSchema = z.enum(['green', 'yellow', 'red']);
export type SlaStatus = z.infer<typeof slaStatusSchema>;

/**
 * Where the application stands against its total time limit (限时办结), as last computed. Deadlines are
 * stamped with the calendar version they used; `provisional` when they reach into an unpublished year.
 */
export const applicationSlaSchema = z.strictObject({
  /** 15 on the regular track, 9 on standard land (configurable). */
  limitWorkingDays: z.number().int().min(1).max(365),
  /** Acceptance instant (regular) or the start of the land acquisition day (standard land). */
  clockStartedAt: timestampSchema,
  dueAt: timestampSchema.optional(),
  status: slaStatusSchema.optional(),
  calendarVersion: z.string().min(1).max(64).optional(),
  provisional: z.boolean().optional(),
  /** Working days not counted because the ball was in the enterprise's court (补正) or Art. 45 time. */
  pausedWorkingDays: z.number().min(0).max(10_000).optional(),
  /** Filled at issuance. */
  workingDaysUsed: z.number().min(0).max(10_000).optional(),
  onTime: z.boolean().optional(),
});
export type ApplicationSla = z.infer<typeof applicationSlaSchema>;

const requiredPermitsSchema = z
  .array(permitTypeSchema)
  .min(1)
  .max(maxPermitsPerApplication)
  .refine((list) => new Set(list).size === list.length, 'permit types must not repeat');

const projectFields = {
  /** The investment project (项目库, shared/projects) the application is filed for; optional for older clients. */
  projectId: identifier('projectId').optional(),
  projectName: text(200),
  projectType: slug('project type'),
  track: trackSchema,
  landParcel: landParcelSchema,
  /** 土地取得日: the standard-land clock starts here. */
  landAcquiredOn: calendarDateSchema.optional(),
  investmentYuan: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  requiredPermits: requiredPermitsSchema,
  documents: z.array(documentSchema).max(100),
};

// The standard-land clock runs from land acquisition, so the date cannot be missing on that track.
function requireLandAcquisitionOnStandardLand(
  value: { track: Track; landAcquiredOn?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.track === 'standard-land' && value.landAcquiredOn === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['landAcquiredOn'],
      message: 'landAcquiredOn is required on the standard-land track',
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Application

export const applicationSchema = z
  .strictObject({
    applicationId: applicationIdSchema,
    enterpriseId: enterpriseIdSchema,
    /** 代办员 assigned to a major project (全程代办). */
    agencyOfficerId: userIdSchema.optional(),
    ...projectFields,
    commitment: commitmentSchema.optional(),
    toleratedGaps: z.array(toleratedGapSchema).max(100).optional(),
    status: applicationStatusSchema,
    receivedAt: timestampSchema,
    acceptedAt: timestampSchema.optional(),
    /**
     * The service configuration version (permit catalogue, time limits) in force at acceptance: the application
     * is handled under it to the end, whatever administrators change later.
     */
    configRevision: z.number().int().min(0).optional(),
    /** 承诺核查: each committed indicator's achieved figure and result, recorded with the verification decision. */
    verificationResults: z.array(indicatorResultSchema).max(20).optional(),
    issuedAt: timestampSchema.optional(),
    permits: z.array(issuedPermitSchema).max(maxPermitsPerApplication).optional(),
    sla: applicationSlaSchema.optional(),
    /**
     * 经办部门: every department a step of this application was opened for, in order of opening (the window
     * first). A department officer may see the application from then on; the search index files it under each
     * (shared/data/search-keys.ts). Missing on applications written before it existed, until their next step.
     */
    departments: z
      .array(departmentIdSchema)
      .max(maxPermitsPerApplication + 1)
      .optional(),
    /** The Step Functions execution that carries this application. */
    executionArn: z.string().min(1).max(2048).optional(),
    version,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .superRefine(requireLandAcquisitionOnStandardLand);
export type Application = z.infer<typeof applicationSchema>;

/**
 * What an enterprise posts to file an application. Strict: unknown keys are rejected. Ids, status, times
 * and versions are the server's. A commitment posted here is signed by the caller at submission.
 */
export const submitApplicationInputSchema = z
  .strictObject({
    ...projectFields,
    commitment: z.strictObject({ indicators: indicatorsSchema }).optional(),
  })
  .superRefine(requireLandAcquisitionOnStandardLand);
export type SubmitApplicationInput = z.infer<typeof submitApplicationInputSchema>;

// ---------------------------------------------------------------------------------------------------------
// Step (a human step)

export const stepKinds = [
  'intake', // 一窗受理
  'enterprise-supplement', // 补正 after intake: the enterprise's turn
  'review', // a department's review of one permit
  'review-supplement', // 补正 during review
  'verification', // 承诺核查
  'gap-closure', // 容缺: the enterprise still owes tolerated documents when the permits are ready to issue
] as const;
export const stepKindSchema = z.enum(stepKinds);
export type StepKind = z.infer<typeof stepKindSchema>;

export const stepStatusSchema = z.enum(['open', 'closed', 'cancelled']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

/** Why the clock stopped: 补正, or the Art. 45 exclusions (hearing, testing, inspection, expert review). */
export const pauseReasonSchema = z.enum([
  'supplement', // 补正
  'hearing', // Art. 45: 听证
  'testing', // 检验/检测
  'inspection', // 勘验
  'expert-review', // 专家评审
  'public-notice', // 公示
]);
export type PauseReason = z.infer<typeof pauseReasonSchema>;

export const pauseSchema = z.strictObject({
  from: timestampSchema,
  to: timestampSchema.optional(),
  reason: pauseReasonSchema,
  note: text(500).optional(),
});
export type Pause = z.infer<typeof pauseSchema>;

export const decisionOutcomes = [
  'accepted', // 受理
  'accepted-with-gaps', // 容缺受理
  'supplement-requested', // 补正
  'refused', // 不予受理 / 不予许可
  'approved',
  'resubmitted', // the enterprise answered a supplement request
  'verified', // 承诺核查 passed
  'verification-failed',
] as const;
export const decisionOutcomeSchema = z.enum(decisionOutcomes);
export type DecisionOutcome = z.infer<typeof decisionOutcomeSchema>;

/** The outcomes each kind of step can end with. */
export const outcomesByStepKind = {
  intake: ['accepted', 'accepted-with-gaps', 'supplement-requested', 'refused'],
  'enterprise-supplement': ['resubmitted'],
  review: ['approved', 'supplement-requested', 'refused'],
  'review-supplement': ['resubmitted'],
  verification: ['verified', 'verification-failed'],
  'gap-closure': ['resubmitted'],
} as const satisfies Record<StepKind, readonly DecisionOutcome[]>;

export const decisionSchema = z
  .strictObject({
    outcome: decisionOutcomeSchema,
    reason: text(2000).optional(),
    /**
     * 一次性告知: the complete list, in one request. Bounded in all (as JSON) so that, with a reason, it fits
     * the decision's audit event (8 KiB of detail).
     */
    missingItems: z
      .array(text(500))
      .min(1)
      .max(50)
      .refine(
        (list) => JSON.stringify(list).length <= 3000,
        'the list may hold at most 3000 characters in all',
      )
      .optional(),
    decidedBy: userIdSchema,
    /** 代理: the officer the decider stood in for (the step's assignee, absent): recorded "by X for Y". */
    decidedFor: userIdSchema.optional(),
    /** The enterprise an agency officer acted for (代办). */
    onBehalfOf: enterpriseIdSchema.optional(),
    decidedAt: timestampSchema,
  })
  .superRefine((d, ctx) => {
    if (d.outcome === 'supplement-requested' && !d.missingItems) {
      ctx.addIssue({
        code: 'custom',
        path: ['missingItems'],
        message: 'a supplement request lists what is missing',
      });
    }
    if ((d.outcome === 'refused' || d.outcome === 'verification-failed') && !d.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a refusal states its reason' });
    }
  });
export type Decision = z.infer<typeof decisionSchema>;

export const stepSchema = z.strictObject({
  applicationId: applicationIdSchema,
  stepId: stepIdSchema,
  kind: stepKindSchema,
  department: departmentIdSchema,
  permitType: permitTypeSchema.optional(),
  status: stepStatusSchema,
  openedAt: timestampSchema,
  closedAt: timestampSchema.optional(),
  /** The step's own budget in working days; the due instant is derived from it, the pauses and the calendar. */
  budgetDays: z.number().int().min(1).max(365),
  pauses: z.array(pauseSchema).max(100),
  /** Absent while the due instant is unknown (e.g. paused); such steps sort last in the inbox. */
  dueAt: timestampSchema.optional(),
  calendarVersion: z.string().min(1).max(64).optional(),
  provisional: z.boolean().optional(),
  slaStatus: slaStatusSchema.optional(),
  /** 督办: when the red step went to the department's supervisor. */
  escalatedAt: timestampSchema.optional(),
  /**
   * The officer holding the step (named assignment, 指派/认领); absent while the step is the department's as a
   * whole. Once set, only this officer, a department lead or the officer's substitute decides the step.
   */
  assignee: userIdSchema.optional(),
  /** When the current assignee got the step. */
  assignedAt: timestampSchema.optional(),
  /** The Step Functions callback token. Internal: never returned to clients (see `toStepView`). */
  taskToken: z.string().min(1).max(2048).optional(),
  decision: decisionSchema.optional(),
  version,
});
export type Step = z.infer<typeof stepSchema>;

/** A step as clients see it. */
export const stepViewSchema = stepSchema.omit({ taskToken: true });
export type StepView = z.infer<typeof stepViewSchema>;

export function toStepView(step: Step): StepView {
  const { taskToken: _taskToken, ...view } = step;
  return view;
}

// ---------------------------------------------------------------------------------------------------------
// Audit event (append-only)

export const auditEventTypes = [
  'application-submitted',
  'workflow-started',
  'agency-officer-assigned', // 全程代办
  'project-linked', // 项目库: the application was attached to its project (one-off migration)
  'intake-accepted',
  'intake-accepted-with-gaps', // 容缺受理
  'intake-deemed-accepted', // Art. 32: undecided for 5 days
  'intake-refused',
  'supplement-requested',
  'supplement-resubmitted',
  'gap-closed',
  'step-opened',
  'step-decided',
  'step-cancelled',
  'step-paused',
  'step-resumed',
  'step-warned', // 预警
  'step-escalated', // 督办
  'deadline-reminder', // 提醒: a tolerated gap due soon / overdue, Art. 32 nearing, verification due soon
  'step-claimed', // 认领: an officer took an unassigned step
  'step-released', // 退回: the assignee (or a lead) gave the step back to the department
  'step-assigned', // 指派: a lead named the officer (or another one: reassignment, with a reason)
  'time-excluded', // Art. 45: an interval that does not count against the limits (hearing, testing, 公示...)
  'supervision-issued', // 督办单: an administrator orders a department to act on a step, within a limit
  'supervision-answered', // the department's handling (办理情况) closes the order
  'supervision-overdue', // the sweeper: the order's limit passed without an answer
  'deadlines-recomputed',
  'commitment-signed',
  'permits-issued',
  'application-refused',
  'verification-decided',
  'permits-revoked',
  'application-failed',
  'document-version-attached', // an upload confirmed: size and SHA-256 match the declaration
  'document-downloaded', // who took which version of which document
  'certificates-issued', // 电子证照: one signed PDF per permit
  'certificate-downloaded',
  'service-rated', // 好差评: the enterprise (or its agency officer) rated the finished matter
  'rating-follow-up-handled', // 差评整改: the service centre recorded how it handled a poor rating
] as const;
export const auditEventTypeSchema = z.enum(auditEventTypes);
export type AuditEventType = z.infer<typeof auditEventTypeSchema>;

const detailValue = z.union([
  z.string().max(2000), // a decision's reason (up to 2000 characters) is recorded whole
  z.number().finite(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(500)).max(50),
]);

/** A small record of what changed; never documents or payloads. */
export const eventDetailSchema = z
  .record(z.string().min(1).max(64), detailValue)
  .refine((d) => Object.keys(d).length <= 30, 'at most 30 detail fields')
  .refine((d) => JSON.stringify(d).length <= 8192, 'detail must stay under 8 KiB');
export type EventDetail = z.infer<typeof eventDetailSchema>;

export const auditEventSchema = z
  .strictObject({
    applicationId: applicationIdSchema,
    eventId: eventIdSchema,
    at: timestampSchema,
    type: auditEventTypeSchema,
    actor: actorSchema,
    onBehalfOf: enterpriseIdSchema.optional(),
    stepId: stepIdSchema.optional(),
    fromStatus: applicationStatusSchema.optional(),
    toStatus: applicationStatusSchema.optional(),
    detail: eventDetailSchema,
  })
  .superRefine((event, ctx) => {
    // 全程代办: what an agency officer does, it does for an enterprise, and the record says which.
    if (event.actor.role === 'agency-officer' && event.onBehalfOf === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['onBehalfOf'],
        message: 'an agency officer acts on behalf of an enterprise',
      });
    }
    if (event.fromStatus !== undefined && event.toStatus === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['toStatus'],
        message: 'a status change names the status it led to',
      });
    }
  });
export type AuditEvent = z.infer<typeof auditEventSchema>;

// ---------------------------------------------------------------------------------------------------------
// Absence (代理 · 委托)

/**
 * An officer's declared absence and who stands in meanwhile: in force from `from` (inclusive) to `to`
 * (exclusive), so it ends by itself. Kept as a record, never deleted.
 */
export const absenceSchema = z.strictObject({
  absenceId: eventIdSchema,
  userId: userIdSchema,
  department: departmentIdSchema,
  from: timestampSchema,
  to: timestampSchema,
  substitute: userIdSchema,
  note: text(500).optional(),
  declaredAt: timestampSchema,
});
export type Absence = z.infer<typeof absenceSchema>;

// ---------------------------------------------------------------------------------------------------------
// Supervision order (督办单): an administrator's order to the department of an open step, answered by it

export const supervisionOrderStatuses = ['open', 'overdue', 'answered'] as const;
export const supervisionOrderStatusSchema = z.enum(supervisionOrderStatuses);
/** Working days on the official calendar a department may take to answer an order. */
export const maxSupervisionLimitWorkingDays = 30;

export const supervisionOrderSchema = z.strictObject({
  applicationId: applicationIdSchema,
  orderId: eventIdSchema,
  stepId: stepIdSchema,
  department: departmentIdSchema,
  /** Internal: staff read it, the enterprise does not (see shared/access/event-disclosure.ts). */
  reason: text(2000),
  limitWorkingDays: z.number().int().min(1).max(maxSupervisionLimitWorkingDays),
  issuedBy: userIdSchema,
  issuedAt: timestampSchema,
  /** The end of the limit's last working day. */
  dueAt: timestampSchema,
  status: supervisionOrderStatusSchema,
  overdueAt: timestampSchema.optional(),
  response: text(2000).optional(),
  answeredBy: userIdSchema.optional(),
  answeredAt: timestampSchema.optional(),
  version: z.number().int().min(1),
});
export type SupervisionOrder = z.infer<typeof supervisionOrderSchema>;

// ---------------------------------------------------------------------------------------------------------
// Rating (政务服务"好差评") and the follow-up of a poor one (差评整改)

/**
 * The five levels of 好差评, as the national standard names them:
 * 5 非常满意 (very satisfied), 4 满意 (satisfied), 3 基本满意 (fairly satisfied), 2 不满意 (dissatisfied),
 * 1 非常不满意 (very dissatisfied). 4–5 count as satisfied (满意率); 1–2 are a poor rating (差评).
 */
export const ratingLevelSchema = z.number().int().min(1).max(5);
export type RatingLevel = z.infer<typeof ratingLevelSchema>;
/** The longest comment a rating carries (one line of text, like a decision's reason but shorter). */
export const maxRatingCommentLength = 500;

export const ratingSchema = z.strictObject({
  /** The matter rated: an application after issuance or refusal (one rating per application). */
  applicationId: applicationIdSchema,
  enterpriseId: enterpriseIdSchema,
  level: ratingLevelSchema,
  comment: text(maxRatingCommentLength).optional(),
  /** Optional scores of the departments that took part (经办部门), each at most once. */
  departmentScores: z
    .array(z.strictObject({ department: departmentIdSchema, level: ratingLevelSchema }))
    .max(maxPermitsPerApplication + 1)
    .optional(),
  ratedBy: userIdSchema,
  ratedAt: timestampSchema,
  /** The enterprise an agency officer rated for (全程代办); absent when the enterprise rated itself. */
  onBehalfOf: enterpriseIdSchema.optional(),
  version,
});
export type Rating = z.infer<typeof ratingSchema>;

export const ratingFollowUpStatuses = ['open', 'handled'] as const;
/** What the handling achieved: solved (整改到位), explained to the enterprise (解释说明), or not solvable. */
export const followUpOutcomes = ['resolved', 'explained', 'unresolved'] as const;

/** 差评整改: a poor rating's follow-up, one per rated application (keyed by it). */
export const ratingFollowUpSchema = z.strictObject({
  applicationId: applicationIdSchema,
  enterpriseId: enterpriseIdSchema,
  /** The poor rating's level (1 or 2), comment and the departments it names, copied for the service centre. */
  level: ratingLevelSchema,
  comment: text(maxRatingCommentLength).optional(),
  departments: z.array(departmentIdSchema).max(maxPermitsPerApplication + 1),
  ratedAt: timestampSchema,
  /** The end of the last working day of the limit (working-day calendar). */
  dueAt: timestampSchema,
  status: z.enum(ratingFollowUpStatuses),
  /** 整改 and 回复: what was done and told to the enterprise. */
  action: text(2000).optional(),
  outcome: z.enum(followUpOutcomes).optional(),
  handledBy: userIdSchema.optional(),
  handledAt: timestampSchema.optional(),
  version,
});
export type RatingFollowUp = z.infer<typeof ratingFollowUpSchema>;
