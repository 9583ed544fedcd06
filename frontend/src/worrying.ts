/**
 * "Something worrying?": what the short red-flag form offers and saves. The items are every
 * red-flag side effect of the stored catalogue (offline too), in plain words; the entry it
 * saves is an ordinary diary entry of today with those side effects and the pain now the
 * patient confirms (prefilled from today's last entry on this device, when there is one).
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import type { CatalogValue } from "./api/types";
import { capitalized, type CatalogSideEffect } from "./catalog";
import type { EntryRow } from "./db";
import { i18n } from "./i18n";
import type { InputOf } from "./kinds";
import { isoWithOffset, localDate } from "./time";

type EntryInput = InputOf<"entry">;
type SideEffectCode = NonNullable<EntryInput["side_effects"]>[number]["code"];

/** One red flag the form offers. */
export interface WorryingItem {
  code: string;
  /** What the patient reads: the catalogue's label, with the severity it takes to be a red flag
   * when that is more than the lowest ("Severe hallucinations"). */
  label: string;
  /** The severities the patient may choose: those at which it is a red flag. */
  severities: CatalogValue[];
  /** The severity saved unless the patient chooses another: the lowest that is a red flag. */
  severity: number;
  urgent: boolean;
}

/**
 * A red flag only at a higher severity, named with it: "Severe hallucinations". Both words come
 * from the catalogue (translated by the server); the order and the case are the language's, so
 * the message offers each in both forms: {Severity} {effect} in English, e.g. {Effect} ({severity})
 * in Spanish.
 */
const AT_SEVERITY: MessageDescriptor = msg({
  comment:
    "A side effect that is a warning sign only at this severity. Placeholders: {Severity}/{severity} the severity capitalised/as given (e.g. Severe/severe), {Effect}/{effect} the side effect as given/lowercase (e.g. Hallucinations/hallucinations)",
  message: "{Severity} {effect}",
});

/** "Severe hallucinations" (the words in the app's language, from the catalogue). */
export function atSeverity(severityWord: string, effectLabel: string): string {
  const values = { Severity: capitalized(severityWord), severity: severityWord, Effect: effectLabel, effect: effectLabel.toLowerCase() };
  const descriptor: MessageDescriptor = { ...AT_SEVERITY, values };
  return i18n._(descriptor);
}

/**
 * Every red-flag side effect of the catalogue, those needing urgent help first (thoughts of
 * self-harm), then in the catalogue's order; none when the catalogue has not been stored yet.
 */
export function worryingItems(
  effects: readonly CatalogSideEffect[] | undefined,
  severities: readonly CatalogValue[] | undefined,
): WorryingItem[] {
  const scale = [...(severities ?? [])].sort((a, b) => a.value - b.value);
  const lowest = scale[0]?.value ?? 1;
  const items: WorryingItem[] = [];
  for (const effect of effects ?? []) {
    const from = effect.red_flag_from;
    if (from === null || from === undefined) continue;
    const choices = scale.filter((s) => s.value >= from);
    const word = scale.find((s) => s.value === from)?.label;
    const label = from > lowest && word ? atSeverity(word, effect.label) : effect.label;
    items.push({ code: effect.code, label, severities: choices, severity: from, urgent: !!effect.urgent_help });
  }
  return [...items.filter((i) => i.urgent), ...items.filter((i) => !i.urgent)];
}

/** Pain now of today's last entry on this device (by recorded_at), or null when none. */
export function lastPainToday(entries: readonly Pick<EntryRow, "diary_date" | "recorded_at" | "pain_now">[], today = localDate()): number | null {
  let latest: (typeof entries)[number] | undefined;
  for (const e of entries) {
    if (e.diary_date !== today || typeof e.pain_now !== "number") continue;
    if (!latest || String(e.recorded_at ?? "") > String(latest.recorded_at ?? "")) latest = e;
  }
  return latest ? (latest.pain_now as number) : null;
}

/** The side effects picked (codes of the catalogue, which are the schema's), each at its severity. */
export type Picked = Record<string, number>;

/** The entry the form saves: today, now, the pain given, the red flags picked and nothing else. */
export function worryingEntry(picked: Picked, painNow: number, now = new Date()): EntryInput {
  return {
    recorded_at: isoWithOffset(now),
    diary_date: localDate(now),
    pain_now: painNow,
    side_effects: Object.entries(picked).map(([code, severity]) => ({ code: code as SideEffectCode, severity })),
    locations: [],
    notes: "",
  };
}
