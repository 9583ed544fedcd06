/**
 * What a rejected change held, for "Fix and save again". The server keeps the mutation as
 * sent, or, when no JSON column can hold it (a NUL, an unpaired surrogate, …), as
 * `{"json_text": "<the mutation as JSON text>"}` (docs/sync.md § Rejections).
 */
import type { Json } from "../db";

export interface SentMutation {
  data?: Json;
  [key: string]: unknown;
}

/** The mutation the device sent (null when it cannot be read back). */
export function sentMutation(payload: unknown): SentMutation | null {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return null;
  const text = (payload as { json_text?: unknown }).json_text;
  if (typeof text !== "string" || Object.keys(payload).length !== 1) return payload as SentMutation;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as SentMutation) : null;
  } catch {
    return null;
  }
}

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The sent values as an editor's starting point: every character the server cannot store
 * (NUL, an unpaired surrogate) shows as U+FFFD "�", where the patient can see and change
 * it. Nothing is saved until the patient saves; the rejection keeps the original until then.
 */
export function editable<T>(value: T): T {
  if (typeof value === "string") return value.replace(UNSTORABLE, "\ufffd") as T;
  if (Array.isArray(value)) return value.map(editable) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [editable(k), editable(v)])) as T;
  return value;
}
