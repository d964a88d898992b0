// The response shapes of the project register's routes, as zod schemas (validation of what goes out, types and
// OpenAPI from one source).
import * as z from 'zod';
import { applicationIdSchema, applicationStatusSchema, timestampSchema, trackSchema } from '#shared/model';
import { projectEventSchema, projectSchema, ticketSchema } from '#shared/projects/model';

export const ticketViewSchema = ticketSchema.extend({
  clock: z.object({
    budgetDays: z.number(),
    usedDays: z.number(),
    remainingDays: z.number(),
    dueAt: timestampSchema,
    status: z.enum(['on-track', 'yellow', 'red', 'met', 'missed']),
    calendarVersion: z.string(),
  }),
});

export const projectViewSchema = z.object({
  project: projectSchema,
  tickets: z.array(ticketViewSchema),
  applications: z.array(
    z.object({
      applicationId: applicationIdSchema,
      projectName: z.string(),
      status: applicationStatusSchema,
      track: trackSchema,
      createdAt: timestampSchema,
    }),
  ),
  timeline: z.array(projectEventSchema),
});

export const projectPageSchema = z.object({ items: z.array(projectSchema), cursor: z.string().optional() });
