// 代理 · 委托: an officer declares an absence (from–to) and the colleague who stands in. While it is in force the
// substitute reads the absent officer's steps (`GET /inbox?view=mine&for=<officer>`) and decides them, each
// decision recorded "by X for Y" (decideHumanStep reads the absence); it ends by itself at `to`.
import * as z from 'zod';
import { standingInFor } from '#shared/access/index';
import type { Principal } from '#shared/auth/principal';
import { Conflict, Forbidden, ValidationError } from '#shared/errors';
import { absenceSchema, timestampSchema, userIdSchema, type Absence } from '#shared/model';
import type { CoreDeps } from '#services/application/core/ports';

/** The longest absence one declaration covers; a longer one is declared again (and shows as such). */
export const maxAbsenceDays = 90;

export const absenceBodySchema = z
  .strictObject({
    from: timestampSchema.describe('When the absence begins'),
    to: timestampSchema.describe('When it ends (exclusive): the substitute’s rights end by themselves then'),
    substitute: userIdSchema.describe('The officer of the same department who stands in (代理)'),
    note: absenceSchema.shape.note,
  })
  .superRefine((body, ctx) => {
    if (body.to <= body.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    const days = (Date.parse(body.to) - Date.parse(body.from)) / 86_400_000;
    if (days > maxAbsenceDays) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${maxAbsenceDays} days after from` });
    }
  });
export type AbsenceBody = z.infer<typeof absenceBodySchema>;

/**
 * @throws Forbidden the caller is no department officer
 * @throws ValidationError `body.substitute` is the caller; `body.to` already past
 * @throws Conflict `ABSENCE_OVERLAPS` another declared absence of the caller overlaps it
 */
export async function declareAbsence(
  deps: Pick<CoreDeps, 'repository' | 'now' | 'newId'>,
  request: { principal: Principal; body: AbsenceBody },
): Promise<Absence> {
  const { principal, body } = request;
  if (!principal.roles.includes('department-officer') || principal.department === undefined) {
    throw new Forbidden('Only a department officer declares an absence');
  }
  const now = deps.now();
  if (body.substitute === principal.userId) {
    throw new ValidationError('An officer cannot stand in for itself', [
      { path: 'body.substitute', message: 'name another officer of the department' },
    ]);
  }
  if (body.to <= now.toISOString()) {
    throw new ValidationError('The absence is over already', [
      { path: 'body.to', message: 'must be after now' },
    ]);
  }
  const declared = await deps.repository.listAbsences(principal.userId);
  const overlapping = declared.find((absence) => absence.from < body.to && body.from < absence.to);
  if (overlapping) {
    throw new Conflict(
      `An absence from ${overlapping.from} to ${overlapping.to} is declared already`,
      'ABSENCE_OVERLAPS',
    );
  }
  const absence: Absence = {
    absenceId: `abs-${deps.newId()}`,
    userId: principal.userId,
    department: principal.department,
    from: body.from,
    to: body.to,
    substitute: body.substitute,
    ...(body.note !== undefined ? { note: body.note } : {}),
    declaredAt: now.toISOString(),
  };
  await deps.repository.putAbsence(absence);
  return absence;
}

/** Whether `substitute` stands in for `officer` right now. */
export async function standsInFor(
  deps: Pick<CoreDeps, 'repository' | 'now'>,
  substitute: string,
  officer: string,
): Promise<boolean> {
  return standingInFor(await deps.repository.listAbsences(officer), substitute, deps.now()).includes(officer);
}
