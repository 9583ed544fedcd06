import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Change, PullPage, PushBatch, PushResult } from "../api/types";
import { db, getMeta, type Json, type OutboxRow } from "../db";
import { applyPage, applyResults, resetLocal } from "./apply";
import { changedFields, deleteRecord, resolveConflict, saveRecord } from "./outbox";
import { overlay } from "./overlay";
import { pullAll } from "./pull";
import { pushOutbox } from "./push";
import { syncLabelOf } from "./state";

const ENTRY = { recorded_at: "2026-05-01T08:00:00+01:00", diary_date: "2026-05-01", pain_now: 6 };

beforeEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
  await db.open();
});

/** A pull item whose document holds only what a test looks at. */
type TestChange = Omit<Change, "data"> & { data?: Json };

/** A pull page (test documents stand for the server's whole ones). */
function page(changes: TestChange[], extra: Partial<{ has_more: boolean; reset: boolean; cursor: string }> = {}): PullPage {
  return { changes: changes as Change[], cursor: extra.cursor ?? "c1", has_more: extra.has_more ?? false, version: 99, client_mids: {}, reset: extra.reset ?? false };
}

/** What the fake server is sent: a push batch (a pull sends no body: no mutations). */
const NO_BATCH: PushBatch = { client_id: "", mutations: [] };
type Handler = (url: string, body: PushBatch) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

/** The mids of the mutations a push sent. */
const mids = (body: PushBatch | undefined) => (body?.mutations ?? []).map((m) => m.mid);

/** Replaces fetch; records every request's parsed body. */
function fakeServer(handler: Handler) {
  const calls: { url: string; body: PushBatch }[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const body: PushBatch = init?.body ? JSON.parse(String(init.body)) : NO_BATCH;
    calls.push({ url, body });
    const res = await handler(url, body);
    return new Response(JSON.stringify(res.body), { status: res.status, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

const applied = (mutations: PushBatch["mutations"], version = 10): PushResult[] =>
  mutations.map((m, i) => ({ mid: m.mid, status: "applied", version: version + i }));

describe("outbox", () => {
  it("writes the record and its outbox row together, with consecutive mids", async () => {
    const a = await saveRecord("entry", "e1", ENTRY);
    const b = await saveRecord("entry", "e2", { ...ENTRY, pain_now: 3 });
    const c = await saveRecord("entry", "e1", { pain_now: 7 });
    expect([a.mid, b.mid, c.mid]).toEqual([1, 2, 3]);
    expect(a.base_version).toBeNull();
    expect((await db.entries.get("e1"))?.pain_now).toBe(7);
    expect((await db.entries.get("e1"))?._pending).toBe(1);
    expect(await db.outbox.count()).toBe(3);
    expect(await getMeta("next_mid", 0)).toBe(4);
  });

  it("rolls back both the record and the outbox row when the write fails", async () => {
    await saveRecord("entry", "e1", ENTRY);
    const unstorable = { ...ENTRY, bad: () => 1 }; // a function: IndexedDB cannot clone it
    await expect(saveRecord("entry", "e2", unstorable)).rejects.toThrow();
    expect(await db.entries.get("e2")).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
    expect(await getMeta("next_mid", 0)).toBe(2);
  });

  it("takes base_version from the last version seen", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: { ...ENTRY, id: "e1" } }]));
    const row = await saveRecord("entry", "e1", { pain_now: 2 });
    expect(row.base_version).toBe(5);
  });

  it("uses the version an editor opened with as base_version, when given", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: ENTRY }]));
    await applyPage(page([{ entity: "entry", id: "e1", version: 8, deleted: false, data: { ...ENTRY, mood: 1 } }]));
    expect((await saveRecord("entry", "e1", { pain_now: 2 }, 5)).base_version).toBe(5);
    expect((await saveRecord("entry", "e1", { pain_now: 3 })).base_version).toBe(8);
  });

  it("hides a record with a pending delete", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: ENTRY }]));
    await deleteRecord("entry", "e1");
    expect(await db.entries.get("e1")).toBeUndefined();
  });

  it("sends only the changed fields of an edit", () => {
    expect(changedFields({ pain_now: 4, mood: null, locations: ["head"] }, { pain_now: 4, mood: 5, locations: ["head"] })).toEqual({ mood: 5 });
  });

  it("overlays pending mutations in mid order", () => {
    const shadow = { entity: "entry" as const, id: "e1", version: 3, deleted: false, data: { pain_now: 1, mood: 2 } };
    const rows: OutboxRow[] = [
      { mid: 8, entity: "entry", op: "upsert", id: "e1", base_version: 3, data: { pain_now: 9 }, queued_at: "" },
      { mid: 7, entity: "entry", op: "upsert", id: "e1", base_version: 3, data: { pain_now: 5, mood: 4 }, queued_at: "" },
    ];
    expect(overlay("e1", shadow, rows)).toMatchObject({ pain_now: 9, mood: 4, version: 3, _pending: 1 });
  });
});

