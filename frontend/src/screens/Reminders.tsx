/**
 * Reminders: this device on or off, the daily reminder (on/off, time), timed check-ins after
 * a dose or infusion (default, and per episode), and when a questionnaire is due (PEG weekly,
 * PHQ-9 and GAD-7 every 4 weeks, at the daily reminder's time). Settings live on the server (`me/`), so
 * changing them needs a connection; the reminders themselves arrive by Web Push.
 */
import { t } from "@lingui/core/macro";
import { useEffect, useState } from "preact/hooks";
import { TextInput, uid } from "../components/Fields";
import type { CheckinOffset } from "../api/types";
import type { EpisodeRow } from "../db";
import { i18n } from "../i18n";
import { useLive } from "../live";
import {
  currentSubscription,
  disableOnThisDevice,
  enableOnThisDevice,
  loadEpisodeCheckins,
  loadReminders,
  OFFSET_LABELS,
  webPushSupported,
  saveEpisodeCheckins,
  saveReminders,
  unsupportedText,
  type EpisodeCheckins,
  type ReminderSettings,
} from "../webpush";
import { episodesNewestFirst, str } from "../records";

const OFFSETS = Object.keys(OFFSET_LABELS) as CheckinOffset[];

function Offsets(props: { idPrefix: string; legend: string; value: CheckinOffset[]; disabled?: boolean; onChange: (v: CheckinOffset[]) => void }) {
  return (
    <fieldset class="checklist" disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {OFFSETS.map((code) => {
        const label = i18n._(OFFSET_LABELS[code]);
        const id = `${props.idPrefix}-${code}`;
        return (
          <div class="check-row" key={code}>
            <input
              type="checkbox"
              id={id}
              checked={props.value.includes(code)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                props.onChange(on ? [...props.value, code] : props.value.filter((c) => c !== code));
              }}
            />
            <label for={id}>{label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

function ThisDevice() {
  const [on, setOn] = useState<boolean | null>(null);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void currentSubscription().then((s) => setOn(!!s && Notification.permission === "granted"), () => setOn(false));
  }, []);

  async function toggle() {
    setBusy(true);
    setMessage("");
    try {
      if (on) {
        await disableOnThisDevice();
        setOn(false);
        setMessage(t`This device will get no more reminders.`);
      } else {
        const problem = await enableOnThisDevice();
        setOn(!problem);
        setMessage(problem || t`This device will get your reminders.`);
      }
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  if (!webPushSupported()) return <p>{unsupportedText()}</p>;
  return (
    <>
      <p>{on === null ? t`Checking…` : on ? t`Reminders are on for this device.` : t`Reminders are off for this device.`}</p>
      <button type="button" class="secondary" disabled={busy || on === null} onClick={() => void toggle()}>
        {on ? t`Stop reminders on this device` : t`Get reminders on this device`}
      </button>
      <p role="status">{message}</p>
    </>
  );
}

function EpisodeChoice(props: { episodes: EpisodeRow[] }) {
  const [episodeId, setEpisodeId] = useState("");
  const [value, setValue] = useState<EpisodeCheckins | null>(null);
  const [message, setMessage] = useState("");
  const [ids] = useState(() => ({ select: uid("ep-checkins"), offsets: uid("ep-offsets"), on: uid("ep-on") }));
  const id = episodeId || props.episodes[0]?.id || "";

  useEffect(() => {
    setValue(null);
    if (id) void loadEpisodeCheckins(id).then(setValue, (e: Error) => setMessage(e.message));
  }, [id]);

  async function save(change: Parameters<typeof saveEpisodeCheckins>[1]) {
    try {
      setValue(await saveEpisodeCheckins(id, change));
      setMessage(t`Saved.`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  }

  if (!props.episodes.length) return <p>{t`Add an episode on the Treatment screen to choose its check-ins.`}</p>;
  return (
    <div>
      <label for={ids.select}>{t`Episode`}</label>
      <select id={ids.select} value={id} onChange={(e) => setEpisodeId((e.currentTarget as HTMLSelectElement).value)}>
        {props.episodes.map((e) => (
          <option key={e.id} value={e.id}>
            {str(e.title)}
          </option>
        ))}
      </select>
      {value && (
        <>
          <p class="hint">{value.custom ? t`This episode has its own check-ins.` : t`This episode follows your default check-ins.`}</p>
          <div class="check-row">
            <input type="checkbox" id={ids.on} checked={value.enabled} onChange={(e) => void save({ enabled: (e.currentTarget as HTMLInputElement).checked })} />
            <label for={ids.on}>{t`Check-ins for this episode`}</label>
          </div>
          <Offsets
            idPrefix={ids.offsets}
            legend={t`Ask me after each dose or infusion of this episode`}
            value={value.checkin_offsets}
            disabled={!value.enabled}
            onChange={(v) => void save({ checkin_offsets: v })}
          />
          {value.custom && (
            <button type="button" class="secondary" onClick={() => void save("default")}>
              {t`Use my default check-ins`}
            </button>
          )}
        </>
      )}
      <p role="status">{message}</p>
    </div>
  );
}

export default function Reminders() {
  const [settings, setSettings] = useState<ReminderSettings | null>(null);
  const [error, setError] = useState("");
  const [saved, setSaved] = useState("");
  const episodes = useLive(episodesNewestFirst, [], [] as EpisodeRow[]);
  const [ids] = useState(() => ({ daily: uid("daily"), time: uid("daily-time"), checkins: uid("checkins"), offsets: uid("offsets"), assessments: uid("assessments") }));

  useEffect(() => {
    loadReminders().then(setSettings, () => setError(t`Reminder settings need a connection to the server. Try again when online.`));
  }, []);

  async function save(change: Partial<ReminderSettings>) {
    if (!settings) return;
    setSettings({ ...settings, ...change });
    try {
      setSettings(await saveReminders(change));
      setSaved(t`Saved.`);
      setError("");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="reminders-title">
      <h2 id="reminders-title">{t`Reminders`}</h2>
      <section class="card" aria-labelledby="device-reminders">
        <h3 id="device-reminders">{t`This device`}</h3>
        <ThisDevice />
      </section>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {settings && (
        <>
          <section class="card" aria-labelledby="daily-title">
            <h3 id="daily-title">{t`Daily reminder`}</h3>
            <div class="check-row">
              <input type="checkbox" id={ids.daily} checked={settings.daily_enabled} onChange={(e) => void save({ daily_enabled: (e.currentTarget as HTMLInputElement).checked })} />
              <label for={ids.daily}>{t`Remind me every day I have not logged yet`}</label>
            </div>
            <TextInput
              id={ids.time}
              type="time"
              label={t`At (your time zone)`}
              value={settings.daily_time}
              onChange={(v) => /^\d\d:\d\d/.test(v) && void save({ daily_time: v.slice(0, 5) })}
            />
          </section>
          <section class="card" aria-labelledby="checkins-title">
            <h3 id="checkins-title">{t`Check-ins after a dose or infusion`}</h3>
            <div class="check-row">
              <input
                type="checkbox"
                id={ids.checkins}
                checked={settings.checkins_enabled}
                onChange={(e) => void save({ checkins_enabled: (e.currentTarget as HTMLInputElement).checked })}
              />
              <label for={ids.checkins}>{t`Ask me how I am after each dose or infusion`}</label>
            </div>
            <Offsets
              idPrefix={ids.offsets}
              legend={t`By default, ask me after`}
              value={settings.checkin_offsets}
              disabled={!settings.checkins_enabled}
              onChange={(v) => void save({ checkin_offsets: v })}
            />
            <h4>{t`For one episode`}</h4>
            <EpisodeChoice episodes={episodes} />
          </section>
          <section class="card" aria-labelledby="assessments-title">
            <h3 id="assessments-title">{t`Questionnaires`}</h3>
            <div class="check-row">
              <input
                type="checkbox"
                id={ids.assessments}
                checked={settings.assessments_enabled}
                onChange={(e) => void save({ assessments_enabled: (e.currentTarget as HTMLInputElement).checked })}
              />
              <label for={ids.assessments}>{t`Remind me when a questionnaire is due`}</label>
            </div>
            <p class="hint">
              {t`The pain questionnaire (PEG) every week, mood and anxiety (PHQ-9, GAD-7) every 4 weeks, counted from your last one. They come at the daily reminder's time above, even when the daily reminder is off.`}{" "}
              <a href="#/assessment">{t`All questionnaires`}</a>
            </p>
          </section>
          <p role="status">{saved}</p>
        </>
      )}
    </section>
  );
}
