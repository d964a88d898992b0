// The one rule for the materials of several permits filed together (五证联办), kept free of imports so that the
// API (requiredDocumentsOf) and the portal's filing checklist (web/src/filing-checklist.tsx) share it.

/** What the rule reads of a material: its kind and whether it is mandatory and tolerable under 容缺. */
export interface MaterialRule {
  kind: string;
  mandatory: boolean;
  tolerable: boolean;
}

/**
 * The materials of several permits merged by kind, in the order they first appear: mandatory if any permit needs
 * it, tolerable (容缺) only if every permit that lists it tolerates it. Each kind keeps its first listing's other
 * fields (its name).
 */
export function mergeMaterials<M extends MaterialRule>(listsPerPermit: readonly (readonly M[])[]): M[] {
  const byKind = new Map<string, M>();
  for (const material of listsPerPermit.flat()) {
    const known = byKind.get(material.kind);
    byKind.set(
      material.kind,
      known
        ? {
            ...known,
            mandatory: known.mandatory || material.mandatory,
            tolerable: known.tolerable && material.tolerable,
          }
        : { ...material },
    );
  }
  return [...byKind.values()];
}
