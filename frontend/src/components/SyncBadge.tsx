/** The sync state in the header: one of four words, a link to the Sync screen. */
import { online, syncLabel } from "../sync/state";

const CLASS: Record<string, string> = {
  "Saved on this device": "badge badge-local",
  Syncing: "badge badge-syncing",
  Synced: "badge badge-synced",
  "Needs attention": "badge badge-attention",
};

export function SyncBadge() {
  const label = syncLabel.value;
  return (
    <div class="sync-badge-wrap" role="status">
      <a id="sync-state" class={CLASS[label]} href="#/sync">
        <span class="visually-hidden">Sync status: </span>
        <span id="sync-label">{label}</span>
      </a>
      {!online.value && <span class="offline-note">Offline</span>}
    </div>
  );
}
