// How long browsers and CloudFront may keep a public answer (guides, published figures). They change with an
// administrator's edit or a decision and five minutes late is harmless, while a crowd of anonymous readers then
// costs one call per path and edge location every five minutes (infra/constructs/edge.ts caches /public/*).
export const PUBLIC_MAX_AGE_SECONDS = 300;

export const publicCacheHeaders = {
  'cache-control': `public, max-age=${PUBLIC_MAX_AGE_SECONDS}, s-maxage=${PUBLIC_MAX_AGE_SECONDS}`,
} as const;
