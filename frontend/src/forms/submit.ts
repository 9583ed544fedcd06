/** Saving a treatment record from a form: create with every field, edit with the changed ones. */
import { t } from "@lingui/core/macro";
import type { Json, Visible } from "../db";
import { formatNumber } from "../i18n";
import type { Entity, InputOf } from "../kinds";
import { dismissRejection } from "../sync/apply";
import { requestSync } from "../sync/loop";
import { changedFields, saveRecord } from "../sync/outbox";

export async function submitRecord<E extends Entity>(
  entity: E,
  doc: InputOf<E> & object,
  opts: { record?: Visible<E> | null; id?: string; rejectionId?: string },
): Promise<string> {
  const id = opts.record?.id ?? opts.id ?? crypto.randomUUID();
  if (opts.record) {
    const patch = changedFields(opts.record, doc);
    if (Object.keys(patch).length) await saveRecord(entity, id, patch, opts.record.version);
  } else {
    await saveRecord(entity, id, doc);
  }
  if (opts.rejectionId) await dismissRejection(opts.rejectionId);
  void requestSync();
  return id;
}

/** A number from a text field, or null when empty; NaN when not a number. */
export function numberOrNull(value: string): number | null {
  if (value.trim() === "") return null;
  return Number(value.replace(",", "."));
}

/** Checks a plausibility range; returns an error text in the app's language (the value is never clamped). */
export function outOfRange(value: number | null, lo: number, hi: number, integer = false): string {
  if (value === null) return "";
  if (Number.isNaN(value)) return t`Enter a number.`;
  if (integer && !Number.isInteger(value)) return t`Enter a whole number.`;
  if (value < lo || value > hi) {
    const [from, to] = [formatNumber(lo), formatNumber(hi)];
    return t`Enter a value from ${from} to ${to}.`;
  }
  return "";
}

/**
 * A dose's error text, or "": more than 0 and at most the unit's largest dose (the catalogue's
 * `max_dose`; unknown: not checked here, the server checks it).
 */
export function doseError(dose: number, maxDose: number | undefined, unitLabel: string): string {
  if (Number.isNaN(dose)) return t`Enter a number.`;
  if (dose <= 0) return t`The dose must be more than 0.`;
  if (maxDose !== undefined && dose > maxDose) {
    const most = formatNumber(maxDose);
    return t({ comment: "unitLabel: the catalogue's unit, e.g. mg or mcg/h (patch)", message: `A dose in ${unitLabel} is at most ${most}.` });
  }
  return "";
}

export interface RecordFormProps<E extends Entity> {
  record?: Visible<E> | null;
  /** Values to start from (a rejected payload): any JSON, read field by field. */
  initial?: Json;
  id?: string;
  rejectionId?: string;
  onDone?: () => void;
}

/** The values an editor starts from: the record, with the initial values on top. */
export function startFrom<E extends Entity>(props: RecordFormProps<E>): Json {
  return { ...(props.record ?? {}), ...(props.initial ?? {}) };
}

export const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
