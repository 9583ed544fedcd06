import { afterEach, describe, expect, it } from "vitest";
import { db, type MedicationRow } from "./db";
import { activateLanguage } from "./i18n";
import { daySummary, duplicateQuestion, patchText, recentDose } from "./intakes";
import { addMonths, clampMonth } from "./months";
import { intakeOf, parseTimes, saveUsual, usualMedicines } from "./regimen";

afterEach(async () => {
  await db.medications.clear();
  await db.regimen.clear();
});

const intake = (id: string, taken_at: string, drug = "oxycodone", dose = 10, unit = "mg"): MedicationRow =>
  ({ id, taken_at, drug, dose, unit, version: null, _pending: 1 }) as MedicationRow;

describe("usual medicines", () => {
  it("reads usual times, refusing what is not a time", () => {
    expect(parseTimes("20:00, 8:00; 08:00")).toEqual(["08:00", "20:00"]);
    expect(parseTimes("")).toEqual([]);
    expect(parseTimes("8 o'clock")).toBeNull();
    expect(parseTimes("24:00")).toBeNull();
  });

  it("keeps the order items were added in, and an edit keeps its place", async () => {
    const a = await saveUsual({ drug: "oxycodone", dose: 10, unit: "mg", times: ["08:00"], wear_hours: null });
    await new Promise((r) => setTimeout(r, 5));
    await saveUsual({ drug: "pregabalin", dose: 150, unit: "mg", times: [], wear_hours: null });
    await saveUsual({ id: a, drug: "oxycodone", dose: 5, unit: "mg", times: ["08:00"], wear_hours: null });
    expect((await usualMedicines()).map((i) => [i.drug, i.dose])).toEqual([
      ["oxycodone", 5],
      ["pregabalin", 150],
    ]);
  });

  it("logs a patch with its wear time and any other unit without one", () => {
    const at = new Date("2026-05-04T08:00:00");
    const patch = intakeOf({ id: "p", drug: "fentanyl", dose: 12, unit: "mcg_per_h", times: [], wear_hours: 48, added_at: "" }, at);
    expect(patch).toMatchObject({ drug: "fentanyl", dose: 12, unit: "mcg_per_h", wear_hours: 48 });
    const pill = intakeOf({ id: "o", drug: "oxycodone", dose: 10, unit: "mg", times: [], wear_hours: 72, added_at: "" }, at);
    expect(pill.wear_hours).toBeNull();
  });
});

describe("intakes", () => {
  it("finds a dose of the same medicine within 30 minutes, in any offset, and nothing else", async () => {
    await db.medications.bulkPut([
      intake("near", "2026-05-04T08:02:00+01:00"), // 07:02 UTC
      intake("other-drug", "2026-05-04T08:20:00+01:00", "paracetamol", 1000),
      intake("too-early", "2026-05-04T06:00:00+00:00"),
    ]);
    expect((await recentDose("oxycodone", new Date("2026-05-04T07:25:00Z")))?.id).toBe("near");
    expect(await recentDose("oxycodone", new Date("2026-05-04T07:40:00Z"))).toBeUndefined();
    expect(await recentDose("oxycodone", new Date("2026-05-04T07:25:00Z"), "near")).toBeUndefined();
  });

  it("summarises a day, the same dose counted once", () => {
    const day = [intake("a", "2026-05-04T08:00:00Z"), intake("b", "2026-05-04T20:00:00Z"), intake("c", "2026-05-04T12:00:00Z", "paracetamol", 1000)];
    expect(daySummary(day)).toBe("3 doses: oxycodone 10 mg ×2, paracetamol 1,000 mg");
  });

  it("says when a patch comes off", () => {
    const text = patchText({ dose: 12, taken_at: "2026-05-04T08:00:00", wear_hours: 72 });
    expect(text).toMatch(/^Patch 12 mcg\/h, applied Mon .*08:00.*, 72 h \(until Thu .*08:00.*\)$/);
  });
});

describe("intakes in Spanish", () => {
  afterEach(() => activateLanguage("en"));

  it("counts doses, names weekdays and writes numbers as a Spanish reader expects", async () => {
    await activateLanguage("es");
    const one = [intake("a", "2026-05-04T08:00:00Z", "paracetamol", 1000)];
    expect(daySummary(one)).toBe("1 dosis: paracetamol 1000 mg");
    const day = [intake("a", "2026-05-04T08:00:00Z", "oxycodone", 2.5), intake("b", "2026-05-04T20:00:00Z", "oxycodone", 2.5)];
    expect(daySummary(day)).toBe("2 dosis: oxycodone 2,5 mg ×2");
    const text = patchText({ dose: 12.5, taken_at: "2026-05-04T08:00:00", wear_hours: 72 });
    expect(text).toMatch(/^Parche de 12,5 mcg\/h, aplicado el lun .*08:00.*, 72 h \(hasta el jue .*08:00.*\)$/);
    expect(duplicateQuestion(intake("a", "2026-05-04T08:00:00", "oxycodone", 10))).toMatch(/^Ya registró oxycodone 10 mg a las .*08:00.*\. ¿Registrar otra dosis\?$/);
  });
});

describe("months", () => {
  it("pages across years and stays within the months with records", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-11", -23)).toBe("2024-12");
    expect(clampMonth("2023-01", "2024-12", "2026-11")).toBe("2024-12");
  });
});
