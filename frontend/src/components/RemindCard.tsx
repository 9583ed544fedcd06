/**
 * "Remind me daily?": offered once, after the patient saved an entry (never on first load),
 * when the browser can show notifications and has not been asked yet. Asking for permission
 * happens on the tap, as browsers require. Loaded on demand.
 */
import { t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { setMeta } from "../db";
import { formatDateTime } from "../i18n";
import { enableOnThisDevice, saveReminders } from "../webpush";
import { TextInput, uid } from "./Fields";

/** "20:00" (the server's local time of day) in the app's locale, on the 24-hour clock like the rest of the app. */
function clockTime(time: string): string {
  const [hours = NaN, minutes = NaN] = time.split(":").map(Number);
  if (!Number.isInteger(hours) || !Number.isInteger(minutes)) return time;
  return formatDateTime(new Date(2000, 0, 1, hours, minutes), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

export default function RemindCard() {
  const [time, setTime] = useState("20:00");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState("");
  const [error, setError] = useState("");
  const [closed, setClosed] = useState(false);
  const [ids] = useState(() => ({ title: uid("remind"), time: uid("remind-time") }));

  async function accept() {
    setBusy(true);
    setError("");
    try {
      const problem = await enableOnThisDevice();
      if (problem) {
        setError(problem);
      } else {
        const saved = await saveReminders({ daily_enabled: true, daily_time: time });
        const at = clockTime(saved.daily_time);
        setDone(t`Reminders are on: every day at ${at}, unless you have already logged.`);
      }
      await setMeta("remind_offer", "answered");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function decline() {
    await setMeta("remind_offer", "declined");
    setClosed(true);
  }

  if (closed) return null;
  if (done)
    return (
      <p class="card" role="status">
        {done} <a href="#/reminders">{t`Change reminders`}</a>
      </p>
    );
  return (
    <section class="card" aria-labelledby={ids.title}>
      <h3 id={ids.title}>{t`Remind me daily?`}</h3>
      <p>
        {t`A notification on this phone at a time you choose, only on days you have not logged yet. It also asks how you are after a dose or infusion; you can change both under Reminders.`}
      </p>
      <TextInput id={ids.time} type="time" label={t`Remind me at`} value={time} onChange={setTime} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void accept()}>
          {t`Remind me daily`}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void decline()}>
          {t`Not now`}
        </button>
      </div>
    </section>
  );
}
