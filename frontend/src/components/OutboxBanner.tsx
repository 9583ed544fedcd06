/**
 * "2 entries not yet sent": shown on every signed-in screen while the outbox holds changes
 * (each record counted once, however many edits it waits with), linking to Sync; hidden while
 * a sync online is sending them. A polite live region: the count is announced when it
 * changes, and when it clears.
 */
import { db, type OutboxRow } from "../db";
import { useLive } from "../live";
import { online, syncing } from "../sync/state";
import { CloudOff, CloudUpload } from "lucide";
import { Icon } from "./Icon";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The banner's words for the outbox's rows, or "" when it is empty. */
export function unsentText(rows: readonly Pick<OutboxRow, "entity" | "id">[]): string {
  const entries = new Set<string>();
  const others = new Set<string>();
  for (const row of rows) (row.entity === "entry" ? entries : others).add(`${row.entity}:${row.id}`);
  if (entries.size && others.size)
    return `${plural(entries.size, "entry", "entries")} and ${plural(others.size, "other change", "other changes")} not yet sent`;
  if (entries.size) return `${plural(entries.size, "entry", "entries")} not yet sent`;
  if (others.size) return `${plural(others.size, "change", "changes")} not yet sent`;
  return "";
}

export function OutboxBanner() {
  const rows = useLive(() => db.outbox.toArray(), [], [] as OutboxRow[]);
  // Not while a sync online is sending them (a save online would flash it for a moment).
  const text = online.value && syncing.value ? "" : unsentText(rows);
  return (
    <div class="outbox-banner-slot" role="status" aria-live="polite">
      {text && (
        <p class="banner" id="outbox-banner">
          <Icon icon={online.value ? CloudUpload : CloudOff} />
          <span>
            {text}
            {online.value ? "" : " (offline)"}.
          </span>
          <a href="#/sync">Go to Sync</a>
        </p>
      )}
    </div>
  );
}
