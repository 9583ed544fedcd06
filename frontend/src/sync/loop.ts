/**
 * The sync loop: push the outbox, then pull, on start, on `online`, when the app becomes
 * visible, every 60 s, and on demand (after each save). One cycle at a time, across tabs
 * too (Web Locks); failures back off exponentially (2 s … 5 min).
 */
import { liveQuery, type Subscription } from "dexie";
import { db } from "../db";
import { isOnline, OfflineError } from "../http";
import { pullAll } from "./pull";
import { AuthError, pushOutbox } from "./push";
import {
  attentionCount,
  authExpired,
  authStatus,
  lastError,
  lastSyncedAt,
  online,
  pendingCount,
  syncing,
  upToDate,
} from "./state";

export const INTERVAL_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

let inFlight: Promise<void> | null = null;
let again = false;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let intervalTimer: ReturnType<typeof setInterval> | undefined;
const subscriptions: Subscription[] = [];

export function backoffMs(failureCount: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(1, failureCount));
}

/** Runs a cycle now, or once more after the running one. Resolves when done. */
export function requestSync(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
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

async function cycle(): Promise<void> {
  online.value = isOnline();
  if (!online.value) return;
  clearTimeout(retryTimer);
  syncing.value = true;
  try {
    await pushOutbox();
    await pullAll();
    const left = await db.outbox.count();
    upToDate.value = left === 0;
    if (left > 0) again = true;
    failures = 0;
    lastError.value = null;
    authExpired.value = false;
    lastSyncedAt.value = new Date();
  } catch (error) {
    upToDate.value = false;
    if (error instanceof AuthError) {
      authExpired.value = true;
      authStatus.value = error.status;
      lastError.value = error.message;
      return; // no retries until the patient signs in again
    }
    if (error instanceof OfflineError) online.value = isOnline();
    failures += 1;
    lastError.value = error instanceof Error ? error.message : String(error);
    retryTimer = setTimeout(() => void requestSync(), backoffMs(failures));
  } finally {
    syncing.value = false;
  }
}

function onOnline(): void {
  online.value = true;
  failures = 0;
  void requestSync();
}

function onOffline(): void {
  online.value = false;
}

function onVisible(): void {
  if (document.visibilityState === "visible") void requestSync();
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
  void requestSync();
}

export function stopSyncLoop(): void {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  if (typeof window !== "undefined") {
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", onOffline);
    document.removeEventListener("visibilitychange", onVisible);
  }
  clearInterval(intervalTimer);
  clearTimeout(retryTimer);
}
