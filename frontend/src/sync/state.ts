/** What the patient sees of sync: one of four labels, and the facts behind it. */
import { computed, signal } from "@preact/signals";

export type SyncLabel = "Saved on this device" | "Syncing" | "Synced" | "Needs attention";

export const pendingCount = signal(0); // outbox rows
export const attentionCount = signal(0); // conflicts + rejections
export const syncing = signal(false);
export const upToDate = signal(false); // the last cycle emptied the outbox and finished its pull
export const authExpired = signal(false); // the server refused this session (401, or 403 for a non-patient)
export const authStatus = signal(0); // 401 or 403 while authExpired
export const lastError = signal<string | null>(null); // why the last cycle failed, in words (no status codes)
export const retryAt = signal<number | null>(null); // when the next attempt after a failure is due (epoch ms)
export const refused = signal(false); // the server refused the last request itself (a 4xx other than 401/403/408/429)
export const lastSyncedAt = signal<Date | null>(null);
export const online = signal(typeof navigator === "undefined" || navigator.onLine !== false);

export function syncLabelOf(s: {
  pending: number;
  attention: number;
  syncing: boolean;
  upToDate: boolean;
  authExpired: boolean;
  refused?: boolean;
}): SyncLabel {
  if (s.attention > 0 || s.authExpired || s.refused) return "Needs attention";
  if (s.syncing) return "Syncing";
  if (s.pending === 0 && s.upToDate) return "Synced";
  return "Saved on this device";
}

export const syncLabel = computed<SyncLabel>(() =>
  syncLabelOf({
    pending: pendingCount.value,
    attention: attentionCount.value,
    syncing: syncing.value,
    upToDate: upToDate.value,
    authExpired: authExpired.value,
    refused: refused.value,
  }),
);
