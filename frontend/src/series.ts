/** Daily series for the charts and their tables (DOMAIN.md figures 1 and 11, on the device's copy). */
import type { AdministrationRow, EntryRow, MedicationRow } from "./db";
import { addDays, localDate } from "./time";

export interface Day {
  date: string;
  pain: number | null; // mean pain_now of the date's entries
  mood: number | null; // mean mood of the entries that have one
  mme: number | null; // sum of the date's intakes' MME; null without intakes
  infusions: number; // administrations on that local date
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/** The local date of a stored date-time in its own offset (the first 10 characters). */
const dateOf = (iso: unknown) => (typeof iso === "string" ? iso.slice(0, 10) : "");

export function dailySeries(
  entries: EntryRow[],
  administrations: AdministrationRow[],
  intakes: MedicationRow[],
  days: number,
  end = localDate(),
): Day[] {
  const start = addDays(end, -(days - 1));
  const out: Day[] = [];
  const pains = new Map<string, number[]>();
  const moods = new Map<string, number[]>();
  const mme = new Map<string, number>();
  const infusions = new Map<string, number>();
  for (const e of entries) {
    const d = String(e.diary_date ?? "");
    if (typeof e.pain_now === "number") pains.set(d, [...(pains.get(d) ?? []), e.pain_now]);
    if (typeof e.mood === "number") moods.set(d, [...(moods.get(d) ?? []), e.mood]);
  }
  for (const m of intakes) {
    const d = dateOf(m.taken_at);
    mme.set(d, (mme.get(d) ?? 0) + (typeof m.mme === "number" ? m.mme : 0));
  }
  for (const a of administrations) {
    const d = dateOf(a.administered_at);
    infusions.set(d, (infusions.get(d) ?? 0) + 1);
  }
  for (let date = start; date <= end; date = addDays(date, 1)) {
    out.push({
      date,
      pain: mean(pains.get(date) ?? []),
      mood: mean(moods.get(date) ?? []),
      mme: mme.has(date) ? round1(mme.get(date) ?? 0) : null,
      infusions: infusions.get(date) ?? 0,
    });
  }
  return out;
}
