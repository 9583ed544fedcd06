/** Calendar months as "YYYY-MM" (the prefix of a local date or of a date-time with its offset). */
import { formatDateTime } from "./i18n";

export type Month = string;

export function monthOf(date: unknown): Month {
  return typeof date === "string" ? date.slice(0, 7) : "";
}

export function addMonths(month: Month, n: number): Month {
  const [y = 0, m = 1] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** "November 2026" in the app's language ("noviembre de 2026"). */
export function monthLabel(month: Month): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return formatDateTime(new Date(y, m - 1, 15), { month: "long", year: "numeric" });
}

/** The month shown first: the newest with records, else this one. */
export function clampMonth(month: Month, first: Month, last: Month): Month {
  return month < first ? first : month > last ? last : month;
}
