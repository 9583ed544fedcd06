/**
 * The patient's choice of language, on this device and on the server (me/ `language`), so it
 * follows them across devices and reaches what they read away from the screen (reminders,
 * emails). Decisions 110–112.
 *
 * - Choosing (Sync screen): remembered on the device at once (src/i18n.ts), then sent; while it
 *   has not reached the server a pending flag stays in the device's diary (meta
 *   "language_pending") and the choice is sent at the next successful sync or app start.
 * - Signing in, or opening the app with a session: a pending choice is sent (this device's is the
 *   newest); otherwise a language the server holds is adopted when this device has none or
 *   another, and a choice the server lacks (null) is sent.
 * - After any change of the language shown, the app reloads: every screen, the server's
 *   catalogue (kept per language, src/catalog.ts) and dates redraw in the new language.
 */
import { getMeta, setMeta } from "./db";
import { request } from "./http";
import { appLanguage, chosenLanguage, isLanguage, rememberLanguage, type Language } from "./i18n";

const PENDING = "language_pending";
const ME = "/api/v1/me/";

/** me/'s `language`: a code, or null while the patient has not chosen (typed here until schema.gen.ts has it). */
interface MeLanguage {
  language?: string | null;
}

/** Reloads into the language now chosen (a seam for tests). */
export const reload = { app: (): void => location.reload() };

/** Sends this device's choice (null: the browser's); true once the server has it. */
export async function sendLanguage(): Promise<boolean> {
  const body: MeLanguage = { language: chosenLanguage() };
  try {
    const res = await request("PATCH", ME, body);
    if (res.status !== 200) return false;
  } catch {
    return false; // offline: stays pending
  }
  await setMeta(PENDING, false);
  return true;
}

/** A choice made here that has not reached the server yet. */
export function languagePending(): Promise<boolean> {
  return getMeta<boolean>(PENDING, false);
}

/** After a successful sync: sends a choice still pending. */
export async function sendPendingLanguage(): Promise<void> {
  if (await languagePending()) await sendLanguage();
}

/**
 * The patient chose a language on the Sync screen (null: the browser's). Remembered here,
 * sent when signed in (kept pending when it cannot be), then the app reloads in it.
 */
export async function chooseLanguage(language: Language | null, signedIn: boolean): Promise<void> {
  rememberLanguage(language);
  if (signedIn) {
    await setMeta(PENDING, true);
    await sendLanguage();
  }
  reload.app();
}

/**
 * Signed in (or the session confirmed at start): agree with the server on the language.
 * Returns the language adopted from the server, if one was.
 */
export async function followServerLanguage(): Promise<Language | null> {
  if (await languagePending()) {
    await sendLanguage();
    return null;
  }
  let me: MeLanguage;
  try {
    const res = await request<MeLanguage>("GET", ME);
    if (res.status !== 200 || !res.body || typeof res.body !== "object") return null;
    me = res.body;
  } catch {
    return null; // offline: the device's choice serves
  }
  if (!("language" in me)) return null; // a server without the field says nothing either way
  const server = me.language;
  const device = chosenLanguage();
  if (isLanguage(server)) {
    if (server === device) return null;
    // What this page shows (or is about to: the catalogue may still be loading at start).
    const shown = appLanguage();
    rememberLanguage(server);
    // Reload only when it took (storage may be unavailable) and the screen is in another language.
    if (chosenLanguage() === server && server !== shown) reload.app();
    return server;
  }
  if (server === null && device) {
    await setMeta(PENDING, true);
    await sendLanguage();
  }
  return null;
}
