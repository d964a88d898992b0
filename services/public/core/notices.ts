// 公示: the public notices of issued and revoked permits as the public route answers them. Each notice is shown
// with exactly the fields it was published with (shared/notices/model.ts) and the path of its certificate's
// public check; the list never names an application, a user, a document or a contact.
import * as z from 'zod';
import type { ApplicationRepository, PageOptions } from '#shared/data/ports';
import { departmentIdSchema } from '#shared/model';
import { noticeKindSchema, publicNoticeSchema, verifyPathOf } from '#shared/notices/model';
import { pageQueryShape, pageSchema } from '#services/application/core/views';

export const noticeQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Part of the certificate number, the project name or the enterprise; case, width and spacing insensitive',
    ),
  department: departmentIdSchema.optional().describe('Only the notices of this issuing department'),
  kind: noticeKindSchema.optional().describe('`issued` (发证) or `revoked` (撤销)'),
  ...pageQueryShape,
});
export type NoticeListQuery = z.infer<typeof noticeQuerySchema>;

export const noticeViewSchema = publicNoticeSchema.omit({ at: true }).extend({
  verifyPath: z
    .string()
    .describe(
      "The certificate's public check on this API (`GET /verify/{certificateNo}`); the portal: `#/verify/{no}`",
    ),
});
export type NoticeView = z.infer<typeof noticeViewSchema>;

export const noticePageSchema = pageSchema(noticeViewSchema);

/** A page of notices, newest first; short pages with a cursor when a filter matches rarely (bounded reads). */
export async function listNotices(
  deps: { repository: Pick<ApplicationRepository, 'listNotices'> },
  query: NoticeListQuery,
): Promise<z.infer<typeof noticePageSchema>> {
  const options: PageOptions = {
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  };
  const page = await deps.repository.listNotices(
    {
      ...(query.department !== undefined ? { department: query.department } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.q !== undefined ? { q: query.q } : {}),
    },
    options,
  );
  return {
    items: page.items.map(({ at: _at, ...notice }) => ({
      ...notice,
      verifyPath: verifyPathOf(notice.certificateNo),
    })),
    ...(page.cursor !== undefined ? { cursor: page.cursor } : {}),
  };
}
