/**
 * The sync loop: push the outbox, then pull, on start, on `online`, when the app becomes
 * visible, every 60 s, and on demand (after each save, "Sync now"). One cycle at a time,
 * across tabs too (Web Locks).
 *
 * A failed cycle leaves the outbox exactly as it was and schedules the next attempt after
 * an exponential backoff with jitter (`retry.ts`: 1 s doubling to 5 min, reset by a
 * success). While that attempt is scheduled, saves and the 60 s tick do not send early;
 * coming back online, opening the app and "Sync now" try at once.
 */
import { liveQuery, type Subscription } from "dexie";
import { db } from "../db";
import { isOnline, OfflineError } from "../http";
import { sendPendingLanguage } from "../languageChoice";
import { pullAll } from "./pull";
import { pushOutbox } from "./push";
import { backoffDelay, describeFailure } from "./retry";
import {
  attentionCount,
  authExpired,
  authStatus,
  lastError,
  lastSyncedAt,
  online,
  pendingCount,
  refused,
  retryAt,
  syncing,
  upToDate,
} from "./state";

export const INTERVAL_MS = 60_000;

let inFlight: Promise<void> | null = null;
let again = false;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let intervalTimer: ReturnType<typeof setInterval> | undefined;
const subscriptions: Subscription[] = [];

function backingOff(): boolean {
  return retryAt.value !== null && retryAt.value > Date.now();
}

/**
 * Runs a cycle now, or once more after the running one; resolves when done. While a retry
 * after a failure is scheduled, only `force` (the patient asked, or the network came back)
 * runs it early; otherwise the scheduled attempt will send what is queued.
 */
export function requestSync(opts: { force?: boolean } = {}): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  if (!opts.force && backingOff()) return Promise.resolve();
  syncing.value = isOnline();
  inFlight = (async () => {
    do {
      again = false;
      await withLock(cycle);
    } while (again);
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function withLock(fn: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (locks) await locks.request("paindiary-sync", fn);
  else await fn();
}

function scheduleRetry(delay: number): void {
  clearTimeout(retryTimer);
  retryAt.value = Date.now() + delay;
  retryTimer = setTimeout(() => void requestSync({ force: true }), delay);
}

function cancelRetry(): void {
  clearTimeout(retryTimer);
  retryAt.value = null;
}

async function cycle(): Promise<void> {
  online.value = isOnline();
  cancelRetry();
  if (!online.value) return; // the `online` event starts the next cycle
  syncing.value = true;
  try {
    await pushOutbox();
    await pullAll();
    const left = await db.outbox.count();
    upToDate.value = left === 0;
    if (left > 0) again = true;
    failures = 0;
    lastError.value = null;
    refused.value = false;
    authExpired.value = false;
    lastSyncedAt.value = new Date();
    void sendPendingLanguage(); // a language chosen offline (decision 111)
  } catch (error) {
    upToDate.value = false;
    again = false; // the scheduled retry sends whatever was queued meanwhile
    const failure = describeFailure(error);
    lastError.value = failure.reason;
    if (failure.kind === "auth") {
      authExpired.value = true;
      authStatus.value = failure.status ?? 401;
      return; // no retries until the patient signs in again
    }
    if (error instanceof OfflineError) online.value = isOnline();
    failures += 1;
    refused.value = failure.kind === "refused";
    if (online.value)
      scheduleRetry(
        backoffDelay(failures, { retryAfterMs: failure.retryAfterMs, refused: failure.kind === "refused" }),
      );
  } finally {
    syncing.value = false;
  }
}

function onOnline(): void {
  online.value = true;
  failures = 0;
  void requestSync({ force: true });
}

function onOffline(): void {
  online.value = false;
  cancelRetry(); // the `online` event retries
}

function onVisible(): void {
  if (document.visibilityState === "visible") void requestSync({ force: true });
}

export function startSyncLoop(): void {
  stopSyncLoop();
  subscriptions.push(
    liveQuery(() => db.outbox.count()).subscribe({ next: (n) => (pendingCount.value = n) }),
    liveQuery(async () => (await db.conflicts.count()) + (await db.rejections.count())).subscribe({
      next: (n) => (attentionCount.value = n),
    }),
  );
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  document.addEventListener("visibilitychange", onVisible);
  intervalTimer = setInterval(() => void requestSync(), INTERVAL_MS);
  void requestSync({ force: true });
}

export function stopSyncLoop(): void {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  if (typeof window !== "undefined") {
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", onOffline);
    document.removeEventListener("visibilitychange", onVisible);
  }
  clearInterval(intervalTimer);
  cancelRetry();
}
