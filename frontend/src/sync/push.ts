/** Pushing the outbox: batches from the lowest mid, replay-safe, halving on 413. */
import type { MidGap, Mutation, PushBatch, PushResponse } from "../api/types";
import { db, setMeta, type OutboxRow } from "../db";
import { HttpError, request } from "../http";
import { applyResults } from "./apply";
import { AuthError } from "./errors";
import { clientId } from "./outbox";

export const MAX_BATCH = 500;

export { AuthError }; // its home is errors.ts (kept small for the app frame)

export function toMutation(row: OutboxRow): Mutation {
  const m: Mutation = {
    mid: row.mid,
    entity: row.entity,
    op: row.op,
    id: row.id,
    base_version: row.base_version,
  };
  if (row.data !== undefined) m.data = row.data;
  return m;
}

/**
 * Sends the outbox until it is empty. A lost response is harmless: the rows stay queued,
 * are sent again with the same mids, and the server answers a replay with its first result.
 */
export async function pushOutbox(): Promise<void> {
  let size = MAX_BATCH;
  let from = 0; // after a 409: send from the server's expected_mid
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const rows = await db.outbox.where("mid").aboveOrEqual(from).limit(size).toArray();
    if (!rows.length) {
      if (from === 0) return;
      from = 0; // then the rows below it, as replays
      continue;
    }
    const batch: PushBatch = { client_id: await clientId(), mutations: rows.map(toMutation) };
    const res = await request<PushResponse & Partial<Pick<MidGap, "expected_mid">>>("POST", "/api/v1/sync/push", batch);
    if (res.status === 200) {
      await applyResults(rows, res.body.results);
      if (from !== 0 && rows.length < size) from = 0;
      continue;
    }
    if (res.status === 413) {
      if (rows.length === 1) throw new HttpError(413, res.body);
      size = Math.max(1, Math.floor(rows.length / 2));
      continue;
    }
    if (res.status === 409 && typeof res.body?.expected_mid === "number") {
      const expected = res.body.expected_mid;
      if (await db.outbox.get(expected)) from = expected;
      else await startNewSequence();
      continue;
    }
    if (res.status === 401 || res.status === 403) throw new AuthError(res.status);
    throw new HttpError(res.status, res.body, res.retryAfterMs);
  }
}

/**
 * The server expects a mid this device no longer has (its sync state was restored from a
 * backup): the gap can never be filled, so the pending mutations continue under a new
 * client_id, numbered from 1 in their original order.
 */
export async function startNewSequence(): Promise<void> {
  await db.transaction("rw", [db.outbox, db.meta], async () => {
    const rows = await db.outbox.orderBy("mid").toArray();
    await db.outbox.clear();
    let mid = 1;
    for (const row of rows) await db.outbox.add({ ...row, mid: mid++ });
    await setMeta("client_id", crypto.randomUUID());
    await setMeta("next_mid", mid);
  });
}
