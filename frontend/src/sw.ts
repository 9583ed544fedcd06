/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (index.html, JS, CSS, icons, manifest),
 * answers every navigation with index.html so the app opens offline, and drops caches of
 * older builds. It never caches the API or sign-in: /api/ and /_allauth/ requests (and the
 * server-rendered pages) always go to the network; the diary lives in IndexedDB instead.
 * It also shows reminders pushed by the server and opens the screen a reminder names.
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

// Reminders by Web Push (docs/reminders.md; "push" alone means sync's): the server sends
// {title, body, url, tag}; the notification opens `url` (a screen of this app, e.g.
// /#/today?administration=…&checkin=1d).
interface ReminderPayload {
  title?: string;
  body?: string;
  url?: string;
  tag?: string;
}

/** Only a path of this app: a payload never sends the patient elsewhere. */
function appPath(url: unknown): string {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/#/today";
}

self.addEventListener("push", (event) => {
  let payload: ReminderPayload = {};
  try {
    payload = (event.data?.json() as ReminderPayload | null) ?? {};
  } catch {
    payload = { body: event.data?.text() };
  }
  event.waitUntil(
    self.registration.showNotification(payload.title || "Pain diary", {
      body: payload.body || "How is your pain today?",
      tag: payload.tag, // a repeated message replaces its notification instead of stacking
      icon: "/icons/icon-192.png",
      data: { url: appPath(payload.url) },
    }),
  );
});

/** Focus an open window of the app on `path`, or open one. */
async function openApp(path: string): Promise<void> {
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    const shown = await client.navigate(target).catch(() => null);
    await (shown ?? client).focus().catch(() => undefined);
    if (shown) return;
  }
  await self.clients.openWindow(target);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openApp(appPath((event.notification.data as { url?: unknown } | null)?.url)));
});

clientsClaim();
