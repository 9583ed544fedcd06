import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activateLanguage } from "./i18n";
import type { FigureAdministration, FigureEpisode, FigureRedFlag, FigureSeries, FigureWindow } from "./figures";
import {
  assessmentText,
  decimal,
  doseOutcome,
  episodeOutcome,
  legendLines,
  loggingSentence,
  redFlagText,
  reliefSentence,
  seriesOutcome,
  type FigureAssessment,
  type InstrumentWords,
  type Words,
} from "./outcomes";

// The catalogue's words (diary/catalogue.py), as the catalog endpoint serves them.
const WORDS: Words = {
  categories: { substantial: "Substantial", moderate: "Moderate", minimal: "Minimal", no_change: "No meaningful change", worse: "Worse" },
  category_reasons: {
    insufficient_data: "not enough days logged (at least 3 are needed in each window)",
    in_progress: "the week after is still in progress",
    low_baseline: "pain before was below 4 of 10, too low to judge a reduction",
    too_early: "too early: the last 7 days still include the first treatment",
  },
  relief_bounds: { next_administration: "until the next dose", horizon: "for 90 days, the longest followed", as_of: "so far" },
  legend: { substantial: "Substantial: pain at least 50 % lower than before.", responder: "Responder: a substantial or moderate reduction." },
};
const date = (d: string) => `[${d}]`;
const NO_DOSE = { dose_mg: null, dose_mg_per_kg: null, duration_minutes: null, bp_systolic_max: null, bp_diastolic_max: null, heart_rate_max: null };

const WINDOW: FigureWindow = {
  baseline: null,
  baseline_days: 0,
  response: null,
  response_days: 0,
  response_complete: true,
  response_until: null,
  change: null,
  reduction_percent: null,
  category: null,
  category_reason: null,
  responder: null,
  relief_days: null,
  relief_ongoing: null,
  relief_bound: null,
};

function series(window: Partial<FigureWindow>): FigureSeries {
  return { ...WINDOW, episode_id: "e1", first_date: "2026-04-01", last_date: "2026-04-10", administrations: 5, total_dose_mg: 105, ...window };
}

