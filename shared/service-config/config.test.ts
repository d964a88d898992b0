import { describe, expect, it } from 'vitest';
import { thresholdsOf, toWorkflowConfig } from '#shared/config';
import { DEFAULT_SERVICE_CONFIG, serviceConfigSchema } from './config.ts';

describe('warning thresholds per track (预警)', () => {
  it('are set per track, and a version written with one set for both is still read', () => {
    // Prepare
    const perTrack = {
      ...DEFAULT_SERVICE_CONFIG,
      thresholds: {
        regular: { yellowRemainingDays: 2, yellowUsedFraction: 0.75 },
        'standard-land': { yellowRemainingDays: 1, yellowUsedFraction: 0.5 },
      },
    };
    const oneSet = {
      ...DEFAULT_SERVICE_CONFIG,
      thresholds: { yellowRemainingDays: 3, yellowUsedFraction: 0.6 },
    };

    // Act
    const current = toWorkflowConfig(serviceConfigSchema.parse(perTrack), 5);
    const older = toWorkflowConfig(serviceConfigSchema.parse(oneSet), 2);

    // Assess
    expect(thresholdsOf(current, 'regular')).toEqual({ yellowRemainingDays: 2, yellowUsedFraction: 0.75 });
    expect(thresholdsOf(current, 'standard-land')).toEqual({
      yellowRemainingDays: 1,
      yellowUsedFraction: 0.5,
    });
    // Problem tickets have no track: the regular track's.
    expect(thresholdsOf(current, undefined)).toEqual({ yellowRemainingDays: 2, yellowUsedFraction: 0.75 });
    expect(thresholdsOf(older, 'standard-land')).toEqual({ yellowRemainingDays: 3, yellowUsedFraction: 0.6 });
  });

  it('refuses a bad threshold with its field path', () => {
    // Act
    const result = serviceConfigSchema.safeParse({
      ...DEFAULT_SERVICE_CONFIG,
      thresholds: {
        regular: { yellowRemainingDays: 1, yellowUsedFraction: 0.5 },
        'standard-land': { yellowRemainingDays: 1, yellowUsedFraction: 2 },
      },
    });

    // Assess
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('standard-land');
  });
});

describe('the default configuration (revision 0)', () => {
  it('is what serviceConfigSchema makes of it: valid, and unchanged by the parse, key order included', () => {
    // Act
    const parsed = serviceConfigSchema.parse(DEFAULT_SERVICE_CONFIG);

    // Assess: equal as data and as JSON (the order a response, an audit diff or a service guide shows)
    expect(parsed).toStrictEqual({ ...DEFAULT_SERVICE_CONFIG });
    expect(JSON.stringify(DEFAULT_SERVICE_CONFIG)).toBe(JSON.stringify(parsed));
  });

  it('shares no object between its permits, as a parsed configuration would not', () => {
    // Act
    const documents = DEFAULT_SERVICE_CONFIG.permits.flatMap((permit) => permit.documents);

    // Assess: the business licence is required by every permit, each entry its own object
    expect(new Set(documents).size).toBe(documents.length);
  });
});
