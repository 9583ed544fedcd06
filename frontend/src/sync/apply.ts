/** Applying what the server says to the device's copy: push results and pull pages. */
import {
  db,
  RECORD_ENTITIES,
  setMeta,
  tableOf,
  type Entity,
  type Json,
  type OutboxRow,
  type PulledEntity,
  type ShadowRow,
} from "../db";
import { recompute } from "./outbox";

export interface PushResult {
  mid: number;
  status: "applied" | "merged" | "conflict" | "rejected";
  version?: number | null;
  conflict_id?: string;
  rejection_id?: string;
  errors?: unknown[];
}

export interface Change {
  entity: PulledEntity;
  id: string;
  version: number;
  deleted: boolean;
  data?: Json;
}

export interface PullPage {
  changes: Change[];
  cursor: string;
  has_more: boolean;
  version: number;
  client_mids: Record<string, number>;
  reset: boolean;
}

const ALL_TABLES = () => [
  db.meta,
  db.outbox,
  db.shadow,
  db.entries,
  db.episodes,
  db.administrations,
  db.medications,
  db.conflicts,
  db.rejections,
  db.dismissed,
];

const isRecord = (entity: string): entity is Entity => (RECORD_ENTITIES as string[]).includes(entity);

/**
 * A push's results: each confirmed mutation leaves the outbox, and the shadow learns what
 * the server now has. base_version afterwards = the result's version, but only for
 * `applied` (a `merged` version also covers others' changes this device has not pulled yet,
 * so the older base stays: clashes with those changes are then still detected).
 * `conflict` and `rejected` leave the shadow alone: the pull brings the server's state and
 * the conflict or rejection record.
 */
export async function applyResults(sent: OutboxRow[], results: PushResult[]): Promise<void> {
  const byMid = new Map(sent.map((row) => [row.mid, row]));
  await db.transaction("rw", ALL_TABLES(), async () => {
    for (const result of results) {
      const row = byMid.get(result.mid);
      if (!row) continue;
      await db.outbox.delete(row.mid);
      if (row.entity === "conflict") {
        if (result.status === "rejected") await db.conflicts.update(row.id, { _pending: 0 });
        else await db.conflicts.delete(row.id);
        continue;
      }
      if (result.status === "applied" || result.status === "merged") {
        const shadow = await db.shadow.get([row.entity, row.id]);
        const version =
          result.status === "applied" && typeof result.version === "number"
            ? Math.max(result.version, shadow?.version ?? 0)
            : (shadow?.version ?? 0);
        const next: ShadowRow =
          row.op === "delete"
            ? { entity: row.entity, id: row.id, version, deleted: true, data: shadow?.data ?? null }
            : {
                entity: row.entity,
                id: row.id,
                version,
                deleted: false,
                data: { ...(shadow?.data ?? {}), ...(row.data ?? {}) },
              };
        await db.shadow.put(next);
      }
      await recompute(row.entity, row.id);
    }
  });
}

/** One pull page, with its cursor, in one transaction. Pending local edits stay on top. */
export async function applyPage(page: PullPage): Promise<void> {
  await db.transaction("rw", ALL_TABLES(), async () => {
    for (const change of page.changes) {
      if (isRecord(change.entity)) {
        const entity = change.entity;
        const shadow = await db.shadow.get([entity, change.id]);
        if (shadow && shadow.version > change.version) continue; // older than what we know
        await db.shadow.put({
          entity,
          id: change.id,
          version: change.version,
          deleted: change.deleted,
          data: change.deleted ? (shadow?.data ?? null) : (change.data ?? {}),
        });
        await recompute(entity, change.id);
      } else {
        const table = tableOf(change.entity);
        if (change.deleted || (await db.dismissed.get(change.id))) {
          await table.delete(change.id);
          continue;
        }
        const resolving = change.entity === "conflict" && (await isResolving(change.id));
        await table.put({ ...(change.data ?? {}), id: change.id, version: change.version, _pending: resolving ? 1 : 0 });
      }
    }
    await setMeta("cursor", page.cursor);
    await setMeta("server_version", page.version);
  });
}

async function isResolving(conflictId: string): Promise<boolean> {
  return (await db.outbox.where("[entity+id]").equals(["conflict", conflictId]).count()) > 0;
}

/** `reset: true` (or an unusable cursor): drop the server copy, keep the outbox, pull from scratch. */
export async function resetLocal(): Promise<void> {
  await db.transaction("rw", ALL_TABLES(), async () => {
    await Promise.all([
      db.shadow.clear(),
      db.entries.clear(),
      db.episodes.clear(),
      db.administrations.clear(),
      db.medications.clear(),
      db.conflicts.clear(),
      db.rejections.clear(),
    ]);
    await setMeta("cursor", null);
    const pending = await db.outbox.toArray();
    for (const row of pending) if (row.entity !== "conflict") await recompute(row.entity, row.id);
  });
}

/** Hide a rejection on this device for good (also after a reset pull). */
export async function dismissRejection(id: string): Promise<void> {
  await db.transaction("rw", [db.rejections, db.dismissed], async () => {
    await db.dismissed.put({ id });
    await db.rejections.delete(id);
  });
}