describe("an induction series", () => {
  it("says how much lower the pain was after it, with the numbers exactly as the server rounded them", () => {
    // Baseline 6.8 over 6 logged days, response 3.1 over 6 days after the last infusion on 10 April
    // (window 11–17 April, 7 days): change 6.8 − 3.1 = 3.7 points, 3.7 / 6.8 = 54.41… % → 54.4.
    const s = series({
      baseline: 6.8, baseline_days: 6, response: 3.1, response_days: 6, response_until: "2026-04-17",
      change: 3.7, reduction_percent: 54.4, category: "substantial", responder: true, relief_days: 12, relief_ongoing: false,
    });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toBe(
      "Your pain in the week after your last induction infusion was 54.4 % lower than before the course (from 6.8 to 3.1 out of 10, 3.7 points lower).",
    );
    expect(o.basis).toBe("Based on 6 of 7 days you logged before the course and 6 of 7 days after.");
    expect(o.rating).toBe("Substantial");
    expect(o.relief).toBe("Relief lasted 12 days.");
    expect(o.pending).toBe(false);
  });

  it("shows whole numbers with their decimal and never rounds again (3 → 3.0, 50 → 50.0)", () => {
    // 6 − 3 = 3 points; 3 / 6 = 50 % (the server sends 50 and 3: JSON has no trailing zero).
    const s = series({ baseline: 6, baseline_days: 7, response: 3, response_days: 7, response_until: "2026-04-17", change: 3, reduction_percent: 50, category: "substantial", responder: true });
    expect(seriesOutcome(s, WORDS, date).sentence).toContain("was 50.0 % lower than before the course (from 6.0 to 3.0 out of 10, 3.0 points lower)");
    // 2.25 arrives as 2.3 (the server rounded half away from zero): shown as 2.3, not re-rounded.
    expect(decimal(2.3)).toBe("2.3");
    expect(decimal(49.9)).toBe("49.9");
  });

  it("says higher when the pain went up, with the points as a positive number", () => {
    // 5.0 → 5.6: change 5.0 − 5.6 = −0.6 points, −0.6 / 5.0 = −12 %.
    const s = series({ baseline: 5, baseline_days: 5, response: 5.6, response_days: 4, response_until: "2026-04-17", change: -0.6, reduction_percent: -12, category: "worse", responder: false });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toBe(
      "Your pain in the week after your last induction infusion was 12.0 % higher than before the course (from 5.0 to 5.6 out of 10, 0.6 points higher).",
    );
    expect(o.rating).toBe("Worse");
    expect(o.relief).toBeNull();
  });

  it("says an incomplete window is still being measured until its last date", () => {
    const s = series({ baseline: 6.8, baseline_days: 6, response: 4.0, response_days: 2, response_complete: false, response_until: "2026-04-17", category_reason: "in_progress" });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toBe("Your pain in the week after your last induction infusion is still being measured until [2026-04-17].");
    expect(o.basis).toBe("Based on 6 of 7 days you logged before the course and 2 of 7 days after so far.");
    expect(o.rating).toBeNull();
    expect(o.pending).toBe(true);
  });

  it("gives the reason in words when too few days were logged", () => {
    const s = series({ baseline: null, baseline_days: 2, response: 3.1, response_days: 5, response_until: "2026-04-17", category_reason: "insufficient_data" });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toBe(
      "Your pain in the week after your last induction infusion cannot be compared with before the course: not enough days logged (at least 3 are needed in each window).",
    );
    expect(o.basis).toBe("Based on 2 of 7 days you logged before the course and 5 of 7 days after.");
    expect(o.rating).toBeNull();
  });

  it("compares a low baseline but does not rate it, saying why", () => {
    // 3.2 → 2.0: 1.2 points, 1.2 / 3.2 = 37.5 %; baseline below 4: no category.
    const s = series({ baseline: 3.2, baseline_days: 7, response: 2, response_days: 7, response_until: "2026-04-17", change: 1.2, reduction_percent: 37.5, category_reason: "low_baseline" });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toContain("was 37.5 % lower than before the course (from 3.2 to 2.0 out of 10, 1.2 points lower)");
    expect(o.rating).toBe("Not rated: pain before was below 4 of 10, too low to judge a reduction.");
  });

  it("says a low baseline is not rated even while the days after are still being measured", () => {
    // Baseline 3.5 (below 4): low_baseline whatever comes later; 3 of the 7 days after logged so far.
    const s = series({ baseline: 3.5, baseline_days: 7, response: 2, response_days: 3, response_complete: false, response_until: "2026-04-17", change: 1.5, reduction_percent: 42.9, category_reason: "low_baseline" });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toBe(
      "Your pain in the week after your last induction infusion was 42.9 % lower than before the course (from 3.5 to 2.0 out of 10, 1.5 points lower). The days after are still being measured until [2026-04-17].",
    );
    expect(o.rating).toBe("Not rated: pain before was below 4 of 10, too low to judge a reduction.");
    expect(o.basis).toBe("Based on 7 of 7 days you logged before the course and 3 of 7 days after so far.");
  });

  it("says when the next dose came the very next day, leaving no day after to measure", () => {
    const s = series({ baseline: 6, baseline_days: 7, response_until: "2026-04-10", category_reason: "insufficient_data" });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toBe(
      "Your pain after your last induction infusion cannot be compared with before the course: not enough days logged (at least 3 are needed in each window).",
    );
    expect(o.basis).toBe("Based on 7 of 7 days you logged before the course and no day after it before the next dose.");
  });

  it("counts the days of a response window cut short by the next dose", () => {
    // Last infusion 10 April, next dose 14 April: window 11–13 April, 3 days.
    const s = series({ baseline: 6, baseline_days: 7, response: 2.5, response_days: 3, response_until: "2026-04-13", change: 3.5, reduction_percent: 58.3, category: "substantial", responder: true, relief_days: 3, relief_ongoing: true, relief_bound: "next_administration" });
    const o = seriesOutcome(s, WORDS, date);
    expect(o.sentence).toMatch(/^Your pain in the 3 days after your last induction infusion was 58.3 % lower/);
    expect(o.basis).toBe("Based on 7 of 7 days you logged before the course and 3 of 3 days after.");
    expect(o.relief).toBe("Relief is still going after 3 days (until the next dose).");
  });
});

