// The filing wizard's materials checklist (材料清单): built from the service guides (办事指南) of the permits the
// enterprise selected, as GET /public/guides/{permitType} serves them from the catalogue in force, so the list
// an enterprise files against is the one the window checks, never a copy kept in the portal.
import { useRef } from 'preact/hooks';
import { api, unwrap } from './api.ts';
import type { paths } from './api/schema';
import type { UploadItem } from './documents.tsx';
import { language, t, tx } from './i18n.ts';
import { useLoad } from './ui.tsx';
import { mergeMaterials } from '../../shared/service-config/materials.ts';

export type Guide =
  paths['/public/guides/{permitType}']['get']['responses'][200]['content']['application/json'];

/** One material of the checklist: a kind once, with the permits whose guides ask for it. */
export interface ChecklistItem {
  kind: string;
  name: string;
  permits: { permitType: string; name: string }[];
  mandatory: boolean;
  tolerable: boolean;
}

/** The catalogue's (Chinese) name in Chinese; the portal's English word where it has one. */
function named(prefix: string, key: string, catalogueName: string | undefined): string {
  const word = tx(prefix, key);
  if (language() === 'en' && word !== key) return word;
  return catalogueName ?? word;
}

/**
 * The guides' materials merged by kind, in the order they first appear. The rule is the API's own
 * (shared/service-config/materials.ts, which requiredDocumentsOf uses too): mandatory if any
 * selected permit needs it, tolerable (容缺) only if every permit that lists it tolerates it.
 */
export function checklistOf(guides: readonly Guide[]): ChecklistItem[] {
  return mergeMaterials(guides.map((guide) => guide.materials)).map((material) => ({
    kind: material.kind,
    name: named('doc', material.kind, material.name),
    permits: guides
      .filter((guide) => guide.materials.some((m) => m.kind === material.kind))
      .map((guide) => ({
        permitType: guide.permitType,
        name: named('permit', guide.permitType, guide.name),
      })),
    mandatory: material.mandatory,
    tolerable: material.tolerable,
  }));
}

/**
 * The guides of the permits selected, each fetched once per wizard (a permit ticked again, or the step
 * visited again, reads the one already fetched; a failed read is tried again next time). Nothing is read
 * before the documents step (`active`).
 */
export function useGuidesOf(permitTypes: readonly string[], active: boolean) {
  const cache = useRef(new Map<string, Promise<Guide>>());
  const guideOf = (permitType: string) => {
    let guide = cache.current.get(permitType);
    if (!guide) {
      guide = unwrap(api.GET('/public/guides/{permitType}', { params: { path: { permitType } } }));
      guide.catch(() => cache.current.delete(permitType));
      cache.current.set(permitType, guide);
    }
    return guide;
  };
  return useLoad(
    () => (active ? Promise.all(permitTypes.map(guideOf)) : Promise.resolve(undefined)),
    [permitTypes.join(','), active],
  );
}

function requirementOf(item: ChecklistItem): string {
  // 容缺 on a material the catalogue does not call mandatory still means it is expected, later.
  if (!item.mandatory) return item.tolerable ? t('checklistTolerable') : t('checklistOptional');
  return item.tolerable ? t('checklistMandatoryTolerable') : t('checklistMandatory');
}

/** The checklist as a table: material, the permits needing it, mandatory / 容缺, and whether a file is chosen. */
export function FilingChecklist(props: { items: ChecklistItem[]; uploads: readonly UploadItem[] }) {
  // Chosen = hashed on the device, i.e. what the filing will declare (an empty file is refused at once).
  const chosen = (kind: string) =>
    props.uploads.filter((u) => u.kind === kind && u.sha256 !== undefined).length;
  return (
    <section class="checklist" aria-labelledby="checklist-title">
      <h3 id="checklist-title">{t('checklistTitle')}</h3>
      <p class="hint">{t('checklistIntro')}</p>
      <div class="table-wrap" tabIndex={0}>
        <table>
          <caption class="sr-only">{t('checklistTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('checklistMaterial')}</th>
              <th scope="col">{t('checklistPermits')}</th>
              <th scope="col">{t('checklistRequirement')}</th>
              <th scope="col">{t('checklistState')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => {
              const n = chosen(item.kind);
              return (
                <tr key={item.kind} class={n > 0 ? 'chosen' : ''}>
                  <th scope="row">{item.name}</th>
                  <td>{item.permits.map((p) => p.name).join('、')}</td>
                  <td>{requirementOf(item)}</td>
                  <td>{n > 0 ? t('checklistChosen', { n }) : t('checklistNotChosen')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
