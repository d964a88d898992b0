// The HTTP contract of the ratings routes (好差评 and the follow-up of a poor rating): documentation and zod schemas,
// joined to each route's one declaration in infra/routes.ts. Handlers take their route from here, and the OpenAPI
// document is built from here, without importing any handler.
import { declaredRoute } from '#infra/routes';
import * as z from 'zod';
import { defineRoute } from '#shared/http/openapi';
import { pageQueryShape, pageSchema } from '#services/application/core/views';
import { applicationIdSchema } from '#shared/model';
import {
  applicationRatingSchema,
  handleFollowUpBodySchema,
  rateBodySchema,
  ratingFollowUpViewSchema,
} from './core/ratings.ts';

const applicationRatingView = applicationRatingSchema.meta({ id: 'ApplicationRating' });
const followUpView = ratingFollowUpViewSchema.meta({ id: 'RatingFollowUp' });

export const rateApplicationRoute = defineRoute({
  ...declaredRoute('rate-application'),
  summary: 'Rate a finished application once (好差评)',
  description:
    'The enterprise, or the agency officer acting for it, rates the service after its permits were issued or ' +
    'it was refused: `level` 1–5 (5 非常满意 … 1 非常不满意), an optional `comment`, optional scores of the ' +
    'departments that took part. Once per application: a second rating is 409 ALREADY_RATED (a retry with the ' +
    'same Idempotency-Key returns the first answer). 409 MATTER_NOT_FINISHED before issuance or refusal; 422 ' +
    'DEPARTMENT_NOT_INVOLVED for a score of a department that took no part. A poor rating (1–2, 差评) opens a ' +
    'follow-up for the service centre, due in 5 working days, in the same transaction.',
  tags: ['ratings'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: rateBodySchema,
  response: applicationRatingView,
  status: 201,
  errors: [404, 409, 422],
});

export const getApplicationRatingRoute = defineRoute({
  ...declaredRoute('get-application-rating'),
  summary: "An application's rating and the follow-up of a poor one",
  description:
    'For the enterprise, its agency officer and administrators: the rating (null before), the follow-up of a ' +
    'poor rating with how it was handled (`overdue` derived now), and `canRate` (whether the caller may rate ' +
    'it now).',
  tags: ['ratings'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  response: applicationRatingView,
  errors: [404],
});

export const listRatingFollowUpsRoute = defineRoute({
  ...declaredRoute('list-rating-follow-ups'),
  summary: 'Poor ratings (差评) not handled yet, earliest due first',
  description:
    'The service centre’s follow-up tasks: one per poor rating, due at the end of its fifth working day; ' +
    '`overdue` once that instant passed. Handled ones leave the list.',
  tags: ['ratings'],
  query: z.strictObject({ ...pageQueryShape }),
  response: pageSchema(followUpView),
});

export const handleRatingFollowUpRoute = defineRoute({
  ...declaredRoute('handle-rating-follow-up'),
  summary: 'Record how a poor rating was handled and answered (整改 · 回复)',
  description:
    'What was done (`action`), the `outcome`, who and when; the follow-up leaves the open list and the answer ' +
    'is on the application’s timeline (`rating-follow-up-handled`), which the enterprise reads. 409 ' +
    'FOLLOW_UP_HANDLED when handled already, STALE_VERSION when `expectedVersion` is not the follow-up’s.',
  tags: ['ratings'],
  params: z.strictObject({ applicationId: applicationIdSchema }),
  body: handleFollowUpBodySchema,
  response: followUpView,
  errors: [404, 409],
});
