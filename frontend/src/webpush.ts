/**
 * Reminders on this device (Web Push; "push" alone is sync's): permission, subscribing with
 * the server's VAPID key, registering the subscription, and the patient's reminder settings
 * (`me/`'s `reminders`). Loaded on demand (the "Remind me daily?" card, the Reminders
 * screen), never at start-up.
 */
import { msg, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import type {
  CheckinOffset,
  EpisodeCheckins,
  EpisodeCheckinsChange,
  Me,
  MeChange,
  ReminderSettings,
  ReminderSettingsChange,
  WebPushConfig,
  WebPushSubscription,
} from "./api/types";
import { getMeta, setMeta } from "./db";
import { errorText, request } from "./http";

export type { EpisodeCheckins, ReminderSettings };

/** Every check-in the server offers (the schema's list: `tsc` fails here when it changes); read with `i18n._`. */
export const OFFSET_LABELS: Record<CheckinOffset, MessageDescriptor> = {
  "1h": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "1 hour (side effects)" }),
  "2h": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "2 hours" }),
  "4h": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "4 hours" }),
  "1d": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "1 day" }),
  "2d": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "2 days" }),
  "3d": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "3 days" }),
  "7d": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "7 days" }),
  "14d": msg({ comment: "A check-in's time after a dose or infusion, under 'By default, ask me after'", message: "14 days" }),
};

/** Why this browser gets no reminders. */
export function unsupportedText(): string {
  return t`This browser cannot show reminders. On an iPhone, add the app to the Home Screen first.`;
}

/** Whether this browser can get reminders at all (iOS only once the app is installed). */
export function webPushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function fail(res: { status: number; body: unknown }): Promise<never> {
  const status = res.status;
  throw new Error(errorText(res.body) || t`The server answered ${status}.`);
}

/** This browser's subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!webPushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? registration.pushManager.getSubscription().catch(() => null) : null;
}

async function register(subscription: PushSubscription): Promise<void> {
  const res = await request<WebPushSubscription>("POST", "/api/v1/push-subscriptions/", subscription.toJSON());
  if (res.status !== 200 && res.status !== 201) await fail(res);
  await setMeta("push_subscription_id", res.body.id);
}

/**
 * Ask for permission (call it from a tap: browsers require one), subscribe with the
 * server's key, and register the subscription. Returns why it could not, or "" when done.
 */
export async function enableOnThisDevice(): Promise<string> {
  if (!webPushSupported()) return unsupportedText();
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return t`Notifications are blocked for this app. Allow them in the browser's settings to get reminders.`;
  const config = await request<WebPushConfig>("GET", "/api/v1/push/config");
  if (config.status !== 200) await fail(config);
  if (!config.body.enabled || !config.body.vapid_public_key) return t`Reminders are not available on this server yet.`;
  const registration = await navigator.serviceWorker.ready;
  const key = keyBytes(config.body.vapid_public_key);
  let subscription = await registration.pushManager.getSubscription();
  const sameKey = (s: PushSubscription) => {
    const current = s.options.applicationServerKey;
    return !!current && new Uint8Array(current).join() === key.join();
  };
  if (subscription && !sameKey(subscription)) {
    await subscription.unsubscribe(); // made for an older server key: it would never receive
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await register(subscription);
  return "";
}

/**
 * At start-up, if this device gets reminders: register its subscription again (the server
 * drops one a push service reports gone), subscribing anew if the server's key changed.
 */
export async function refreshRegistration(): Promise<void> {
  if (!webPushSupported() || Notification.permission !== "granted") return;
  if (await currentSubscription()) await enableOnThisDevice(); // granted: no prompt is shown
}

/** Stop reminders on this device (the browser's subscription and the server's record). */
export async function disableOnThisDevice(): Promise<void> {
  const id = await getMeta<string | null>("push_subscription_id", null);
  if (id) {
    const res = await request("DELETE", `/api/v1/push-subscriptions/${id}/`);
    if (res.status !== 204 && res.status !== 404) await fail(res);
    await setMeta("push_subscription_id", null);
  }
  await (await currentSubscription())?.unsubscribe();
}

export async function loadReminders(): Promise<ReminderSettings> {
  const res = await request<Me>("GET", "/api/v1/me/");
  if (res.status !== 200 || !res.body.reminders) return fail(res);
  return res.body.reminders;
}

export async function saveReminders(change: ReminderSettingsChange): Promise<ReminderSettings> {
  const body: MeChange = { reminders: change };
  const res = await request<Me>("PATCH", "/api/v1/me/", body);
  if (res.status !== 200 || !res.body.reminders) return fail(res);
  return res.body.reminders;
}

export async function loadEpisodeCheckins(episodeId: string): Promise<EpisodeCheckins> {
  const res = await request<EpisodeCheckins>("GET", `/api/v1/episodes/${episodeId}/checkins/`);
  if (res.status !== 200) await fail(res);
  return res.body;
}

export async function saveEpisodeCheckins(
  episodeId: string,
  change: EpisodeCheckinsChange | "default",
): Promise<EpisodeCheckins> {
  const url = `/api/v1/episodes/${episodeId}/checkins/`;
  if (change === "default") {
    const res = await request("DELETE", url);
    if (res.status !== 204) await fail(res);
    return loadEpisodeCheckins(episodeId);
  }
  const res = await request<EpisodeCheckins>("PATCH", url, change);
  if (res.status !== 200) await fail(res);
  return res.body;
}
