/**
 * The patient's figures in plain language (DOMAIN.md § How figures are shown): one sentence
 * per outcome with its numbers in words, the counts behind every mean, an in-progress window's
 * end date, a missing category's reason and how long relief lasted. Pure functions: the words
 * for codes come from the catalogue (`categories`, `category_reasons`, `relief_bounds`), the
 * numbers exactly as the server rounded them (one decimal, never rounded again here).
 */
import type { Catalog } from "./api/types";
import type { FigureAdministration, FigureEpisode, FigureRedFlag, Figures, FigureSeries, FigureWindow } from "./figures";

/** Figure 19 for one instrument: its first and latest assessment of the period and the change. */
export type FigureAssessment = Figures["assessments"][number];
/** An instrument of the catalogue, as far as the figures need it (name, title, score rule, range, bands). */
export type InstrumentWords = Pick<Catalog["instruments"][number], "code" | "name" | "title" | "score" | "score_min" | "score_max" | "bands">;

/** The catalogue's words for the codes of the figures (each an object code → text). */
export type Words = Pick<Catalog, "categories" | "category_reasons" | "relief_bounds" | "legend">;

/** How a date is written (the screen passes the app's `formatDate`; tests a plain one). */
export type DateText = (date: string) => string;

/** What the screen shows of one outcome: its sentence, then the counts, relief and rating. */
export interface Outcome {
  /** The outcome in one sentence (or why there is none yet). */
  sentence: string;
  /** The days behind the means ("Based on 6 of 7 days you logged before … and 6 of 7 after."). */
  basis: string;
  /** How long relief lasted, for a responder only. */
  relief: string | null;
  /** The category's words, or why there is none, with `pending` when a later day may change it. */
  rating: string | null;
  pending: boolean;
}

