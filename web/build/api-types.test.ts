// The portal's API types are what the current routes generate: a route or schema change that the portal has
// not been regenerated for (npm run gen:api-types) fails here, and then in the portal's type check.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, apiTypesSource } from './api-types.ts';

describe('the portal API types', () => {
  it('match the OpenAPI document the routes build today', async () => {
    // Act
    const generated = await apiTypesSource();

    // Assess
    expect(readFileSync(apiTypesFile, 'utf8'), 'run `npm run gen:api-types` and commit the result').toBe(
      generated,
    );
  });
});
