import { afterEach, expect, it } from "vitest";
import { activateLanguage } from "../i18n";
import { diaryDateError, painOrderErrors } from "./entryChecks";

const AVERAGE_BELOW_LEAST = "Average pain cannot be below least pain (least ≤ average ≤ worst).";
const WORST_BELOW_AVERAGE = "Worst pain cannot be below average pain (least ≤ average ≤ worst).";
const WORST_BELOW_LEAST = "Worst pain cannot be below least pain (least ≤ average ≤ worst).";
const DIARY_DATE_AFTER = "The diary date cannot be after the day this entry is recorded.";
const DIARY_DATE_BEFORE = "The diary date cannot be more than 366 days before the day this entry is recorded.";

afterEach(() => activateLanguage("en"));

it("checks least ≤ average ≤ worst where two are given, naming the higher field as the server does", () => {
  expect(painOrderErrors(3, 5, 8)).toEqual({});
  expect(painOrderErrors(5, 5, 5)).toEqual({});
  expect(painOrderErrors(null, 7, null)).toEqual({});
  expect(painOrderErrors(6, 5, null)).toEqual({ pain_average: AVERAGE_BELOW_LEAST });
  expect(painOrderErrors(null, 5, 4)).toEqual({ pain_worst: WORST_BELOW_AVERAGE });
  expect(painOrderErrors(6, undefined, 5)).toEqual({ pain_worst: WORST_BELOW_LEAST });
  expect(painOrderErrors(2, 7, 6)).toEqual({ pain_worst: WORST_BELOW_AVERAGE });
  expect(painOrderErrors(5, 3, 4)).toEqual({ pain_average: AVERAGE_BELOW_LEAST });
  expect(painOrderErrors(9, 1, 0)).toEqual({ pain_average: AVERAGE_BELOW_LEAST, pain_worst: WORST_BELOW_AVERAGE });
});

it("keeps the diary date from 366 days before the recorded day up to that day", () => {
  expect(diaryDateError("2026-03-03", "2026-03-03")).toBe("");
  expect(diaryDateError("2026-03-04", "2026-03-03")).toBe(DIARY_DATE_AFTER);
  expect(diaryDateError("2025-03-02", "2026-03-03")).toBe(""); // 366 days
  expect(diaryDateError("2025-03-01", "2026-03-03")).toBe(DIARY_DATE_BEFORE); // 367 days
  expect(diaryDateError("2023-03-01", "2024-03-01")).toBe(""); // 366 days across 29 February
  expect(diaryDateError("2023-02-28", "2024-03-01")).toBe(DIARY_DATE_BEFORE);
});

it("says what is wrong in the app's language, for the same fields", async () => {
  await activateLanguage("es");
  expect(painOrderErrors(6, 5, null)).toEqual({ pain_average: "El dolor medio no puede ser inferior al dolor mínimo (mínimo ≤ medio ≤ máximo)." });
  expect(diaryDateError("2026-03-04", "2026-03-03")).toBe("La fecha del diario no puede ser posterior al día en que se hace este registro.");
});
