// The approval workflow's contract, defined once: what the state machine hands each Lambda task, what each task
// returns, and what a decision sends back with SendTaskSuccess. The state machine (infra/constructs/workflow.ts)
// reads exactly these fields, the task handlers parse their input with these schemas, and the decision handlers
// validate their callback output with them. Payloads carry IDs only: documents stay in DynamoDB.
import * as z from 'zod';
import {
  applicationIdSchema,
  departmentIdSchema,
  permitTypeSchema,
  stepKindSchema,
  trackSchema,
  windowDepartment,
} from '#shared/model';

/**
 * An instant Step Functions' Wait state accepts: RFC 3339 with seconds, an upper-case `T`, and `Z` or a
 * `±HH:MM` offset. Anything looser fails the Wait state at run time, so the task that produces it checks it.
 */
export const waitTimestampSchema = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------------------------------------------------
// Execution

/** What StartExecution receives (the execution's name should be derived from the application ID). */
export const executionInputSchema = z.strictObject({ applicationId: applicationIdSchema });
export type ExecutionInput = z.infer<typeof executionInputSchema>;

// ---------------------------------------------------------------------------------------------------------
// open-human-step (invoked with `.waitForTaskToken`)

/** The department that owns intake and the enterprise's answers to intake supplement requests (一窗). */
export const intakeDepartment = windowDepartment;

export const humanStepSchema = z
  .strictObject({
    kind: stepKindSchema,
    /** The department whose inbox holds the step; for an enterprise's supplement, the department that asked. */
    department: departmentIdSchema,
    /** Present exactly for the steps about one permit: 'review' and 'review-supplement'. */
    permitType: permitTypeSchema.optional(),
  })
  .superRefine((step, ctx) => {
    const perPermit = step.kind === 'review' || step.kind === 'review-supplement';
    if (perPermit !== (step.permitType !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['permitType'],
        message: perPermit
          ? `a ${step.kind} step names its permit type`
          : `a ${step.kind} step has no permit type`,
      });
    }
  });
export type HumanStep = z.infer<typeof humanStepSchema>;

/**
 * The Lambda records the token, the step, its deadline and the inbox entry, and returns nothing; the state
 * then waits until a decision calls SendTaskSuccess with that token. It must be idempotent: a retried invoke
 * for the same step brings a fresh token, which replaces the old one.
 */
export const openHumanStepInputSchema = z.strictObject({
  applicationId: applicationIdSchema,
  taskToken: z.string().min(1).max(2048),
  step: humanStepSchema,
});
export type OpenHumanStepInput = z.infer<typeof openHumanStepInputSchema>;

// ---------------------------------------------------------------------------------------------------------
// Callback results: the `output` of SendTaskSuccess, one schema per step kind

export const intakeResultSchema = z.strictObject({
  outcome: z.enum(['accepted', 'accepted-with-gaps', 'supplement-requested', 'refused']),
});
export type IntakeResult = z.infer<typeof intakeResultSchema>;

export const reviewResultSchema = z.strictObject({
  outcome: z.enum(['approved', 'supplement-requested', 'refused']),
});
export type ReviewResult = z.infer<typeof reviewResultSchema>;

/** The enterprise answered a supplement request (补正), at intake or during a review. */
export const supplementResultSchema = z.strictObject({ outcome: z.literal('resubmitted') });
export type SupplementResult = z.infer<typeof supplementResultSchema>;

export const verificationResultSchema = z.strictObject({
  outcome: z.enum(['verified', 'verification-failed']),
});
export type VerificationResult = z.infer<typeof verificationResultSchema>;

/** Which callback result a step of each kind ends with. */
export const callbackResultSchemas = {
  intake: intakeResultSchema,
  'enterprise-supplement': supplementResultSchema,
  review: reviewResultSchema,
  'review-supplement': supplementResultSchema,
  verification: verificationResultSchema,
  'gap-closure': supplementResultSchema,
} as const satisfies Record<HumanStep['kind'], z.ZodType>;
export type CallbackResult = z.infer<(typeof callbackResultSchemas)[keyof typeof callbackResultSchemas]>;

