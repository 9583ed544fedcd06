import { expect, it } from "vitest";
import { estimateMme, isRedFlag, redFlagsLogged, type CatalogDrug, type CatalogSideEffect } from "./catalog";

const drug = (code: string, mme_per_unit: Record<string, number>, opioid?: boolean): CatalogDrug => ({
  code,
  label: code,
  opioid: opioid ?? Object.keys(mme_per_unit).length > 0,
  benzodiazepine: false,
  patch: "mcg_per_h" in mme_per_unit,
  mme_incomplete: !!opioid && Object.keys(mme_per_unit).length === 0,
  mme_factor: mme_per_unit.mg ?? mme_per_unit.mcg_per_h ?? null,
  mme_per_unit,
  units: "mcg_per_h" in mme_per_unit ? ["mcg_per_h"] : ["mg", "mcg"],
});
const effect = (red_flag_from: number | null): CatalogSideEffect => ({
  code: "x",
  label: "X",
  red_flag: red_flag_from !== null,
  red_flag_when: red_flag_from === null ? "never" : red_flag_from === 1 ? "always" : "severe",
  red_flag_from,
  advice: red_flag_from === null ? null : "Call someone.",
  urgent_help: false,
});

it("estimates MME with the catalogue's factor for the unit, never its own", () => {
  const oxycodone = drug("oxycodone", { mg: 1.5, mcg: 0.0015 });
  expect(estimateMme(oxycodone, 10, "mg")).toBe(15);
  expect(estimateMme(oxycodone, 10000, "mcg")).toBe(15);
  expect(estimateMme(drug("fentanyl", { mcg_per_h: 2.4 }), 25, "mcg_per_h")).toBe(60);
  expect(estimateMme(drug("paracetamol", {}), 500, "mg")).toBe(0);
  expect(estimateMme(undefined, 1, "mg")).toBeNull();
});

it("has no MME estimate for an opioid without a factor (MME incomplete, never 0)", () => {
  expect(estimateMme(drug("buprenorphine", {}, true), 200, "mcg")).toBeNull();
  expect(estimateMme(drug("other_opioid", {}, true), 10, "mg")).toBeNull();
});

it("counts a red flag from the catalogue's severity on", () => {
  expect([1, 2, 3].map((s) => isRedFlag(effect(3), s))).toEqual([false, false, true]);
  expect([1, 2, 3].map((s) => isRedFlag(effect(1), s))).toEqual([true, true, true]);
  expect([1, 2, 3].map((s) => isRedFlag(effect(null), s))).toEqual([false, false, false]);
  expect(isRedFlag(undefined, 3)).toBe(false);
});

it("lists every red flag logged with its own advice, urgent help first", () => {
  const effects: CatalogSideEffect[] = [
    { ...effect(null), code: "nausea", label: "Nausea" },
    { ...effect(3), code: "hallucinations", label: "Hallucinations", advice: "Do not drive." },
    { ...effect(1), code: "bladder_pain", label: "Bladder pain", advice: "Care team today." },
    { ...effect(1), code: "blood_in_urine", label: "Blood in urine", advice: "Care team today." },
    { ...effect(1), code: "chest_pain", label: "Chest pain", advice: "Emergency number now." },
    { ...effect(1), code: "thoughts_of_self_harm", label: "Thoughts of suicide or self-harm", advice: "Crisis line.", urgent_help: true },
  ];
  const logged = [
    { code: "chest_pain", severity: 1 },
    { code: "nausea", severity: 3 },
    { code: "hallucinations", severity: 2 }, // a red flag only when severe
    { code: "bladder_pain", severity: 1 },
    { code: "blood_in_urine", severity: 2 }, // the same advice as bladder pain: still listed
    { code: "thoughts_of_self_harm", severity: 1 },
  ];

  expect(redFlagsLogged(logged, effects).map((f) => [f.code, f.advice, f.urgent])).toEqual([
    ["thoughts_of_self_harm", "Crisis line.", true],
    ["bladder_pain", "Care team today.", false],
    ["blood_in_urine", "Care team today.", false],
    ["chest_pain", "Emergency number now.", false],
  ]);
  expect(redFlagsLogged([{ code: "hallucinations", severity: 3 }], effects).map((f) => f.code)).toEqual(["hallucinations"]);
  expect(redFlagsLogged(logged, undefined)).toEqual([]);
});
