/**
 * Sign-in through allauth's headless browser API (session cookie + CSRF header).
 * The signed-in user is remembered on the device so the app opens offline; sign-out and a
 * different patient signing in wipe the device's copy — but never changes the device has not
 * sent, unless the patient was told how many and agreed (`discardUnsent`).
 */
import { plural, t } from "@lingui/core/macro";
import { signal } from "@preact/signals";
import { db, getMeta, setMeta, wipeDevice } from "./db";
import { errorText, request } from "./http";
import { followServerLanguage } from "./languageChoice";

const BASE = "/_allauth/browser/v1";

export interface User {
  id: string | number;
  email?: string;
  display?: string;
}

export type AuthState = "unknown" | "signed-out" | "verify-email" | "signed-in";

export const authState = signal<AuthState>("unknown");
export const currentUser = signal<User | null>(null);

interface AllauthBody {
  status?: number;
  data?: { user?: User; flows?: { id: string; is_pending?: boolean }[]; request_options?: unknown };
  meta?: { is_authenticated?: boolean };
  errors?: unknown[];
}

/** Unsent changes would be lost (by signing out, or by another account signing in here). */
export class UnsentChangesError extends Error {
  constructor(
    readonly count: number,
    /** Whose they are, when someone else is signing in. */
    readonly owner?: User,
  ) {
    super(plural(count, { one: "# change has not been sent yet.", other: "# changes have not been sent yet." }));
  }
}

export interface Consent {
  /** The patient was told how many unsent changes would be lost, and agreed. */
  discardUnsent?: boolean;
}

async function adopt(user: User, consent: Consent = {}): Promise<void> {
  const known = await getMeta<User | null>("user", null);
  if (known && String(known.id) !== String(user.id)) {
    // Another account: this device's copy is the other patient's. Their unsent changes can
    // only be sent by them, so without consent the new session is ended and nothing changes.
    const unsent = await db.outbox.count();
    if (unsent > 0 && !consent.discardUnsent) {
      await request("DELETE", `${BASE}/auth/session`).catch(() => undefined);
      if (authState.value === "verify-email") authState.value = "signed-out";
      throw new UnsentChangesError(unsent, known);
    }
    await wipeDevice();
  }
  await setMeta("user", user);
  currentUser.value = user;
  authState.value = "signed-in";
  // The patient's language follows them: the server's choice, or this device's sent to it.
  void followServerLanguage();
}

function outcome(body: AllauthBody, status: number, consent: Consent = {}): Promise<void> | void {
  if (status === 200 && body.data?.user) return adopt(body.data.user, consent);
  const pending = body.data?.flows?.find((f) => f.is_pending);
  if (status === 401 && pending?.id === "verify_email") {
    authState.value = "verify-email";
    return;
  }
  throw new Error(errorText(body) || (status === 401 ? t`Sign-in did not succeed.` : t`Error ${status}.`));
}

/** At start: the remembered user at once (offline-first), then the server's word if reachable. */
export async function restoreSession(): Promise<void> {
  const remembered = await getMeta<User | null>("user", null);
  if (remembered) {
    currentUser.value = remembered;
    authState.value = "signed-in";
  }
  try {
    const res = await request<AllauthBody>("GET", `${BASE}/auth/session`);
    const flows = res.body?.data?.flows ?? [];
    // (Another account's session with this patient's changes unsent: adopt ends it and throws;
    // this patient then carries on offline until they sign in again.)
    if (res.status === 200 && res.body.data?.user) await adopt(res.body.data.user);
    else if (res.status === 401 && flows.some((f) => f.id === "verify_email" && f.is_pending))
      authState.value = "verify-email";
    else if (res.status === 401) authState.value = "signed-out"; // data stays until sign-out or another patient
    else if (!remembered) authState.value = "signed-out"; // server trouble: let the patient try
  } catch {
    // offline (or an unreadable answer): the remembered patient carries on offline
    if (!remembered) authState.value = "signed-out";
  }
}

export async function signIn(email: string, password: string, consent: Consent = {}): Promise<void> {
  const res = await request<AllauthBody>("POST", `${BASE}/auth/login`, { email, password });
  await outcome(res.body, res.status, consent);
}

export async function signUp(email: string, password: string, consent: Consent = {}): Promise<void> {
  const res = await request<AllauthBody>("POST", `${BASE}/auth/signup`, { email, password });
  await outcome(res.body, res.status, consent);
}

export async function verifyEmail(code: string, consent: Consent = {}): Promise<void> {
  const res = await request<AllauthBody>("POST", `${BASE}/auth/email/verify`, { key: code.trim() });
  await outcome(res.body, res.status, consent);
}

export const passkeysSupported = (): boolean =>
  typeof window !== "undefined" && "PublicKeyCredential" in window && !!navigator.credentials;

type PKC = typeof PublicKeyCredential & {
  parseRequestOptionsFromJSON?: (json: unknown) => PublicKeyCredentialRequestOptions;
};

/** Passkey sign-in (allauth's webauthn/login): options from the server, assertion back. */
export async function signInWithPasskey(consent: Consent = {}): Promise<void> {
  const begin = await request<AllauthBody>("GET", `${BASE}/auth/webauthn/login`);
  const options = (begin.body.data?.request_options as { publicKey?: unknown } | undefined)?.publicKey;
  const parse = (window.PublicKeyCredential as PKC).parseRequestOptionsFromJSON;
  if (!options || !parse) throw new Error(t`Passkeys are not available in this browser.`);
  const credential = (await navigator.credentials.get({ publicKey: parse(options) })) as
    | (PublicKeyCredential & { toJSON(): unknown })
    | null;
  if (!credential) throw new Error(t`No passkey was chosen.`);
  const res = await request<AllauthBody>("POST", `${BASE}/auth/webauthn/login`, {
    credential: credential.toJSON(),
  });
  await outcome(res.body, res.status, consent);
}

/**
 * Ends the session and clears this device: IndexedDB, caches, the service worker.
 * Invariant: the outbox is deleted only with `discardUnsent` (the patient was told how many
 * changes would be lost and said "Sign out anyway"); otherwise, while it holds anything,
 * this throws UnsentChangesError and changes nothing.
 */
export async function signOut(consent: Consent = {}): Promise<void> {
  if (!consent.discardUnsent) {
    const unsent = await db.outbox.count();
    if (unsent > 0) throw new UnsentChangesError(unsent);
  }
  try {
    await (await import("./webpush")).disableOnThisDevice(); // no reminders for the next person here
  } catch {
    /* offline: unregistering the service worker below drops the browser's subscription */
  }
  try {
    await request("DELETE", `${BASE}/auth/session`);
  } catch {
    /* offline: the device is cleared all the same; the session cookie expires */
  }
  db.close();
  await db.delete();
  if (typeof caches !== "undefined") {
    for (const key of await caches.keys()) await caches.delete(key);
  }
  const registrations = (await navigator.serviceWorker?.getRegistrations?.()) ?? [];
  for (const registration of registrations) await registration.unregister();
  currentUser.value = null;
  authState.value = "signed-out";
  location.replace("/");
}