describe("relief", () => {
  it("is said only for a responder, in days, with the bound's words while it lasts", () => {
    expect(reliefSentence({ responder: true, relief_days: 1, relief_ongoing: false, relief_bound: null }, WORDS)).toBe("Relief lasted 1 day.");
    expect(reliefSentence({ responder: true, relief_days: 5, relief_ongoing: true, relief_bound: "as_of" }, WORDS)).toBe("Relief is still going after 5 days (so far).");
    expect(reliefSentence({ responder: true, relief_days: 90, relief_ongoing: true, relief_bound: "horizon" }, WORDS)).toBe(
      "Relief is still going after 90 days (for 90 days, the longest followed).",
    );
    expect(reliefSentence({ responder: false, relief_days: null, relief_ongoing: null, relief_bound: null }, WORDS)).toBeNull();
    expect(reliefSentence({ responder: null, relief_days: null, relief_ongoing: null, relief_bound: null }, WORDS)).toBeNull();
  });
});

describe("an episode", () => {
  const episode: FigureEpisode = {
    id: "e1", title: "Ketamine, spring", first_administration_date: "2026-04-01", baseline: 6.8, baseline_days: 6,
    current: 3.9, current_days: 7, change: 2.9, reduction_percent: 42.6, category: "moderate", category_reason: null,
  };

  it("compares the last 7 days with before treatment", () => {
    // 6.8 → 3.9: 2.9 points, 2.9 / 6.8 = 42.647… % → 42.6.
    const o = episodeOutcome(episode, "2026-05-03", WORDS, date);
    expect(o.sentence).toBe(
      "Your pain in the last 7 days (to [2026-05-03]) was 42.6 % lower than before treatment (from 6.8 to 3.9 out of 10, 2.9 points lower).",
    );
    expect(o.basis).toBe("Based on 6 of 7 days you logged before treatment and 7 of the last 7 days.");
    expect(o.rating).toBe("Moderate");
    expect(o.relief).toBeNull();
  });

  it("says when it is too early to compare", () => {
    const early = { ...episode, current: 5.0, current_days: 3, change: null, reduction_percent: null, category: null, category_reason: "too_early" as const };
    const o = episodeOutcome(early, "2026-04-04", WORDS, date);
    expect(o.sentence).toBe(
      "Your pain in the last 7 days (to [2026-04-04]) cannot be compared with before treatment yet (too early: the last 7 days still include the first treatment).",
    );
    expect(o.pending).toBe(true);
  });

  it("falls back to the code's words when the catalogue has none yet", () => {
    const early = { ...episode, category: null, change: null, category_reason: "insufficient_data" as const, current: null, current_days: 1 };
    const empty: Words = { categories: {}, category_reasons: {}, relief_bounds: {}, legend: {} };
    expect(episodeOutcome(early, "2026-05-03", empty, date).sentence).toMatch(/: insufficient data\.$/);
  });
});

describe("a maintenance dose", () => {
  it("compares the week after it with the week before it", () => {
    // 6.0 → 3.9: 2.1 points, 2.1 / 6.0 = 35 %.
    const dose: FigureAdministration = {
      ...WINDOW, ...NO_DOSE, id: "a9", episode_id: "e1", date: "2026-04-20", route: "iv_infusion", phase: "maintenance", in_series: false,
      baseline: 6, baseline_days: 5, response: 3.9, response_days: 6, response_until: "2026-04-27", change: 2.1, reduction_percent: 35, category: "moderate", responder: true, relief_days: 4, relief_ongoing: false,
    };
    const o = doseOutcome(dose, WORDS, date);
    expect(o?.sentence).toBe(
      "Your pain in the week after your maintenance dose on [2026-04-20] was 35.0 % lower than the week before it (from 6.0 to 3.9 out of 10, 2.1 points lower).",
    );
    expect(o?.basis).toBe("Based on 5 of 7 days you logged the week before it and 6 of 7 days after.");
    expect(o?.relief).toBe("Relief lasted 4 days.");
  });

  it("has no outcome of its own when it is part of an induction series", () => {
    expect(doseOutcome({ ...NO_DOSE, id: "a1", episode_id: "e1", date: "2026-04-01", route: "iv_infusion", phase: "induction", in_series: true }, WORDS, date)).toBeNull();
  });
});

