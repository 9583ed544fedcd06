/** The visible record = the server copy (shadow) + this device's pending mutations, in mid order. */
import type { Json, OutboxRow, ShadowRow } from "../db";

export type Overlaid = Json & { id: string; version: number | null; _pending: 0 | 1 };

export function overlay(id: string, shadow: ShadowRow | undefined, pending: OutboxRow[]): Overlaid | null {
  let data: Json | null = shadow && !shadow.deleted ? { ...(shadow.data ?? {}) } : null;
  const ordered = [...pending].sort((a, b) => a.mid - b.mid);
  for (const m of ordered) {
    if (m.op === "delete") data = null;
    else if (m.op === "upsert") data = { ...(data ?? shadow?.data ?? {}), ...(m.data ?? {}) };
  }
  if (data === null) return null;
  return { ...data, id, version: shadow?.version ?? null, _pending: ordered.length ? 1 : 0 };
}
