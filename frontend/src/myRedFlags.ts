/**
 * "My red flags": the patient's red flags as the server holds them (GET red-flags/, newest
 * first), each with which of their clinicians has seen it and when. Fetched when online, kept
 * on the device (IndexedDB, `meta` key "my-red-flags", cleared with the rest of the device's
 * copy at sign-out) and shown offline; red flags of entries not sent yet are read from the
 * device's own entries, so one logged offline shows at once as "not sent yet".
 */
import { t } from "@lingui/core/macro";
import type { ResponseBody } from "./api/types";
import { redFlagsLogged, type CatalogSideEffect } from "./catalog";
import { getMeta, setMeta, type EntryRow } from "./db";
import { OfflineError, request } from "./http";

/** A red flag of the patient's, as `red-flags/` lists it (the generated schema's `RedFlag`). */
export type MyRedFlag = ResponseBody<"/api/v1/red-flags/", "get">["results"][number];
/** One clinician's acknowledgement, as the patient sees it: their name and when. */
export type Seen = MyRedFlag["seen_by"][number];

/** The list kept on the device, with when it was fetched. */
export interface SavedRedFlags {
  flags: MyRedFlag[];
  saved_at: string;
}

export interface RedFlagsRefresh {
  state: "fresh" | "offline" | "error";
  saved?: SavedRedFlags;
  status?: number;
}

const KEY = "my-red-flags";
/** The newest this many are fetched (one page: CONTRACT.md allows up to 500). */
export const PAGE_SIZE = 500;

export async function loadSavedRedFlags(): Promise<SavedRedFlags | null> {
  return getMeta<SavedRedFlags | null>(KEY, null);
}

/** Fetch the red flags and keep them on the device; offline or on an error, say so. */
export async function refreshRedFlags(): Promise<RedFlagsRefresh> {
  try {
    const res = await request<{ results?: MyRedFlag[] }>("GET", `/api/v1/red-flags/?page_size=${PAGE_SIZE}`);
    if (res.status !== 200) return { state: "error", status: res.status };
    const saved: SavedRedFlags = { flags: res.body.results ?? [], saved_at: new Date().toISOString() };
    await setMeta(KEY, saved);
    return { state: "fresh", saved };
  } catch (e) {
    if (e instanceof OfflineError) return { state: "offline" };
    throw e;
  }
}

type Format = (iso: string) => string;

/**
 * Who has seen a flag: "Seen by Dr Carol at 14:32 on Mon, 4 May 2026", one sentence per
 * clinician in the order they saw it, or "Not seen yet" (in the app's language).
 */
export function seenLines(flag: Pick<MyRedFlag, "seen_by">, time: Format, date: Format): string[] {
  if (!flag.seen_by.length) return [t`Not seen yet by your care team.`];
  return [...flag.seen_by]
    .sort((a, b) => Date.parse(a.acknowledged_at) - Date.parse(b.acknowledged_at))
    .map((s) => {
      const [clinician, at, on] = [s.clinician, time(s.acknowledged_at), date(s.acknowledged_at)];
      return t({ comment: "clinician: their name; at: a time (14:32); on: a date (Mon, 4 May 2026)", message: `Seen by ${clinician} at ${at} on ${on}.` });
    });
}

/** A red flag of an entry still on this device only (not sent yet). */
export interface PendingFlag {
  entryId: string;
  code: string;
  label: string;
  date: string;
  recorded_at: string;
}

/**
 * The red flags of the entries the server has not seen yet (created on this device, not sent:
 * no version), newest first; nobody else has seen them either. An edit not sent yet that adds
 * a red flag to an entry the server has shows once it is sent (the server's list has it then).
 */
export function pendingFlags(
  entries: readonly Pick<EntryRow, "id" | "version" | "diary_date" | "recorded_at" | "side_effects">[],
  effects: readonly CatalogSideEffect[] | undefined,
): PendingFlag[] {
  const flags: PendingFlag[] = [];
  for (const entry of entries) {
    if (entry.version !== null) continue;
    for (const flag of redFlagsLogged(entry.side_effects ?? [], effects)) {
      flags.push({ entryId: entry.id, code: flag.code, label: flag.label, date: String(entry.diary_date ?? ""), recorded_at: String(entry.recorded_at ?? "") });
    }
  }
  return flags.sort((a, b) => b.recorded_at.localeCompare(a.recorded_at));
}