describe("red flags and the rest", () => {
  const catalog = {
    side_effects: [
      { code: "bladder_pain", label: "Bladder pain", advice: "Contact your care team today.", urgent_help: false },
      { code: "thoughts_of_self_harm", label: "Thoughts of suicide or self-harm", advice: "Call a crisis line.", urgent_help: true },
    ],
  };

  it("names a side effect with the catalogue's advice, and a blood pressure with its reading", () => {
    const flag: FigureRedFlag = { date: "2026-04-12", kind: "side_effect", code: "bladder_pain", detail: "Bladder pain, moderate", record_id: "x" };
    expect(redFlagText(flag, catalog, date)).toEqual({
      what: "[2026-04-12]: you logged bladder pain, moderate.",
      advice: "Contact your care team today.",
      urgent: false,
    });
    const harm: FigureRedFlag = { date: "2026-04-13", kind: "side_effect", code: "thoughts_of_self_harm", detail: "Thoughts of suicide or self-harm, mild", record_id: "z" };
    expect(redFlagText(harm, catalog, date)).toMatchObject({ advice: "Call a crisis line.", urgent: true });
    const rate: FigureRedFlag = { date: "2026-04-10", kind: "heart_rate", code: null, detail: "Heart rate 130/min", record_id: "y" };
    expect(redFlagText(rate, catalog, date).what).toBe("[2026-04-10]: your heart rate was fast during a session (heart rate 130/min).");
    const bp: FigureRedFlag = { date: "2026-04-10", kind: "blood_pressure", code: null, detail: "BP 185/100 mmHg", record_id: "y" };
    expect(redFlagText(bp, catalog, date).what).toBe("[2026-04-10]: your blood pressure was high during a session (BP 185/100 mmHg).");
  });

  it("names a PHQ-9 item 9 flag in plain words, with the self-harm advice and the crisis lines", () => {
    const phq: FigureRedFlag = {
      date: "2026-04-14",
      kind: "assessment",
      code: "phq9_item9",
      detail: "PHQ-9 item 9 answered 2 (thoughts of being better off dead or of self-harm)",
      record_id: "q",
    };
    expect(redFlagText(phq, catalog, date)).toEqual({
      what: "[2026-04-14]: in your PHQ-9 you said you had thoughts that you would be better off dead or of hurting yourself.",
      advice: "Call a crisis line.",
      urgent: true,
    });
    expect(redFlagText(phq, null, date)).toMatchObject({ advice: null, urgent: true }); // no catalogue yet: still urgent
  });

  it("says how many days were logged, and lists the legend", () => {
    expect(loggingSentence({ days: 30, logged_days: 24 })).toBe("You logged 24 of 30 days.");
    expect(legendLines(WORDS)).toEqual(["Substantial: pain at least 50 % lower than before.", "Responder: a substantial or moderate reduction."]);
  });
});

