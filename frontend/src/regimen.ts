/**
 * "My usual medicines": a regimen saved on this device (drug, dose, unit, usual times, a
 * patch's wear time), each logged in one tap through the normal write path (Dexie + outbox),
 * so it works offline. The regimen itself is not synced (docs/pwa-medicines.md).
 */
import { catalog } from "./catalog";
import { db, type RegimenRow } from "./db";
import { submitRecord } from "./forms/submit";
import type { InputOf } from "./kinds";
import { isoWithOffset } from "./time";

export type { RegimenRow };
type Medication = InputOf<"medication">;

export function usualMedicines(): Promise<RegimenRow[]> {
  return db.regimen.orderBy("added_at").toArray();
}

export async function saveUsual(item: Omit<RegimenRow, "id" | "added_at"> & { id?: string }): Promise<string> {
  const id = item.id ?? crypto.randomUUID();
  const before = item.id ? await db.regimen.get(item.id) : undefined;
  await db.regimen.put({ ...item, id, added_at: before?.added_at ?? new Date().toISOString() });
  return id;
}

export function removeUsual(id: string): Promise<void> {
  return db.regimen.delete(id);
}

/** "08:00, 20:00" → ["08:00", "20:00"] (sorted, once each); null when one is not a time. */
export function parseTimes(text: string): string[] | null {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const times: string[] = [];
  for (const part of parts) {
    const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(part);
    if (!match) return null;
    times.push(`${(match[1] ?? "").padStart(2, "0")}:${match[2] ?? ""}`);
  }
  return [...new Set(times)].sort();
}

/** The intake document of taking (or applying) a usual medicine at `at`. */
export function intakeOf(item: RegimenRow, at: Date): Medication {
  const patch = item.unit === "mcg_per_h";
  return {
    taken_at: isoWithOffset(at),
    drug: item.drug as Medication["drug"],
    dose: item.dose,
    unit: item.unit as Medication["unit"],
    // The server's rule: wear_hours with a patch only (its default when the item has none).
    wear_hours: patch ? (item.wear_hours ?? catalog.value?.wear_hours?.default ?? 72) : null,
    notes: "",
  };
}

/** Logs the usual medicine as taken now; returns the new intake's id (for undo). */
export function takeNow(item: RegimenRow, at = new Date()): Promise<string> {
  return submitRecord("medication", intakeOf(item, at), {});
}
