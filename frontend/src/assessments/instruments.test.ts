import { afterEach, describe, expect, it } from "vitest";
import type { Catalog } from "../api/types";
import { activateLanguage } from "../i18n";
import {
  answersComplete,
  bandOf,
  completedAtOf,
  dueInstruments,
  itemRedFlag,
  languageNote,
  questionsAbout,
  raisesRedFlag,
  scoreOf,
  scoreText,
  startingAnswers,
  textLanguage,
  type Instrument,
} from "./instruments";

// The catalogue's instruments as catalog/ serves them (items' wording shortened: only the
// structure matters here; tests/diary/test_instrument_wording.py checks the words).
const FREQUENCY = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
];
const frequencyItems = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `item ${i + 1}`, min: 0, max: 3, answers: FREQUENCY, anchors: [] }));
const base = { title: "", citation: "", stem: "", score_min: 0 };

const PEG: Instrument = {
  ...base,
  code: "peg",
  name: "PEG",
  recall: "the past week",
  items: [1, 2, 3].map((i) => ({ text: `item ${i}`, min: 0, max: 10, answers: [], anchors: [] })),
  score: "mean",
  score_max: 10,
  bands: [],
  schedule_days: 7,
  red_flag_item: null,
  red_flag_from: null,
};
const PHQ9: Instrument = {
  ...base,
  code: "phq9",
  name: "PHQ-9",
  recall: "the last 2 weeks",
  items: frequencyItems(9),
  score: "sum",
  score_max: 27,
  bands: [
    { code: "minimal", label: "Minimal", min: 0, max: 4 },
    { code: "mild", label: "Mild", min: 5, max: 9 },
    { code: "moderate", label: "Moderate", min: 10, max: 14 },
    { code: "moderately_severe", label: "Moderately severe", min: 15, max: 19 },
    { code: "severe", label: "Severe", min: 20, max: 27 },
  ],
  schedule_days: 28,
  red_flag_item: 8,
  red_flag_from: 1,
};
const GAD7: Instrument = {
  ...PHQ9,
  code: "gad7",
  name: "GAD-7",
  items: frequencyItems(7),
  score_max: 21,
  bands: [
    { code: "minimal", label: "Minimal", min: 0, max: 4 },
    { code: "mild", label: "Mild", min: 5, max: 9 },
    { code: "moderate", label: "Moderate", min: 10, max: 14 },
    { code: "severe", label: "Severe", min: 15, max: 21 },
  ],
  red_flag_item: null,
  red_flag_from: null,
};

/** Answers of `n` items adding up to `total` (3s first). */
function summing(n: number, total: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.max(0, Math.min(3, total - 3 * i)));
}

describe("scores and bands, as the server derives them", () => {
  it("PEG: the mean of 3, rounded once to 1 decimal", () => {
    expect(scoreOf(PEG, [5, 5, 6])).toBe(5.3); // 16 / 3 = 5.333…
    expect(scoreOf(PEG, [5, 6, 6])).toBe(5.7); // 17 / 3 = 5.666…
    expect(scoreOf(PEG, [0, 0, 1])).toBe(0.3); // 1 / 3 = 0.333…
    expect(scoreOf(PEG, [0, 1, 1])).toBe(0.7); // 2 / 3 = 0.666…
    expect(scoreOf(PEG, [7, 8, 9])).toBe(8); // 24 / 3
    expect(scoreOf(PEG, [0, 0, 0])).toBe(0);
    expect(scoreOf(PEG, [10, 10, 10])).toBe(10);
    expect(scoreText(PEG, 8)).toBe("8.0 of 10");
    expect(bandOf(PEG, 8)).toBeNull();
  });

  it("a tie rounds half away from zero (2.25 → 2.3), exactly, in whole numbers", () => {
    const four: Instrument = { ...PEG, items: [...PEG.items, PEG.items[0]!] };
    expect(scoreOf(four, [2, 2, 2, 3])).toBe(2.3); // 9 / 4 = 2.25
    expect(scoreOf(four, [0, 0, 0, 1])).toBe(0.3); // 1 / 4 = 0.25
  });

  it.each([
    [0, "minimal"],
    [4, "minimal"],
    [5, "mild"],
    [9, "mild"],
    [10, "moderate"],
    [14, "moderate"],
    [15, "moderately_severe"],
    [19, "moderately_severe"],
    [20, "severe"],
    [27, "severe"],
  ])("PHQ-9: a sum of %i is %s", (total, band) => {
    const answers = summing(9, total);
    expect(answers.reduce((a, b) => a + b, 0)).toBe(total);
    expect(scoreOf(PHQ9, answers)).toBe(total);
    expect(bandOf(PHQ9, total)?.code).toBe(band);
  });

  it.each([
    [4, "minimal"],
    [5, "mild"],
    [9, "mild"],
    [10, "moderate"],
    [14, "moderate"],
    [15, "severe"],
    [21, "severe"],
  ])("GAD-7: a sum of %i is %s", (total, band) => {
    expect(scoreOf(GAD7, summing(7, total))).toBe(total);
    expect(bandOf(GAD7, total)?.code).toBe(band);
  });

  it("only complete answers in range count", () => {
    expect(answersComplete(PHQ9, summing(9, 3))).toBe(true);
    expect(answersComplete(PHQ9, summing(8, 3))).toBe(false);
    expect(answersComplete(PHQ9, [...summing(8, 3), null])).toBe(false);
    expect(answersComplete(PHQ9, [...summing(8, 3), 4])).toBe(false);
    expect(answersComplete(PEG, [10, 0, 10])).toBe(true);
    expect(answersComplete(PEG, [11, 0, 10])).toBe(false);
  });
});

