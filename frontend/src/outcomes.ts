/**
 * The patient's figures in plain language (DOMAIN.md § How figures are shown): one sentence
 * per outcome with its numbers in words, the counts behind every mean, an in-progress window's
 * end date, a missing category's reason and how long relief lasted. Pure functions: the words
 * for codes come from the catalogue (`categories`, `category_reasons`, `relief_bounds`), the
 * numbers exactly as the server rounded them (one decimal, never rounded again here).
 *
 * Every sentence is one message of the app's language (whole sentences: the words around the
 * numbers are in the translator's order), the numbers written in its locale ("54,4 %" in
 * Spanish), the day counts through `plural`. The phrases that place a window ("in the week
 * after your last induction infusion", "before the course") are messages of their own, used
 * inside the sentences; their comments say so.
 */
import { plural, t } from "@lingui/core/macro";
import type { Catalog } from "./api/types";
import type { FigureAdministration, FigureEpisode, FigureRedFlag, Figures, FigureSeries, FigureWindow } from "./figures";
import { activeLanguage, formatNumber } from "./i18n";

/** Figure 19 for one instrument: its first and latest assessment of the period and the change. */
export type FigureAssessment = Figures["assessments"][number];
/** An instrument of the catalogue, as far as the figures need it (name, title, score rule, range, bands). */
export type InstrumentWords = Pick<Catalog["instruments"][number], "code" | "name" | "title" | "score" | "score_min" | "score_max" | "bands"> & {
  language?: string; // the language of its title (absent in an older cached catalogue)
};

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
  /** `rating` is the category's words (false: it says why there is none, "Not rated: …"). */
  rated: boolean;
  pending: boolean;
}

