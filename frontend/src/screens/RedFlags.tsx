/**
 * My red flags (#/red-flags): every red flag the server holds for the patient, newest first,
 * each with its date, what it was, and which of their clinicians has seen it and when ("Not
 * seen yet" until one has). Fetched when online (again after each sync), kept on the device
 * for offline; red flags logged on this device and not sent yet are listed first as such.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg, t } from "@lingui/core/macro";
import { useEffect, useState } from "preact/hooks";
import { catalog } from "../catalog";
import { db, type EntryRow } from "../db";
import { i18n } from "../i18n";
import { isOnline } from "../http";
import { useLive } from "../live";
import { loadSavedRedFlags, pendingFlags, refreshRedFlags, seenLines, type MyRedFlag, type SavedRedFlags } from "../myRedFlags";
import { redFlagText } from "../outcomes";
import { lastSyncedAt } from "../sync/state";
import { formatDate, formatTime } from "../time";
import { notWatched } from "../components/RedFlagCard";

type State = "loading" | "checking" | "fresh" | "offline" | "error";

const STATUS: Record<State, MessageDescriptor | null> = {
  loading: msg`Loading your red flags…`,
  checking: msg`Checking with the server…`,
  fresh: null,
  offline: msg`You are offline: this is the list as it was when the app last fetched it.`,
  error: msg`Your red flags could not be updated just now.`,
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
      {flag.withdrawn_at && <p class="hint">{t`You later took this out of the record; it stays listed, as your care team was told.`}</p>}
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

  const message = STATUS[state];
  let status = message ? i18n._(message) : "";
  if (state === "offline" && !saved) status = t`You are offline. Your red flags show here once the app has fetched them with a connection.`;
  const flags = saved?.flags ?? [];
  const [checkedOn, checkedAt] = saved ? [formatDate(saved.saved_at), formatTime(saved.saved_at)] : ["", ""];

  return (
    <section aria-labelledby="red-flags-title">
      <h2 id="red-flags-title">{t`My red flags`}</h2>
      <p class="hint">
        {t`What you logged that your care team should know about, and whether one of them has seen it.`} {notWatched(catalog.value?.not_watched)}
      </p>
      <p class="red-flags-status" role="status" aria-busy={state === "loading" || state === "checking"}>
        {status}
      </p>
      {state === "error" && (
        <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>
          {t`Try again`}
        </button>
      )}
      {pending.length > 0 && (
        <section aria-labelledby="unsent-flags-title">
          <h3 id="unsent-flags-title">{t`Not sent yet`}</h3>
          <ul class="plain cards">
            {pending.map((p) => {
              const [date, what] = [formatDate(p.date), p.label.toLowerCase()];
              return (
                <li key={`${p.entryId}-${p.code}`} class="my-red-flag">
                  <p class="flag-what">{t({ comment: "date: the entry's date; what: the red flag's label, lowercase", message: `${date}: you logged ${what}.` })}</p>
                  <p class="seen seen-no">{t`Still on this phone: it is sent when you are online. Nobody has seen it yet.`}</p>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {saved && (
        <>
          {pending.length > 0 && flags.length > 0 && <h3>{t({ context: "red flags", message: "Sent" })}</h3>}
          {flags.length ? (
            <ul class="plain cards">
              {flags.map((flag) => (
                <FlagItem key={flag.id} flag={flag} />
              ))}
            </ul>
          ) : (
            !pending.length && <p>{t`You have logged no red flags.`}</p>
          )}
          <p class="hint" data-saved-at={saved.saved_at}>
            {t({ comment: "on: a date; at: a time", message: `Checked with the server on ${checkedOn} at ${checkedAt}.` })}
          </p>
        </>
      )}
      <p>
        <a href="#/today">{t`Back to Today`}</a>
      </p>
    </section>
  );
}
