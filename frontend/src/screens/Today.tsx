/**
 * Today: log pain in two taps (a number, Save); quick-log after the latest infusion; the usual
 * medicines in one tap; then the one-line status and the way to "My treatment" (below the form,
 * so nothing read from the device moves the form once it is drawn).
 */
import { plural, t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { ChartNoAxesCombined, ChevronRight, Clock } from "lucide";
import { catalog, labelOf } from "../catalog";
import { Icon } from "../components/Icon";
import { InstallOffer } from "../components/InstallOffer";
import { lazy } from "../components/Lazy";
import { SomethingWorrying } from "../components/SomethingWorrying";
import { AssessmentDue } from "../components/AssessmentDue";
import { db, getMeta, type AdministrationRow, type EntryRow } from "../db";
import { EntryForm } from "../forms/EntryForm";
import { useLive } from "../live";
import { latestAdministration } from "../records";
import { route } from "../router";
import { keepStorageAfterFirstEntry } from "../storage";
import { formatDate, formatTime, localDate } from "../time";
import { todayStatus } from "../todayStatus";

const RemindCard = lazy(() => import("../components/RemindCard"));
// "My usual medicines" on Today once the patient has saved one (managed on Treatment).
const UsualMedicines = lazy<object>(async () => ({ default: (await import("../components/UsualMedicines")).UsualMedicines }));

/** A check-in's "1d" (reminders open /#/today?administration=…&checkin=1d): its count and unit. */
function since(checkin: string | null): { n: number; hours: boolean } | null {
  const match = checkin?.match(/^(\d+)([hd])$/);
  return match ? { n: Number(match[1]), hours: match[2] === "h" } : null;
}

/** The check-in's question: "Check-in: how are you, 1 day after your treatment?" */
function checkinQuestion(c: { n: number; hours: boolean }): string {
  const count = c.n;
  return c.hours
    ? plural(count, {
        one: "Check-in: how are you, # hour after your treatment?",
        other: "Check-in: how are you, # hours after your treatment?",
      })
    : plural(count, {
        one: "Check-in: how are you, # day after your treatment?",
        other: "Check-in: how are you, # days after your treatment?",
      });
}

/** "Log after my infusion on Mon, 4 May 2026" (the route's label comes from the server's catalogue). */
function logAfter(route: string, date: string): string {
  return t({ comment: "route: the catalogue's name of how it was given, e.g. 'infusion'", message: `Log after my ${route} on ${date}` });
}

/** "09:30: pain 4", one of the entries logged today. */
function loggedLine(time: string, pain: string): string {
  return t`${time}: pain ${pain}`;
}

/** The reminder offer is made once, after a save, unless notifications are blocked here. */
const mayOfferReminders = () => typeof Notification !== "undefined" && "PushManager" in window && Notification.permission !== "denied";

/** The one-line status and the way to "My treatment" (computed from this device's diary). */
function StatusCard() {
  const data = useLive(
    async () => [await db.entries.toArray(), await db.administrations.toArray()] as const,
    [],
    null as readonly [EntryRow[], AdministrationRow[]] | null,
  );
  const status = data ? todayStatus({ today: localDate(), entries: data[0], administrations: data[1] }) : null;
  return (
    <div class="card status-card">
      {status && (
        <>
          <p class="status-line" id="today-status">
            {status.text}
          </p>
          {status.basis && <p class="hint">{status.basis}</p>}
        </>
      )}
      <a class="card-link" href="#/outcome">
        <Icon icon={ChartNoAxesCombined} />
        <span>
          <span class="card-link-title">{t`My treatment`}</span>
          <br />
          <span class="muted small">{t`How your treatment is going, in plain words`}</span>
        </span>
        <Icon icon={ChevronRight} class="chevron" />
      </a>
    </div>
  );
}

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
  const usual = useLive(() => db.regimen.count(), [], 0);

  const link = linkTo ?? preset ?? null;
  const initial = link ? { administration: link.id, episode: link.episode ?? null } : undefined;

  return (
    <section aria-labelledby="today-title">
      <h2 id="today-title">{checkin && link ? checkinQuestion(checkin) : t`How is your pain now?`}</h2>
      <SomethingWorrying />
      {latest && !link && (
        <p>
          <button type="button" class="secondary" onClick={() => (setLinkTo(latest), setFormKey((k) => k + 1))}>
            {logAfter(labelOf(catalog.value?.routes, latest.route).toLowerCase(), formatDate(latest.administered_at))}
          </button>
        </p>
      )}
      <div class="card entry-card">
        <EntryForm
          key={`${formKey}-${link?.id ?? ""}`}
          initial={initial}
          showDetails={!!checkin?.hours}
          onSaved={(_id, pain) => {
            const time = formatTime(new Date().toISOString());
            setSaved(t`Entry saved: pain ${pain} at ${time}.`);
            void keepStorageAfterFirstEntry();
            setLinkTo(null);
            if (offerAnswer === null && mayOfferReminders()) setOffer(true);
            if (after) location.hash = "#/today";
            setFormKey((k) => k + 1);
          }}
        />
      </div>
      <p class="saved-note" role="status">
        {saved}
      </p>
      {offer && <RemindCard />}
      {usual > 0 && <UsualMedicines />}
      <StatusCard />
      <AssessmentDue />
      <InstallOffer />
      {today.length > 0 && (
        <section class="card" aria-labelledby="today-list">
          <h3 id="today-list" class="card-title">
            <Icon icon={Clock} /> {t`Logged today`}
          </h3>
          <ul class="records">
            {today
              .sort((a, b) => String(a.recorded_at).localeCompare(String(b.recorded_at)))
              .map((e) => (
                <li key={e.id}>
                  {loggedLine(formatTime(e.recorded_at), String(e.pain_now))}
                  {e._pending ? <span class="tag">{t`not synced yet`}</span> : null}
                </li>
              ))}
          </ul>
        </section>
      )}
    </section>
  );
}
