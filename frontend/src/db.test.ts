import Dexie from "dexie";
import { afterEach, describe, expect, it } from "vitest";
import { DiaryDb } from "./db";

const NAME = "paindiary-upgrade-test";

afterEach(async () => {
  await Dexie.delete(NAME);
});

describe("the device's database", () => {
  it("keeps a version 1 copy of the diary and gains the assessments table", async () => {
    // A device installed before assessments: version 1, the first four kinds' tables.
    const old = new Dexie(NAME);
    old.version(1).stores({
      episodes: "id, started_on",
      administrations: "id, administered_at, episode",
      entries: "id, diary_date, recorded_at, administration, episode",
      medications: "id, taken_at",
      conflicts: "id, record_id",
      rejections: "id, record_id",
      dismissed: "id",
      shadow: "[entity+id]",
      outbox: "mid, [entity+id]",
      meta: "key",
    });
    await old.table("entries").put({ id: "e1", diary_date: "2026-05-01", pain_now: 6, version: 3, _pending: 0 });
    await old.table("outbox").put({ mid: 1, entity: "entry", op: "upsert", id: "e1", base_version: 3, data: { pain_now: 6 } });
    old.close();

    const db = new DiaryDb(NAME);
    await db.open();

    expect(db.verno).toBe(3);
    expect(await db.table("entries").get("e1")).toMatchObject({ pain_now: 6, version: 3 });
    expect(await db.outbox.count()).toBe(1);
    await db.table("assessments").put({ id: "a1", completed_at: "2026-05-01T21:00:00+01:00", instrument: "phq9", version: null, _pending: 1 });
    expect((await db.table("assessments").where("instrument").equals("phq9").toArray()).map((r) => r.id)).toEqual(["a1"]);
    db.close();
  });

  it("keeps a version 2 copy (records, outbox, meta) and gains an empty usual-medicines table", async () => {
    const old = new Dexie(NAME);
    old.version(2).stores({
      episodes: "id, started_on",
      administrations: "id, administered_at, episode",
      entries: "id, diary_date, recorded_at, administration, episode",
      medications: "id, taken_at",
      assessments: "id, completed_at, instrument",
      conflicts: "id, record_id",
      rejections: "id, record_id",
      dismissed: "id",
      shadow: "[entity+id]",
      outbox: "mid, [entity+id]",
      meta: "key",
    });
    await old.table("medications").put({ id: "m1", taken_at: "2026-05-01T08:00:00+01:00", drug: "oxycodone", dose: 10, unit: "mg", version: 2, _pending: 0 });
    await old.table("outbox").put({ mid: 4, entity: "medication", op: "upsert", id: "m1", base_version: 2, data: { dose: 10 } });
    await old.table("meta").put({ key: "next_mid", value: 5 });
    old.close();

    const db = new DiaryDb(NAME);
    await db.open();

    expect(db.verno).toBe(3);
    expect(await db.table("medications").get("m1")).toMatchObject({ drug: "oxycodone", dose: 10 });
    expect(await db.outbox.get(4)).toMatchObject({ id: "m1" });
    expect(await db.meta.get("next_mid")).toMatchObject({ value: 5 });
    expect(await db.regimen.count()).toBe(0);
    await db.regimen.put({ id: "r1", drug: "oxycodone", dose: 10, unit: "mg", times: ["08:00"], wear_hours: null, added_at: "2026-05-02T08:00:00Z" });
    expect((await db.regimen.orderBy("added_at").toArray()).map((r) => r.id)).toEqual(["r1"]);
    db.close();
  });
});
