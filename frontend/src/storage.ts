/**
 * Storage that survives: the browser is asked once, after the patient's first saved entry, to
 * keep this site's storage (navigator.storage.persist()), so the diary and its unsent changes
 * are not evicted under storage pressure or, in Safari, after days without a visit. The answer
 * is remembered on the device (meta "storage_persist"), so the question is not asked again.
 */
import { getMeta, setMeta } from "./db";

export interface PersistAnswer {
  asked_at: string;
  /** What the browser answered; null when it has no storage.persist(). */
  granted: boolean | null;
}

const KEY = "storage_persist";

/** Asks once (the first call after a saved entry); later calls return the remembered answer. */
export async function keepStorageAfterFirstEntry(): Promise<PersistAnswer> {
  const known = await getMeta<PersistAnswer | null>(KEY, null);
  if (known) return known;
  const storage = typeof navigator === "undefined" ? undefined : navigator.storage;
  let granted: boolean | null = null;
  if (storage && typeof storage.persist === "function") {
    try {
      granted = await storage.persist(); // true at once when already granted
    } catch {
      granted = false;
    }
  }
  const answer = { asked_at: new Date().toISOString(), granted };
  await setMeta(KEY, answer);
  return answer;
}

export function persistAnswer(): Promise<PersistAnswer | null> {
  return getMeta<PersistAnswer | null>(KEY, null);
}
