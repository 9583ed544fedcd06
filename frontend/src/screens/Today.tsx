/** Today: log pain in two taps (a number, Save); quick-log after the latest infusion. */
import { useState } from "preact/hooks";
import { catalog, labelOf } from "../catalog";
import { lazy } from "../components/Lazy";
import { SomethingWorrying } from "../components/SomethingWorrying";
import { AssessmentDue } from "../components/AssessmentDue";
import { db, getMeta, type AdministrationRow, type EntryRow } from "../db";
import { EntryForm } from "../forms/EntryForm";
import { useLive } from "../live";
import { latestAdministration } from "../records";
import { route } from "../router";
import { formatDate, formatTime, localDate } from "../time";

const RemindCard = lazy(() => import("../components/RemindCard"));

/** "1 day" for a check-in's "1d" (reminders open /#/today?administration=…&checkin=1d). */
function since(checkin: string | null): string {
  const match = checkin?.match(/^(\d+)([hd])$/);
  if (!match) return "";
  const n = Number(match[1]);
  return `${n} ${match[2] === "h" ? "hour" : "day"}${n === 1 ? "" : "s"}`;
}

/** The reminder offer is made once, after a save, unless notifications are blocked here. */
const mayOfferReminders = () => typeof Notification !== "undefined" && "PushManager" in window && Notification.permission !== "denied";

export default function Today() {
  const params = route.value.params;
  const after = params.get("after") ?? params.get("administration");
  const checkin = since(params.get("checkin"));
  const offerAnswer = useLive(() => getMeta<string | null>("remind_offer", null), [], "unknown" as string | null);
  const [offer, setOffer] = useState(false);
  const latest = useLive(latestAdministration, [], undefined as AdministrationRow | undefined);
  const preset = useLive(async () => (after ? db.administrations.get(after) : undefined), [after], undefined as AdministrationRow | undefined);
  const today = useLive(() => db.entries.where("diary_date").equals(localDate()).toArray(), [], [] as EntryRow[]);
  const [linkTo, setLinkTo] = useState<AdministrationRow | null>(null);
  const [saved, setSaved] = useState("");
  const [formKey, setFormKey] = useState(0);

  const link = linkTo ?? preset ?? null;
  const initial = link ? { administration: link.id, episode: link.episode ?? null } : undefined;

  return (
    <section aria-labelledby="today-title">
      <h2 id="today-title">{checkin && link ? `Check-in: how are you, ${checkin} after your treatment?` : "How is your pain now?"}</h2>
      <SomethingWorrying />
      {latest && !link && (
        <p>
          <button type="button" class="secondary" onClick={() => (setLinkTo(latest), setFormKey((k) => k + 1))}>
            Log after my {labelOf(catalog.value?.routes, latest.route).toLowerCase()} on {formatDate(latest.administered_at)}
          </button>
        </p>
      )}
      <EntryForm
        key={`${formKey}-${link?.id ?? ""}`}
        initial={initial}
        showDetails={!!checkin && checkin.includes("hour")}
        onSaved={(_id, pain) => {
          setSaved(`Entry saved: pain ${pain} at ${formatTime(new Date().toISOString())}.`);
          setLinkTo(null);
          if (offerAnswer === null && mayOfferReminders()) setOffer(true);
          if (after) location.hash = "#/today";
          setFormKey((k) => k + 1);
        }}
      />
      <p class="saved-note" role="status">
        {saved}
      </p>
      {offer && <RemindCard />}
      <AssessmentDue />
      {today.length > 0 && (
        <section aria-labelledby="today-list">
          <h3 id="today-list">Logged today</h3>
          <ul class="plain">
            {today
              .sort((a, b) => String(a.recorded_at).localeCompare(String(b.recorded_at)))
              .map((e) => (
                <li key={e.id}>
                  {formatTime(e.recorded_at)}: pain {String(e.pain_now)}
                  {e._pending ? <span class="tag">not synced yet</span> : null}
                </li>
              ))}
          </ul>
        </section>
      )}
    </section>
  );
}
