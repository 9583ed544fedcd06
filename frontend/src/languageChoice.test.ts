import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db, getMeta } from "./db";
import { chosenLanguage, rememberLanguage } from "./i18n";
import { chooseLanguage, followServerLanguage, languagePending, reload, sendPendingLanguage } from "./languageChoice";

/** A server with me/'s `language` (S1's field): what it holds, and every request it got. */
function server(language: string | null | undefined, opts: { offline?: boolean } = {}) {
  const state = { language, calls: [] as string[], offline: !!opts.offline };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      if (state.offline) throw new TypeError("Failed to fetch");
      const method = init?.method ?? "GET";
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      state.calls.push(`${method} ${url}${body ? " " + JSON.stringify(body) : ""}`);
      if (method === "PATCH" && body && "language" in body) state.language = body.language;
      const me = state.language === undefined ? { id: "u1" } : { id: "u1", language: state.language };
      return new Response(JSON.stringify(me), { status: 200 });
    }),
  );
  return state;
}

beforeEach(async () => {
  const store = new Map<string, string>();
  vi.stubGlobal("localStorage", {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  vi.stubGlobal("document", { cookie: "csrftoken=t" });
  vi.stubGlobal("navigator", { languages: ["en-GB", "en"], language: "en-GB" });
  reload.app = vi.fn();
  await db.delete();
  await db.open();
});

afterEach(() => vi.unstubAllGlobals());

describe("the language chosen on the Sync screen", () => {
  it("is remembered, sent to me/ and the app reloads in it", async () => {
    const s = server(null);
    await chooseLanguage("es", true);
    expect(chosenLanguage()).toBe("es");
    expect(s.calls).toContain('PATCH /api/v1/me/ {"language":"es"}');
    expect(await languagePending()).toBe(false);
    expect(reload.app).toHaveBeenCalledOnce();
  });

  it("chosen offline, stays pending and is sent after the next successful sync", async () => {
    const s = server(null, { offline: true });
    await chooseLanguage("es", true);
    expect(chosenLanguage()).toBe("es");
    expect(await languagePending()).toBe(true);
    expect(reload.app).toHaveBeenCalledOnce(); // the app redraws in Spanish offline too

    s.offline = false;
    await sendPendingLanguage();
    expect(s.language).toBe("es");
    expect(await languagePending()).toBe(false);
  });

  it("back to the browser's language sends null", async () => {
    rememberLanguage("es");
    const s = server("es");
    await chooseLanguage(null, true);
    expect(chosenLanguage()).toBeNull();
    expect(s.language).toBeNull();
  });
});

describe("signing in or starting with a session", () => {
  it("adopts the server's language when this device has none, and reloads in it", async () => {
    server("es");
    expect(await followServerLanguage()).toBe("es");
    expect(chosenLanguage()).toBe("es");
    expect(reload.app).toHaveBeenCalledOnce(); // the unit tests run in English
  });

  it("adopts the server's language over another one chosen on this device", async () => {
    rememberLanguage("en");
    server("es");
    expect(await followServerLanguage()).toBe("es");
    expect(chosenLanguage()).toBe("es");
    expect(reload.app).toHaveBeenCalledOnce();
  });

  it("does not reload when the server's language is the one this browser already shows", async () => {
    vi.stubGlobal("navigator", { languages: ["es-MX"], language: "es-MX" });
    server("es");
    expect(await followServerLanguage()).toBe("es");
    expect(chosenLanguage()).toBe("es");
    expect(reload.app).not.toHaveBeenCalled();
  });

  it("sends this device's choice when the server has none", async () => {
    rememberLanguage("es");
    const s = server(null);
    expect(await followServerLanguage()).toBeNull();
    expect(s.language).toBe("es");
    expect(reload.app).not.toHaveBeenCalled();
  });

  it("sends a choice still pending instead of adopting the server's older one", async () => {
    const s = server("en", { offline: true });
    await chooseLanguage("es", true);
    s.offline = false;
    await followServerLanguage();
    expect(s.language).toBe("es");
    expect(chosenLanguage()).toBe("es");
    expect(await getMeta("language_pending", null)).toBe(false);
  });

  it("changes nothing against a server whose me/ has no language field", async () => {
    rememberLanguage("es");
    const s = server(undefined);
    expect(await followServerLanguage()).toBeNull();
    expect(chosenLanguage()).toBe("es");
    expect(s.calls).toEqual(["GET /api/v1/me/"]);
  });

  it("changes nothing offline", async () => {
    server("es", { offline: true });
    expect(await followServerLanguage()).toBeNull();
    expect(chosenLanguage()).toBeNull();
  });
});
