/** Same-origin JSON requests with the session cookie and Django's CSRF header. */
import { t } from "@lingui/core/macro";
import { activeLanguage } from "./i18n";

export class OfflineError extends Error {
  constructor() {
    super(t`No connection to the server.`);
  }
}

export class HttpError extends Error {
  /** The server's own words about the error ("" when it gave none, e.g. an HTML 500 page). */
  readonly detail: string;

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterMs?: number,
  ) {
    super(errorText(body) || t`The server answered ${status}.`);
    this.detail = errorText(body);
  }
}

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  /** From a `Retry-After` header (429, 503), when there is one. */
  retryAfterMs?: number;
}

/** `Retry-After` as ms from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function csrfToken(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1] ?? "") : undefined;
}

/** GET / sets the `csrftoken` cookie; the app shell may have come from the service worker. */
export async function ensureCsrf(): Promise<void> {
  if (typeof document === "undefined" || csrfToken()) return;
  try {
    await fetch("/", { credentials: "same-origin", headers: { Accept: "text/html" } });
  } catch {
    /* offline: the request that needs it will say so */
  }
}

export async function request<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  // The API answers in the app's language: errors, catalogue labels and advice (decision 94).
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": activeLanguage() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && method !== "HEAD") {
    await ensureCsrf();
    const token = csrfToken();
    if (token) headers["X-CSRFToken"] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new OfflineError();
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
  return { status: response.status, body: parsed as T, retryAfterMs };
}

/** The first human-readable message of an error body (drf-standardized-errors or allauth). */
export function errorText(body: unknown): string {
  if (!body || typeof body !== "object") return "";
  type Item = { detail?: string; message?: string; attr?: string | null; param?: string };
  const errors = (body as { errors?: Item[] }).errors;
  if (Array.isArray(errors) && errors.length) {
    return errors
      .map((e) => {
        const field = e.attr ?? e.param;
        return (field && field !== "non_field_errors" ? `${field}: ` : "") + (e.detail ?? e.message ?? "");
      })
      .join(" ");
  }
  return "";
}

export function isOnline(): boolean {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}
