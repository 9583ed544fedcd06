/**
 * The device's copy of the diary (IndexedDB through Dexie), versioned schema.
 *
 * Three layers, see README.md § Outbox and sync:
 * - `shadow`: the server's copy of each record, as last seen from a pull or from the
 *   result of this device's own mutation (its `version` is the mutation's base_version).
 * - `outbox`: mutations not yet confirmed by the server, keyed by their `mid`.
 * - the visible tables (`entries`, `episodes`, …): shadow + pending outbox overlay,
 *   recomputed in the same transaction as every change to the two layers above.
 */
import Dexie, { type Table } from "dexie";

export type Entity = "episode" | "administration" | "entry" | "medication";
export type PulledEntity = Entity | "conflict" | "rejection";
export type Json = Record<string, unknown>;

/** A visible record: the fields the REST API shows, plus `_pending` (1 while unsynced). */
export interface RecordRow extends Json {
  id: string;
  version: number | null;
  _pending: 0 | 1;
}

export interface ShadowRow {
  entity: Entity;
  id: string;
  version: number;
  deleted: boolean;
  data: Json | null;
}

export interface OutboxRow {
  mid: number;
  entity: Entity | "conflict";
  op: "upsert" | "delete" | "resolve";
  id: string;
  base_version: number | null;
  data?: Json;
  queued_at: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class DiaryDb extends Dexie {
  entries!: Table<RecordRow, string>;
  episodes!: Table<RecordRow, string>;
  administrations!: Table<RecordRow, string>;
  medications!: Table<RecordRow, string>;
  conflicts!: Table<RecordRow, string>;
  rejections!: Table<RecordRow, string>;
  dismissed!: Table<{ id: string }, string>;
  shadow!: Table<ShadowRow, [string, string]>;
  outbox!: Table<OutboxRow, number>;
  meta!: Table<MetaRow, string>;

  constructor(name = "paindiary") {
    super(name);
    this.version(1).stores({
      entries: "id, diary_date, recorded_at, administration, episode",
      episodes: "id, started_on",
      administrations: "id, administered_at, episode",
      medications: "id, taken_at",
      conflicts: "id, record_id",
      rejections: "id, record_id",
      dismissed: "id",
      shadow: "[entity+id]",
      outbox: "mid, [entity+id]",
      meta: "key",
    });
  }
}

export const db = new DiaryDb();

export const TABLE_OF: Record<PulledEntity, keyof Pick<
  DiaryDb,
  "entries" | "episodes" | "administrations" | "medications" | "conflicts" | "rejections"
>> = {
  entry: "entries",
  episode: "episodes",
  administration: "administrations",
  medication: "medications",
  conflict: "conflicts",
  rejection: "rejections",
};

export const RECORD_ENTITIES: Entity[] = ["episode", "administration", "entry", "medication"];

export function tableOf(entity: PulledEntity): Table<RecordRow, string> {
  return db[TABLE_OF[entity]];
}

export async function getMeta<T>(key: string, fallback: T): Promise<T> {
  const row = await db.meta.get(key);
  return row === undefined ? fallback : (row.value as T);
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

/** Everything this device holds about the patient, gone (sign-out, another patient). */
export async function wipeDevice(): Promise<void> {
  await db.delete();
  await db.open();
}
