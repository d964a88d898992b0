// The notification centre's routes and their zod schemas (validation, types and OpenAPI from one source). A
// schema module: it imports no handler, so the OpenAPI document can be built from it alone.
import { z } from 'zod';
import { defineRoute } from '#shared/http/openapi';
import { roles } from '#shared/model';
import { pageQueryShape, pageSchema } from '#services/intake/core/views';
import { notificationSchema, preferencesSchema } from './core/model.ts';

/** Everyone signed in in a role has a notification centre of their own. */
const everyRole = roles;
const tags = ['notifications'];

export const notificationIdSchema = z.string().regex(/^n[0-9a-z]{9}-[0-9a-f]{24}$/, 'not a notification id');

export const listNotificationsRoute = defineRoute({
  method: 'GET',
  path: '/notifications',
  summary: "The caller's own notifications, newest first",
  description: "Only the caller's notifications, a page at a time; `unread=true` leaves out those read.",
  tags,
  roles: everyRole,
  query: z.strictObject({
    ...pageQueryShape,
    unread: z.enum(['true', 'false']).optional().describe('Only unread ones'),
  }),
  response: pageSchema(notificationSchema),
});

export const unreadCountRoute = defineRoute({
  method: 'GET',
  path: '/notifications/unread-count',
  summary: "How many of the caller's notifications are unread",
  tags,
  roles: everyRole,
  response: z.strictObject({ unread: z.number().int().min(0) }),
});

export const markReadRoute = defineRoute({
  method: 'POST',
  path: '/notifications/{notificationId}/read',
  summary: "Mark one of the caller's notifications read",
  description:
    "Marking a read notification again changes nothing. Another person's notification answers 404.",
  tags,
  roles: everyRole,
  params: z.strictObject({ notificationId: notificationIdSchema }),
  response: notificationSchema,
  errors: [404],
  idempotent: true,
});

export const preferencesViewSchema = z.strictObject({
  preferences: preferencesSchema,
  /** 0 before the first save; send it back to save (optimistic concurrency). */
  version: z.number().int().min(0),
});

export const getPreferencesRoute = defineRoute({
  method: 'GET',
  path: '/notifications/preferences',
  summary: "The caller's notification preferences",
  tags,
  roles: everyRole,
  response: preferencesViewSchema,
});

export const putPreferencesRoute = defineRoute({
  method: 'PUT',
  path: '/notifications/preferences',
  summary: "Change the caller's notification preferences",
  description:
    'Which kinds go by e-mail and SMS, which outside channels, quiet rest days (no SMS on days that are not ' +
    'working days), the language. In-app notifications are always kept. `version` is the one read; a stale ' +
    'one answers 409 STALE_VERSION.',
  tags,
  roles: everyRole,
  body: z.strictObject({
    preferences: preferencesSchema,
    version: z.number().int().min(0).max(1_000_000),
  }),
  response: preferencesViewSchema,
  errors: [409],
  idempotent: true,
});
