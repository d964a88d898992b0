// The standard-land commitment's indicators (告知承诺 · 亩均指标), kept once for the filing wizard and the
// application page. The parcel register that says which of them a parcel controls is the administrators'
// (GET /admin/parcels); the enterprise does not read it, so the portal offers every indicator, requires the
// ones every parcel controls, and the API names any control of the chosen parcel left uncommitted.
export const indicatorKeys = [
  'investment-per-mu-yuan',
  'output-per-mu-yuan',
  'tax-per-mu-yuan',
  'energy-tce-per-10k-yuan',
  'emissions-cod-tonnes-per-year',
] as const;

/** Every parcel controls these; energy and emissions only some. */
export const alwaysControlled: readonly string[] = [
  'investment-per-mu-yuan',
  'output-per-mu-yuan',
  'tax-per-mu-yuan',
];

/** The filled-in indicators as numbers, the empty ones left out. */
export function committedIndicators(values: Record<string, string | undefined>): Record<string, number> {
  return Object.fromEntries(indicatorKeys.filter((k) => values[k]).map((k) => [k, Number(values[k])]));
}
