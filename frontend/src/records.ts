/** Reads of the visible tables, shared by the screens. */
import { db, type RecordRow } from "./db";

export const byDesc = (key: string) => (a: RecordRow, b: RecordRow) =>
  String(b[key] ?? "").localeCompare(String(a[key] ?? ""));

export async function latestAdministration(): Promise<RecordRow | undefined> {
  return db.administrations.orderBy("administered_at").last();
}

export async function administrationsNewestFirst(): Promise<RecordRow[]> {
  return (await db.administrations.orderBy("administered_at").reverse().toArray());
}

export async function episodesNewestFirst(): Promise<RecordRow[]> {
  return (await db.episodes.toArray()).sort(byDesc("started_on"));
}

export function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}
