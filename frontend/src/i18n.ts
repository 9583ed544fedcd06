/**
 * The app's language: which one, its catalogue (loaded lazily, one chunk per language), and
 * dates and numbers through `Intl` in that language (docs/translating.md, decision 94).
 *
 * Messages are written with Lingui's macros from "@lingui/core/macro": `t` inside components
 * and functions, `msg` for messages defined at module level (read later with `i18n._(…)`),
 * `plural` for counts. A macro at module level runs before the catalogue is loaded: use `msg`.
 */
import { i18n, type Messages } from "@lingui/core";

export { i18n };

/** The languages the app speaks, by their own name (the switch shows them so). */
export const LANGUAGES = { en: "English", es: "Español" } as const;
export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = "paindiary.language";

const CATALOGUES: Record<Language, () => Promise<{ messages: Messages }>> = {
  en: () => import("./locales/en/messages.po"),
  es: () => import("./locales/es/messages.po"),
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && Object.hasOwn(LANGUAGES, value);
}

/** The language the browser asks for first among ours, else English. */
export function browserLanguage(preferred: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

/** The language the patient chose on this device (null: none yet, the browser's is used). */
export function chosenLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language: Language | null): void {
  try {
    if (language) localStorage.setItem(STORAGE_KEY, language);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** The language the app shows now: the patient's choice, else the browser's. */
export function appLanguage(): Language {
  return chosenLanguage() ?? browserLanguage();
}

/** The language currently active (after startI18n), e.g. for the Accept-Language header. */
export function activeLanguage(): Language {
  return isLanguage(i18n.locale) ? i18n.locale : "en";
}

/**
 * The locale for `Intl`: the browser's own variant of the active language when it has one
 * ("es-MX" keeps Mexican formats), else the language itself.
 */
export function intlLocale(): string {
  const language = activeLanguage();
  const preferred = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  return preferred.find((tag) => tag.toLowerCase().split("-")[0] === language) ?? language;
}

/** Loads the language's catalogue and makes it the active one (the document's `lang` too). */
export async function activateLanguage(language: Language): Promise<void> {
  const { messages } = await CATALOGUES[language]();
  i18n.loadAndActivate({ locale: language, messages });
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

export function startI18n(): Promise<void> {
  return activateLanguage(appLanguage());
}

/** A number in the active locale ("1,5" in Spanish). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocale(), options).format(value);
}

/** A date or date-time in the active locale. */
export function formatDateTime(value: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(intlLocale(), options).format(value);
}
