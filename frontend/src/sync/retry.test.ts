import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { currentUser, signIn, signOut, UnsentChangesError } from "../auth";
import { db, getMeta, setMeta } from "../db";
import { HttpError, OfflineError, parseRetryAfter, request } from "../http";
import { requestSync, stopSyncLoop } from "./loop";
import { saveRecord } from "./outbox";
import { AuthError } from "./push";
import { backoffDelay, BASE_MS, classifyStatus, describeFailure, formatWait, MAX_MS, REFUSED_MIN_MS, retryText } from "./retry";
import { lastError, refused, retryAt, syncLabel, upToDate } from "./state";

const ENTRY = { recorded_at: "2026-05-01T08:00:00+01:00", diary_date: "2026-05-01", pain_now: 6 };
const PULL_DONE = { changes: [], cursor: "c1", has_more: false, version: 1, client_mids: {}, reset: false };

beforeEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
  await db.open();
  lastError.value = null;
  refused.value = false;
  retryAt.value = null;
});

afterEach(() => stopSyncLoop()); // clears a scheduled retry

describe("retry classification", () => {
  it.each([500, 502, 503, 504, 408, 429])("retries %i", (status) => {
    expect(classifyStatus(status)).toBe("retry");
  });
  it.each([401, 403])("waits for a sign-in on %i", (status) => {
    expect(classifyStatus(status)).toBe("auth");
  });
  it.each([400, 404, 405, 410, 413, 422])("treats %i as a refusal", (status) => {
    expect(classifyStatus(status)).toBe("refused");
  });

  it("speaks of the server, never of a status code or a raw error page", () => {
    const html = new HttpError(500, "<h1>Server Error (500)</h1>");
    expect(describeFailure(html)).toMatchObject({ kind: "retry", reason: "Couldn't reach the server" });
    expect(describeFailure(new OfflineError())).toMatchObject({ kind: "retry", reason: "Couldn't reach the server" });
    expect(describeFailure(new HttpError(429, null, 30_000))).toMatchObject({
      kind: "retry",
      reason: "The server is busy",
      retryAfterMs: 30_000,
    });
    expect(describeFailure(new TypeError("boom"))).toMatchObject({ kind: "retry" });
    expect(describeFailure(new AuthError(401))).toMatchObject({ kind: "auth", status: 401 });
  });

  it("names the server's reason for a refusal", () => {
    const body = { type: "validation_error", errors: [{ code: "invalid", detail: "Not a valid UUID.", attr: "client_id" }] };
    const failure = describeFailure(new HttpError(400, body));
    expect(failure.kind).toBe("refused");
    expect(failure.reason).toBe("The server refused to sync (client_id: Not a valid UUID.)");
  });
});

