/**
 * Medicine intakes as the patient reads them: a dose, a patch with its wear time, a day's
 * summary; and the duplicate-dose check (the same medicine logged again within minutes).
 */
import { plural, t } from "@lingui/core/macro";
import { catalog, labelOf } from "./catalog";
import { db, type MedicationRow } from "./db";
import { formatDateTime, formatNumber } from "./i18n";
import { formatTime } from "./time";

/** A dose of the same medicine within this many minutes of another asks before saving. */
export const DUPLICATE_MINUTES = 30;

/** The unit as written after a dose ("mcg/h", not the catalogue's "mcg/h (patch)"). */
export function unitText(unit: unknown): string {
  return unit === "mcg_per_h" ? "mcg/h" : String(unit ?? "");
}

export function drugLabel(drug: unknown): string {
  return labelOf(catalog.value?.drugs, drug);
}

/** "Oxycodone 10 mg". */
export function doseText(m: { drug?: unknown; dose?: unknown; unit?: unknown }): string {
  return `${drugLabel(m.drug)} ${formatNumber(Number(m.dose))} ${unitText(m.unit)}`;
}

/** "Mon 08:00" (with the date too when a week apart could read the same), in the app's language. */
export function weekdayTime(at: Date, withDate = false): string {
  const day = formatDateTime(at, withDate ? { weekday: "short", day: "numeric", month: "short" } : { weekday: "short" });
  return `${day} ${formatTime(at.toISOString())}`;
}

/** When a patch applied at `takenAt` and worn `wearHours` comes off. */
export function patchUntil(takenAt: string, wearHours: number): Date {
  return new Date(Date.parse(takenAt) + wearHours * 3_600_000);
}

/** "Patch 12 mcg/h, applied Mon 08:00, 72 h (until Thu 08:00)". */
export function patchText(m: { dose?: unknown; taken_at?: unknown; wear_hours?: unknown }, defaultWear = 72): string {
  const wear = typeof m.wear_hours === "number" ? m.wear_hours : defaultWear;
  const at = String(m.taken_at ?? "");
  const longWear = wear >= 144; // a week: the weekday alone would repeat
  const dose = formatNumber(Number(m.dose));
  const applied = weekdayTime(new Date(at), longWear);
  const hours = formatNumber(wear);
  const until = weekdayTime(patchUntil(at, wear), longWear);
  return t({
    comment: "A transdermal patch: its strength, when it was applied and when it comes off (weekday and time, e.g. Mon 08:00), and how many hours it is worn",
    message: `Patch ${dose} mcg/h, applied ${applied}, ${hours} h (until ${until})`,
  });
}

/** One intake's line after its time: the dose, or the patch and its wear time. */
export function intakeText(m: MedicationRow): string {
  if (m.unit === "mcg_per_h") return `${drugLabel(m.drug)}: ${patchText(m, catalog.value?.wear_hours?.default ?? 72)}`;
  return doseText(m);
}

/** "3 doses: Oxycodone 10 mg ×2, Paracetamol 1,000 mg" (same medicine and dose counted once). */
export function daySummary(intakes: readonly MedicationRow[]): string {
  const counts = new Map<string, number>();
  for (const m of [...intakes].sort((a, b) => String(a.taken_at).localeCompare(String(b.taken_at)))) {
    const key = doseText(m);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts].map(([text, n]) => (n > 1 ? `${text} ×${formatNumber(n)}` : text));
  const list = parts.join(", ");
  const count = intakes.length;
  return plural(count, {
    one: `# dose: ${list}`,
    other: `# doses: ${list}`,
  });
}

/**
 * The intake of `drug` nearest to `at` within DUPLICATE_MINUTES, if any (another than
 * `exceptId`). taken_at is stored with its own UTC offset, so its text orders by local time:
 * a day's margin either side bounds the index range, and the test itself is on the instant.
 */
export async function recentDose(drug: string, at: Date = new Date(), exceptId?: string): Promise<MedicationRow | undefined> {
  const window = DUPLICATE_MINUTES * 60_000;
  const day = 86_400_000;
  const lo = new Date(at.getTime() - window - day).toISOString().slice(0, 10);
  const hi = `${new Date(at.getTime() + window + day).toISOString().slice(0, 10)}\uffff`;
  const near = await db.medications
    .where("taken_at")
    .between(lo, hi, true, true)
    .filter((m) => m.drug === drug && m.id !== exceptId && Math.abs(Date.parse(String(m.taken_at)) - at.getTime()) <= window)
    .toArray();
  near.sort((a, b) => Math.abs(Date.parse(String(a.taken_at)) - at.getTime()) - Math.abs(Date.parse(String(b.taken_at)) - at.getTime()));
  return near[0];
}

/** "You logged Oxycodone 10 mg at 08:02. Log another dose?" */
export function duplicateQuestion(previous: MedicationRow): string {
  const dose = doseText(previous);
  const time = formatTime(previous.taken_at);
  return t`You logged ${dose} at ${time}. Log another dose?`;
}
