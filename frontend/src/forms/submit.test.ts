import { expect, it } from "vitest";
import { doseError, outOfRange } from "./submit";

it("checks a dose against the unit's largest dose, never clamping it", () => {
  expect(doseError(0.001, 5000, "mg")).toBe("");
  expect(doseError(5000, 5000, "mg")).toBe("");
  expect(doseError(5000.001, 5000, "mg")).toMatch(/at most 5,?000/);
  expect(doseError(0, 5000, "mg")).toBe("The dose must be more than 0.");
  expect(doseError(-1, 400, "mcg/h")).toBe("The dose must be more than 0.");
  expect(doseError(401, 400, "mcg/h (patch)")).toBe("A dose in mcg/h (patch) is at most 400.");
  expect(doseError(999999, undefined, "mg")).toBe(""); // an old stored catalogue: the server checks
  expect(doseError(Number.NaN, 5000, "mg")).toBe("Enter a number.");
});

it("checks a patch's wear hours as whole hours from 1 to 168", () => {
  expect([1, 72, 168].map((h) => outOfRange(h, 1, 168, true))).toEqual(["", "", ""]);
  expect(outOfRange(0, 1, 168, true)).not.toBe("");
  expect(outOfRange(169, 1, 168, true)).not.toBe("");
  expect(outOfRange(24.5, 1, 168, true)).toBe("Enter a whole number.");
});