describe("backoff schedule", () => {
  const low = () => 0;
  const high = () => 0.999999;

  it("doubles from 1 s, with jitter in the upper half of each step", () => {
    const steps = [1, 2, 3, 4, 5, 6].map((n) => [backoffDelay(n, { random: low }), backoffDelay(n, { random: high })]);
    expect(steps).toEqual([
      [BASE_MS / 2, 1000],
      [1000, 2000],
      [2000, 4000],
      [4000, 8000],
      [8000, 16000],
      [16000, 32000],
    ]);
  });

  it("never waits more than 5 minutes, however many failures", () => {
    for (const n of [10, 11, 20, 1000]) {
      expect(backoffDelay(n, { random: high })).toBe(MAX_MS);
      expect(backoffDelay(n, { random: low })).toBe(MAX_MS / 2);
    }
  });

  it("spreads devices that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(16_000);
  });

  it("honours Retry-After, up to the cap", () => {
    expect(backoffDelay(1, { retryAfterMs: 30_000, random: low })).toBe(30_000);
    expect(backoffDelay(8, { retryAfterMs: 1_000, random: low })).toBe(64_000);
    expect(backoffDelay(1, { retryAfterMs: 3_600_000, random: low })).toBe(MAX_MS);
  });

  it("waits at least a minute after a refusal", () => {
    expect(backoffDelay(1, { refused: true, random: low })).toBe(REFUSED_MIN_MS);
    expect(backoffDelay(20, { refused: true, random: high })).toBe(MAX_MS);
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-05-01T08:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Fri, 01 May 2026 08:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Fri, 01 May 2026 07:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("tells the patient how long until the next try", () => {
    expect(formatWait(29_001)).toBe("30 s");
    expect(formatWait(60_000)).toBe("1 min");
    expect(formatWait(61_000)).toBe("2 min");
    expect(retryText("Couldn't reach the server", 30_000)).toBe("Couldn't reach the server — retrying in 30 s");
    expect(retryText("Couldn't reach the server", 0)).toBe("Couldn't reach the server — retrying now");
  });
});

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A fake server: `push` answers in turn from the list (the last one repeats); pull is empty. */
function server(pushAnswers: Answer[]) {
  const pushes: number[][] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith("/api/v1/sync/pull")) return new Response(JSON.stringify(PULL_DONE), { status: 200 });
      const body = JSON.parse(String(init?.body));
      pushes.push(body.mutations.map((m: { mid: number }) => m.mid));
      const answer = pushAnswers[Math.min(pushes.length - 1, pushAnswers.length - 1)]!;
      const results = body.mutations.map((m: { mid: number }, i: number) => ({ mid: m.mid, status: "applied", version: i + 1 }));
      const payload = answer.status === 200 ? { version: 9, last_mid: 0, results } : (answer.body ?? "Server Error (500)");
      return new Response(typeof payload === "string" ? payload : JSON.stringify(payload), {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  );
  return pushes;
}

describe("the loop after a failure", () => {
  it("keeps the outbox in order through 5xx answers, backs off, and sends it all on recovery", async () => {
    await saveRecord("entry", "e1", ENTRY);
    const pushes = server([{ status: 500 }, { status: 503 }, { status: 200 }]);
    const before = await db.outbox.toArray();

    await requestSync();
    expect(await db.outbox.toArray()).toEqual(before);
    expect(lastError.value).toBe("Couldn't reach the server");
    expect(retryAt.value! - Date.now()).toBeGreaterThan(0);
    expect(syncLabel.value).toBe("Saved on this device");

    // A save while the retry is scheduled waits for it (no early request)...
    await saveRecord("entry", "e2", { ...ENTRY, pain_now: 2 });
    await requestSync();
    expect(pushes).toEqual([[1]]);

    // ...and "Sync now" (forced) tries at once; a second failure waits longer, on average.
    await requestSync({ force: true });
    expect(pushes).toEqual([[1], [1, 2]]);
    expect((await db.outbox.toArray()).map((r) => r.mid)).toEqual([1, 2]);

    await requestSync({ force: true });
    expect(pushes).toEqual([[1], [1, 2], [1, 2]]);
    expect(await db.outbox.count()).toBe(0);
    expect(lastError.value).toBeNull();
    expect(retryAt.value).toBeNull();
    expect(upToDate.value).toBe(true);
  });

  it("waits as long as Retry-After says", async () => {
    await saveRecord("entry", "e1", ENTRY);
    server([{ status: 429, headers: { "Retry-After": "120" } }]);
    await requestSync();
    expect(lastError.value).toBe("The server is busy");
    expect(retryAt.value! - Date.now()).toBeGreaterThan(115_000);
  });

  it("on a refused batch keeps the outbox, needs attention, and does not spin", async () => {
    await saveRecord("entry", "e1", ENTRY);
    const pushes = server([{ status: 400, body: { type: "validation_error", errors: [{ detail: "Bad envelope.", attr: null }] } }]);
    await requestSync();
    await requestSync(); // a save or the 60 s tick: not before the scheduled retry
    expect(pushes).toEqual([[1]]);
    expect(await db.outbox.count()).toBe(1);
    expect(refused.value).toBe(true);
    expect(syncLabel.value).toBe("Needs attention");
    expect(lastError.value).toBe("The server refused to sync (Bad envelope.)");
    expect(retryAt.value! - Date.now()).toBeGreaterThan(REFUSED_MIN_MS - 1000);
  });

  it("reads Retry-After from the response", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("", { status: 503, headers: { "Retry-After": "7" } })));
    expect(await request("GET", "/api/v1/sync/pull")).toMatchObject({ status: 503, retryAfterMs: 7000 });
  });
});

describe("unsent changes and the account", () => {
  it("refuses to clear unsent changes without the patient's consent", async () => {
    await saveRecord("entry", "e1", ENTRY);
    await saveRecord("entry", "e2", ENTRY);
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    const refusal = await signOut().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(UnsentChangesError);
    expect((refusal as UnsentChangesError).count).toBe(2);
    expect(await db.outbox.count()).toBe(2);
    expect(await db.entries.count()).toBe(2);
    expect(fetchMock).not.toHaveBeenCalled(); // still signed in on the server too
  });

  it("does not let another account's sign-in wipe them without consent", async () => {
    const pat = { id: 1, email: "pat@example.com" };
    await setMeta("user", pat);
    await saveRecord("entry", "e1", ENTRY);
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${url}`);
        if (init?.method === "DELETE") return new Response("{}", { status: 401 });
        return new Response(JSON.stringify({ status: 200, data: { user: { id: 2, email: "sam@example.com" } } }), { status: 200 });
      }),
    );

    const refusal = await signIn("sam@example.com", "x".repeat(12)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(UnsentChangesError);
    expect((refusal as UnsentChangesError).owner).toEqual(pat);
    expect(calls.at(-1)).toBe("DELETE /_allauth/browser/v1/auth/session"); // the other session is ended
    expect(await db.outbox.count()).toBe(1);
    expect(await getMeta("user", null)).toEqual(pat);

    await signIn("sam@example.com", "x".repeat(12), { discardUnsent: true });
    expect(await db.outbox.count()).toBe(0);
    expect(currentUser.value?.email).toBe("sam@example.com");
  });
});
