/** Registers the service worker (workbox-window) and tells the app when an update waits. */
import { signal } from "@preact/signals";
import { registerSW } from "virtual:pwa-register";

export const needRefresh = signal(false);
export const offlineReady = signal(false);
let updateSW: ((reload?: boolean) => Promise<void>) | undefined;

export function startPwa(): void {
  if (!("serviceWorker" in navigator)) return;
  updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => (needRefresh.value = true),
    onOfflineReady: () => (offlineReady.value = true),
    onRegisteredSW: (_url, registration) => {
      if (registration) setInterval(() => void registration.update(), 60 * 60 * 1000);
    },
  });
}

/** Activates the waiting service worker and reloads into the new version. */
export function applyUpdate(): void {
  needRefresh.value = false;
  void updateSW?.(true);
}
