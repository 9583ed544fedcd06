import { afterEach, expect, it } from "vitest";
import { activateLanguage } from "../i18n";
import type { EntryRow } from "../db";
import { copiedSummary, copiedValues } from "./sameAsLast";

afterEach(() => activateLanguage("en"));

const previous = {
  id: "e1",
  version: 3,
  _pending: 0,
  recorded_at: "2026-11-28T09:10:00+00:00",
  diary_date: "2026-11-28",
  pain_now: 7,
  pain_average: 6,
  pain_worst: 8,
  pain_least: 4,
  mood: 5,
  sleep_quality: 3,
  interference_activity: null,
  locations: ["left_knee", "lower_back"],
  side_effects: [{ code: "nausea", severity: 2 }],
  notes: "Bad day",
  administration: "a1",
  episode: "p1",
} as unknown as EntryRow;

it("copies the details but never the pain, the notes, the date or the treatment link", () => {
  const copy = copiedValues(previous);
  expect(copy).toMatchObject({ locations: ["left_knee", "lower_back"], side_effects: [{ code: "nausea", severity: 2 }], mood: 5, sleep_quality: 3 });
  for (const key of ["pain_now", "pain_average", "pain_worst", "pain_least", "notes", "diary_date", "administration", "episode"])
    expect(copy).not.toHaveProperty(key);
  // A detail the previous entry left empty empties the form's too (it is "the same").
  expect(copy.interference_activity).toBeNull();
  expect(copy.pgic).toBeNull();
});

it("copies lists, not the previous entry's own arrays", () => {
  const copy = copiedValues(previous);
  (copy.side_effects as { severity: number }[])[0]!.severity = 3;
  expect(previous.side_effects![0]!.severity).toBe(2);
});

it("says what it copied, in words", () => {
  const labels = { region: (c: string) => ({ left_knee: "Left knee", lower_back: "Lower back" })[c] ?? c, effect: () => "Nausea", severity: () => "moderate" };
  expect(copiedSummary(copiedValues(previous), labels)).toBe("Left knee, Lower back; Nausea (moderate); mood 5, sleep 3");
});

it("says what it copied in the app's language (the catalogue's labels come translated)", async () => {
  await activateLanguage("es");
  const labels = { region: () => "Zona lumbar", effect: () => "Náuseas", severity: () => "moderada" };
  expect(copiedSummary(copiedValues({ ...previous, locations: ["lower_back"], relief_percent: 30 } as EntryRow), labels)).toBe(
    "Zona lumbar; Náuseas (moderada); estado de ánimo 5, sueño 3, alivio 30 %",
  );
});
