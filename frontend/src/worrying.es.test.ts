/** "Something worrying?" names a red flag that needs a severity in the app's language's order. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { activateLanguage } from "./i18n";
import { atSeverity } from "./worrying";

beforeAll(() => activateLanguage("es"));
afterAll(() => activateLanguage("en"));

it("puts the catalogue's severity after the side effect in Spanish", () => {
  expect(atSeverity("grave", "Alucinaciones")).toBe("Alucinaciones (grave)");
});

it("keeps the English order in English", async () => {
  await activateLanguage("en");
  expect(atSeverity("severe", "Hallucinations")).toBe("Severe hallucinations");
});
