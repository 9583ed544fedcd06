import { expect, it } from "vitest";
import type { AdministrationRow, EntryRow, MedicationRow } from "./db";
import { dailySeries } from "./series";

const row = <T extends object>(fields: T) => ({ id: "x", version: 1, _pending: 0 as const, ...fields });
const entry = (fields: Omit<EntryRow, "id" | "version" | "_pending">): EntryRow => row(fields);
const administration = (fields: Omit<AdministrationRow, "id" | "version" | "_pending">): AdministrationRow => row(fields);
const intake = (fields: Omit<MedicationRow, "id" | "version" | "_pending">): MedicationRow => row(fields);

it("computes daily pain and mood means, MME sums and infusion days; missing days stay missing", () => {
  const days = dailySeries(
    [entry({ diary_date: "2026-05-01", pain_now: 6, mood: 4 }), entry({ diary_date: "2026-05-01", pain_now: 3 }), entry({ diary_date: "2026-05-03", pain_now: 2 })],
    [administration({ administered_at: "2026-05-02T09:00:00+01:00" })],
    [intake({ taken_at: "2026-05-01T08:00:00+01:00", mme: 15 }), intake({ taken_at: "2026-05-01T20:00:00+01:00", mme: 7.5 }), intake({ taken_at: "2026-05-03T08:00:00+01:00", mme: 0 })],
    3,
    "2026-05-03",
  );
  expect(days).toEqual([
    { date: "2026-05-01", pain: 4.5, mood: 4, mme: 22.5, infusions: 0 },
    { date: "2026-05-02", pain: null, mood: null, mme: null, infusions: 1 },
    { date: "2026-05-03", pain: 2, mood: null, mme: 0, infusions: 0 },
  ]);
});
