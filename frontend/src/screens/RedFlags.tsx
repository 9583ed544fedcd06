/**
 * My red flags (#/red-flags): every red flag the server holds for the patient, newest first,
 * each with its date, what it was, and which of their clinicians has seen it and when ("Not
 * seen yet" until one has). Fetched when online (again after each sync), kept on the device
 * for offline; red flags logged on this device and not sent yet are listed first as such.
 */
import { useEffect, useState } from "preact/hooks";
import { catalog } from "../catalog";
import { db, type EntryRow } from "../db";
import { isOnline } from "../http";
import { useLive } from "../live";
import { loadSavedRedFlags, pendingFlags, refreshRedFlags, seenLines, type MyRedFlag, type SavedRedFlags } from "../myRedFlags";
import { redFlagText } from "../outcomes";
import { lastSyncedAt } from "../sync/state";
import { formatDate, formatTime } from "../time";
import { NOT_WATCHED } from "../components/RedFlagCard";

type State = "loading" | "checking" | "fresh" | "offline" | "error";

const STATUS: Record<State, string> = {
  loading: "Loading your red flags…",
  checking: "Checking with the server…",
  fresh: "",
  offline: "You are offline: this is the list as it was when the app last fetched it.",
  error: "Your red flags could not be updated just now.",
};

/** Date-time in words: "Mon, 4 May 2026". */
const dateOf = (iso: string) => formatDate(iso);

function FlagItem(props: { flag: MyRedFlag }) {
  const { flag } = props;
  const text = redFlagText(flag, catalog.value, formatDate); // My treatment's words for a flag
  const lines = seenLines(flag, formatTime, dateOf);
  const seen = flag.seen_by.length > 0;
  return (
    <li class="my-red-flag" data-flag-id={flag.id}>
      <p class="flag-what">{text.what}</p>
      <ul class={`plain seen ${seen ? "seen-yes" : "seen-no"}`}>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {flag.withdrawn_at && <p class="hint">You later took this out of the record; it stays listed, as your care team was told.</p>}
    </li>
  );
}

export default function RedFlags() {
  const [saved, setSaved] = useState<SavedRedFlags | null>(null);
  const [state, setState] = useState<State>("loading");
  const [attempt, setAttempt] = useState(0);
  const synced = lastSyncedAt.value?.getTime() ?? 0;
  const unsent = useLive(() => db.entries.filter((e: EntryRow) => e.version === null).toArray(), [], [] as EntryRow[]);
  const pending = pendingFlags(unsent, catalog.value?.side_effects);

  useEffect(() => {
    let live = true;
    void (async () => {
      const stored = await loadSavedRedFlags().catch(() => null);
      if (!live) return;
      if (stored) setSaved((current) => current ?? stored);
      if (!isOnline()) return setState("offline");
      setState((s) => (s === "loading" && !stored ? "loading" : "checking"));
      const result = await refreshRedFlags().catch(() => ({ state: "error" as const, saved: undefined }));
      if (!live) return;
      if (result.saved) setSaved(result.saved);
      setState(result.state);
    })();
    return () => {
      live = false;
    };
  }, [attempt, synced]); // again after each sync: a flag just sent, or seen meanwhile

  let status = STATUS[state];
  if (state === "offline" && !saved) status = "You are offline. Your red flags show here once the app has fetched them with a connection.";
  const flags = saved?.flags ?? [];

  return (
    <section aria-labelledby="red-flags-title">
      <h2 id="red-flags-title">My red flags</h2>
      <p class="hint">
        What you logged that your care team should know about, and whether one of them has seen it. {catalog.value?.not_watched ?? NOT_WATCHED}
      </p>
      <p class="red-flags-status" role="status" aria-busy={state === "loading" || state === "checking"}>
        {status}
      </p>
      {state === "error" && (
        <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>
          Try again
        </button>
      )}
      {pending.length > 0 && (
        <section aria-labelledby="unsent-flags-title">
          <h3 id="unsent-flags-title">Not sent yet</h3>
          <ul class="plain cards">
            {pending.map((p) => (
              <li key={`${p.entryId}-${p.code}`} class="my-red-flag">
                <p class="flag-what">
                  {formatDate(p.date)}: you logged {p.label.toLowerCase()}.
                </p>
                <p class="seen seen-no">Still on this phone: it is sent when you are online. Nobody has seen it yet.</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {saved && (
        <>
          {pending.length > 0 && flags.length > 0 && <h3>Sent</h3>}
          {flags.length ? (
            <ul class="plain cards">
              {flags.map((flag) => (
                <FlagItem key={flag.id} flag={flag} />
              ))}
            </ul>
          ) : (
            !pending.length && <p>You have logged no red flags.</p>
          )}
          <p class="hint" data-saved-at={saved.saved_at}>
            Checked with the server on {formatDate(saved.saved_at)} at {formatTime(saved.saved_at)}.
          </p>
        </>
      )}
      <p>
        <a href="#/today">Back to Today</a>
      </p>
    </section>
  );
}