describe("pull", () => {
  it("never overwrites a pending local edit, but takes the other fields", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: { ...ENTRY, notes: "" } }]));
    await saveRecord("entry", "e1", { pain_now: 8 });
    await applyPage(page([{ entity: "entry", id: "e1", version: 7, deleted: false, data: { ...ENTRY, pain_now: 3, notes: "from phone" } }]));
    const row = await db.entries.get("e1");
    expect(row).toMatchObject({ pain_now: 8, notes: "from phone", _pending: 1 });
    expect((await db.shadow.get(["entry", "e1"]))?.data?.pain_now).toBe(3);
  });

  it("deletes on a tombstone and stores conflicts and rejections", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: ENTRY }]));
    await applyPage(
      page([
        { entity: "entry", id: "e1", version: 6, deleted: true },
        { entity: "conflict", id: "c1", version: 7, deleted: false, data: { kind: "edit", record_id: "e1" } },
        { entity: "rejection", id: "r1", version: 8, deleted: false, data: { errors: [] } },
      ]),
    );
    expect(await db.entries.get("e1")).toBeUndefined();
    expect(await db.conflicts.count()).toBe(1);
    expect(await db.rejections.count()).toBe(1);
    await applyPage(page([{ entity: "conflict", id: "c1", version: 9, deleted: true }]));
    expect(await db.conflicts.count()).toBe(0);
  });

  it("follows has_more and stores the cursor", async () => {
    const calls = fakeServer((url) =>
      url.includes("cursor=p1")
        ? { status: 200, body: page([{ entity: "entry", id: "b", version: 2, deleted: false, data: ENTRY }], { cursor: "p2" }) }
        : { status: 200, body: page([{ entity: "entry", id: "a", version: 1, deleted: false, data: ENTRY }], { cursor: "p1", has_more: true }) },
    );
    await pullAll();
    expect(calls).toHaveLength(2);
    expect(await db.entries.count()).toBe(2);
    expect(await getMeta("cursor", null)).toBe("p2");
  });

  it("on reset, drops the server copy, keeps the outbox, and pulls from scratch", async () => {
    await applyPage(page([{ entity: "entry", id: "old", version: 5, deleted: false, data: ENTRY }], { cursor: "stale" }));
    await saveRecord("entry", "mine", ENTRY);
    const calls = fakeServer((url) =>
      url.includes("cursor=stale")
        ? { status: 200, body: page([], { reset: true, cursor: "zero" }) }
        : { status: 200, body: page([{ entity: "entry", id: "new", version: 1, deleted: false, data: ENTRY }], { cursor: "fresh" }) },
    );
    await pullAll();
    expect(calls.map((c) => c.url.includes("cursor="))).toEqual([true, false]);
    expect((await db.entries.toArray()).map((e) => e.id).sort()).toEqual(["mine", "new"]);
    expect(await db.outbox.count()).toBe(1);
  });

  it("resetLocal recomputes pending records", async () => {
    await saveRecord("entry", "mine", ENTRY);
    await resetLocal();
    expect(await db.entries.get("mine")).toMatchObject({ pain_now: 6, _pending: 1 });
  });
});

