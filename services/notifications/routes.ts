// The HTTP contract of the notification centre: documentation and zod schemas, joined to each route's one
// declaration in infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from here, and
// the OpenAPI document is built from here, without importing any handler.
import * as z from 'zod';
import { declaredRoute } from '#infra/routes';
import { defineRoute } from '#shared/http/openapi';
import { pageQueryShape, pageSchema } from '#services/application/core/views';
import { notificationSchema, preferencesSchema } from './core/model.ts';

const tags = ['notifications'];

const notificationIdSchema = z.string().regex(/^n[0-9a-z]{9}-[0-9a-f]{24}$/, 'not a notification id');

export const listNotificationsRoute = defineRoute({
  ...declaredRoute('list-notifications'),
  summary: "The caller's own notifications, newest first",
  description: "Only the caller's notifications, a page at a time; `unread=true` leaves out those read.",
  tags,
  query: z.strictObject({
    ...pageQueryShape,
    unread: z.enum(['true', 'false']).optional().describe('Only unread ones'),
  }),
  response: pageSchema(notificationSchema),
});

export const unreadCountRoute = defineRoute({
  ...declaredRoute('get-unread-count'),
  summary: "How many of the caller's notifications are unread",
  tags,
  response: z.strictObject({ unread: z.number().int().min(0) }),
});

export const markReadRoute = defineRoute({
  ...declaredRoute('mark-notification-read'),
  summary: "Mark one of the caller's notifications read",
  description:
    "Marking a read notification again changes nothing. Another person's notification answers 404.",
  tags,
  params: z.strictObject({ notificationId: notificationIdSchema }),
  response: notificationSchema,
  errors: [404],
});

const preferencesViewSchema = z.strictObject({
  preferences: preferencesSchema,
  /** 0 before the first save; send it back to save (optimistic concurrency). */
  version: z.number().int().min(0),
});

export const getPreferencesRoute = defineRoute({
  ...declaredRoute('get-notification-preferences'),
  summary: "The caller's notification preferences",
  tags,
  response: preferencesViewSchema,
});

export const putPreferencesRoute = defineRoute({
  ...declaredRoute('put-notification-preferences'),
  summary: "Change the caller's notification preferences",
  description:
    'Which kinds go by e-mail and SMS, which outside channels, quiet rest days (no SMS on days that are not ' +
    'working days), the language. In-app notifications are always kept. `version` is the one read; a stale ' +
    'one answers 409 STALE_VERSION.',
  tags,
  body: z.strictObject({
    preferences: preferencesSchema,
    version: z.number().int().min(0).max(1_000_000),
  }),
  response: preferencesViewSchema,
  errors: [409],
});
