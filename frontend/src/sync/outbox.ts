/**
 * Every local write: the visible record and its outbox row change in ONE Dexie transaction,
 * so a write is never visible without being queued, nor queued without being visible.
 * A mutation's mid (consecutive from 1 per client_id) and base_version are fixed when it
 * is queued and never change.
 */
import { db, getMeta, setMeta, tableOf, type Entity, type Json, type OutboxRow, type Visible } from "../db";
import type { InputOf } from "../kinds";
import { overlay } from "./overlay";
import { upToDate } from "./state";

export async function clientId(): Promise<string> {
  let id = await getMeta<string | null>("client_id", null);
  if (!id) {
    id = crypto.randomUUID();
    await setMeta("client_id", id);
  }
  return id;
}

/**
 * Recompute a record's visible row from its shadow and pending mutations (inside a transaction).
 * The row reads as the kind's document: the shadow is one, and pending changes hold the
 * fields of the kind's input (saveRecord), which the document shows the same way.
 */
export async function recompute<E extends Entity>(entity: E, id: string): Promise<void> {
  const shadow = await db.shadow.get([entity, id]);
  const pending = await db.outbox.where("[entity+id]").equals([entity, id]).toArray();
  const row = overlay(id, shadow, pending) as Visible<E> | null;
  const table = tableOf(entity);
  if (row) await table.put(row);
  else await table.delete(id);
}

type NewMutation = Pick<OutboxRow, "entity" | "op" | "id" | "data"> & { base?: number | null };

async function queue(m: NewMutation): Promise<OutboxRow> {
  const table = tableOf(m.entity);
  const row = await db.transaction("rw", [db.meta, db.outbox, db.shadow, table], async () => {
    if (!(await db.meta.get("client_id"))) await setMeta("client_id", crypto.randomUUID());
    const mid = await getMeta<number>("next_mid", 1);
    await setMeta("next_mid", mid + 1);
    const shadow = m.entity === "conflict" ? undefined : await db.shadow.get([m.entity, m.id]);
    const row: OutboxRow = {
      mid,
      entity: m.entity,
      op: m.op,
      id: m.id,
      base_version: m.base !== undefined ? m.base : (shadow?.version ?? null),
      queued_at: new Date().toISOString(),
      ...(m.data !== undefined ? { data: m.data } : {}),
    };
    await db.outbox.add(row);
    if (m.entity === "conflict") await db.conflicts.update(m.id, { _pending: 1 });
    else await recompute(m.entity, m.id);
    return row;
  });
  upToDate.value = false; // not "Synced" until this change has been pushed and pulled
  return row;
}

/**
 * Create (all fields) or edit (only the changed fields) a record. `base` is the version the
 * patient saw when the edit began (an editor passes the version it opened); by default the
 * version last seen from the server.
 */
export function saveRecord<E extends Entity>(
  entity: E,
  id: string,
  data: Partial<InputOf<E>>,
  base?: number | null,
): Promise<OutboxRow> {
  return queue({ entity, op: "upsert", id, data, base });
}

export function deleteRecord(entity: Entity, id: string): Promise<OutboxRow> {
  return queue({ entity, op: "delete", id });
}

export function resolveConflict(conflictId: string, keep: "server" | "client"): Promise<OutboxRow> {
  return queue({ entity: "conflict", op: "resolve", id: conflictId, data: { keep } });
}

/** The fields of `next` that differ from `current` (what an edit sends). */
export function changedFields<T extends object>(current: object, next: T): Partial<T> {
  const before: Json = { ...current };
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => JSON.stringify(before[key] ?? null) !== JSON.stringify(value ?? null)),
  ) as Partial<T>;
}
