/**
 * The device's copy of the diary (IndexedDB through Dexie), versioned schema.
 *
 * Three layers, see README.md § Outbox and sync:
 * - `shadow`: the server's copy of each record, as last seen from a pull or from the
 *   result of this device's own mutation (its `version` is the mutation's base_version).
 * - `outbox`: mutations not yet confirmed by the server, keyed by their `mid`.
 * - the visible tables (`entries`, `episodes`, …: one per kind of src/kinds.ts): shadow +
 *   pending outbox overlay, recomputed in the same transaction as every change to the two
 *   layers above.
 */
import Dexie, { type Table } from "dexie";
import type { DocumentOf, Mutation, PulledEntity } from "./api/types";
import { ENTITIES, isEntity, KINDS, type Entity } from "./kinds";

export type { Entity, PulledEntity };
export type Json = Record<string, unknown>;

/**
 * A visible record: what the server shows of it, with this device's pending changes on top,
 * and `_pending` (1 while unsynced). Fields the server derives (created_at, an intake's mme)
 * are absent until it has seen the record; `version` is null until then.
 */
export type Visible<E extends PulledEntity> = Omit<Partial<DocumentOf<E>>, "id" | "version"> & {
  id: string;
  version: number | null;
  _pending: 0 | 1;
};
export type EpisodeRow = Visible<"episode">;
export type AdministrationRow = Visible<"administration">;
export type EntryRow = Visible<"entry">;
export type MedicationRow = Visible<"medication">;
export type AssessmentRow = Visible<"assessment">;
export type ConflictRow = Visible<"conflict">;
export type RejectionRow = Visible<"rejection">;

export interface ShadowRow {
  entity: Entity;
  id: string;
  version: number;
  deleted: boolean;
  /** The server's document, with the fields of this device's confirmed mutations. */
  data: Json | null;
}

/** A queued mutation (CONTRACT.md § Sync), with when it was queued. */
export type OutboxRow = Mutation & { base_version: number | null; queued_at: string };

/**
 * One of "My usual medicines" (src/regimen.ts): kept on this device only, never synced (it is
 * a shortcut for logging, not a record of what was taken; docs/pwa-medicines.md).
 */
export interface RegimenRow {
  id: string;
  drug: string;
  dose: number;
  unit: string;
  /** The usual times of day, "HH:MM" (shown as a reminder of the plan; logging is "now"). */
  times: string[];
  /** Hours a patch is worn (unit mcg_per_h); null for every other unit. */
  wear_hours: number | null;
  /** Order on the card: when the item was added. */
  added_at: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

type SyncTable = "conflicts" | "rejections";
const SYNC_TABLES: Record<Exclude<PulledEntity, Entity>, SyncTable> = { conflict: "conflicts", rejection: "rejections" };

/** The visible tables, named by each kind's plural. */
type RecordTables = { [E in Entity as (typeof KINDS)[E]["plural"]]: Table<Visible<E>, string> };

export class DiaryDb extends Dexie {
  conflicts!: Table<ConflictRow, string>;
  rejections!: Table<RejectionRow, string>;
  dismissed!: Table<{ id: string }, string>;
  shadow!: Table<ShadowRow, [string, string]>;
  outbox!: Table<OutboxRow, number>;
  meta!: Table<MetaRow, string>;
  regimen!: Table<RegimenRow, string>;

  constructor(name = "paindiary") {
    super(name);
    const stores = (entities: readonly Entity[]) => ({
      ...Object.fromEntries(entities.map((entity) => [KINDS[entity].plural, KINDS[entity].indexes])),
      conflicts: "id, record_id",
      rejections: "id, record_id",
      dismissed: "id",
      shadow: "[entity+id]",
      outbox: "mid, [entity+id]",
      meta: "key",
    });
    // Version 1 had the first four kinds; version 2 adds assessments (a new, empty table: what
    // the device already holds stays). A kind added later needs a version of its own.
    this.version(1).stores(stores(["episode", "administration", "entry", "medication"]));
    this.version(2).stores(stores(ENTITIES));
    // Version 3 adds "My usual medicines" (a new, empty table; every existing row stays).
    this.version(3).stores({ ...stores(ENTITIES), regimen: "id, added_at" });
  }
}

/** Dexie makes a property of each table; the visible tables' are typed from src/kinds.ts. */
export const db = new DiaryDb() as DiaryDb & RecordTables;

/** The visible table of a record kind, or of conflicts or rejections. */
export function tableOf<E extends PulledEntity>(entity: E): Table<Visible<E>, string> {
  const pulled: PulledEntity = entity;
  return db.table(isEntity(pulled) ? KINDS[pulled].plural : SYNC_TABLES[pulled]);
}

/** Every visible table (what a reset clears and every sync transaction holds). */
export function visibleTables(): Table[] {
  return [...ENTITIES.map((entity) => tableOf(entity)), db.conflicts, db.rejections];
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
