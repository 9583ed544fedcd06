/**
 * The colour theme: the system's (default), or light or dark as the patient chose on the Sync
 * screen. The choice is a display preference of this device, kept in localStorage (read
 * before the first paint, so the app never flashes the other theme) and applied as
 * <html data-theme="…">, which styles/tokens.css reads.
 */
import { signal } from "@preact/signals";

export type Theme = "system" | "light" | "dark";
const KEY = "paindiary-theme";

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export const theme = signal<Theme>(typeof localStorage === "undefined" ? "system" : stored());

export function applyTheme(value: Theme): void {
  if (typeof document === "undefined") return;
  if (value === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", value);
}

export function setTheme(value: Theme): void {
  theme.value = value;
  try {
    if (value === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, value);
  } catch {
    // private mode: the choice lasts for this visit
  }
  applyTheme(value);
}

/** Whether the app shows dark now (the charts read it to pick their colours again). */
export function isDark(): boolean {
  if (theme.value !== "system") return theme.value === "dark";
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

applyTheme(theme.value);
