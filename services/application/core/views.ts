// What clients get to see of applications, steps and deadlines: response schemas (also the OpenAPI
// document's) and the functions that turn stored items into them. Internal fields never leave: the task
// token stays on the step, the execution ARN (it names the AWS account) on the application.
import * as z from 'zod';
import type { ClockReading } from '#shared/sla/index';
import {
  applicationSchema,
  auditEventSchema,
  calendarDateSchema,
  pauseReasonSchema,
  stepViewSchema,
  timestampSchema,
  type Application,
} from '#shared/model';

const { executionArn: _executionArn, ...viewShape } = applicationSchema.shape;

/** An application as clients see it. */
export const applicationViewSchema = z.strictObject(viewShape).meta({ id: 'Application' });
export type ApplicationView = z.infer<typeof applicationViewSchema>;

export function toApplicationView(application: Application): ApplicationView {
  const { executionArn: _arn, ...view } = application;
  return view;
}

/** One page of a list; `cursor` is present when there may be more. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    cursor: z.string().optional().describe('Pass back as `cursor` to read the next page'),
  });

export const applicationPageSchema = pageSchema(applicationViewSchema);

/** `limit` and `cursor` of every paged list. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Items per page, 1–100 (default 25)'),
  cursor: z.string().min(1).max(4096).optional().describe('The `cursor` of the previous page'),
};

// ---------------------------------------------------------------------------------------------------------
// Deadlines (限时办结)

export const pausedIntervalViewSchema = z.strictObject({
  from: timestampSchema,
  to: timestampSchema.optional(),
  reasons: z.array(pauseReasonSchema),
  workingDays: z.number(),
});

/** One clock read now: working days used against the budget, paused intervals, due instant, colour. */
export const clockViewSchema = z
  .strictObject({
    budgetDays: z.number().int(),
    usedDays: z.number(),
    pausedDays: z.number(),
    remainingDays: z.number().describe('Working days left after today; negative once overdue'),
    dueAt: timestampSchema,
    dueOn: calendarDateSchema,
    status: z.enum(['on-track', 'yellow', 'red', 'met', 'missed']),
    paused: z.boolean().describe('The clock stands still right now (补正 or Art. 45 time)'),
    pausedIntervals: z.array(pausedIntervalViewSchema),
    calendarVersion: z.string(),
    provisional: z.boolean().describe('Reaches into a year whose holiday schedule is not published yet'),
    missingYears: z.array(z.number().int()),
  })
  .meta({ id: 'ClockReading' });
export type ClockView = z.infer<typeof clockViewSchema>;

export function toClockView(reading: ClockReading): ClockView {
  return {
    budgetDays: reading.budgetDays,
    usedDays: reading.usedDays,
    pausedDays: reading.pausedDays,
    remainingDays: reading.remainingDays,
    dueAt: reading.dueAt.toISOString(),
    dueOn: reading.dueOn,
    status: reading.status,
    paused: reading.paused,
    pausedIntervals: reading.pausedIntervals.map((interval) => ({
      from: interval.from.toISOString(),
      ...(interval.to ? { to: interval.to.toISOString() } : {}),
      reasons: interval.reasons,
      workingDays: interval.workingDays,
    })),
    calendarVersion: reading.calendarVersion,
    provisional: reading.provisional,
    missingYears: reading.missingYears,
  };
}

export const deadlinesViewSchema = z.strictObject({
  /** Null until the clock starts: before 受理 on the regular track. */
  application: clockViewSchema
    .nullable()
    .describe('The whole-application limit (15 / 9 working days); null until the clock starts'),
  steps: z.array(z.strictObject({ stepId: z.string(), clock: clockViewSchema })),
});
export type DeadlinesView = z.infer<typeof deadlinesViewSchema>;

/** A step as clients see it (never its task token). */
export const stepViewResponseSchema = stepViewSchema.meta({ id: 'Step' });

/** GET /applications/{applicationId}. */
export const applicationDetailSchema = z.strictObject({
  application: applicationViewSchema,
  steps: z.array(stepViewResponseSchema),
  timeline: z.array(auditEventSchema.meta({ id: 'AuditEvent' })),
  deadlines: deadlinesViewSchema,
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

/** What a decision answers: the step as decided, and the application after it. */
export const decisionResultSchema = z.strictObject({
  application: applicationViewSchema,
  step: stepViewResponseSchema
    .optional()
    .describe('The step decided; absent when no step was (gaps closed alone)'),
});
export type DecisionResultView = z.infer<typeof decisionResultSchema>;