// ---------------------------------------------------------------------------------------------------------
// route-application

export const routeApplicationInputSchema = z.strictObject({ applicationId: applicationIdSchema });
export type RouteApplicationInput = z.infer<typeof routeApplicationInputSchema>;

export const routedPermitSchema = z.strictObject({
  permitType: permitTypeSchema,
  department: departmentIdSchema,
  /** 告知承诺: issued on the enterprise's commitment, without a department review; verified later. */
  byCommitment: z.boolean(),
});
export type RoutedPermit = z.infer<typeof routedPermitSchema>;

export const routeApplicationOutputSchema = z.strictObject({
  track: trackSchema,
  permits: z
    .array(routedPermitSchema)
    .min(1)
    .max(20)
    .refine(
      (list) => new Set(list.map((p) => p.permitType)).size === list.length,
      'permit types must not repeat',
    ),
});
export type RouteApplicationOutput = z.infer<typeof routeApplicationOutputSchema>;

// ---------------------------------------------------------------------------------------------------------
// issue-permits (同发)

export const issuePermitsInputSchema = z.strictObject({ applicationId: applicationIdSchema });
export type IssuePermitsInput = z.infer<typeof issuePermitsInputSchema>;

/**
 * Tolerated gaps (容缺) must be closed before issuance: while some are open, issuance waits for the enterprise
 * in a gap-closure step and is tried again. Gaps do not stop the clock.
 */
export const gapsOpenOutputSchema = z.strictObject({ outcome: z.literal('gaps-open') });

export const issuedOutputSchema = z
  .strictObject({
    outcome: z.literal('issued'),
    /** True when some permit was issued on commitment: the workflow then waits for the verification. */
    needsVerification: z.boolean(),
    /** When the commitment verification (承诺核查) falls due; the Wait state sleeps until then. */
    verificationDueAt: waitTimestampSchema.optional(),
    /** The department that verifies the commitment. */
    verificationDepartment: departmentIdSchema.optional(),
  })
  .superRefine((out, ctx) => {
    for (const field of ['verificationDueAt', 'verificationDepartment'] as const) {
      if (out.needsVerification !== (out[field] !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: out.needsVerification
            ? `a verification needs ${field}`
            : `${field} without a verification`,
        });
      }
    }
  });
export const issuePermitsOutputSchema = z.union([issuedOutputSchema, gapsOpenOutputSchema]);
export type IssuePermitsOutput = z.infer<typeof issuePermitsOutputSchema>;

// ---------------------------------------------------------------------------------------------------------
// close-application

/** What a Catch puts at `$.error`: Step Functions' error name and cause (the cause is often JSON text). */
export const workflowErrorSchema = z.object({
  Error: z.string(),
  Cause: z.string().optional(),
});
export type WorkflowError = z.infer<typeof workflowErrorSchema>;

export const closeOutcomes = [
  'refused', // 不予受理 at intake, or a department's refusal (不予许可)
  'verified', // 承诺核查 passed
  'revoked', // 承诺核查 failed: the permits it covers are revoked
  'failed', // the workflow broke (a task kept failing); visible to administrators
] as const;

export const closeApplicationInputSchema = z
  .strictObject({
    applicationId: applicationIdSchema,
    outcome: z.enum(closeOutcomes),
    error: workflowErrorSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.outcome === 'failed' && !input.error) {
      ctx.addIssue({ code: 'custom', path: ['error'], message: 'a failed application records its error' });
    }
  });
export type CloseApplicationInput = z.infer<typeof closeApplicationInputSchema>;

/** The business refusal a department's rejection raises inside the joint review; it ends the Map. */
export const refusedError = 'Refused';