describe("questionnaires (figure 19)", () => {
  // The catalogue's instruments (diary/catalogue.py), as the catalog endpoint serves them.
  const INSTRUMENTS: InstrumentWords[] = [
    { code: "peg", name: "PEG", title: "PEG: pain, enjoyment of life and general activity", score: "mean", score_min: 0, score_max: 10, bands: [] },
    {
      code: "phq9",
      name: "PHQ-9",
      title: "PHQ-9: Patient Health Questionnaire (depression)",
      score: "sum",
      score_min: 0,
      score_max: 27,
      bands: [
        { code: "minimal", label: "Minimal", min: 0, max: 4 },
        { code: "mild", label: "Mild", min: 5, max: 9 },
        { code: "moderate", label: "Moderate", min: 10, max: 14 },
        { code: "moderately_severe", label: "Moderately severe", min: 15, max: 19 },
        { code: "severe", label: "Severe", min: 20, max: 27 },
      ],
    },
  ];
  const d = (iso: string) => ({ "2026-11-02": "2 Nov", "2026-11-26": "26 Nov", "2026-11-03": "3 Nov", "2026-11-24": "24 Nov" })[iso] ?? iso;

  it("says how the PEG went from the first to the latest, with the server's change", () => {
    // PEG (7+8+7)/3 = 7.3 on 2 Nov, (4+4+4)/3 = 4.0 on 26 Nov: change 4.0 − 7.3 = −3.3.
    const peg: FigureAssessment = {
      instrument: "peg",
      count: 4,
      first: { date: "2026-11-02", score: 7.3, band: null },
      latest: { date: "2026-11-26", score: 4, band: null },
      change: -3.3,
    };
    expect(assessmentText(peg, INSTRUMENTS, d)).toEqual({
      name: "PEG",
      sentence: "Your PEG score went from 7.3 on 2 Nov to 4.0 on 26 Nov, 3.3 points lower.",
      basis: "Pain, enjoyment of life and general activity, from 0 to 10: lower is better. Based on the 4 PEG questionnaires you completed in these dates.",
    });
  });

  it("shows a PHQ-9 sum as a whole number with its band's words, and a rise as higher", () => {
    const phq: FigureAssessment = {
      instrument: "phq9",
      count: 2,
      first: { date: "2026-11-03", score: 7, band: "mild" },
      latest: { date: "2026-11-24", score: 16, band: "moderately_severe" },
      change: 9, // 16 − 7
    };
    const text = assessmentText(phq, INSTRUMENTS, d);
    expect(text.sentence).toBe("Your PHQ-9 score went from 7 (mild) on 3 Nov to 16 (moderately severe) on 24 Nov, 9 points higher.");
    expect(text.basis).toBe(
      "Patient Health Questionnaire (depression), from 0 to 27: lower is better. Based on the 2 PHQ-9 questionnaires you completed in these dates.",
    );
    expect(assessmentText({ ...phq, latest: { ...phq.latest, score: 8, band: "mild" }, change: 1 }, INSTRUMENTS, d).sentence).toBe(
      "Your PHQ-9 score went from 7 (mild) on 3 Nov to 8 (mild) on 24 Nov, 1 point higher.",
    );
  });

  it("has no change with one questionnaire, and says so when the score stayed the same", () => {
    const one: FigureAssessment = {
      instrument: "phq9",
      count: 1,
      first: { date: "2026-11-03", score: 12, band: "moderate" },
      latest: { date: "2026-11-03", score: 12, band: "moderate" },
      change: null,
    };
    const text = assessmentText(one, INSTRUMENTS, d);
    expect(text.sentence).toBe("Your PHQ-9 score was 12 (moderate) on 3 Nov.");
    expect(text.basis).toContain("Based on the one PHQ-9 questionnaire you completed");
    const same = { ...one, count: 2, latest: { ...one.latest, date: "2026-11-24" }, change: 0 };
    expect(assessmentText(same, INSTRUMENTS, d).sentence).toBe("Your PHQ-9 score was 12 (moderate) on 3 Nov and again on 24 Nov.");
  });

  it("still reads without the catalogue's instruments (a catalogue cached by an older app)", () => {
    const gad: FigureAssessment = {
      instrument: "gad7",
      count: 2,
      first: { date: "2026-11-03", score: 10, band: "moderate" },
      latest: { date: "2026-11-24", score: 6, band: "mild" },
      change: -4,
    };
    expect(assessmentText(gad, undefined, d)).toEqual({
      name: "GAD7",
      sentence: "Your GAD7 score went from 10 (moderate) on 3 Nov to 6 (mild) on 24 Nov, 4 points lower.",
      basis: "Lower is better. Based on the 2 GAD7 questionnaires you completed in these dates.",
    });
  });
});

