import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { CatalogSideEffect } from "./catalog";
import { wipeDevice } from "./db";
import { activateLanguage } from "./i18n";
import { loadSavedRedFlags, pendingFlags, refreshRedFlags, seenLines, type MyRedFlag } from "./myRedFlags";

const flag = (fields: Partial<MyRedFlag> = {}): MyRedFlag => ({
  id: "f1",
  kind: "side_effect",
  code: "chest_pain",
  detail: "Chest pain (mild)",
  date: "2026-05-04",
  source: "entry",
  record_id: "e1",
  raised_at: "2026-05-04T20:00:00Z",
  withdrawn_at: null,
  seen_by: [],
  ...fields,
});

type Reply = { status: number; body: unknown } | Error;

function serve(reply: Reply) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (path: string, init: RequestInit) => {
      calls.push(`${init.method} ${path}`);
      if (reply instanceof Error) throw reply;
      return new Response(JSON.stringify(reply.body), { status: reply.status });
    }),
  );
  return calls;
}

beforeEach(async () => {
  vi.restoreAllMocks();
  await wipeDevice();
});

afterEach(() => activateLanguage("en"));

it("fetches the red flags and keeps them on the device for offline", async () => {
  const calls = serve({ status: 200, body: { next: null, previous: null, results: [flag()] } });
  const fresh = await refreshRedFlags();
  expect(calls).toEqual(["GET /api/v1/red-flags/?page_size=500"]);
  expect(fresh.state).toBe("fresh");
  expect((await loadSavedRedFlags())?.flags.map((f) => f.id)).toEqual(["f1"]);

  serve(new TypeError("Failed to fetch")); // offline: the copy on the device stays
  expect((await refreshRedFlags()).state).toBe("offline");
  expect((await loadSavedRedFlags())?.flags.map((f) => f.id)).toEqual(["f1"]);
});

it("keeps the copy on the device when the server answers an error", async () => {
  serve({ status: 200, body: { results: [flag()] } });
  await refreshRedFlags();
  serve({ status: 503, body: {} });
  expect(await refreshRedFlags()).toEqual({ state: "error", status: 503 });
  expect((await loadSavedRedFlags())?.flags).toHaveLength(1);
});

it("says who has seen a flag and when, in the order they saw it, or that nobody has yet", () => {
  const time = (iso: string) => iso.slice(11, 16);
  const date = (iso: string) => iso.slice(0, 10);
  expect(seenLines(flag(), time, date)).toEqual(["Not seen yet by your care team."]);
  const seen = flag({
    seen_by: [
      { clinician: "Dr Dan", acknowledged_at: "2026-05-05T09:10:00Z" },
      { clinician: "Dr Carol", acknowledged_at: "2026-05-04T20:05:00Z" },
    ],
  });
  expect(seenLines(seen, time, date)).toEqual([
    "Seen by Dr Carol at 20:05 on 2026-05-04.",
    "Seen by Dr Dan at 09:10 on 2026-05-05.",
  ]);
});

it("says who has seen a flag in the app's language", async () => {
  await activateLanguage("es");
  const time = (iso: string) => iso.slice(11, 16);
  const date = (iso: string) => iso.slice(0, 10);
  expect(seenLines(flag(), time, date)).toEqual(["Su equipo de atención aún no la ha visto."]);
  expect(seenLines(flag({ seen_by: [{ clinician: "Dra. Ruiz", acknowledged_at: "2026-05-04T20:05:00Z" }] }), time, date)).toEqual([
    "Vista por Dra. Ruiz a las 20:05 el 2026-05-04.",
  ]);
});

it("lists the red flags of entries the server has not seen yet, newest first", () => {
  const effects: CatalogSideEffect[] = [
    { code: "nausea", label: "Nausea", red_flag: false, red_flag_when: "never", red_flag_from: null, advice: null, urgent_help: false },
    { code: "chest_pain", label: "Chest pain", red_flag: true, red_flag_when: "always", red_flag_from: 1, advice: "Call.", urgent_help: false },
    { code: "craving", label: "Craving for ketamine", red_flag: true, red_flag_when: "always", red_flag_from: 1, advice: "Talk.", urgent_help: false },
  ];
  const entries = [
    { id: "sent", version: 3, diary_date: "2026-05-04", recorded_at: "2026-05-04T09:00:00Z", side_effects: [{ code: "chest_pain" as const, severity: 1 }] },
    { id: "old", version: null, diary_date: "2026-05-03", recorded_at: "2026-05-03T09:00:00Z", side_effects: [{ code: "craving" as const, severity: 1 }] },
    {
      id: "new",
      version: null,
      diary_date: "2026-05-04",
      recorded_at: "2026-05-04T21:00:00Z",
      side_effects: [
        { code: "nausea" as const, severity: 3 }, // not a red flag
        { code: "chest_pain" as const, severity: 2 },
      ],
    },
  ];
  expect(pendingFlags(entries, effects).map((f) => `${f.entryId} ${f.label}`)).toEqual(["new Chest pain", "old Craving for ketamine"]);
  expect(pendingFlags(entries, undefined)).toEqual([]); // no catalogue stored: nothing to tell a flag by
});
