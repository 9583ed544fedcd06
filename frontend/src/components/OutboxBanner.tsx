/**
 * "2 entries not yet sent": shown on every signed-in screen while the outbox holds changes
 * (each record counted once, however many edits it waits with), linking to Sync; hidden while
 * a sync online is sending them. A polite live region: the count is announced when it
 * changes, and when it clears.
 */
import { plural, t } from "@lingui/core/macro";
import { db, type OutboxRow } from "../db";
import { useLive } from "../live";
import { online, syncing } from "../sync/state";
import { CloudOff, CloudUpload } from "lucide";
import { Icon } from "./Icon";

/** The banner's words for the outbox's rows, or "" when it is empty. */
export function unsentText(rows: readonly Pick<OutboxRow, "entity" | "id">[]): string {
  const entries = new Set<string>();
  const others = new Set<string>();
  for (const row of rows) (row.entity === "entry" ? entries : others).add(`${row.entity}:${row.id}`);
  const entryCount = entries.size;
  const otherCount = others.size;
  if (entryCount && otherCount) {
    const entryWords = plural(entryCount, { one: "# entry", other: "# entries" });
    const otherWords = plural(otherCount, { one: "# other change", other: "# other changes" });
    return t`${entryWords} and ${otherWords} not yet sent`;
  }
  if (entryCount) return plural(entryCount, { one: "# entry not yet sent", other: "# entries not yet sent" });
  if (otherCount) return plural(otherCount, { one: "# change not yet sent", other: "# changes not yet sent" });
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
            {online.value ? "" : " " + t`(offline)`}.
          </span>
          <a href="#/sync">{t`Go to Sync`}</a>
        </p>
      )}
    </div>
  );
}
