import { expect, it } from "vitest";
import type { CatalogSideEffect } from "./catalog";
import { lastPainToday, worryingEntry, worryingItems } from "./worrying";

const SEVERITIES = [
  { value: 1, label: "mild" },
  { value: 2, label: "moderate" },
  { value: 3, label: "severe" },
];

const effect = (code: string, label: string, red_flag_from: number | null, urgent_help = false): CatalogSideEffect => ({
  code,
  label,
  red_flag: red_flag_from !== null,
  red_flag_when: red_flag_from === null ? "never" : red_flag_from === 1 ? "always" : "severe",
  red_flag_from,
  advice: red_flag_from === null ? null : `Advice for ${code}.`,
  urgent_help,
});

/** A slice of the catalogue in its order: non-flags, a flag when severe, flags always, self-harm last. */
const EFFECTS = [
  effect("nausea", "Nausea", null),
  effect("hallucinations", "Hallucinations", 3),
  effect("chest_pain", "Chest pain", 1),
  effect("jaundice", "Yellow skin or eyes", 1),
  effect("other", "Other", null),
  effect("thoughts_of_self_harm", "Thoughts of suicide or self-harm", 1, true),
];

it("offers every red flag and nothing else, thoughts of self-harm first, then the catalogue's order", () => {
  expect(worryingItems(EFFECTS, SEVERITIES).map((i) => i.label)).toEqual([
    "Thoughts of suicide or self-harm",
    "Severe hallucinations", // a red flag only when severe: said so in its label
    "Chest pain",
    "Yellow skin or eyes",
  ]);
});

it("saves each at the lowest severity that is a red flag, and offers only those severities", () => {
  const [selfHarm, hallucinations, chest] = worryingItems(EFFECTS, SEVERITIES);
  expect(hallucinations).toMatchObject({ code: "hallucinations", severity: 3, urgent: false });
  expect(hallucinations?.severities.map((s) => s.label)).toEqual(["severe"]);
  expect(chest?.severity).toBe(1);
  expect(chest?.severities.map((s) => s.value)).toEqual([1, 2, 3]);
  expect(selfHarm?.urgent).toBe(true);
});

it("offers nothing before the catalogue is stored on the device", () => {
  expect(worryingItems(undefined, undefined)).toEqual([]);
});

it("prefills pain now from today's last entry by recorded_at, never from another day's", () => {
  const entries = [
    { diary_date: "2026-05-04", recorded_at: "2026-05-04T08:00:00+01:00", pain_now: 4 },
    { diary_date: "2026-05-04", recorded_at: "2026-05-04T19:30:00+01:00", pain_now: 6 }, // the last today
    { diary_date: "2026-05-04", recorded_at: "2026-05-04T12:00:00+01:00", pain_now: 5 },
    { diary_date: "2026-05-05", recorded_at: "2026-05-05T01:00:00+01:00", pain_now: 9 }, // another day
  ];
  expect(lastPainToday(entries, "2026-05-04")).toBe(6);
  expect(lastPainToday(entries, "2026-05-06")).toBeNull();
  expect(lastPainToday([], "2026-05-04")).toBeNull();
});

it("saves an entry of today with the pain given and the red flags picked, nothing else", () => {
  const now = new Date(2026, 4, 4, 21, 15, 0); // 4 May 2026, 21:15 on the device
  const entry = worryingEntry({ chest_pain: 2, craving: 1 }, 6, now);
  expect(entry.diary_date).toBe("2026-05-04");
  expect(entry.recorded_at.startsWith("2026-05-04T21:15:00")).toBe(true);
  expect(entry.pain_now).toBe(6);
  expect(entry.side_effects).toEqual([
    { code: "chest_pain", severity: 2 },
    { code: "craving", severity: 1 },
  ]);
  expect(entry.notes).toBe("");
  expect(entry.locations).toEqual([]);
});
