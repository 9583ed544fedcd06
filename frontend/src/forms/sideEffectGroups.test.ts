import { afterEach, expect, it } from "vitest";
import type { CatalogSideEffect } from "../catalog";
import { activateLanguage } from "../i18n";
import { groupSideEffects } from "./sideEffectGroups";

afterEach(() => activateLanguage("en"));

const effect = (code: string, red_flag_from: number | null = null): CatalogSideEffect => ({
  code,
  label: code,
  red_flag: red_flag_from !== null,
  red_flag_when: red_flag_from === null ? "never" : red_flag_from === 1 ? "always" : "severe",
  red_flag_from,
  advice: red_flag_from === null ? null : "Act.",
  urgent_help: false,
});

it("puts every red flag first, whatever its severity, in the catalogue's order", () => {
  const groups = groupSideEffects([effect("nausea"), effect("hallucinations", 3), effect("chest_pain", 1), effect("anxiety")]);
  expect(groups[0]!.title).toBe("Warning signs");
  expect(groups[0]!.items.map((e) => e.code)).toEqual(["hallucinations", "chest_pain"]);
  expect(groups.slice(1).flatMap((g) => g.items.map((e) => e.code))).toEqual(["anxiety", "nausea"]);
});

it("keeps a code it does not know, under Other, and leaves out empty groups", () => {
  const groups = groupSideEffects([effect("something_new"), effect("nausea")]);
  expect(groups.map((g) => [g.title, g.items.map((e) => e.code)])).toEqual([
    ["Stomach", ["nausea"]],
    ["Other", ["something_new"]],
  ]);
});

it("names the groups in the app's language", async () => {
  await activateLanguage("es");
  const groups = groupSideEffects([effect("chest_pain", 1), effect("nausea"), effect("something_new")]);
  expect(groups.map((g) => g.title)).toEqual(["Señales de alarma", "Estómago", "Otros"]);
});
