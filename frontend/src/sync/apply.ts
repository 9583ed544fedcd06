/** Applying what the server says to the device's copy: push results and pull pages. */
import type { Change, PullPage, PushResult } from "../api/types";
import { db, setMeta, tableOf, visibleTables, type OutboxRow, type ShadowRow } from "../db";
import { isEntity } from "../kinds";
import { recompute } from "./outbox";

export type { Change, PullPage, PushResult };

const ALL_TABLES = () => [db.meta, db.outbox, db.shadow, ...visibleTables(), db.dismissed];

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
    for (const change of page.changes) await applyChange(change);
    await setMeta("cursor", page.cursor);
    await setMeta("server_version", page.version);
  });
}

/** A record's new state replaces its shadow; a conflict or rejection is stored as pulled. */
async function applyChange(change: Change): Promise<void> {
  const entity = change.entity;
  if (isEntity(entity)) {
    const shadow = await db.shadow.get([entity, change.id]);
    if (shadow && shadow.version > change.version) return; // older than what we know
    await db.shadow.put({
      entity,
      id: change.id,
      version: change.version,
      deleted: change.deleted,
      data: change.deleted ? (shadow?.data ?? null) : { ...change.data },
    });
    await recompute(entity, change.id);
    return;
  }
  const table = tableOf(entity);
  if (change.deleted || (await db.dismissed.get(change.id))) {
    await table.delete(change.id);
    return;
  }
  const resolving = change.entity === "conflict" && (await isResolving(change.id));
  await table.put({ ...change.data, id: change.id, version: change.version, _pending: resolving ? 1 : 0 });
}

async function isResolving(conflictId: string): Promise<boolean> {
  return (await db.outbox.where("[entity+id]").equals(["conflict", conflictId]).count()) > 0;
}

/** `reset: true` (or an unusable cursor): drop the server copy, keep the outbox, pull from scratch. */
export async function resetLocal(): Promise<void> {
  await db.transaction("rw", ALL_TABLES(), async () => {
    await Promise.all([db.shadow.clear(), ...visibleTables().map((table) => table.clear())]);
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
