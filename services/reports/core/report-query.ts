// Query parameters the report routes share: the months covered, the output format, grouping lists.
import * as z from 'zod';
import { monthSchema } from '#shared/model';

export const monthsQueryShape = {
  month: monthSchema.optional().describe('The month `YYYY-MM` (default: the current month)'),
  from: monthSchema.optional().describe('First month of a range (with `to`; at most 24 months)'),
  to: monthSchema.optional().describe('Last month of a range, inclusive'),
};

export const formatQueryShape = {
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe('`csv` answers text/csv (RFC 4180, UTF-8 with BOM); `Accept: text/csv` does the same'),
};

/** `a,b,c` → a list of the allowed names, each at most once. */
export function groupByQuery<const T extends readonly [string, ...string[]]>(names: T) {
  return z
    .string()
    .max(100)
    .transform((value) => value.split(',').map((name) => name.trim()))
    .pipe(
      z
        .array(z.enum(names))
        .min(1)
        .refine((list) => new Set(list).size === list.length, 'names must not repeat'),
    )
    .optional()
    .describe(`Keys to group rows by, comma-separated, among: ${names.join(', ')} (default: all)`);
}

/** Part of a download's file name: the months covered. */
export const monthsLabel = (months: readonly string[]): string =>
  months.length === 1 ? months[0]! : `${months[0]}_${months.at(-1)}`;

export const csvNote =
  'Add `format=csv` (or send `Accept: text/csv`) for the same rows as CSV with a header row.';
