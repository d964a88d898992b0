// How long browsers and CloudFront may keep a public answer: the figures and guides change with an
// administrator's edit or a decision, and five minutes late is harmless, while a flood of anonymous readers then
// costs one Lambda call per path and edge location every five minutes (infra/constructs/edge.ts caches them).
export const PUBLIC_MAX_AGE_SECONDS = 300;

export const publicCacheHeaders = {
  'cache-control': `public, max-age=${PUBLIC_MAX_AGE_SECONDS}, s-maxage=${PUBLIC_MAX_AGE_SECONDS}`,
} as const;
