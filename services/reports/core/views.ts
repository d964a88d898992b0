// What the reports answer: response schemas (also the OpenAPI document's) and the CSV columns of every table,
// in the rows' field order, so the JSON and the CSV of a report always carry the same figures.
import * as z from 'zod';
import type { CsvColumn } from '#shared/http/csv';
import {
  applicationStatusSchema,
  departmentIdSchema,
  monthSchema,
  permitTypeSchema,
  stepKindSchema,
  timestampSchema,
  trackSchema,
} from '#shared/model';
import { applicationReportGroupings, type ApplicationReportRow } from './application-report.ts';
import type { OverdueStep } from './overdue-report.ts';
import { reportedStepKinds, stepReportGroupings, type StepReportRow } from './step-report.ts';
import type { TimelineEntry } from './timeline-report.ts';

const count = z.number().int().min(0);
const rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe('0–1, four decimals; null when there is nothing to rate');
const days = z.number().min(0).nullable();

export const stepReportRowSchema = z
  .strictObject({
    month: monthSchema.nullable().describe('null when summed over months'),
    department: departmentIdSchema.nullable(),
    kind: z.enum(reportedStepKinds).nullable(),
    permitType: permitTypeSchema
      .nullable()
      .describe('The permit a review is about; null for intake, verification'),
    track: trackSchema.nullable(),
    closed: count,
    onTime: count,
    onTimeRate: rate,
    medianWorkingDays: days,
    p90WorkingDays: days.describe('Nearest-rank 90th percentile of working days used'),
    meanWorkingDays: days,
    supplementsRequested: count.describe('补正 requests raised'),
    supplementsAnswered: count.describe('补正 requests the enterprise answered'),
    overdueOpen: count.describe('Steps that fell due in the month and are still open now'),
  })
  .meta({ id: 'StepReportRow' });

export const stepReportSchema = z.strictObject({
  asOf: timestampSchema,
  months: z.array(monthSchema),
  groupBy: z.array(z.enum(stepReportGroupings)),
  rows: z.array(stepReportRowSchema),
});

export const applicationReportRowSchema = z
  .strictObject({
    month: monthSchema.nullable(),
    track: trackSchema.nullable(),
    issued: count,
    measured: count,
    onTime: count,
    onTimeRate: rate,
    medianWorkingDays: days,
    p90WorkingDays: days,
    meanWorkingDays: days,
    meanPausedWorkingDays: days,
    issuedWithoutSupplement: count,
    withoutSupplementRate: rate,
    issuedWithAtMostOneSupplement: count,
    atMostOneSupplementRate: rate,
    refused: count,
    failed: count,
    verified: count,
    revoked: count,
  })
  .meta({ id: 'ApplicationReportRow' });

export const applicationReportSchema = z.strictObject({
  asOf: timestampSchema,
  months: z.array(monthSchema),
  groupBy: z.array(z.enum(applicationReportGroupings)),
  rows: z.array(applicationReportRowSchema),
});

export const overdueStepSchema = z
  .strictObject({
    applicationId: z.string(),
    projectName: z.string().nullable(),
    stepId: z.string(),
    kind: stepKindSchema,
    department: departmentIdSchema,
    permitType: permitTypeSchema.nullable(),
    track: trackSchema.nullable(),
    heldBy: z.enum(['department', 'enterprise']),
    holder: z.string().describe('The department, or the enterprise for the documents it owes'),
    agencyOfficerId: z.string().nullable(),
    assignee: z
      .string()
      .nullable()
      .describe('指派: the officer holding the step; null while it is the whole department’s'),
    openedAt: timestampSchema,
    dueAt: timestampSchema,
    dueMonth: monthSchema,
    workingDaysOverdue: count,
    escalatedAt: timestampSchema.nullable().describe('督办: when the step went to the supervisor'),
  })
  .meta({ id: 'OverdueStep' });

export const overdueReportSchema = z.strictObject({
  asOf: timestampSchema,
  steps: z.array(overdueStepSchema),
});

export const timelineEntrySchema = z
  .strictObject({
    at: timestampSchema,
    entry: z.enum(['event', 'paused']),
    type: z.string(),
    actor: z.string().nullable(),
    role: z.string().nullable(),
    onBehalfOf: z.string().nullable(),
    stepId: z.string().nullable(),
    clock: z.string().nullable(),
    fromStatus: applicationStatusSchema.nullable(),
    toStatus: applicationStatusSchema.nullable(),
    until: timestampSchema.nullable(),
    pausedWorkingDays: z.number().nullable(),
    detail: z.string(),
  })
  .meta({ id: 'TimelineEntry' });

export const applicationTimelineSchema = z.strictObject({
  applicationId: z.string(),
  projectName: z.string(),
  enterpriseId: z.string(),
  track: trackSchema,
  status: applicationStatusSchema,
  limitWorkingDays: z.number().int().nullable(),
  workingDaysUsed: z.number().nullable(),
  pausedWorkingDays: z.number().nullable(),
  remainingWorkingDays: z.number().nullable(),
  dueAt: timestampSchema.nullable(),
  clockStatus: z.enum(['on-track', 'yellow', 'red', 'met', 'missed']).nullable(),
  entries: z.array(timelineEntrySchema),
});

/** One CSV column per field, in the order the row schema lists them. */
function columnsOf<T>(schema: z.ZodObject): CsvColumn<T>[] {
  return Object.keys(schema.shape).map((name) => ({
    header: name,
    value: (row: T) => (row as Record<string, string | number | boolean | null>)[name],
  }));
}

export const stepReportColumns = columnsOf<StepReportRow>(stepReportRowSchema);
export const applicationReportColumns = columnsOf<ApplicationReportRow>(applicationReportRowSchema);
export const overdueStepColumns = columnsOf<OverdueStep>(overdueStepSchema);
export const timelineColumns = columnsOf<TimelineEntry>(timelineEntrySchema);
