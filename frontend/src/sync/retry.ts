/**
 * When a failed sync is tried again, and what the patient is told meanwhile.
 *
 * Invariants: no failure ever drops, reorders or rewrites a queued mutation (the outbox is
 * only emptied by the server's results); every failure but a refused session schedules
 * another attempt, never sooner than BASE_MS and never later than MAX_MS.
 */
import { t } from "@lingui/core/macro";
import { formatNumber } from "../i18n";
import { HttpError, OfflineError } from "../http";
import { AuthError } from "./errors";

export const BASE_MS = 1000;
export const MAX_MS = 5 * 60_000;
/** A refused batch will not mend itself in seconds (it needs a server or app fix). */
export const REFUSED_MIN_MS = 60_000;

/**
 * - `retry`: the server could not be reached or could not answer (network error, 5xx, 408,
 *   429): try again after the backoff.
 * - `auth`: the session ended or the account cannot sync (401, 403): wait for a sign-in.
 * - `refused`: the server refused the request itself (any other 4xx, e.g. a 400 on the
 *   envelope): keep everything, show it as needing attention, try again slowly.
 */
export type FailureKind = "retry" | "auth" | "refused";

export function classifyStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "refused";
}

export interface Failure {
  kind: FailureKind;
  /** What the patient reads, without the "retrying in …" part. */
  reason: string;
  /** The server's Retry-After, in ms, when it sent one. */
  retryAfterMs?: number;
  /** The HTTP status, when there was an answer. */
  status?: number;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof AuthError) return { kind: "auth", reason: error.message, status: error.status };
  if (error instanceof OfflineError) return { kind: "retry", reason: t`Couldn't reach the server` };
  if (error instanceof HttpError) {
    const kind = classifyStatus(error.status);
    if (kind === "retry") {
      const reason = error.status === 429 ? t`The server is busy` : t`Couldn't reach the server`;
      return { kind, reason, retryAfterMs: error.retryAfterMs, status: error.status };
    }
    if (kind === "refused") {
      const status = error.status;
      const why = error.detail || t`it answered ${status}`;
      return { kind, reason: t`The server refused to sync (${why})`, status: error.status };
    }
    return { kind, reason: error.message, status: error.status };
  }
  // Anything else (a bug, an unreadable answer): keep the outbox and try again.
  return { kind: "retry", reason: t`Sync did not finish` };
}

/**
 * The wait before the next attempt after `failures` failures in a row (1, 2, …): BASE_MS
 * doubling up to MAX_MS, with "equal jitter" (a random point in the upper half), so phones
 * that failed together do not all come back at the same moment. A Retry-After from the
 * server is honoured up to MAX_MS; a refusal waits at least REFUSED_MIN_MS.
 */
export function backoffDelay(
  failures: number,
  opts: { retryAfterMs?: number; refused?: boolean; random?: () => number } = {},
): number {
  const step = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(30, Math.max(0, failures - 1)));
  const random = opts.random ?? Math.random;
  let delay = step / 2 + (step / 2) * random();
  if (opts.retryAfterMs !== undefined) delay = Math.max(delay, opts.retryAfterMs);
  if (opts.refused) delay = Math.max(delay, REFUSED_MIN_MS);
  return Math.round(Math.min(MAX_MS, Math.max(BASE_MS / 2, delay)));
}

/** "30 s", "2 min": how long until the next attempt, rounded up. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) {
    const secs = formatNumber(seconds);
    return t({ comment: "A wait in seconds", message: `${secs} s` });
  }
  const minutes = formatNumber(Math.ceil(seconds / 60));
  return t({ comment: "A wait in minutes", message: `${minutes} min` });
}

/** The sentence the header and the Sync screen show while a retry is scheduled. */
export function retryText(reason: string, msLeft: number): string {
  if (msLeft <= 0) return t`${reason} — retrying now`;
  const wait = formatWait(msLeft);
  return t`${reason} — retrying in ${wait}`;
}
