/** The sync state in the header: one of four words, a link to the Sync screen. */
import { msg, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import { i18n } from "../i18n";
import { online, syncLabel, type SyncLabel } from "../sync/state";

// The state's words, translated when drawn (module-level messages are `msg`, read with i18n._).
const LABEL: Record<SyncLabel, MessageDescriptor> = {
  "Saved on this device": msg`Saved on this device`,
  Syncing: msg`Syncing`,
  Synced: msg`Synced`,
  "Needs attention": msg`Needs attention`,
};

/** The state's words in the app's language (the Sync screen shows them too). */
export function syncLabelText(label: SyncLabel): string {
  return i18n._(LABEL[label]);
}

const CLASS: Record<SyncLabel, string> = {
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
        <span class="visually-hidden">{t`Sync status:`} </span>
        <span id="sync-label">{syncLabelText(label)}</span>
      </a>
      {!online.value && <span class="offline-note">{t`Offline`}</span>}
    </div>
  );
}
