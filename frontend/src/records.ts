/** Reads of the visible tables, shared by the screens. */
import { db, type AdministrationRow, type EpisodeRow } from "./db";

/** Newest first by a date or date-time field (ISO text sorts by time). */
export const byDesc =
  <K extends string>(key: K) =>
  (a: Partial<Record<K, unknown>>, b: Partial<Record<K, unknown>>) =>
    String(b[key] ?? "").localeCompare(String(a[key] ?? ""));

export async function latestAdministration(): Promise<AdministrationRow | undefined> {
  return db.administrations.orderBy("administered_at").last();
}

export async function administrationsNewestFirst(): Promise<AdministrationRow[]> {
  return db.administrations.orderBy("administered_at").reverse().toArray();
}

export async function episodesNewestFirst(): Promise<EpisodeRow[]> {
  return (await db.episodes.toArray()).sort(byDesc("started_on"));
}

export function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}
