/**
 * The patient's latest summary for "My treatment": fetched when online, kept on the device
 * (IndexedDB, `meta` key "my-summary", cleared with the rest of the device's copy at sign-out)
 * and shown offline.
 *
 * Which summary: of the patient's ready summaries with figures of version 2, the one whose
 * period ends last (then the most recently computed). When there is none, or it is older than
 * today's default period (ends before yesterday), the app asks for a fresh one (POST
 * summaries/ with no body: the 30 days ending yesterday) — or waits for one already being
 * prepared — and polls it a few times with backoff.
 */
import { getMeta, setMeta } from "./db";
import { figuresOf, type Figures, type SummaryDoc } from "./figures";
import { OfflineError, request } from "./http";
import { addDays, localDate } from "./time";

/** A summary kept on the device, with when it was saved there. */
export interface SavedSummary {
  summary: SummaryDoc;
  saved_at: string;
}

const KEY = "my-summary";
/** Waits between polls of a summary being prepared (about half a minute in all). */
export const POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

export async function loadSaved(): Promise<SavedSummary | null> {
  const saved = await getMeta<SavedSummary | null>(KEY, null);
  return saved && figuresOf(saved.summary) ? saved : null;
}

async function save(summary: SummaryDoc): Promise<SavedSummary> {
  const saved = { summary, saved_at: new Date().toISOString() };
  await setMeta(KEY, saved);
  return saved;
}

/** The last day a fresh summary covers: yesterday on this device. */
export function yesterday(now = new Date()): string {
  return addDays(localDate(now), -1);
}

/** The summary to show: ready, figures version 2, the latest period, then the latest computed. */
export function latestReady(summaries: readonly SummaryDoc[]): SummaryDoc | null {
  const ready = summaries.filter((s) => figuresOf(s) !== null);
  ready.sort(
    (a, b) => b.period_end.localeCompare(a.period_end) || String(b.generated_at ?? "").localeCompare(String(a.generated_at ?? "")),
  );
  return ready[0] ?? null;
}

/** A summary just computed is today's for the server, whose day may differ from the device's. */
const JUST_COMPUTED_MS = 60 * 60 * 1000;

/**
 * Older than today's default period: its period, or its as-of date, ends before yesterday on
 * the device — unless the server computed it within the hour for the day before that (the
 * patient's time zone on the server is behind the device's: asking again would only recompute
 * the same period, so the screen asks at most once an hour then).
 */
export function isStale(summary: SummaryDoc, now = new Date()): boolean {
  const last = yesterday(now);
  const figures = figuresOf(summary) as Figures;
  if (summary.period_end >= last && figures.as_of >= last) return false;
  const computed = summary.generated_at ? Date.parse(summary.generated_at) : Number.NaN;
  const justComputed = now.getTime() - computed < JUST_COMPUTED_MS;
  return !(justComputed && figures.as_of >= addDays(last, -1) && summary.period_end >= figures.as_of);
}

/**
 * What the screen learns from a refresh: how it went, and the latest ready summary (saved on
 * the device) when there is one — also when it is older than today's and a fresh one is awaited.
 */
export interface Refresh {
  state:
    | "fresh" // `saved` is today's
    | "working" // still being prepared after the polls (or asked for too often)
    | "failed" // the server could not compute it
    | "offline"
    | "error";
  saved?: SavedSummary;
  status?: number;
}

export interface RefreshOptions {
  /** Called once a fresh summary has been asked for, or one being prepared is awaited. */
  onWorking?: (saved: SavedSummary | undefined) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: Date;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Page {
  results?: SummaryDoc[];
}

/** Fetch the latest summary (asking for and awaiting a fresh one if needed); keep it on the device. */
export async function refreshSummary(options: RefreshOptions = {}): Promise<Refresh> {
  const { onWorking, sleep = wait, now = new Date() } = options;
  let saved: SavedSummary | undefined;
  try {
    const list = await request<Page>("GET", "/api/v1/summaries/");
    if (list.status !== 200) return { state: "error", status: list.status };
    const summaries = list.body.results ?? [];
    const best = latestReady(summaries);
    if (best) saved = await save(best);
    if (best && !isStale(best, now)) return { state: "fresh", saved };

    // One already being prepared for today's period is awaited; else a fresh one is asked for.
    let id = summaries.find((s) => s.status === "pending" && s.period_end >= yesterday(now))?.id;
    if (!id) {
      const asked = await request<{ id: string }>("POST", "/api/v1/summaries/");
      if (asked.status === 429) return { state: "working", saved };
      if (asked.status !== 202) return { state: "error", status: asked.status, saved };
      id = asked.body.id;
    }
    onWorking?.(saved);
    for (const delay of POLL_DELAYS_MS) {
      await sleep(delay);
      const res = await request<SummaryDoc>("GET", `/api/v1/summaries/${id}/`);
      if (res.status !== 200) return { state: "error", status: res.status, saved };
      if (figuresOf(res.body)) return { state: "fresh", saved: await save(res.body) };
      if (res.body.status === "failed") return { state: "failed", saved };
      // pending, or ready with figures of another version: treated as still pending
    }
    return { state: "working", saved };
  } catch (e) {
    if (e instanceof OfflineError) return { state: "offline", saved };
    throw e;
  }
}
