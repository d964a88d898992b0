// 满意率: the rating counters the administrators' reports and the published page read, written in the rating's
// transaction. Here, beside the other audit counters, because the ratings context writes them and the reports
// context reads them, and a context may share code with another only through the application context.
import type { CounterIncrement } from '#shared/data/ports';
import type { DepartmentId, Rating, RatingLevel } from '#shared/model';
import type { ApplicationDeps } from './ports.ts';
import { monthOf } from './clock.ts';

export const ratingsDimensionPrefix = 'ratings:';
/** The matter as a whole (each rating counts once here, whatever the number of departments). */
export const allRatingsDimension = `${ratingsDimensionPrefix}all`;
/** `ratings:dept:<department>`: the ratings that count for one department that took part. */
export const departmentRatingsDimension = (department: DepartmentId): string =>
  `${ratingsDimensionPrefix}dept:${department}`;

/** The department of a `ratings:dept:` dimension; undefined for any other name. */
export function parseDepartmentRatingsDimension(dimension: string): DepartmentId | undefined {
  const prefix = `${ratingsDimensionPrefix}dept:`;
  if (!dimension.startsWith(prefix)) return undefined;
  const department = dimension.slice(prefix.length);
  return department.length > 0 ? department : undefined;
}

/** 4 满意 and 5 非常满意 are satisfied (满意率 = ratings 4–5 ÷ all ratings). */
export const isSatisfied = (level: RatingLevel): boolean => level >= 4;
/** 1 非常不满意 and 2 不满意 are a poor rating (差评), which opens a follow-up. */
export const isPoorRating = (level: RatingLevel): boolean => level <= 2;

/** The counters one rating adds: `rated`, `satisfied`, `poor` and a histogram `level-<n>`. */
function countsOf(level: RatingLevel): Record<string, number> {
  return {
    rated: 1,
    satisfied: isSatisfied(level) ? 1 : 0,
    poor: isPoorRating(level) ? 1 : 0,
    [`level-${level}`]: 1,
  };
}

/**
 * The increments of one rating, in the month it was given (region's zone): the matter's, and each department's
 * that took part — the department's own score when the enterprise gave one, else the overall level.
 */
export function satisfactionIncrements(
  rating: Pick<Rating, 'level' | 'departmentScores' | 'ratedAt'>,
  departments: readonly DepartmentId[],
  deps: Pick<ApplicationDeps, 'calendar'>,
): CounterIncrement[] {
  const month = monthOf(new Date(rating.ratedAt), deps);
  const scoreOf = (department: DepartmentId): RatingLevel =>
    rating.departmentScores?.find((score) => score.department === department)?.level ?? rating.level;
  return [
    { dimension: allRatingsDimension, month, add: countsOf(rating.level) },
    ...[...new Set(departments)].map((department) => ({
      dimension: departmentRatingsDimension(department),
      month,
      add: countsOf(scoreOf(department)),
    })),
  ];
}
