/**
 * Installing the app: is it installed (display-mode standalone, or iOS's navigator.standalone),
 * which platform's steps to show, and the browser's own install prompt where there is one
 * (beforeinstallprompt, Chromium), kept from the moment it fires.
 */
import { signal } from "@preact/signals";

export type Platform = "ios" | "android" | "desktop";

/** The deferred install prompt of Chromium browsers (not in TypeScript's DOM types). */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

export const installPrompt = signal<InstallPromptEvent | null>(null);
export const installed = signal(isStandalone());

if (typeof window !== "undefined") {
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // shown from the guide or the card, when the patient asks
    installPrompt.value = event as InstallPromptEvent;
  });
  window.addEventListener("appinstalled", () => {
    installPrompt.value = null;
    installed.value = true;
  });
}

export function isStandalone(): boolean {
  if (typeof window === "undefined") return false;
  const nav = navigator as Navigator & { standalone?: boolean };
  return nav.standalone === true || (typeof matchMedia === "function" && matchMedia("(display-mode: standalone)").matches);
}

/** iPhone and iPad (an iPad asking for the desktop site says "Macintosh" but has touch). */
export function platformOf(userAgent: string, maxTouchPoints = 0): Platform {
  if (/iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)) return "ios";
  if (/Android/.test(userAgent)) return "android";
  return "desktop";
}

export function currentPlatform(): Platform {
  if (typeof navigator === "undefined") return "desktop";
  return platformOf(navigator.userAgent, navigator.maxTouchPoints ?? 0);
}

/** Safari itself on iOS (Chrome, Firefox and Edge on iOS say CriOS, FxiOS, EdgiOS). */
export function isIosSafari(userAgent: string): boolean {
  return /Safari/.test(userAgent) && !/CriOS|FxiOS|EdgiOS|OPiOS/.test(userAgent);
}

/** Shows the browser's install prompt; true when the patient accepted. */
export async function promptInstall(): Promise<boolean> {
  const event = installPrompt.value;
  if (!event) return false;
  await event.prompt();
  const choice = await event.userChoice;
  installPrompt.value = null;
  return choice.outcome === "accepted";
}
