import type { RecordDoc } from "../types.ts";

/**
 * Counts money at one hierarchy level only. UNDP publishes each project twice over: the PROJECT
 * (hierarchy 1) and its OUTPUTs (hierarchy 2, `related-activity type="1"` naming the project), and
 * both carry budgets. Rule: a child activity is dropped when its parent is kept as an SSTC record
 * in the same file (or Datastore run); a child whose parent is absent or not SSTC is kept, since
 * then nothing else counts its money. Children wait until the end because files list them in any
 * order (sorted by id, UNDP's OUTPUTs come before its PROJECTs).
 */
export interface HierarchyFilter {
  /** Returns the records to emit now. */
  offer(record: RecordDoc, id: string, hierarchy: number, parentId: string | null): RecordDoc[];
  /** Returns the children whose parent never showed up as an SSTC record. */
  flush(): RecordDoc[];
  /** How many children were dropped because their parent was kept. */
  readonly dropped: number;
}

export function createHierarchyFilter(): HierarchyFilter {
  const kept = new Set<string>();
  const pending: Array<{ record: RecordDoc; parentId: string }> = [];
  let dropped = 0;
  return {
    offer(record, id, hierarchy, parentId) {
      if (parentId && kept.has(parentId)) {
        dropped++;
        return [];
      }
      if (hierarchy > 1 && parentId) {
        pending.push({ record, parentId });
        return [];
      }
      kept.add(id);
      return [record];
    },
    flush() {
      const out = pending.filter((p) => !kept.has(p.parentId)).map((p) => p.record);
      dropped += pending.length - out.length;
      pending.length = 0;
      return out;
    },
    get dropped() {
      return dropped;
    },
  };
}
