/**
 * The questionnaires (PEG, PHQ-9, GAD-7) on the device: score, band and red flag computed from
 * the stored catalogue with the server's rules (diary/instruments.py), so they show at once,
 * offline too; the server derives its own on sync and stays the authority. And when each is
 * due: PEG weekly, PHQ-9 and GAD-7 every 4 weeks (the catalogue's `schedule_days`), counted
 * from the patient's last one of that instrument on this device; never done → due now.
 */
import { msg, plural, t } from "@lingui/core/macro";
import type { Catalog } from "../api/types";
import type { LoggedRedFlag } from "../catalog";
import { activeLanguage, formatNumber, i18n } from "../i18n";
import { addDays, isoWithOffset } from "../time";

/** The language an instrument's own words (title, stem, items, answers, bands) are in ("en", "es"). */
export type TextLanguage = string;

/**
 * An instrument of the catalogue. `language` and `language_note` are the server's (optional
 * here: a catalogue cached by an older app has neither): the
 * language of its text, and one line in the request's language when that is not it
 * (an instrument without a published translation is shown in English).
 */
export type Instrument = Omit<Catalog["instruments"][number], "language" | "language_note"> & {
  language?: TextLanguage;
  language_note?: string | null;
};
export type InstrumentCode = Instrument["code"];
export type Band = Instrument["bands"][number];

/** The instrument's own language when it is not the app's (for `lang`, so screen readers say it right); else undefined. */
export function textLanguage(instrument: Instrument): TextLanguage | undefined {
  return instrument.language && instrument.language !== activeLanguage() ? instrument.language : undefined;
}

/** The line shown above the items when the instrument's text is not in the app's language; null when it is. */
export function languageNote(instrument: Instrument): string | null {
  if (!textLanguage(instrument)) return null;
  return instrument.language_note || t`This questionnaire is shown in English: it has no published translation.`;
}

/** "9 questions about the last 2 weeks": an instrument's size and recall period, in lists. */
export function questionsAbout(instrument: Instrument): string {
  const recall = instrument.recall;
  const questions = instrument.items.length;
  return plural(questions, { one: `# question about ${recall}`, other: `# questions about ${recall}` });
}

/** The instrument named by `code` in the stored catalogue. */
export function instrumentOf(catalog: Catalog | null | undefined, code: unknown): Instrument | undefined {
  return catalog?.instruments?.find((i) => i.code === code);
}

/** One whole number per item, each within its item's range (what the server accepts). */
export function answersComplete(instrument: Instrument, answers: readonly (number | null | undefined)[]): answers is number[] {
  return (
    answers.length === instrument.items.length &&
    instrument.items.every((item, i) => {
      const value = answers[i];
      return typeof value === "number" && Number.isInteger(value) && value >= item.min && value <= item.max;
    })
  );
}

/**
 * The score of complete answers: "mean" rounded once to 1 decimal, half away from zero (exact,
 * in whole numbers: round(10 × sum / n) = floor((20 × sum + n) / 2n) for sum ≥ 0), or "sum".
 */
export function scoreOf(instrument: Instrument, answers: readonly number[]): number {
  const sum = answers.reduce((a, b) => a + b, 0);
  if (instrument.score === "mean") {
    const n = answers.length;
    return Math.floor((20 * sum + n) / (2 * n)) / 10;
  }
  return sum;
}

/** The band the score falls in (both ends included); null for an instrument without bands. */
export function bandOf(instrument: Instrument, score: number): Band | null {
  return instrument.bands.find((b) => b.min <= score && score <= b.max) ?? null;
}

/** The answers raise the instrument's red flag (PHQ-9 item 9 answered 1 or more). */
export function raisesRedFlag(instrument: Instrument | undefined, answers: readonly (number | null | undefined)[]): boolean {
  if (!instrument || instrument.red_flag_item == null || instrument.red_flag_from == null) return false;
  const value = answers[instrument.red_flag_item];
  return typeof value === "number" && value >= instrument.red_flag_from;
}

/** Said if the stored catalogue has no advice for thoughts of self-harm (an older copy). */
const SELF_HARM_ADVICE = msg`If you might act on these thoughts, call your local emergency number now, or call a crisis line.`;

/**
 * The red flag an instrument's item raises (PHQ-9 item 9), as the red-flag card shows every
 * flag: the item's own words, the catalogue's advice for thoughts of self-harm (the side
 * effect with `urgent_help`), and the urgent-help guidance with the crisis lines.
 */
export function itemRedFlag(catalog: Catalog | null | undefined, instrument: Instrument): LoggedRedFlag {
  const selfHarm = catalog?.side_effects.find((s) => s.urgent_help);
  const index = instrument.red_flag_item ?? 0;
  return {
    code: `${instrument.code}_item${index + 1}`,
    label: instrument.items[index]?.text ?? t`Thoughts of suicide or self-harm`,
    advice: selfHarm?.advice ?? i18n._(SELF_HARM_ADVICE),
    urgent: true,
  };
}

/** "12 of 27" / "5.3 of 10": a score with its range, as shown after finishing (numbers in the app's locale). */
export function scoreText(instrument: Instrument, score: number): string {
  const shown = instrument.score === "mean" ? formatNumber(score, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : formatNumber(score);
  const max = formatNumber(instrument.score_max);
  return t({ comment: "A questionnaire's score and its maximum, e.g. '12 of 27'", message: `${shown} of ${max}` });
}

/** An assessment as this device holds it (a visible row): what `due` needs. */
export interface DoneAssessment {
  instrument?: unknown;
  completed_at?: unknown;
}

/** The local date an assessment was completed on: its date-time's own date (its own offset). */
export function completedOn(a: DoneAssessment): string | null {
  return typeof a.completed_at === "string" && /^\d{4}-\d\d-\d\d/.test(a.completed_at) ? a.completed_at.slice(0, 10) : null;
}

export interface Due {
  instrument: Instrument;
  /** The local date of the last one on this device; null when never done. */
  last: string | null;
  /** The first day it was due again; null when never done. */
  dueOn: string | null;
}

/** The instruments due on `today` (a local date), in the catalogue's order. */
export function dueInstruments(instruments: readonly Instrument[] | undefined, done: readonly DoneAssessment[], today: string): Due[] {
  const last = new Map<unknown, string>();
  for (const a of done) {
    const day = completedOn(a);
    if (day && day > (last.get(a.instrument) ?? "")) last.set(a.instrument, day);
  }
  const due: Due[] = [];
  for (const instrument of instruments ?? []) {
    const lastDay = last.get(instrument.code) ?? null;
    const dueOn = lastDay ? addDays(lastDay, instrument.schedule_days) : null;
    if (dueOn === null || today >= dueOn) due.push({ instrument, last: lastDay, dueOn });
  }
  return due;
}

/** The answers a rejected questionnaire sent, kept where they fit the instrument (else unanswered). */
export function startingAnswers(instrument: Instrument, sent: unknown): (number | null)[] {
  const given = Array.isArray(sent) ? sent : [];
  return instrument.items.map((item, i) => {
    const v = given[i];
    return Number.isInteger(v) && item.answers.some((a) => a.value === v) ? (v as number) : null;
  });
}

/** The time a rejected questionnaire was completed, unless it is not a time or is ahead of this clock. */
export function completedAtOf(sent: unknown, now: number = Date.now()): string {
  const at = typeof sent === "string" ? Date.parse(sent) : NaN;
  return typeof sent === "string" && Number.isFinite(at) && at <= now ? sent : isoWithOffset(new Date(now));
}
