import { describe, expect, it } from 'vitest';
import { Forbidden, Unauthorized } from '#shared/errors';
import { apiEvent } from '#test/support/http';
import {
  claimsForPrincipal,
  parseGroups,
  principalFromClaims,
  principalFromEvent,
  requireAnyRole,
  type Principal,
} from './principal.ts';

describe('parseGroups', () => {
  it.each([
    [
      'API Gateway bracket string',
      '[enterprise dept-natural-resources]',
      ['enterprise', 'dept-natural-resources'],
    ],
    ['single bare group', 'window-clerk', ['window-clerk']],
    ['JSON array string', '["administrator","agency-officer"]', ['administrator', 'agency-officer']],
    ['real array', ['enterprise', 'agency-officer'], ['enterprise', 'agency-officer']],
    ['single bracketed group', '[administrator]', ['administrator']],
    ['empty brackets', '[]', []],
    ['extra whitespace', '  [ enterprise   window-clerk ] ', ['enterprise', 'window-clerk']],
    ['empty string', '', []],
    ['missing claim', undefined, []],
    ['non-string array members', ['enterprise', 7, null], ['enterprise']],
    ['a number', 42, []],
  ])('parses a %s', (_label, claim, expected) => {
    // Act
    const groups = parseGroups(claim);

    // Assess
    expect(groups).toEqual(expected);
  });

  it('falls back to the space-separated form for a bracket string that is not JSON', () => {
    expect(parseGroups('["odd group]')).toEqual(['"odd', 'group']);
  });
});

describe('principalFromClaims', () => {
  it('maps groups and attributes to roles', () => {
    // Act
    const principal = principalFromClaims({
      token_use: 'id',
      sub: 'u-1',
      'cognito:groups': '[enterprise agency-officer]',
      'custom:enterpriseId': 'ent-9',
      'custom:agencyFor': 'ent-1, ent-2,,ent-1',
    });

    // Assess
    expect(principal).toEqual({
      userId: 'u-1',
      roles: ['enterprise', 'agency-officer'],
      enterpriseId: 'ent-9',
      agencyFor: ['ent-1', 'ent-2'],
    });
  });

  it('makes a dept- group a department officer of that department', () => {
    const principal = principalFromClaims({
      token_use: 'id',
      sub: 'u-2',
      'cognito:groups': '[dept-natural-resources]',
    });

    expect(principal).toEqual({
      userId: 'u-2',
      roles: ['department-officer'],
      department: 'natural-resources',
    });
  });

  it('makes a department officer in the department-lead group a lead of its department, and no one else', () => {
    const lead = principalFromClaims({
      sub: 'u-5',
      token_use: 'id',
      'cognito:groups': '[dept-natural-resources department-lead]',
    });
    const leadOfNothing = principalFromClaims({
      sub: 'u-6',
      token_use: 'id',
      'cognito:groups': '[window-clerk department-lead]',
    });

    expect(lead).toEqual({
      userId: 'u-5',
      roles: ['department-officer'],
      department: 'natural-resources',
      lead: true,
    });
    expect(principalFromClaims(claimsForPrincipal(lead) as never)).toEqual(lead);
    expect(leadOfNothing).toEqual({ userId: 'u-6', roles: ['window-clerk'] });
  });

  it('lets custom:department choose among several department groups', () => {
    const principal = principalFromClaims({
      token_use: 'id',
      sub: 'u-3',
      'cognito:groups': '[dept-planning dept-housing]',
      'custom:department': 'housing',
    });

    expect(principal.department).toBe('housing');
    expect(principal.roles).toEqual(['department-officer']);
  });

  it('drops the officer role when the department is ambiguous or claimed without its group', () => {
    const ambiguous = principalFromClaims({
      token_use: 'id',
      sub: 'u-4',
      'cognito:groups': '[dept-planning dept-housing]',
    });
    const ungrouped = principalFromClaims({
      token_use: 'id',
      sub: 'u-5',
      'cognito:groups': '[]',
      'custom:department': 'planning',
    });

    expect(ambiguous).toEqual({ userId: 'u-4', roles: [] });
    expect(ungrouped).toEqual({ userId: 'u-5', roles: [] });
  });

  it('drops the enterprise role when the enterprise ID is missing', () => {
    const principal = principalFromClaims({ token_use: 'id', sub: 'u-6', 'cognito:groups': 'enterprise' });

    expect(principal).toEqual({ userId: 'u-6', roles: [] });
  });

  it('ignores groups it does not know and attributes of roles the user lacks', () => {
    const principal = principalFromClaims({
      token_use: 'id',
      sub: 'u-7',
      'cognito:groups': ['window-clerk', 'us-east-1_abc_Google', 'dept-Bad Name'],
      'custom:enterpriseId': 'ent-1',
      'custom:agencyFor': 'ent-2',
    });

    expect(principal).toEqual({ userId: 'u-7', roles: ['window-clerk'] });
  });

  it.each([
    ['no token_use at all', { sub: 'u-8', 'cognito:groups': '[administrator]' }],
    ['an access token', { sub: 'u-8', token_use: 'access', 'cognito:groups': '[administrator]' }],
    ['an unknown kind', { sub: 'u-8', token_use: 'ID', 'cognito:groups': '[administrator]' }],
  ])('refuses claims that are not an ID token: %s', (_label, claims) => {
    expect(() => principalFromClaims(claims as never)).toThrow('an ID token is required');
  });

  it.each([{}, { sub: '' }, { sub: 42 }, { sub: 'a\nb' }])(
    'refuses claims without a usable subject: %j',
    (claims) => {
      expect(() => principalFromClaims(claims as never)).toThrow(Unauthorized);
    },
  );
});

describe('principalFromEvent', () => {
  it('reads the claims API Gateway put on the event', () => {
    // Prepare
    const event = apiEvent({
      claims: { token_use: 'id', sub: 'u-1', 'cognito:groups': '[administrator]', exp: '1718722804' },
    });

    // Act
    const principal = principalFromEvent(event);

    // Assess
    expect(principal).toEqual({ userId: 'u-1', roles: ['administrator'] });
  });

  it('throws Unauthorized when the event has no authorizer', () => {
    expect(() => principalFromEvent(apiEvent())).toThrow(Unauthorized);
    expect(() => principalFromEvent({})).toThrow(Unauthorized);
  });
});

describe('claimsForPrincipal', () => {
  it.each<Principal>([
    { userId: 'e', roles: ['enterprise'], enterpriseId: 'ent-1' },
    { userId: 'd', roles: ['department-officer'], department: 'planning' },
    { userId: 'a', roles: ['agency-officer', 'administrator'], agencyFor: ['ent-1', 'ent-2'] },
    { userId: 'w', roles: ['window-clerk'] },
  ])('round-trips through principalFromClaims: $userId', (principal) => {
    expect(principalFromClaims(claimsForPrincipal(principal))).toEqual(principal);
  });
});

describe('requireAnyRole', () => {
  it('passes a holder of one of the roles and refuses others', () => {
    const clerk: Principal = { userId: 'w', roles: ['window-clerk'] };

    expect(() => requireAnyRole(clerk, ['administrator', 'window-clerk'])).not.toThrow();
    expect(() => requireAnyRole(clerk, ['administrator'])).toThrow(Forbidden);
  });
});
