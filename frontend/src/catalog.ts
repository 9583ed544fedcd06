/** The catalogue (codes and labels), fetched when online and kept in IndexedDB for offline use. */
import { signal } from "@preact/signals";
import { getMeta, setMeta } from "./db";
import { request } from "./http";

export interface Labelled {
  code: string;
  label: string;
}
export interface SideEffectInfo extends Labelled {
  red_flag: boolean;
  red_flag_when: string;
  urgent_help: boolean;
}
export interface Drug extends Labelled {
  opioid: boolean;
  mme_factor: number | null;
  units: string[];
}
export interface Catalog {
  conditions: Labelled[];
  treatments: Labelled[];
  routes: Labelled[];
  phases: Labelled[];
  settings: Labelled[];
  side_effects: SideEffectInfo[];
  severities: { value: number; label: string }[];
  body_regions: Labelled[];
  drugs: Drug[];
  units: Labelled[];
  pgic: { value: number; label: string }[];
}

/** The code whose choice shows urgent-help guidance at once, catalogue or not. */
export const URGENT_HELP_CODE = "thoughts_of_self_harm";

export const catalog = signal<Catalog | null>(null);

export async function loadCatalog(): Promise<void> {
  const stored = await getMeta<Catalog | null>("catalog", null);
  if (stored) catalog.value = stored;
  try {
    const res = await request<Catalog>("GET", "/api/v1/catalog/");
    if (res.status === 200) {
      catalog.value = res.body;
      await setMeta("catalog", res.body);
    }
  } catch {
    /* offline: the stored copy serves */
  }
}

export function labelOf(list: Labelled[] | undefined, code: unknown): string {
  return list?.find((item) => item.code === code)?.label ?? String(code ?? "");
}

/** Morphine milligram equivalents of an intake, as the server derives them (display only). */
export function estimateMme(drug: Drug | undefined, dose: number, unit: string): number | null {
  if (!drug?.mme_factor) return drug ? 0 : null;
  const mg = unit === "mcg" ? dose / 1000 : dose;
  return Math.round(mg * drug.mme_factor * 10) / 10;
}
