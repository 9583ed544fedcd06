/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (index.html, JS, CSS, icons, manifest),
 * answers every navigation with index.html so the app opens offline, and drops caches of
 * older builds. It never caches the API or sign-in: /api/ and /_allauth/ requests (and the
 * server-rendered pages) always go to the network; the diary lives in IndexedDB instead.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

// The update prompt: a waiting worker takes over only when the patient says so.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") void self.skipWaiting();
});

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const SERVER_PATHS = [/^\/api\//, /^\/_allauth\//, /^\/accounts\//, /^\/admin\//, /^\/care\//, /^\/static\//, /^\/healthz/, /^\/readyz/];
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html"), { denylist: SERVER_PATHS }));

clientsClaim();
