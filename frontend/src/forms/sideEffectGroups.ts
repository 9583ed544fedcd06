/**
 * The entry form's side effects in groups, warning signs first (docs/pwa-entry.md).
 *
 * The catalogue has no groups of its own, so the grouping is the form's: every side effect the
 * catalogue marks as a red flag (at any severity) goes first, under "Warning signs"; the rest
 * by the part of the body or mind they touch. The catalogue still decides what is a red flag,
 * the labels and the order inside a group; a code this list does not know (a newer catalogue)
 * lands in "Other", never lost.
 */
import type { CatalogSideEffect } from "../catalog";

export interface SideEffectGroup {
  key: string;
  title: string;
  items: CatalogSideEffect[];
}

const GROUPS: [key: string, title: string, codes: string[]][] = [
  ["mind", "Mind and mood", ["confusion", "disorientation", "dissociation", "vivid_dreams", "anxiety", "low_mood", "memory_problems", "difficulty_concentrating"]],
  ["head", "Head, eyes and balance", ["dizziness", "drowsiness", "headache", "double_vision", "blurred_vision"]],
  ["stomach", "Stomach", ["nausea", "vomiting"]],
  ["heart", "Heart and blood pressure", ["raised_blood_pressure", "palpitations"]],
];

export const WARNING_GROUP = "Warning signs";

/** Warning signs first, then each group in its order; empty groups left out. */
export function groupSideEffects(effects: readonly CatalogSideEffect[]): SideEffectGroup[] {
  const warning = effects.filter((e) => e.red_flag_from != null);
  const rest = effects.filter((e) => e.red_flag_from == null);
  const placed = new Set<string>();
  const groups: SideEffectGroup[] = [{ key: "warning", title: WARNING_GROUP, items: warning }];
  for (const [key, title, codes] of GROUPS) {
    const items = rest.filter((e) => codes.includes(e.code));
    items.forEach((e) => placed.add(e.code));
    groups.push({ key, title, items });
  }
  groups.push({ key: "other", title: "Other", items: rest.filter((e) => !placed.has(e.code)) });
  return groups.filter((g) => g.items.length > 0);
}