/** A value as the server gave it, with its one decimal ("3" → "3.0", "54.4" → "54.4"). */
export function decimal(value: number): string {
  return Math.abs(value).toFixed(1);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Whole days from `a` to `b` (dates YYYY-MM-DD). */
export function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function wordFor(words: Record<string, string> | undefined, code: string): string {
  // A catalogue cached by an older app has no words for figures: the code, readably.
  return words?.[code] ?? code.replace(/_/g, " ");
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The phrases that place a window: what came after, and what it is compared with. */
interface Frame {
  /** "in the week after your last induction infusion" (the response window). */
  after: string;
  /** "before the course" (the baseline window). */
  before: string;
  /** Days the response window spans (7 unless the next dose came sooner). */
  afterDays: number;
  /** The counts of the response window: "6 of 7 days after", "7 of the last 7 days". */
  afterCount: (logged: number, days: number) => string;
}

function weekOrDays(days: number): string {
  return days === 7 ? "the week" : `the ${plural(days, "day")}`;
}

/**
 * The comparison of two means: "was 54.4 % lower than before the course (from 6.8 to 3.1 out
 * of 10, 3.7 points lower)". Lower and higher by the sign of the change (positive = less pain).
 */
function comparison(baseline: number, response: number, change: number, percent: number | null, before: string): string {
  const direction = change > 0 ? "lower" : change < 0 ? "higher" : null;
  const numbers = `from ${decimal(baseline)} to ${decimal(response)} out of 10`;
  if (direction === null) return `was the same as ${before} (${numbers})`;
  const points = `${decimal(change)} ${Number(decimal(change)) === 1 ? "point" : "points"} ${direction}`;
  if (percent === null) return `was ${points} than ${before} (${numbers})`;
  return `was ${decimal(percent)} % ${direction} than ${before} (${numbers}, ${points})`;
}

interface Means {
  baseline: number | null;
  baseline_days: number;
  response: number | null;
  response_days: number;
  change: number | null;
  reduction_percent: number | null;
  category: string | null;
  category_reason: string | null;
}

/**
 * The sentence, counts and rating shared by a window (series, dose) and an episode outcome.
 * `until`: the last date of a response window still in progress (null once complete).
 */
function outcome(m: Means, frame: Frame, words: Words, until: string | null, date: DateText): Outcome {
  const reason = m.category_reason ? wordFor(words.category_reasons, m.category_reason) : "";
  const measuring = until ? `still being measured until ${date(until)}` : "";
  const pending = !!until || m.category_reason === "in_progress" || m.category_reason === "too_early"; // a later day may change it
  let sentence: string;
  if (m.category_reason === "in_progress") {
    sentence = `Your pain ${frame.after} is ${measuring || "still being measured"}.`;
  } else if (m.category_reason === "too_early") {
    sentence = `Your pain ${frame.after} cannot be compared with ${frame.before} yet (${reason}).`;
  } else if (m.baseline !== null && m.response !== null && m.change !== null) {
    sentence = `Your pain ${frame.after} ${comparison(m.baseline, m.response, m.change, m.reduction_percent, frame.before)}.`;
  } else {
    sentence = `Your pain ${frame.after} cannot be compared with ${frame.before}: ${reason || "not enough days logged"}.`;
  }
  // A reason that no later day can change (a low or missing baseline) while the days after still run.
  if (measuring && m.category_reason !== "in_progress") sentence += ` The days after are ${measuring}.`;
  const soFar = pending ? " so far" : "";
  const basis = `Based on ${m.baseline_days} of 7 days you logged ${frame.before} and ${frame.afterCount(m.response_days, frame.afterDays)}${soFar}.`;
  // The category's words; beside a comparison that will never have one, why not (a low baseline).
  const waiting = m.category_reason === "in_progress" || m.category_reason === "too_early";
  let rating: string | null = null;
  if (m.category) rating = wordFor(words.categories, m.category);
  else if (m.baseline !== null && m.response !== null && m.change !== null && reason && !waiting) rating = `Not rated: ${reason}.`;
  return { sentence, basis, relief: null, rating, pending };
}

/** How long relief lasted (figure 8): "Relief lasted 12 days." / "Relief is still going after 5 days (so far)." */
export function reliefSentence(w: Pick<FigureWindow, "responder" | "relief_days" | "relief_ongoing" | "relief_bound">, words: Words): string | null {
  if (!w.responder || w.relief_days === null || w.relief_days === undefined) return null;
  const days = plural(w.relief_days, "day");
  if (!w.relief_ongoing) return `Relief lasted ${days}.`;
  const bound = w.relief_bound ? ` (${wordFor(words.relief_bounds, w.relief_bound)})` : "";
  return `Relief is still going after ${days}${bound}.`;
}

const daysAfter = (logged: number, days: number) =>
  days === 0 ? "no day after it before the next dose" : `${logged} of ${plural(days, "day")} after`;

function windowOutcome(w: FigureWindow, frame: Pick<Frame, "after" | "before">, start: string, words: Words, date: DateText): Outcome {
  const afterDays = w.response_until ? Math.max(0, daysFrom(start, w.response_until)) : 0; // null: no day before the next dose
  const full: Frame = { ...frame, afterDays, afterCount: daysAfter, after: frame.after.replace(/\{window\}/, afterDays ? `in ${weekOrDays(afterDays)}` : "").trim() };
  const result = outcome(w, full, words, w.response_complete ? null : w.response_until, date);
  return { ...result, relief: reliefSentence(w, words) };
}

/** An induction series' outcome (figure 9): the week after its last infusion against the week before the first. */
export function seriesOutcome(series: FigureSeries, words: Words, date: DateText): Outcome {
  return windowOutcome(
    series,
    { after: "{window} after your last induction infusion", before: "before the course" },
    series.last_date,
    words,
    date,
  );
}

/** A maintenance or single dose's outcome (figure 10): the week after it against the week before it. */
export function doseOutcome(dose: FigureAdministration, words: Words, date: DateText): Outcome | null {
  if (dose.in_series || dose.baseline_days === undefined) return null;
  const window = dose as Required<FigureAdministration>;
  const kind = dose.phase === "maintenance" ? "maintenance dose" : "dose";
  return windowOutcome(
    window,
    { after: `{window} after your ${kind} on ${date(dose.date)}`, before: "the week before it" },
    dose.date,
    words,
    date,
  );
}

/** An episode's outcome (figure 11): the last 7 days against the week before treatment began. */
export function episodeOutcome(episode: FigureEpisode, asOf: string, words: Words, date: DateText): Outcome {
  const means: Means = { ...episode, response: episode.current, response_days: episode.current_days };
  const frame: Frame = {
    after: `in the last 7 days (to ${date(asOf)})`,
    before: "before treatment",
    afterDays: 7,
    afterCount: (logged) => `${logged} of the last 7 days`,
  };
  return outcome(means, frame, words, null, date);
}

/** A red flag in words, with the catalogue's advice for a side effect that has one. */
export interface FlagText {
  what: string;
  advice: string | null;
  /** Show the crisis lines (thoughts of self-harm). */
  urgent: boolean;
}

/** The catalogue's side effects, as far as a red flag needs them. */
export interface FlagEffects {
  side_effects?: readonly { code: string; label: string; advice?: string | null; urgent_help?: boolean }[];
}

/** The side effect whose advice a PHQ-9 item 9 red flag shares (thoughts of suicide or self-harm). */
const SELF_HARM = "thoughts_of_self_harm";

export function redFlagText(flag: FigureRedFlag, catalog: FlagEffects | null, date: DateText): FlagText {
  const on = date(flag.date);
  switch (flag.kind) {
    case "assessment": {
      // PHQ-9 item 9: the same advice and crisis lines as thoughts of self-harm logged in the diary.
      const effect = catalog?.side_effects?.find((e) => e.code === SELF_HARM);
      return {
        what: `${on}: in your PHQ-9 you said you had thoughts that you would be better off dead or of hurting yourself.`,
        advice: effect?.advice ?? null,
        urgent: true,
      };
    }
    case "side_effect": {
      const effect = catalog?.side_effects?.find((e) => e.code === flag.code);
      return { what: `${on}: you logged ${lower(flag.detail || effect?.label || String(flag.code))}.`, advice: effect?.advice ?? null, urgent: !!effect?.urgent_help };
    }
    case "blood_pressure":
      return { what: `${on}: your blood pressure was high during a session (${flag.detail}).`, advice: null, urgent: false };
    case "heart_rate":
      return { what: `${on}: your heart rate was fast during a session (${lower(flag.detail)}).`, advice: null, urgent: false };
    default:
      return { what: `${on}: ${flag.detail}.`, advice: null, urgent: false };
  }
}

/** How much of the period was logged: "You logged 24 of 30 days." */
export function loggingSentence(figures: Pick<Figures, "days" | "logged_days">): string {
  return `You logged ${figures.logged_days} of ${plural(figures.days, "day")}.`;
}

/** The legend (one line each for the categories, responder and relief), in the catalogue's order. */
export function legendLines(words: Words): string[] {
  return Object.values(words.legend ?? {});
}

/** What the screen shows of one questionnaire (figure 19). */
export interface AssessmentText {
  /** "PEG", "PHQ-9": the heading. */
  name: string;
  /** "Your PEG score went from 7.3 on 2 Nov to 4.0 on 26 Nov, 3.3 points lower." */
  sentence: string;
  /** What the score measures and which way is better, and how many were completed. */
  basis: string;
}

/** A score as the server gave it: a mean (PEG) with its one decimal, a sum (PHQ-9, GAD-7) whole. */
function scoreText(value: number, instrument: InstrumentWords | undefined, code: string): string {
  const mean = instrument ? instrument.score === "mean" : code === "peg";
  return mean ? decimal(value) : String(Math.round(Math.abs(value)));
}

/**
 * Figure 19 in plain words: "Your PHQ-9 score went from 12 (moderate) on 3 Nov to 7 (mild) on
 * 24 Nov, 5 points lower." The change is the server's (latest − first, higher = more symptoms
 * for all three instruments); one assessment in the period has no change.
 */
export function assessmentText(a: FigureAssessment, instruments: readonly InstrumentWords[] | undefined, date: DateText): AssessmentText {
  const instrument = instruments?.find((i) => i.code === a.instrument);
  const name = instrument?.name ?? a.instrument.toUpperCase();
  const value = (s: FigureAssessment["first"]) => {
    const band = s.band ? (instrument?.bands.find((b) => b.code === s.band)?.label ?? s.band.replace(/_/g, " ")) : null;
    return `${scoreText(s.score, instrument, a.instrument)}${band ? ` (${lower(band)})` : ""}`;
  };
  const first = `${value(a.first)} on ${date(a.first.date)}`;
  const latest = `${value(a.latest)} on ${date(a.latest.date)}`;
  let sentence: string;
  if (a.change === null || a.change === undefined) {
    sentence = `Your ${name} score was ${latest}.`;
  } else if (a.change === 0) {
    sentence = `Your ${name} score was ${value(a.latest)} on ${date(a.first.date)} and again on ${date(a.latest.date)}.`;
  } else {
    const size = scoreText(a.change, instrument, a.instrument);
    const points = `${size} ${Number(size) === 1 ? "point" : "points"} ${a.change < 0 ? "lower" : "higher"}`;
    sentence = `Your ${name} score went from ${first} to ${latest}, ${points}.`;
  }
  const about = instrument ? instrument.title.split(": ").slice(1).join(": ") || instrument.title : "";
  const scale = instrument ? `${capitalize(about)}, from ${instrument.score_min} to ${instrument.score_max}: lower is better.` : "Lower is better.";
  const many = a.count === 1 ? `the one ${name} questionnaire` : `the ${a.count} ${name} questionnaires`;
  return { name, sentence, basis: `${scale} Based on ${many} you completed in these dates.` };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