describe("in Spanish", () => {
  // The catalogue's words come from the server in the request's language; these stand in for them.
  const ES: Words = {
    categories: { substantial: "Sustancial" },
    category_reasons: { in_progress: "la semana posterior aún está en curso" },
    relief_bounds: { as_of: "hasta ahora" },
    legend: {},
  };
  beforeAll(() => activateLanguage("es"));
  afterAll(() => activateLanguage("en"));

  it("says the whole outcome in Spanish, with decimal commas and the day counts in the plural", () => {
    const s = series({
      baseline: 6.8, baseline_days: 6, response: 3.1, response_days: 6, response_until: "2026-04-17",
      change: 3.7, reduction_percent: 54.4, category: "substantial", responder: true, relief_days: 12, relief_ongoing: true, relief_bound: "as_of",
    });
    const o = seriesOutcome(s, ES, date);
    expect(o.sentence).toBe(
      "Su dolor en la semana siguiente a su última infusión de inducción fue un 54,4 % más bajo que antes del ciclo de tratamiento (de 6,8 a 3,1 sobre 10, 3,7 puntos menos).",
    );
    expect(o.basis).toBe("Basado en 6 de 7 días registrados antes del ciclo de tratamiento y 6 de 7 días después.");
    expect(o.relief).toBe("El alivio continúa tras 12 días (hasta ahora).");
    expect(o.rated).toBe(true);
    expect(reliefSentence({ responder: true, relief_days: 1, relief_ongoing: false, relief_bound: null }, ES)).toBe("El alivio duró 1 día.");
    expect(loggingSentence({ days: 30, logged_days: 19 })).toBe("Registró 19 de 30 días.");
  });

  it("places a window cut short by the next dose, and one still in progress", () => {
    const short = series({ baseline: 6, baseline_days: 7, response: 5, response_days: 3, response_until: "2026-04-13", change: 1, reduction_percent: 16.7 });
    expect(seriesOutcome(short, ES, date).sentence).toBe(
      "Su dolor en los 3 días siguientes a su última infusión de inducción fue un 16,7 % más bajo que antes del ciclo de tratamiento (de 6,0 a 5,0 sobre 10, 1,0 punto menos).",
    );
    const dose: FigureAdministration = {
      ...WINDOW, ...NO_DOSE, id: "d1", episode_id: "e1", date: "2026-05-01", route: "iv_infusion", phase: "maintenance", in_series: false,
      baseline: 6, baseline_days: 5, response: 4, response_days: 2, response_complete: false, response_until: "2026-05-08", category_reason: "in_progress",
    };
    const o = doseOutcome(dose, ES, date)!;
    expect(o.sentence).toBe("Su dolor en la semana siguiente a su dosis de mantenimiento del [2026-05-01] se sigue midiendo hasta [2026-05-08].");
    expect(o.basis).toBe("Basado en 5 de 7 días registrados la semana anterior y 2 de 7 días después hasta ahora.");
  });

  it("writes a questionnaire's change and a red flag in Spanish", () => {
    const peg: FigureAssessment = {
      instrument: "peg",
      count: 1,
      first: { date: "2026-11-02", score: 7.3, band: null },
      latest: { date: "2026-11-26", score: 4, band: null },
      change: -3.3,
    };
    const text = assessmentText(peg, undefined, date);
    expect(text.sentence).toBe("Su puntuación de PEG pasó de 7,3 el [2026-11-02] a 4,0 el [2026-11-26], 3,3 puntos menos.");
    expect(text.basis).toBe("Cuanto más baja, mejor. Basado en el único cuestionario PEG que completó en estas fechas.");
    const flag: FigureRedFlag = { date: "2026-04-12", kind: "side_effect", code: "bladder_pain", detail: "Dolor de vejiga, moderado", record_id: "x" };
    expect(redFlagText(flag, null, date).what).toBe("[2026-04-12]: registró dolor de vejiga, moderado.");
  });
});