describe("PHQ-9 item 9", () => {
  const upTo9 = (answer9: number | null) => [0, 0, 0, 0, 0, 0, 0, 0, answer9];
  it("answered 1 or more raises the red flag, as soon as it is answered", () => {
    expect(raisesRedFlag(PHQ9, upTo9(0))).toBe(false);
    expect(raisesRedFlag(PHQ9, upTo9(1))).toBe(true);
    expect(raisesRedFlag(PHQ9, upTo9(3))).toBe(true);
    expect(raisesRedFlag(PHQ9, upTo9(null))).toBe(false);
    expect(raisesRedFlag(PHQ9, [null, null, null, null, null, null, null, null, 2])).toBe(true); // items before unanswered
  });
  it("shows as the self-harm red flag: the item's words, the catalogue's advice, urgent help", () => {
    const item9 = { ...PHQ9.items[8]!, text: "Thoughts that you would be better off dead or of hurting yourself in some way" };
    const phq9 = { ...PHQ9, items: [...PHQ9.items.slice(0, 8), item9] };
    const cat = {
      side_effects: [
        { code: "chest_pain", label: "Chest pain", advice: "Call the emergency number now.", urgent_help: false },
        { code: "thoughts_of_self_harm", label: "Thoughts of suicide or self-harm", advice: "Call a crisis line.", urgent_help: true },
      ],
    } as unknown as Catalog;
    expect(itemRedFlag(cat, phq9)).toEqual({
      code: "phq9_item9",
      label: "Thoughts that you would be better off dead or of hurting yourself in some way",
      advice: "Call a crisis line.",
      urgent: true,
    });
    // A catalogue stored by an older app, without advice: still the guidance, never nothing.
    expect(itemRedFlag(null, phq9).advice).toMatch(/emergency number now/);
  });

  it("no other instrument has one", () => {
    expect(raisesRedFlag(GAD7, [3, 3, 3, 3, 3, 3, 3])).toBe(false);
    expect(raisesRedFlag(PEG, [10, 10, 10])).toBe(false);
    expect(raisesRedFlag(undefined, [3])).toBe(false);
  });
});