/** A value as the server gave it, with its one decimal, in the app's locale ("3" → "3.0", "54.4" → "54,4" in Spanish). */
export function decimal(value: number): string {
  return formatNumber(Math.abs(value), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** The value a one-decimal figure shows, for choosing its plural ("1.0 point", "0.6 points"). */
const shown = (value: number) => Math.round(Math.abs(value) * 10) / 10;

/** "3.7 points lower" / "1 point higher": a change in points, as the parenthesis after a comparison says it. */
function pointsChange(size: string, value: number, lower: boolean): string {
  return lower
    ? t({
        comment: "A change of score, e.g. '3.7 points lower'; used inside a sentence after a comparison or a score's change",
        message: plural(value, { one: `${size} point lower`, other: `${size} points lower` }),
      })
    : t({
        comment: "A change of score, e.g. '3.7 points higher'; used inside a sentence after a comparison or a score's change",
        message: plural(value, { one: `${size} point higher`, other: `${size} points higher` }),
      });
}

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

/**
 * The comparison of two means: "Your pain … was 54.4 % lower than before the course (from 6.8
 * to 3.1 out of 10, 3.7 points lower)." Lower and higher by the sign of the change (positive = less pain).
 */
function comparison(after: string, before: string, baseline: number, response: number, change: number, percent: number | null): string {
  const from = decimal(baseline);
  const to = decimal(response);
  if (change === 0) return t`Your pain ${after} was the same as ${before} (from ${from} to ${to} out of 10).`;
  const size = decimal(change);
  const value = shown(change);
  if (percent === null) {
    return change > 0
      ? plural(value, {
          one: `Your pain ${after} was ${size} point lower than ${before} (from ${from} to ${to} out of 10).`,
          other: `Your pain ${after} was ${size} points lower than ${before} (from ${from} to ${to} out of 10).`,
        })
      : plural(value, {
          one: `Your pain ${after} was ${size} point higher than ${before} (from ${from} to ${to} out of 10).`,
          other: `Your pain ${after} was ${size} points higher than ${before} (from ${from} to ${to} out of 10).`,
        });
  }
  const points = pointsChange(size, value, change > 0);
  const percentage = decimal(percent);
  return change > 0
    ? t`Your pain ${after} was ${percentage} % lower than ${before} (from ${from} to ${to} out of 10, ${points}).`
    : t`Your pain ${after} was ${percentage} % higher than ${before} (from ${from} to ${to} out of 10, ${points}).`;
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
  const { after, before } = frame;
  const untilDate = until ? date(until) : "";
  const pending = !!until || m.category_reason === "in_progress" || m.category_reason === "too_early"; // a later day may change it
  let sentence: string;
  if (m.category_reason === "in_progress") {
    sentence = untilDate ? t`Your pain ${after} is still being measured until ${untilDate}.` : t`Your pain ${after} is still being measured.`;
  } else if (m.category_reason === "too_early") {
    sentence = t`Your pain ${after} cannot be compared with ${before} yet (${reason}).`;
  } else if (m.baseline !== null && m.response !== null && m.change !== null) {
    sentence = comparison(after, before, m.baseline, m.response, m.change, m.reduction_percent);
  } else {
    const why = reason || t`not enough days logged`;
    sentence = t`Your pain ${after} cannot be compared with ${before}: ${why}.`;
  }
  // A reason that no later day can change (a low or missing baseline) while the days after still run.
  if (untilDate && m.category_reason !== "in_progress") sentence += ` ${t`The days after are still being measured until ${untilDate}.`}`;
  const beforeDays = m.baseline_days;
  const afterCount = frame.afterCount(m.response_days, frame.afterDays);
  const basis = pending
    ? t`Based on ${beforeDays} of 7 days you logged ${before} and ${afterCount} so far.`
    : t`Based on ${beforeDays} of 7 days you logged ${before} and ${afterCount}.`;
  // The category's words; beside a comparison that will never have one, why not (a low baseline).
  const waiting = m.category_reason === "in_progress" || m.category_reason === "too_early";
  let rating: string | null = null;
  if (m.category) rating = wordFor(words.categories, m.category);
  else if (m.baseline !== null && m.response !== null && m.change !== null && reason && !waiting) rating = t`Not rated: ${reason}.`;
  return { sentence, basis, relief: null, rating, rated: !!m.category, pending };
}

/** How long relief lasted (figure 8): "Relief lasted 12 days." / "Relief is still going after 5 days (so far)." */
export function reliefSentence(w: Pick<FigureWindow, "responder" | "relief_days" | "relief_ongoing" | "relief_bound">, words: Words): string | null {
  if (!w.responder || w.relief_days === null || w.relief_days === undefined) return null;
  const days = w.relief_days;
  if (!w.relief_ongoing) return plural(days, { one: "Relief lasted # day.", other: "Relief lasted # days." });
  if (!w.relief_bound) return plural(days, { one: "Relief is still going after # day.", other: "Relief is still going after # days." });
  const bound = wordFor(words.relief_bounds, w.relief_bound);
  return plural(days, { one: `Relief is still going after # day (${bound}).`, other: `Relief is still going after # days (${bound}).` });
}

/** The counts of a response window after a dose or the last infusion: "6 of 7 days after". */
function daysAfter(logged: number, days: number): string {
  if (days === 0) return t({ comment: "Ends the sentence 'Based on 7 of 7 days you logged before the course and …'", message: "no day after it before the next dose" });
  return t({
    comment: "Ends the sentence 'Based on 6 of 7 days you logged before the course and …': logged days of the days after",
    message: plural(days, { one: `${logged} of # day after`, other: `${logged} of # days after` }),
  });
}

/** `after(days)`: the phrase for a response window of that many days (0: the next dose came the next day). */
function windowOutcome(w: FigureWindow, after: (days: number) => string, before: string, start: string, words: Words, date: DateText): Outcome {
  const afterDays = w.response_until ? Math.max(0, daysFrom(start, w.response_until)) : 0; // null: no day before the next dose
  const frame: Frame = { after: after(afterDays), before, afterDays, afterCount: daysAfter };
  const result = outcome(w, frame, words, w.response_complete ? null : w.response_until, date);
  return { ...result, relief: reliefSentence(w, words) };
}

/** "in the week after your last induction infusion" (7 days), "in the 3 days after …", "after …" (none). */
function afterSeries(days: number): string {
  if (days === 0) return t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: "after your last induction infusion" });
  if (days === 7) return t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: "in the week after your last induction infusion" });
  return t({
    comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after",
    message: plural(days, { one: "in the # day after your last induction infusion", other: "in the # days after your last induction infusion" }),
  });
}

/** An induction series' outcome (figure 9): the week after its last infusion against the week before the first. */
export function seriesOutcome(series: FigureSeries, words: Words, date: DateText): Outcome {
  const before = t({ comment: "Inside 'Your pain … was lower than …' and 'Based on 6 of 7 days you logged …'", message: "before the course" });
  return windowOutcome(series, afterSeries, before, series.last_date, words, date);
}

/** "in the week after your maintenance dose on 3 May" and the like, for a maintenance or single dose. */
function afterDose(days: number, maintenance: boolean, on: string): string {
  if (maintenance) {
    if (days === 0) return t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: `after your maintenance dose on ${on}` });
    if (days === 7) return t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: `in the week after your maintenance dose on ${on}` });
    return t({
      comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after",
      message: plural(days, { one: `in the # day after your maintenance dose on ${on}`, other: `in the # days after your maintenance dose on ${on}` }),
    });
  }
  if (days === 0) return t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: `after your dose on ${on}` });
  if (days === 7) return t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: `in the week after your dose on ${on}` });
  return t({
    comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after",
    message: plural(days, { one: `in the # day after your dose on ${on}`, other: `in the # days after your dose on ${on}` }),
  });
}