describe("push", () => {
  it("sends the outbox in mid order and learns versions from the results", async () => {
    await saveRecord("entry", "e1", ENTRY);
    await saveRecord("entry", "e1", { pain_now: 7 });
    const calls = fakeServer((_url, body) => ({ status: 200, body: { version: 11, last_mid: 2, results: applied(body.mutations) } }));
    await pushOutbox();
    expect(mids(calls[0]?.body)).toEqual([1, 2]);
    expect(calls[0]?.body.client_id).toBe(await getMeta("client_id", ""));
    expect(await db.outbox.count()).toBe(0);
    expect(await db.entries.get("e1")).toMatchObject({ pain_now: 7, version: 11, _pending: 0 });
    const next = await saveRecord("entry", "e1", { mood: 3 });
    expect(next.base_version).toBe(11);
  });

  it("keeps the older base after a merged result", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: ENTRY }]));
    await saveRecord("entry", "e1", { mood: 2 });
    fakeServer((_u, body) => ({ status: 200, body: { version: 12, last_mid: 1, results: [{ mid: mids(body)[0], status: "merged", version: 12 }] } }));
    await pushOutbox();
    expect((await saveRecord("entry", "e1", { mood: 3 })).base_version).toBe(5);
  });

  it("replays the same mids after a lost response", async () => {
    await saveRecord("entry", "e1", ENTRY);
    await saveRecord("entry", "e2", ENTRY);
    let first = true;
    const seen: number[][] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit) => {
        const body: PushBatch = JSON.parse(String(init.body));
        seen.push(mids(body));
        if (first) {
          first = false;
          throw new TypeError("Failed to fetch"); // the server processed it; the answer was lost
        }
        return new Response(JSON.stringify({ version: 3, last_mid: 2, results: applied(body.mutations) }), { status: 200 });
      }),
    );
    await expect(pushOutbox()).rejects.toThrow();
    expect(await db.outbox.count()).toBe(2);
    await pushOutbox();
    expect(seen).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(await db.outbox.count()).toBe(0);
  });

  it("halves the batch on 413", async () => {
    for (let i = 0; i < 5; i++) await saveRecord("entry", `e${i}`, ENTRY);
    const sizes: number[] = [];
    fakeServer((_u, body) => {
      sizes.push(body.mutations.length);
      if (body.mutations.length > 2) return { status: 413, body: { type: "client_error", errors: [] } };
      return { status: 200, body: { version: 1, last_mid: 0, results: applied(body.mutations) } };
    });
    await pushOutbox();
    expect(sizes).toEqual([5, 2, 2, 1]);
    expect(await db.outbox.count()).toBe(0);
  });

  it("on 409 resends from expected_mid, then replays the rows before it", async () => {
    for (let i = 0; i < 4; i++) await saveRecord("entry", `e${i}`, ENTRY);
    const starts: number[] = [];
    fakeServer((_u, body) => {
      const first = mids(body)[0] ?? 0;
      starts.push(first);
      if (starts.length === 1) return { status: 409, body: { type: "client_error", errors: [], expected_mid: 3 } };
      return { status: 200, body: { version: 1, last_mid: 4, results: applied(body.mutations) } };
    });
    await pushOutbox();
    expect(starts).toEqual([1, 3, 1]);
    expect(await db.outbox.count()).toBe(0);
  });

  it("on 409 for a mid it no longer has, continues under a new client_id from mid 1", async () => {
    await saveRecord("entry", "e1", ENTRY);
    await saveRecord("entry", "e2", ENTRY);
    await db.outbox.delete(1); // as if confirmed; the server then lost it (restored from a backup)
    const oldClient = await getMeta("client_id", "");
    const calls = fakeServer((_u, body) =>
      mids(body)[0] === 2
        ? { status: 409, body: { type: "client_error", errors: [], expected_mid: 1 } }
        : { status: 200, body: { version: 1, last_mid: 1, results: applied(body.mutations) } },
    );
    await pushOutbox();
    expect(calls[1]?.body.client_id).not.toBe(oldClient);
    expect(mids(calls[1]?.body)).toEqual([1]);
    expect(await getMeta("next_mid", 0)).toBe(2);
  });

  it("leaves the shadow alone on conflict and rejection, and resolves conflicts", async () => {
    await applyPage(page([{ entity: "entry", id: "e1", version: 5, deleted: false, data: ENTRY }]));
    const edit = await saveRecord("entry", "e1", { pain_now: 9 });
    await applyResults([edit], [{ mid: edit.mid, status: "conflict", version: 6, conflict_id: "c1" }]);
    expect(await db.entries.get("e1")).toMatchObject({ pain_now: 6, _pending: 0 });
    await applyPage(page([{ entity: "conflict", id: "c1", version: 7, deleted: false, data: { kind: "edit" } }]));
    const resolve = await resolveConflict("c1", "client");
    expect(resolve).toMatchObject({ entity: "conflict", op: "resolve", data: { keep: "client" } });
    expect((await db.conflicts.get("c1"))?._pending).toBe(1);
    await applyResults([resolve], [{ mid: resolve.mid, status: "applied", version: 8 }]);
    expect(await db.conflicts.count()).toBe(0);
  });
});

describe("sync state", () => {
  const base = { pending: 0, attention: 0, syncing: false, upToDate: true, authExpired: false };
  it("says Synced only with an empty outbox after a finished pull", () => {
    expect(syncLabelOf(base)).toBe("Synced");
    expect(syncLabelOf({ ...base, pending: 1 })).toBe("Saved on this device");
    expect(syncLabelOf({ ...base, upToDate: false })).toBe("Saved on this device");
    expect(syncLabelOf({ ...base, syncing: true })).toBe("Syncing");
    expect(syncLabelOf({ ...base, attention: 1, syncing: true })).toBe("Needs attention");
  });
});
