/**
 * Today's one-line status, computed on the device from the local diary (works offline):
 * "Day 9 after your last infusion; pain 3.1 this week vs 6.8 before the course."
 *
 * - Day N: whole days from the latest administration's local date (its own offset) to today.
 * - This week: mean daily pain over the last 7 days, today included (daily pain = the mean of
 *   that date's entries, DOMAIN.md figure 1); at least 3 logged dates, else no number.
 * - Before the course: the baseline of DOMAIN.md figure 4 before the course's first date F
 *   (the first induction administration of the latest administration's episode, else that
 *   episode's first administration, else the latest administration itself): mean daily pain
 *   over F−7 … F−1, at least 3 logged dates, else no number.
 * Means are rounded once, to 1 decimal, half away from zero. With too little data the line
 * says so; it never shows a number computed from fewer days than the rule needs.
 * The words are in the app's language, numbers too ("3,1" in Spanish).
 */
import { plural, t } from "@lingui/core/macro";
import { formatNumber } from "./i18n";

/** The fields of an entry the status reads. */
export interface StatusEntry {
  diary_date?: unknown;
  pain_now?: unknown;
}

/** The fields of an administration the status reads. */
export interface StatusAdministration {
  id: string;
  administered_at?: unknown;
  episode?: unknown;
  phase?: unknown;
  route?: unknown;
}

export interface TodayStatus {
  /** The line itself. */
  text: string;
  /** The counts behind its numbers ("Based on 5 of the last 7 days and 6 of the 7 days before the course."), or "". */
  basis: string;
}

export const MIN_DAYS = 3;

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function shiftDate(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A date-time's local date in its own offset ("2026-05-01T23:30:00+01:00" → "2026-05-01"). */
function localDateOf(value: unknown): string | null {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

/** Daily pain per diary date: the mean of that date's entries. */
export function dailyPain(entries: readonly StatusEntry[]): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const e of entries) {
    if (typeof e.diary_date !== "string" || typeof e.pain_now !== "number" || !Number.isFinite(e.pain_now)) continue;
    const s = sums.get(e.diary_date) ?? { sum: 0, n: 0 };
    s.sum += e.pain_now;
    s.n += 1;
    sums.set(e.diary_date, s);
  }
  return new Map([...sums].map(([date, s]) => [date, s.sum / s.n]));
}

/** The mean daily pain over first … last (inclusive) and its count of logged dates. */
export function windowMean(daily: Map<string, number>, first: string, last: string): { mean: number | null; days: number } {
  let sum = 0;
  let days = 0;
  for (let d = first; d <= last; d = shiftDate(d, 1)) {
    const v = daily.get(d);
    if (v === undefined) continue;
    sum += v;
    days += 1;
  }
  return { mean: days >= MIN_DAYS ? sum / days : null, days };
}

/** Rounded once to 1 decimal, half away from zero (pain means are never negative). */
export function round1(value: number): string {
  return (Math.round(value * 10 + 1e-7) / 10).toFixed(1);
}

/** The date the course began (see the module's comment), as a local date. */
function courseStart(latest: StatusAdministration, all: readonly StatusAdministration[]): { date: string; course: boolean } | null {
  const own = localDateOf(latest.administered_at);
  if (!own) return null;
  if (!latest.episode) return { date: own, course: false };
  const same = all.filter((a) => a.episode === latest.episode && localDateOf(a.administered_at));
  const induction = same.filter((a) => a.phase === "induction");
  const pool = induction.length ? induction : same;
  const first = pool.map((a) => localDateOf(a.administered_at) as string).sort()[0] ?? own;
  return { date: first, course: true };
}

/** A mean as the line shows it: rounded once (round1), in the app's language ("3,1" in Spanish). */
function shown(value: number): string {
  return formatNumber(Number(round1(value)), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** "Day 9 after your last infusion" / "Your last dose was today". */
function dayWords(n: number, infusion: boolean): string {
  if (n === 0) return infusion ? t`Your last infusion was today` : t`Your last dose was today`;
  const day = formatNumber(n);
  return infusion ? t`Day ${day} after your last infusion` : t`Day ${day} after your last dose`;
}

/** What the pain is compared with: the week before the course, or before that one dose. */
function beforeWordsOf(course: boolean, infusion: boolean): string {
  if (course) return t({ comment: "Ends sentences: 'pain 3.1 this week vs 6.8 before the course'", message: "before the course" });
  return infusion
    ? t({ comment: "Ends sentences: 'pain 3.1 this week vs 6.0 before that infusion'", message: "before that infusion" })
    : t({ comment: "Ends sentences: 'pain 3.1 this week vs 6.0 before that dose'", message: "before that dose" });
}

export function todayStatus(input: {
  today: string;
  entries: readonly StatusEntry[];
  administrations: readonly StatusAdministration[];
}): TodayStatus {
  const { today } = input;
  const daily = dailyPain(input.entries.filter((e) => typeof e.diary_date === "string" && e.diary_date <= today));
  const week = windowMean(daily, shiftDate(today, -6), today);
  const dated = input.administrations
    .filter((a) => {
      const d = localDateOf(a.administered_at);
      return d !== null && d <= today;
    })
    .sort((a, b) => String(a.administered_at).localeCompare(String(b.administered_at)));
  const latest = dated[dated.length - 1];

  const needed = formatNumber(MIN_DAYS);
  const weekDays = formatNumber(week.days);
  const weekMean = week.mean !== null ? shown(week.mean) : "";
  const weekText = t({ comment: "Part of Today's status line: the mean pain of the last 7 days", message: `pain ${weekMean} this week` });
  const weekShort = t({
    comment: "Part of Today's status line",
    message: `not enough entries this week for an average (${weekDays} of the ${needed} days needed)`,
  });
  const loggedDays = week.days;
  const weekBasis = plural(loggedDays, { one: "# day logged of the last 7", other: "# days logged of the last 7" });

  if (!latest) {
    if (week.mean === null) return { text: t`Your pain this week: ${weekShort}.`, basis: "" };
    return { text: t`Your pain this week: ${weekMean} on average.`, basis: t`Based on ${weekBasis}.` };
  }

  const date = localDateOf(latest.administered_at) as string;
  const n = daysBetween(date, today);
  const infusion = latest.route === "iv_infusion";
  const dayText = dayWords(n, infusion);
  const start = courseStart(latest, dated);
  const before = start ? windowMean(daily, shiftDate(start.date, -7), shiftDate(start.date, -1)) : { mean: null, days: 0 };
  const beforeWords = beforeWordsOf(!!start?.course, infusion);

  if (week.mean === null) return { text: t`${dayText}; ${weekShort}.`, basis: "" };
  if (before.mean === null) {
    const daysBefore = before.days;
    const beforeDays = plural(daysBefore, { one: "# day", other: "# days" });
    return {
      text: t`${dayText}; ${weekText} (too few days logged ${beforeWords} to compare).`,
      basis: t`Based on ${weekBasis}; ${beforeDays} logged in the week ${beforeWords}, ${needed} needed.`,
    };
  }
  const beforeMean = shown(before.mean);
  const beforeDays = formatNumber(before.days);
  return {
    text: t`${dayText}; ${weekText} vs ${beforeMean} ${beforeWords}.`,
    basis: t`Based on ${weekBasis} and ${beforeDays} of the 7 days ${beforeWords}.`,
  };
}
