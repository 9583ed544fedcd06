/**
 * The entry form's side effects in groups, warning signs first (docs/pwa-entry.md).
 *
 * The catalogue has no groups of its own, so the grouping is the form's: every side effect the
 * catalogue marks as a red flag (at any severity) goes first, under "Warning signs"; the rest
 * by the part of the body or mind they touch. The catalogue still decides what is a red flag,
 * the labels and the order inside a group; a code this list does not know (a newer catalogue)
 * lands in "Other", never lost. Group titles are the app's words, in the app's language.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import type { CatalogSideEffect } from "../catalog";
import { i18n } from "../i18n";

export interface SideEffectGroup {
  key: string;
  title: string;
  items: CatalogSideEffect[];
}

const GROUPS: [key: string, title: MessageDescriptor, codes: string[]][] = [
  ["mind", msg`Mind and mood`, ["confusion", "disorientation", "dissociation", "vivid_dreams", "anxiety", "low_mood", "memory_problems", "difficulty_concentrating"]],
  ["head", msg`Head, eyes and balance`, ["dizziness", "drowsiness", "headache", "double_vision", "blurred_vision"]],
  ["stomach", msg`Stomach`, ["nausea", "vomiting"]],
  ["heart", msg`Heart and blood pressure`, ["raised_blood_pressure", "palpitations"]],
];

export const WARNING_GROUP: MessageDescriptor = msg`Warning signs`;
const OTHER_GROUP: MessageDescriptor = msg({ comment: "Side effects that fit no other group", message: "Other" });

/** Warning signs first, then each group in its order; empty groups left out. */
export function groupSideEffects(effects: readonly CatalogSideEffect[]): SideEffectGroup[] {
  const warning = effects.filter((e) => e.red_flag_from != null);
  const rest = effects.filter((e) => e.red_flag_from == null);
  const placed = new Set<string>();
  const groups: SideEffectGroup[] = [{ key: "warning", title: i18n._(WARNING_GROUP), items: warning }];
  for (const [key, title, codes] of GROUPS) {
    const items = rest.filter((e) => codes.includes(e.code));
    items.forEach((e) => placed.add(e.code));
    groups.push({ key, title: i18n._(title), items });
  }
  groups.push({ key: "other", title: i18n._(OTHER_GROUP), items: rest.filter((e) => !placed.has(e.code)) });
  return groups.filter((g) => g.items.length > 0);
}
