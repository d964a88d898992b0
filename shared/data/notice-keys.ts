// Where public notices (公示, shared/notices/model.ts) are stored: each notice twice, in the partition of every
// notice and in its department's, under a sort key that orders by instant (newest first when read backwards)
// and is unique per certificate and kind. Items of their own, not index keys: the indexes' projections are full
// (index-projection.ts), and a notice stays as it was published whatever happens to the application later.
import type { DepartmentId } from '#shared/model';
import type { NoticeKind, PublicNotice } from '#shared/notices/model';
import { itemTypeAttribute, type ItemType, type PrimaryKey } from './keys.ts';

export const allNoticesPartition = 'NOTICE#all';
export const departmentNoticesPartition = (department: DepartmentId): string => `NOTICE#dept#${department}`;

/** `<at>#<certificateNo>#<kind>`: one item per certificate and kind, whatever retries write it. */
const noticeSortKey = (notice: Pick<PublicNotice, 'at' | 'certificateNo'> & { kind: NoticeKind }) =>
  `${notice.at}#${notice.certificateNo}#${notice.kind}`;

/** The two keys a notice is stored under: every notice's partition, then its department's. */
export function noticeKeys(notice: PublicNotice): [PrimaryKey, PrimaryKey] {
  const sk = noticeSortKey(notice);
  return [
    { pk: allNoticesPartition, sk },
    { pk: departmentNoticesPartition(notice.department), sk },
  ];
}

/** The notice's two items as stored: its fields under each of its keys, named as notices. */
export function noticeItems(notice: PublicNotice): { key: PrimaryKey; item: Record<string, unknown> }[] {
  return noticeKeys(notice).map((key) => ({
    key,
    item: { ...notice, ...key, [itemTypeAttribute]: 'notice' satisfies ItemType },
  }));
}
