// The HTTP contract of the public face (办事指南 · 公示 · 政务公开): documentation and zod schemas, joined to each
// route's one declaration in infra/routes.ts. No route here takes a token, and none answers anything about an
// application that is not published.
import * as z from 'zod';
import { declaredRoute } from '#infra/routes';
import { defineRoute } from '#shared/http/openapi';
import { permitTypeSchema } from '#shared/model';
import { guideListSchema, guideSchema } from './core/guides.ts';
import { noticePageSchema, noticeQuerySchema } from './core/notices.ts';

export const listGuidesRoute = defineRoute({
  ...declaredRoute('list-guides'),
  summary: 'Service guides of every permit (办事指南), no login',
  description:
    'Every permit of the catalogue in force, in its order: name, issuing department, and per track the time ' +
    'limit, step budgets and whether it goes by commitment (告知承诺) on standard land; the service window.',
  tags: ['public'],
  response: guideListSchema,
});

export const getGuideRoute = defineRoute({
  ...declaredRoute('get-guide'),
  summary: "One permit's service guide (办事指南), no login",
  description:
    'Generated from the configuration in force: materials (kind, mandatory, tolerable under 容缺), legal basis ' +
    '(设定依据), time limits per track in working days, issuing department, fee, window, and on standard land ' +
    'whether the permit is issued on the commitment and when the commitment is verified. 404 when the ' +
    'catalogue has no such permit.',
  tags: ['public'],
  params: z.strictObject({ permitType: permitTypeSchema }),
  response: guideSchema,
  errors: [404],
});

export const listNoticesRoute = defineRoute({
  ...declaredRoute('list-notices'),
  summary: 'Public notices (公示) of issued and revoked permits, no login',
  description:
    'Every permit issued (发证公示) and every permit revoked after a failed commitment verification (撤销公示), ' +
    'newest first, with exactly the fields a notice carries: certificate number, kind, date, permit, issuing ' +
    "department, project, enterprise (as the certificate names it), location, and the path of the certificate's " +
    'public check. `q` matches part of the certificate number, project name or enterprise. Filters are applied ' +
    'while reading a bounded number of notices per call: a page may hold fewer than `limit` items and a cursor; ' +
    'follow the cursor. Nothing of an application that issued nothing is shown.',
  tags: ['public'],
  query: noticeQuerySchema,
  response: noticePageSchema,
});