/** A maintenance or single dose's outcome (figure 10): the week after it against the week before it. */
export function doseOutcome(dose: FigureAdministration, words: Words, date: DateText): Outcome | null {
  if (dose.in_series || dose.baseline_days === undefined) return null;
  const window = dose as Required<FigureAdministration>;
  const on = date(dose.date);
  const before = t({ comment: "Inside 'Your pain … was lower than …' and 'Based on 6 of 7 days you logged …': the week before a dose", message: "the week before it" });
  return windowOutcome(window, (days) => afterDose(days, dose.phase === "maintenance", on), before, dose.date, words, date);
}

/** An episode's outcome (figure 11): the last 7 days against the week before treatment began. */
export function episodeOutcome(episode: FigureEpisode, asOf: string, words: Words, date: DateText): Outcome {
  const means: Means = { ...episode, response: episode.current, response_days: episode.current_days };
  const to = date(asOf);
  const frame: Frame = {
    after: t({ comment: "Inside 'Your pain … was 54.4 % lower than …' and similar sentences: the days the pain is measured after", message: `in the last 7 days (to ${to})` }),
    before: t({ comment: "Inside 'Your pain … was lower than …' and 'Based on 6 of 7 days you logged …'", message: "before treatment" }),
    afterDays: 7,
    afterCount: (logged) =>
      t({ comment: "Ends the sentence 'Based on 6 of 7 days you logged before treatment and …'", message: `${logged} of the last 7 days` }),
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
        what: t`${on}: in your PHQ-9 you said you had thoughts that you would be better off dead or of hurting yourself.`,
        advice: effect?.advice ?? null,
        urgent: true,
      };
    }
    case "side_effect": {
      const effect = catalog?.side_effects?.find((e) => e.code === flag.code);
      const logged = lower(flag.detail || effect?.label || String(flag.code));
      return { what: t`${on}: you logged ${logged}.`, advice: effect?.advice ?? null, urgent: !!effect?.urgent_help };
    }
    case "blood_pressure": {
      const reading = flag.detail;
      return { what: t`${on}: your blood pressure was high during a session (${reading}).`, advice: null, urgent: false };
    }
    case "heart_rate": {
      const reading = lower(flag.detail);
      return { what: t`${on}: your heart rate was fast during a session (${reading}).`, advice: null, urgent: false };
    }
    default:
      return { what: `${on}: ${flag.detail}.`, advice: null, urgent: false };
  }
}

/** How much of the period was logged: "You logged 24 of 30 days." */
export function loggingSentence(figures: Pick<Figures, "days" | "logged_days">): string {
  const logged = figures.logged_days;
  const days = figures.days;
  return plural(days, { one: `You logged ${logged} of # day.`, other: `You logged ${logged} of # days.` });
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
function isMean(instrument: InstrumentWords | undefined, code: string): boolean {
  return instrument ? instrument.score === "mean" : code === "peg";
}

function scoreText(value: number, instrument: InstrumentWords | undefined, code: string): string {
  return isMean(instrument, code) ? decimal(value) : formatNumber(Math.round(Math.abs(value)));
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
  const firstValue = value(a.first);
  const firstDate = date(a.first.date);
  const latestValue = value(a.latest);
  const latestDate = date(a.latest.date);
  let sentence: string;
  if (a.change === null || a.change === undefined) {
    sentence = t`Your ${name} score was ${latestValue} on ${latestDate}.`;
  } else if (a.change === 0) {
    sentence = t`Your ${name} score was ${latestValue} on ${firstDate} and again on ${latestDate}.`;
  } else {
    const size = scoreText(a.change, instrument, a.instrument);
    const amount = isMean(instrument, a.instrument) ? shown(a.change) : Math.round(Math.abs(a.change));
    const points = pointsChange(size, amount, a.change < 0);
    sentence = t`Your ${name} score went from ${firstValue} on ${firstDate} to ${latestValue} on ${latestDate}, ${points}.`;
  }
  let scale = t`Lower is better.`;
  if (instrument && instrument.language && instrument.language !== activeLanguage()) {
    // Its title is in another language (no published translation): the scale without it.
    const min = formatNumber(instrument.score_min);
    const max = formatNumber(instrument.score_max);
    scale = t`From ${min} to ${max}: lower is better.`;
  } else if (instrument) {
    const about = capitalize(instrument.title.split(": ").slice(1).join(": ") || instrument.title);
    const min = formatNumber(instrument.score_min);
    const max = formatNumber(instrument.score_max);
    scale = t({ comment: "What a questionnaire measures (from its title), e.g. 'Depression symptoms, from 0 to 27: lower is better.'", message: `${about}, from ${min} to ${max}: lower is better.` });
  }
  const count = a.count;
  const based = plural(count, {
    one: `Based on the one ${name} questionnaire you completed in these dates.`,
    other: `Based on the # ${name} questionnaires you completed in these dates.`,
  });
  return { name, sentence, basis: `${scale} ${based}` };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
