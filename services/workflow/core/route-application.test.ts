import { describe, expect, it } from 'vitest';
import { anApplication, aStandardLandApplication } from '#test/support/workflow';
import { DEFAULT_WORKFLOW_CONFIG, workflowConfig } from '#shared/config';
import { routeOf } from './route-application.ts';

describe('routeOf', () => {
  it('sends every permit of the regular track to its department for review', () => {
    expect(routeOf(anApplication(), DEFAULT_WORKFLOW_CONFIG)).toEqual({
      track: 'regular',
      permits: [
        { permitType: 'land-use-planning', department: 'natural-resources', byCommitment: false },
        { permitType: 'construction', department: 'housing-construction', byCommitment: false },
      ],
    });
  });

  it('issues the eligible permits on a signed commitment on standard land', () => {
    expect(routeOf(aStandardLandApplication(), DEFAULT_WORKFLOW_CONFIG).permits).toEqual([
      { permitType: 'land-use-planning', department: 'natural-resources', byCommitment: true },
      { permitType: 'construction', department: 'housing-construction', byCommitment: true },
      { permitType: 'real-estate-title', department: 'real-estate-registration', byCommitment: false },
    ]);
  });

  it('reviews everything on standard land when no commitment was signed', () => {
    const route = routeOf(aStandardLandApplication({ commitment: undefined }), DEFAULT_WORKFLOW_CONFIG);
    expect(route.permits.every((p) => !p.byCommitment)).toBe(true);
  });

  it('follows a region’s own list of permits eligible for 告知承诺', () => {
    const config = workflowConfig({ commitmentPermits: ['construction'] });
    expect(routeOf(aStandardLandApplication(), config).permits.map((p) => p.byCommitment)).toEqual([
      false,
      true,
      false,
    ]);
  });
});
