import { beforeEach, describe, expect, it, vi } from "vitest";
import { db, wipeDevice } from "./db";
import type { Figures, SummaryDoc } from "./figures";
import { isStale, latestReady, loadSaved, POLL_DELAYS_MS, refreshSummary } from "./summary";

const NOW = new Date(2026, 4, 4, 10, 0); // 4 May 2026 on the device: today's period ends 3 May
/** Figures with nothing in them but their version and as-of date (what this module reads). */
const figures = (as_of: string, version = 2): Figures => ({
  figures_version: version, as_of, days: 30, logged_days: 20, adherence_percent: 66.7, pain_mean: 5, pain_days: 20,
  daily: [], series: [], administrations: [], episodes: [], side_effects: [], red_flags: [], weekly_mme: [],
  opioid_cautions: { mme_50_days: 0, mme_90_days: 0, max_daily_mme: null, opioid_benzodiazepine_days: 0 },
  mood_pain_r: null, mood_pain_n: 0, latest_pgic: null, assessments: [],
});

function summary(id: string, fields: Partial<SummaryDoc> = {}): SummaryDoc {
  return {
    id, status: "ready", period_start: "2026-04-04", period_end: "2026-05-03", generated_at: "2026-05-04T01:00:00Z",
    created_at: "2026-05-04T01:00:00Z", figures: figures("2026-05-03"), ...fields,
  };
}

type Reply = { status: number; body: unknown } | Error;

/** A fake server: GET summaries/ answers `list`; GET summaries/{id}/ answers `polls` in turn. */
function serve(list: Reply, polls: Reply[] = [], post: Reply = { status: 202, body: { id: "new", status: "pending" } }) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (path: string, init: RequestInit) => {
      calls.push(`${init.method} ${path}`);
      const reply = path === "/" ? { status: 200, body: "" } : init.method === "POST" ? post : path === "/api/v1/summaries/" ? list : polls.shift();
      if (!reply || reply instanceof Error) throw reply ?? new TypeError("no reply");
      return new Response(JSON.stringify(reply.body), { status: reply.status });
    }),
  );
  return calls;
}

const page = (...results: SummaryDoc[]) => ({ status: 200, body: { next: null, previous: null, results } });

beforeEach(async () => {
  vi.restoreAllMocks();
  await wipeDevice();
});

describe("choosing the summary", () => {
  it("takes the ready one of version 2 with the latest period, then the latest computed", () => {
    const older = summary("older", { period_end: "2026-04-30", generated_at: "2026-05-04T09:00:00Z" });
    const v1 = summary("v1", { period_end: "2026-05-10", figures: figures("2026-05-03", 1) });
    const pending = summary("pending", { status: "pending", figures: null, period_end: "2026-05-10" });
    const early = summary("early", { generated_at: "2026-05-04T01:00:00Z" });
    const late = summary("late", { generated_at: "2026-05-04T08:00:00Z" });
    expect(latestReady([older, v1, pending, early, late])?.id).toBe("late");
    expect(latestReady([v1, pending])).toBeNull();
  });
});

describe("today's or older", () => {
  it("is today's when its period and as-of date reach yesterday", () => {
    expect(isStale(summary("today"), NOW)).toBe(false);
    expect(isStale(summary("old", { period_end: "2026-05-02", figures: figures("2026-05-02") }), NOW)).toBe(true);
    // A period that reached yesterday, computed on the 3rd (as of the 2nd): older.
    expect(isStale(summary("early", { figures: figures("2026-05-02") }), NOW)).toBe(true);
  });

  it("is today's for a server a day behind the device when computed within the hour", () => {
    // The device's yesterday is 3 May; the server's (the patient's zone) still 2 May.
    const behind = { period_end: "2026-05-02", figures: figures("2026-05-02") };
    const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
    expect(isStale(summary("now", { ...behind, generated_at: minutesAgo(30) }), NOW)).toBe(false);
    expect(isStale(summary("hour ago", { ...behind, generated_at: minutesAgo(90) }), NOW)).toBe(true);
    // An old period computed just now is not today's: its period ends before its as-of date.
    const old = { period_end: "2026-04-30", figures: figures("2026-05-02"), generated_at: minutesAgo(30) };
    expect(isStale(summary("old period", old), NOW)).toBe(true);
  });
});

describe("refreshing", () => {
  it("keeps today's ready summary on the device without asking for another", async () => {
    const calls = serve(page(summary("today")));
    const result = await refreshSummary({ now: NOW, sleep: async () => undefined });
    expect(result.state).toBe("fresh");
    expect(result.saved?.summary.id).toBe("today");
    expect(calls).toEqual(["GET /api/v1/summaries/"]);
    expect((await loadSaved())?.summary.id).toBe("today");
  });

  it("asks for a fresh one when only figures of another version are ready, and polls it with backoff", async () => {
    const calls = serve(page(summary("v1", { figures: figures("2026-05-03", 1) })), [
      { status: 200, body: summary("new", { status: "pending", figures: null }) },
      { status: 200, body: summary("new", { figures: figures("2026-05-03", 1) }) }, // not version 2: still pending
      { status: 200, body: summary("new") },
    ]);
    const waits: number[] = [];
    const working = vi.fn();
    const result = await refreshSummary({ now: NOW, sleep: async (ms) => void waits.push(ms), onWorking: working });
    expect(result.state).toBe("fresh");
    expect(result.saved?.summary.id).toBe("new");
    expect(working).toHaveBeenCalledWith(undefined);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(calls.filter((c) => c.startsWith("POST"))).toEqual(["POST /api/v1/summaries/"]);
    expect(calls.at(-1)).toBe("GET /api/v1/summaries/new/");
  });

  it("shows the latest while a newer one is prepared, and says so when it is not ready after the polls", async () => {
    const stale = summary("stale", { period_start: "2026-04-01", period_end: "2026-04-30", figures: figures("2026-04-30") });
    const pending = () => ({ status: 200, body: summary("new", { status: "pending", figures: null }) });
    serve(page(stale), POLL_DELAYS_MS.map(pending));
    const working = vi.fn();
    const result = await refreshSummary({ now: NOW, sleep: async () => undefined, onWorking: working });
    expect(result.state).toBe("working");
    expect(result.saved?.summary.id).toBe("stale");
    expect(working.mock.calls[0]?.[0]?.summary.id).toBe("stale");
  });

  it("awaits one already being prepared for today's period instead of asking again", async () => {
    const calls = serve(page(summary("asked", { status: "pending", figures: null })), [{ status: 200, body: summary("asked") }]);
    const result = await refreshSummary({ now: NOW, sleep: async () => undefined });
    expect(result.state).toBe("fresh");
    expect(calls).toEqual(["GET /api/v1/summaries/", "GET /api/v1/summaries/asked/"]);
  });

  it("reports a summary the server could not compute", async () => {
    serve(page(), [{ status: 200, body: summary("new", { status: "failed", figures: null }) }]);
    expect((await refreshSummary({ now: NOW, sleep: async () => undefined })).state).toBe("failed");
  });

  it("offline, keeps what the device has", async () => {
    serve(page(summary("today")));
    await refreshSummary({ now: NOW });
    serve(new TypeError("Failed to fetch"));
    const result = await refreshSummary({ now: NOW });
    expect(result.state).toBe("offline");
    expect((await loadSaved())?.summary.id).toBe("today");
  });

  it("is gone from the device with the rest of its copy at sign-out", async () => {
    serve(page(summary("today")));
    await refreshSummary({ now: NOW });
    db.close();
    await wipeDevice();
    expect(await loadSaved()).toBeNull();
  });
});
