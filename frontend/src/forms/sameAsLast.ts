/**
 * "Same as last time": the previous entry's details copied into a new entry, except the pain
 * figures (pain now, average, worst, least: what the patient comes to log), the notes (words
 * about that day), the diary date and the link to an infusion or dose (a new entry is about its
 * own day). See docs/pwa-entry.md.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import type { EntryRow, Json } from "../db";
import { formatNumber, i18n } from "../i18n";

/** The fields copied, in the order the summary names them. */
export const COPIED = [
  "locations",
  "side_effects",
  "interference_enjoyment",
  "interference_activity",
  "mood",
  "sleep_quality",
  "relief_percent",
  "pgic",
] as const;

export const NOT_COPIED = ["pain_now", "pain_average", "pain_worst", "pain_least", "notes", "diary_date", "administration", "episode"] as const;

/** The values to put into the form: every copied field, emptied where the previous entry had none. */
export function copiedValues(previous: EntryRow): Json {
  const values: Json = {};
  for (const key of COPIED) {
    const v = previous[key];
    if (key === "locations" || key === "side_effects") values[key] = Array.isArray(v) ? v.map((x) => (typeof x === "object" ? { ...x } : x)) : [];
    else values[key] = v ?? null;
  }
  return values;
}

// Each copied score's word in the summary, followed by its value ("mood 6").
const SCORE_WORDS: Record<string, MessageDescriptor> = {
  interference_enjoyment: msg`interference with enjoyment`,
  interference_activity: msg`interference with activity`,
  mood: msg({ comment: "Followed by a 0–10 score in a list of what was copied", message: "mood" }),
  sleep_quality: msg({ comment: "Sleep quality, followed by a 0–10 score", message: "sleep" }),
  relief_percent: msg({ comment: "Relief from treatment, followed by a percentage", message: "relief" }),
  pgic: msg({ comment: "The patient's global impression of change, followed by its score", message: "change since treatment" }),
};

/**
 * What was copied, in words: "Left knee, Lower back; Nausea (mild); mood 6, sleep 4", or "" when
 * the previous entry had no details. Labels of the catalogue come translated by the server.
 */
export function copiedSummary(
  values: Json,
  labels: { region: (code: string) => string; effect: (code: string) => string; severity: (n: number) => string },
): string {
  const parts: string[] = [];
  const locations = (values.locations as string[] | undefined) ?? [];
  if (locations.length) parts.push(locations.map(labels.region).join(", "));
  const effects = (values.side_effects as { code: string; severity: number }[] | undefined) ?? [];
  if (effects.length) parts.push(effects.map((e) => `${labels.effect(e.code)} (${labels.severity(e.severity)})`).join(", "));
  const scores = Object.entries(SCORE_WORDS)
    .filter(([key]) => values[key] !== null && values[key] !== undefined)
    .map(([key, word]) => `${i18n._(word)} ${formatNumber(Number(values[key]))}${key === "relief_percent" ? " %" : ""}`);
  if (scores.length) parts.push(scores.join(", "));
  return parts.join("; ");
}
