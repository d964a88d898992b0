// The HTTP contract of the admin routes: documentation and zod schemas, joined to each route's one declaration in
// infra/routes.ts (method, path, role rule, idempotency). Handlers take their route from here, and the OpenAPI
// document is built from here, without importing any handler.
import { declaredRoute } from '#infra/routes';
import { defineRoute } from '#shared/http/openapi';
import { calendarChangeResultSchema, calendarStatusSchema } from './core/calendar-admin.ts';
import { localRestDaysChangeSchema } from '#shared/calendar/config';
import * as z from 'zod';
import { yearScheduleSchema } from '#shared/calendar/index';
import {
  putServiceConfigBodySchema,
  serviceConfigChangeResultSchema,
  serviceConfigViewSchema,
} from './core/service-config-admin.ts';
import { parcelListSchema } from './core/parcel-admin.ts';
import { grantParcelBodySchema, parcelSchema, registerParcelBodySchema } from '#shared/parcels/parcel';
import { landParcelSchema } from '#shared/model';

export const changeLocalRestDaysRoute = defineRoute({
  ...declaredRoute('change-local-rest-days'),
  summary: 'Add or remove local rest days (工作日历)',
  description:
    '`add`: dates (with an optional note) on which the region rests even where the national schedule ' +
    'works; `remove`: dates that are to work again. Idempotent by nature: adding a date that is a local rest ' +
    'day already, or removing one that is not, changes nothing. Open deadlines are recomputed and the ' +
    'change is audited. 409 when another change came first.',
  tags: ['admin'],
  body: localRestDaysChangeSchema,
  response: calendarChangeResultSchema,
  errors: [409],
});

export const getCalendarRoute = defineRoute({
  ...declaredRoute('get-calendar'),
  summary: 'Read the working-day calendar in force (工作日历)',
  description:
    'Years with their source notice and origin (bundled with the platform, or loaded by an administrator), ' +
    'active local rest days, the calendar version deadlines are stamped with, `warnings` (from 1 December: ' +
    "next year's schedule still missing) and the latest changes.",
  tags: ['admin'],
  response: calendarStatusSchema,
});

export const loadCalendarYearRoute = defineRoute({
  ...declaredRoute('load-calendar-year'),
  summary: "Load a year's official holiday schedule (工作日历)",
  description:
    'Every rest day of each holiday period and every make-up working day (调休上班日), each with the ' +
    "holiday's name, and the notice in `source`. Validated (make-up days on weekends, no day both, no " +
    'duplicates, dates inside the year; 400 with field paths), then effective at once; open deadlines are ' +
    'recomputed and the change is audited. Replacing a bundled year (a mid-year change such as 2020) works ' +
    'the same way. Idempotent by nature: the same schedule again changes nothing (`changed: false`). 409 ' +
    'when another change came first.',
  tags: ['admin'],
  params: z.strictObject({
    year: z
      .string()
      .regex(/^\d{4}$/, 'a year like 2027')
      .transform(Number),
  }),
  body: yearScheduleSchema,
  response: calendarChangeResultSchema,
  errors: [409],
});

export const getServiceConfigRoute = defineRoute({
  ...declaredRoute('get-service-config'),
  summary: 'Read the service configuration in force: permit catalogue, time limits, 容缺 rules',
  description:
    'The version new acceptances are stamped with (`revision`; 0 is the built-in defaults), the whole ' +
    'configuration and the latest changes with who made them. `?revision=n` reads an older version, the one ' +
    'applications accepted under it are still handled under.',
  tags: ['admin'],
  query: z.strictObject({
    revision: z
      .string()
      .regex(/^\d{1,6}$/, 'a revision number')
      .transform(Number)
      .optional(),
  }),
  response: serviceConfigViewSchema,
  errors: [404],
});

export const putServiceConfigRoute = defineRoute({
  ...declaredRoute('put-service-config'),
  summary: 'Write a new version of the service configuration',
  description:
    'The whole configuration: each permit type with its issuing department, the documents it requires ' +
    '(`mandatory`; `tolerable`: may be accepted as missing under 容缺), its review budget per track, whether ' +
    'it may go by commitment on standard land (告知承诺); the 15 / 9 day limits, the step budgets per track and ' +
    'the warning thresholds. Validated with field paths (400); conditioned on `expectedRevision` (409 when ' +
    'another change came first); audited. Applies to applications accepted afterwards: a running application ' +
    'keeps the version it was accepted under. The same configuration again changes nothing (`changed: false`).',
  tags: ['admin'],
  body: putServiceConfigBodySchema,
  response: serviceConfigChangeResultSchema,
  errors: [409],
});

const parcelParams = z.strictObject({ parcelId: landParcelSchema.shape.parcelId });

export const listParcelsRoute = defineRoute({
  ...declaredRoute('list-parcels'),
  summary: 'List the standard-land parcels register (标准地)',
  description:
    'Every registered parcel with its control indicators, status (available / granted) and grant record.',
  tags: ['admin'],
  response: parcelListSchema,
});

export const registerParcelRoute = defineRoute({
  ...declaredRoute('register-parcel'),
  summary: 'Register a standard-land parcel, or correct one not yet granted',
  description:
    'Area, location and the control indicators fixed by the regional assessment (区域评估): each with its ' +
    'value and `bound` (`min`: investment, output, tax per mu, plot ratio; `max`: energy use, emissions). A ' +
    'standard-land application must name a registered parcel, and its commitment (承诺书) must meet every ' +
    'control value. Without `expectedVersion` it registers (409 ALREADY_EXISTS when registered); with it, it ' +
    'corrects (409 STALE_VERSION, or PARCEL_GRANTED once granted). Audited.',
  tags: ['admin'],
  params: parcelParams,
  body: registerParcelBodySchema,
  response: parcelSchema,
  errors: [404, 409],
});

export const grantParcelRoute = defineRoute({
  ...declaredRoute('grant-parcel'),
  summary: 'Record the grant (出让) of a standard-land parcel',
  description:
    'To which enterprise and on which day the land was acquired (土地取得日: the 9-day clock starts there; ' +
    'not in the future, not before the calendar has data: 400). The parcel becomes `granted`: only that ' +
    "enterprise may file on it, and its application's land acquisition date comes from this record. 409 " +
    'PARCEL_GRANTED when granted already. Audited.',
  tags: ['admin'],
  params: parcelParams,
  body: grantParcelBodySchema,
  response: parcelSchema,
  errors: [404, 409],
});