describe("when each is due", () => {
  const ALL = [PEG, PHQ9, GAD7];
  const codes = (due: ReturnType<typeof dueInstruments>) => due.map((d) => d.instrument.code);

  it("a patient who never did one is offered all three", () => {
    const due = dueInstruments(ALL, [], "2026-03-10");
    expect(codes(due)).toEqual(["peg", "phq9", "gad7"]);
    expect(due[0]).toMatchObject({ last: null, dueOn: null });
  });

  it("PEG weekly, PHQ-9 and GAD-7 every 4 weeks, from the last one of each (its own local date)", () => {
    const done = [
      { instrument: "peg", completed_at: "2026-03-01T23:30:00-05:00" }, // 1 March where it was done
      { instrument: "peg", completed_at: "2026-02-20T10:00:00+00:00" },
      { instrument: "phq9", completed_at: "2026-03-01T10:00:00+00:00" },
      { instrument: "gad7", completed_at: "2026-03-03T10:00:00+00:00" },
    ];
    expect(codes(dueInstruments(ALL, done, "2026-03-07"))).toEqual([]); // 1 + 7 = 8 March
    expect(dueInstruments(ALL, done, "2026-03-08")).toEqual([{ instrument: PEG, last: "2026-03-01", dueOn: "2026-03-08" }]);
    expect(codes(dueInstruments(ALL, done, "2026-03-28"))).toEqual(["peg"]); // 1 + 28 = 29 March
    expect(codes(dueInstruments(ALL, done, "2026-03-29"))).toEqual(["peg", "phq9"]);
    expect(codes(dueInstruments(ALL, done, "2026-03-31"))).toEqual(["peg", "phq9", "gad7"]); // 3 + 28
  });

  it("rows without a date or of an unknown instrument are ignored", () => {
    const done = [{ instrument: "peg" }, { instrument: "other", completed_at: "2026-03-01T10:00:00Z" }];
    expect(codes(dueInstruments(ALL, done, "2026-03-02"))).toEqual(["peg", "phq9", "gad7"]);
    expect(dueInstruments(undefined, done, "2026-03-02")).toEqual([]); // no catalogue yet
  });
});

describe("fixing a questionnaire the server rejected", () => {
  it("keeps the answers that fit each item and leaves the others unanswered", () => {
    const sent = [0, 1, 2, 3, 7, -1, 1.5, "2", 1, 99];
    expect(startingAnswers(PHQ9, sent)).toEqual([0, 1, 2, 3, null, null, null, null, 1]);
    expect(startingAnswers(PHQ9, "not a list")).toEqual(Array(9).fill(null));
  });

  it("keeps when it was completed unless that is not a time or is ahead of this clock", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(completedAtOf("2026-11-28T20:15:00+01:00", now)).toBe("2026-11-28T20:15:00+01:00");
    const replaced = [completedAtOf("2026-12-01T09:00:00+01:00", now), completedAtOf("yesterday", now), completedAtOf(null, now)];
    for (const at of replaced) expect(Date.parse(at)).toBe(now);
  });
});

describe("an instrument in another language than the app's", () => {
  afterEach(() => activateLanguage("en"));

  it("is marked with its language and a note only when it differs from the app's", async () => {
    const gad7 = { ...GAD7, language: "en" as const, language_note: null };
    expect(textLanguage(gad7)).toBeUndefined(); // English app, English text
    expect(languageNote(gad7)).toBeNull();
    await activateLanguage("es");
    expect(textLanguage(gad7)).toBe("en");
    // No note from the server: the app's own line, in Spanish.
    expect(languageNote(gad7)).toBe("Este cuestionario se muestra en inglés: no tiene traducción publicada.");
    expect(languageNote({ ...gad7, language_note: "Sin traducción validada: se muestra en inglés." })).toBe("Sin traducción validada: se muestra en inglés.");
    expect(textLanguage({ ...PHQ9, language: "es" })).toBeUndefined();
    expect(textLanguage(PHQ9)).toBeUndefined(); // a catalogue cached by an older app says nothing
  });

  it("writes scores and counts in the app's language", async () => {
    expect(scoreText(PEG, 5.3)).toBe("5.3 of 10");
    expect(questionsAbout(PHQ9)).toBe(`9 questions about ${PHQ9.recall}`);
    await activateLanguage("es");
    expect(scoreText(PEG, 5.3)).toBe("5,3 de 10");
    expect(scoreText(PHQ9, 7)).toBe("7 de 27");
    expect(questionsAbout(PHQ9)).toBe(`9 preguntas sobre ${PHQ9.recall}`);
    expect(itemRedFlag(null, { ...PHQ9, items: [] }).label).toBe("Pensamientos de suicidio o de autolesión");
  });
});
