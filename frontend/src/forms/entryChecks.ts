/**
 * The entry rules the form checks before saving, with the server's words and field names
 * (diary/formats.py; docs/logging.md). The server stays the authority: a device may hold a
 * stale copy, and a sync rejection names the same field. The words are in the app's language.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg } from "@lingui/core/macro";
import { i18n } from "../i18n";

export const AVERAGE_BELOW_LEAST: MessageDescriptor = msg`Average pain cannot be below least pain (least ≤ average ≤ worst).`;
export const WORST_BELOW_AVERAGE: MessageDescriptor = msg`Worst pain cannot be below average pain (least ≤ average ≤ worst).`;
export const WORST_BELOW_LEAST: MessageDescriptor = msg`Worst pain cannot be below least pain (least ≤ average ≤ worst).`;
export const DIARY_DATE_AFTER: MessageDescriptor = msg`The diary date cannot be after the day this entry is recorded.`;
export const DIARY_DATE_BEFORE: MessageDescriptor = msg`The diary date cannot be more than 366 days before the day this entry is recorded.`;
export const DIARY_DATE_BACK_DAYS = 366;

type Pain = number | null | undefined;

/**
 * Where two of least, average and worst are given: least ≤ average ≤ worst. A broken pair
 * is named by its higher field, as the server names it: `pain_average` below least,
 * `pain_worst` below average (or, average not given, below least).
 */
export function painOrderErrors(least: Pain, average: Pain, worst: Pain): Record<string, string> {
  const errors: Record<string, string> = {};
  const given = (v: Pain): v is number => v !== null && v !== undefined;
  if (given(least) && given(average) && average < least) errors.pain_average = i18n._(AVERAGE_BELOW_LEAST);
  if (given(worst) && given(average)) {
    if (worst < average) errors.pain_worst = i18n._(WORST_BELOW_AVERAGE);
  } else if (given(worst) && given(least) && worst < least) errors.pain_worst = i18n._(WORST_BELOW_LEAST);
  return errors;
}

/** Whole days from `earlier` to `later` (YYYY-MM-DD), counted on the calendar. */
export function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000);
}

/**
 * The diary date is never after the date the entry is recorded on (recorded_at's local date,
 * `recordedOn`), nor more than 366 days before it; "" when it is fine.
 */
export function diaryDateError(diaryDate: string, recordedOn: string): string {
  const days = daysBetween(diaryDate, recordedOn);
  if (Number.isNaN(days)) return "";
  if (days < 0) return i18n._(DIARY_DATE_AFTER);
  if (days > DIARY_DATE_BACK_DAYS) return i18n._(DIARY_DATE_BEFORE);
  return "";
}
