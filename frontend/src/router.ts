/** Hash routes (#/today, #/history …): the service worker serves index.html for every path. */
import { signal } from "@preact/signals";

export type Screen = "today" | "treatment" | "outcome" | "history" | "share" | "sync" | "reminders" | "sign-in" | "red-flags" | "assessment" | "install";

export interface Route {
  screen: Screen;
  params: URLSearchParams;
}

function parse(): Route {
  const hash = typeof location === "undefined" ? "" : location.hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = hash.split("?");
  const screen = (path.split("/")[0] || "today") as Screen;
  const known: Screen[] = ["today", "treatment", "outcome", "history", "share", "sync", "reminders", "sign-in", "red-flags", "assessment", "install"];
  return { screen: known.includes(screen) ? screen : "today", params: new URLSearchParams(query) };
}

export const route = signal<Route>(parse());

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    route.value = parse();
  });
}

export function navigate(hash: string): void {
  location.hash = hash;
}
