/** The form checks of forms/submit.ts say what is wrong in the app's language (Spanish here). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { activateLanguage } from "../i18n";
import { doseError, outOfRange } from "./submit";

beforeAll(() => activateLanguage("es"));
afterAll(() => activateLanguage("en"));

it("checks a dose and a range in Spanish, with Spanish numbers", () => {
  expect(doseError(Number.NaN, 5000, "mg")).toBe("Escriba un número.");
  expect(doseError(0, 5000, "mg")).toBe("La dosis debe ser mayor que 0.");
  expect(doseError(5001, 5000, "mg")).toBe("La dosis máxima en mg es 5000.");
  expect(doseError(12_001, 12_000, "mg")).toBe("La dosis máxima en mg es 12.000.");
  expect(outOfRange(24.5, 1, 168, true)).toBe("Escriba un número entero.");
  expect(outOfRange(169, 1, 168, true)).toBe("Escriba un valor de 1 a 168.");
});
