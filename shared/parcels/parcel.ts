// The standard-land parcels register (标准地): parcels assessed in advance (区域评估) with their control indicators
// (investment, output and tax per mu, plot ratio: minimums; energy use and emissions: maximums), registered by
// administrators, and granted (出让) to an enterprise with the land acquisition date. Pure: the stored form, and
// the rules a standard-land application meets against it: a registered parcel not granted to someone else; a
// commitment meeting every control value; a verification comparing achieved with committed figures.
import * as z from 'zod';
import type { WorkingCalendar } from '#shared/calendar/index';
import type { FieldIssue } from '#shared/errors';
import {
  calendarDateSchema,
  enterpriseIdSchema,
  indicatorsSchema,
  landParcelSchema,
  type IndicatorResult,
  timestampSchema,
  userIdSchema,
  type EnterpriseId,
  type Indicators,
} from '#shared/model';

const figure = z
  .number()
  .finite()
  .refine((n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126), 'not storable');

/** One control indicator: the value, and whether a commitment must reach it (min) or stay under it (max). */
export const controlIndicatorSchema = z.strictObject({
  control: figure,
  /** `min`: investment, output, tax per mu, plot ratio; `max`: energy use, emissions. */
  bound: z.enum(['min', 'max']),
  unit: z.string().trim().min(1).max(40).optional(),
});
export type ControlIndicator = z.infer<typeof controlIndicatorSchema>;

export const controlIndicatorsSchema = z
  .record(indicatorsSchema.keyType, controlIndicatorSchema)
  .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 20, 'between 1 and 20 indicators');

/** The grant record (出让): to whom, and the land acquisition day the standard-land clock starts from. */
export const parcelGrantSchema = z.strictObject({
  enterpriseId: enterpriseIdSchema,
  landAcquiredOn: calendarDateSchema,
  contractNo: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[^\p{Cc}]*$/u)
    .optional(),
  grantedBy: userIdSchema,
  grantedAt: timestampSchema,
});
export type ParcelGrant = z.infer<typeof parcelGrantSchema>;

export const parcelStatuses = ['available', 'granted'] as const;

export const parcelSchema = z.strictObject({
  parcelId: landParcelSchema.shape.parcelId,
  areaMu: landParcelSchema.shape.areaMu,
  location: landParcelSchema.shape.location,
  indicators: controlIndicatorsSchema,
  status: z.enum(parcelStatuses),
  grant: parcelGrantSchema.optional(),
  version: z.number().int().min(1),
  registeredAt: timestampSchema,
  updatedAt: timestampSchema,
  updatedBy: userIdSchema,
});
export type Parcel = z.infer<typeof parcelSchema>;

/** What an administrator sends to register (or correct) a parcel. */
export const registerParcelBodySchema = z.strictObject({
  areaMu: landParcelSchema.shape.areaMu,
  location: landParcelSchema.shape.location,
  indicators: controlIndicatorsSchema,
  expectedVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The version read, when correcting a registered parcel; 409 when it changed since'),
});
export type RegisterParcelBody = z.infer<typeof registerParcelBodySchema>;

export const grantParcelBodySchema = z.strictObject({
  enterpriseId: enterpriseIdSchema,
  landAcquiredOn: calendarDateSchema.describe('土地取得日: the standard-land clock starts here'),
  contractNo: parcelGrantSchema.shape.contractNo,
  expectedVersion: z.number().int().min(1).describe('The version read; 409 when it changed since'),
});
export type GrantParcelBody = z.infer<typeof grantParcelBodySchema>;

/**
 * Whether `enterpriseId` may file a standard-land application on the parcel: registered, and available or
 * granted to it. The land acquisition date comes from the grant record when there is one.
 */
export function parcelIssues(
  parcel: Parcel | undefined,
  enterpriseId: EnterpriseId,
  landAcquiredOn: string | undefined,
): FieldIssue[] {
  const path = 'landParcel.parcelId';
  if (!parcel) return [{ path, message: 'is not a registered standard-land parcel (标准地)' }];
  if (parcel.grant && parcel.grant.enterpriseId !== enterpriseId) {
    return [{ path, message: `${parcel.parcelId} is not available: it was granted to another enterprise` }];
  }
  if (parcel.grant && landAcquiredOn !== undefined && landAcquiredOn !== parcel.grant.landAcquiredOn) {
    return [
      {
        path: 'landAcquiredOn',
        message: `the grant record of ${parcel.parcelId} says the land was acquired on ${parcel.grant.landAcquiredOn}`,
      },
    ];
  }
  return [];
}

/** Each control indicator committed to, and met: below a minimum or above a maximum is refused, named. */
export function commitmentIssues(parcel: Parcel, committed: Indicators, path: string): FieldIssue[] {
  return Object.entries(parcel.indicators).flatMap(([indicator, rule]): FieldIssue[] => {
    const value = committed[indicator];
    const at = `${path}.${indicator}`;
    if (value === undefined) {
      return [
        { path: at, message: `${indicator} is a control indicator of ${parcel.parcelId}: commit to it` },
      ];
    }
    if (rule.bound === 'min' && value < rule.control) {
      return [{ path: at, message: `${indicator} ${value} is below the control value ${rule.control}` }];
    }
    if (rule.bound === 'max' && value > rule.control) {
      return [{ path: at, message: `${indicator} ${value} is above the control limit ${rule.control}` }];
    }
    return [];
  });
}

/**
 * Achieved against committed, indicator by indicator (a maximum holds when achieved ≤ committed). Every committed
 * indicator must be reported.
 */
export function verifyIndicators(
  committed: Indicators,
  achieved: Indicators,
  bounds: Readonly<Record<string, 'min' | 'max'>>,
): { results: IndicatorResult[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = Object.keys(achieved)
    .filter((indicator) => committed[indicator] === undefined)
    .map((indicator) => ({ path: `achieved.${indicator}`, message: 'was not committed to' }));
  const results: IndicatorResult[] = [];
  for (const [indicator, promised] of Object.entries(committed)) {
    const value = achieved[indicator];
    if (value === undefined) {
      issues.push({
        path: `achieved.${indicator}`,
        message: 'the achieved figure of every committed indicator',
      });
      continue;
    }
    const bound = bounds[indicator] ?? 'min';
    results.push({
      indicator,
      committed: promised,
      achieved: value,
      bound,
      met: bound === 'min' ? value >= promised : value <= promised,
    });
  }
  return { results, issues };
}

/**
 * 土地取得日: not after today (in the calendar's zone), not before the first year the calendar has data for.
 */
export function landAcquisitionIssues(
  calendar: WorkingCalendar,
  now: Date,
  landAcquiredOn: string | undefined,
  path = 'landAcquiredOn',
): FieldIssue[] {
  if (landAcquiredOn === undefined) return [];
  const today = calendar.localDate(now);
  if (landAcquiredOn > today) return [{ path, message: `must not be in the future (today is ${today})` }];
  const first = calendar.loadedYears()[0];
  if (first !== undefined && landAcquiredOn < `${first}-01-01`) {
    return [
      {
        path,
        message: `must not be before ${first}-01-01: the working-day calendar has no data before ${first}`,
      },
    ];
  }
  return [];
}
