/**
 * The catalogue (codes, labels, severities, red flags and their advice, MME factors), fetched
 * when online and kept in IndexedDB for offline use. Everything the app shows about a code
 * comes from here, never from a copy of the server's lists. Its labels and advice are in the
 * language the app asked for (Accept-Language), so each language's copy is kept under its own
 * key ("catalog:es"): switching language never shows the other language's labels once online.
 */
import { signal } from "@preact/signals";
import type { Catalog, CatalogDrug, CatalogSideEffect } from "./api/types";
import { getMeta, setMeta } from "./db";
import { request } from "./http";
import { activeLanguage, LANGUAGES } from "./i18n";

export type { Catalog, CatalogDrug, CatalogSideEffect };
/** A unit of dose with the largest dose accepted in it. */
export type CatalogUnit = Catalog["units"][number];
/** One of the deployment's crisis lines (the server's CRISIS_LINES setting). */
export type CrisisLine = Catalog["crisis_lines"][number];
/** How long a patch may be worn (hours): min, max, and the default the server stores. */
export type WearHours = Catalog["wear_hours"];

export const catalog = signal<Catalog | null>(null);

/** Where a language's copy is kept on the device. */
export const catalogKey = (language: string): string => `catalog:${language}`;

/** The stored copy: the active language's, else (offline, just after a switch) another's, else an older app's. */
async function storedCatalog(): Promise<Catalog | null> {
  const language = activeLanguage();
  const others = Object.keys(LANGUAGES).filter((code) => code !== language);
  for (const key of [catalogKey(language), ...others.map(catalogKey), "catalog"]) {
    const stored = await getMeta<Catalog | null>(key, null);
    if (stored) return stored;
  }
  return null;
}

export async function loadCatalog(): Promise<void> {
  const language = activeLanguage();
  const stored = await storedCatalog();
  if (stored) catalog.value = stored;
  try {
    const res = await request<Catalog>("GET", "/api/v1/catalog/");
    if (res.status === 200) {
      catalog.value = res.body;
      await setMeta(catalogKey(language), res.body);
    }
  } catch {
    /* offline: the stored copy serves */
  }
}

export function labelOf(list: readonly { code: string; label: string }[] | undefined, code: unknown): string {
  return list?.find((item) => item.code === code)?.label ?? String(code ?? "");
}

/** The options of a select: the catalogue's, or, before it has loaded, the current code alone. */
export function optionsOf(list: { code: string; label: string }[] | undefined, current: string) {
  return list ?? [{ code: current, label: current }];
}

/** A label as the first word of a sentence or an option ("mild" → "Mild"). */
export function capitalized(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * Morphine milligram equivalents of an intake by the catalogue's factor for its unit (display
 * only: the server derives the stored figure); 0 for a non-opioid, null for an unknown drug,
 * for an opioid without a factor (buprenorphine, other_opioid: "MME incomplete", never 0), or
 * for a catalogue cached by an older version of the app, which has no factors per unit.
 */
export function estimateMme(drug: CatalogDrug | undefined, dose: number, unit: string): number | null {
  if (!drug?.mme_per_unit || drug.mme_incomplete) return null;
  const factor = drug.mme_per_unit[unit];
  return factor === undefined ? 0 : Math.round(dose * factor * 10) / 10;
}

/** The side effect shows the urgent-help guidance. */
export function urgentHelp(effect: CatalogSideEffect | undefined): boolean {
  return !!effect?.urgent_help;
}

/** The side effect is a red flag at this severity (the catalogue's `red_flag_from`). */
export function isRedFlag(effect: CatalogSideEffect | undefined, severity: number): boolean {
  return effect?.red_flag_from != null && severity >= effect.red_flag_from;
}

/** A red flag just logged, with what the patient is told about it (the catalogue's advice). */
export interface LoggedRedFlag {
  code: string;
  label: string;
  advice: string;
  /** Self-harm: the crisis lines show with it. */
  urgent: boolean;
}

/**
 * Every red flag among an entry's side effects, each with its own advice (none left out, even
 * when two share the same words), those needing urgent help first, then in the catalogue's
 * order. Only the stored catalogue is read, so it works offline.
 */
export function redFlagsLogged(
  sideEffects: readonly { code: string; severity: number }[],
  effects: readonly CatalogSideEffect[] | undefined,
): LoggedRedFlag[] {
  const flags: LoggedRedFlag[] = [];
  for (const effect of effects ?? []) {
    const logged = sideEffects.find((s) => s.code === effect.code);
    if (!logged || !isRedFlag(effect, logged.severity)) continue;
    flags.push({ code: effect.code, label: effect.label, advice: effect.advice ?? "", urgent: urgentHelp(effect) });
  }
  return [...flags.filter((f) => f.urgent), ...flags.filter((f) => !f.urgent)];
}
