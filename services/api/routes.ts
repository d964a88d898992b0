// Every authenticated API route, gathered from the handler files that declare them (each exports `route`),
// so the OpenAPI document and tests see exactly what the handlers enforce.
import type { RouteSpec } from '#shared/http/openapi';
import { route as decideIntake } from '#services/intake/handlers/decide-intake';
import { route as getApplication } from '#services/intake/handlers/get-application';
import { route as listApplications } from '#services/intake/handlers/list-applications';
import { route as resubmitSupplement } from '#services/intake/handlers/resubmit-supplement';
import { route as signCommitment } from '#services/intake/handlers/sign-commitment';
import { route as submitApplication } from '#services/intake/handlers/submit-application';
import { route as decideStep } from '#services/review/handlers/decide-step';
import { route as decideVerification } from '#services/review/handlers/decide-verification';
import { route as getPermits } from '#services/review/handlers/get-permits';
import { route as listInbox } from '#services/review/handlers/list-inbox';
import { route as getApplicationReport } from '#services/reports/handlers/get-application-report';
import { route as getApplicationTimeline } from '#services/reports/handlers/get-application-timeline';
import { route as getOverdueReport } from '#services/reports/handlers/get-overdue-report';
import { route as getStepReport } from '#services/reports/handlers/get-step-report';
import { route as changeLocalRestDays } from '#services/admin/handlers/change-local-rest-days';
import { route as getCalendar } from '#services/admin/handlers/get-calendar';
import { route as loadCalendarYear } from '#services/admin/handlers/load-calendar-year';
import {
  getPreferencesRoute,
  listNotificationsRoute,
  markReadRoute,
  putPreferencesRoute,
  unreadCountRoute,
} from '#services/notifications/routes';

/**
 * The routes behind the JWT authorizer. The public GET /openapi.json is not listed: the document builder
 * puts every operation under bearer authentication and has no way yet to mark one public.
 */
export const authenticatedRoutes: readonly RouteSpec[] = [
  submitApplication,
  listApplications,
  getApplication,
  decideIntake,
  resubmitSupplement,
  signCommitment,
  listInbox,
  decideStep,
  decideVerification,
  getPermits,
  getStepReport,
  getApplicationReport,
  getOverdueReport,
  getApplicationTimeline,
  getCalendar,
  loadCalendarYear,
  changeLocalRestDays,
  listNotificationsRoute,
  unreadCountRoute,
  markReadRoute,
  getPreferencesRoute,
  putPreferencesRoute,
];
