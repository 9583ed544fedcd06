/**
 * Treatment, bounded however long the diary: "My usual medicines" (one-tap logging), the
 * current episode and its doses and infusions (cards, newest first, in steps), earlier
 * episodes collapsed, then medicines taken one month at a time, grouped by day, each day
 * collapsed to a one-line summary and rendered only when opened.
 */
import { plural, t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { catalog, labelOf } from "../catalog";
import { ConfirmButton } from "../components/ConfirmButton";
import { MonthNav } from "../components/MonthNav";
import { UsualMedicines } from "../components/UsualMedicines";
import "../components/medicines.css";
import { db, type AdministrationRow, type Entity, type EpisodeRow, type MedicationRow, type Visible } from "../db";
import { AdministrationForm } from "../forms/AdministrationForm";
import { formatNumber } from "../i18n";
import { EpisodeForm } from "../forms/EpisodeForm";
import { MedicationForm } from "../forms/MedicationForm";
import { daySummary, intakeText } from "../intakes";
import { useLive } from "../live";
import { useMonthPaging } from "../monthPaging";
import { monthLabel } from "../months";
import { byDesc, episodesNewestFirst } from "../records";
import { navigate } from "../router";
import { requestSync } from "../sync/loop";
import { deleteRecord } from "../sync/outbox";
import { formatDate, formatTime } from "../time";

type Editing = { [E in Entity]: { entity: E; record: Visible<E> | null } }[Entity] | null;
type Edit = (editing: Editing) => void;

/** Doses and infusions shown first (the newest), and how many more "Show earlier doses" adds. */
const DOSE_FIRST = 3;
const DOSE_STEP = 10;

function remove(entity: Entity, id: string) {
  void deleteRecord(entity, id).then(() => requestSync());
}

const NotSynced = () => <span class="tag">{t`not synced yet`}</span>;
const Pending = (props: { row: { _pending: 0 | 1 } }) => (props.row._pending ? <NotSynced /> : null);

function dose(a: AdministrationRow): string {
  if (a.dose_mg_per_kg !== null && a.dose_mg_per_kg !== undefined) return `${formatNumber(a.dose_mg_per_kg)} mg/kg`;
  if (a.dose_mg !== null && a.dose_mg !== undefined) return `${formatNumber(a.dose_mg)} mg`;
  return t`dose not recorded`;
}

/** "IV infusion, induction, 0.5 mg/kg over 40 min · BP 150/90 · HR 96". */
function administrationLine(a: AdministrationRow): string {
  const cat = catalog.value;
  let line = `${labelOf(cat?.routes, a.route)}, ${labelOf(cat?.phases, a.phase).toLowerCase()}, ${dose(a)}`;
  if (a.duration_minutes != null) {
    const minutes = formatNumber(a.duration_minutes);
    line += ` ${t({ comment: "How long an infusion ran, after its dose: 0.5 mg/kg over 40 min", message: `over ${minutes} min` })}`;
  }
  if (a.bp_systolic_max != null) {
    const [systolic, diastolic] = [a.bp_systolic_max, a.bp_diastolic_max ?? "–"];
    line += ` · ${t({ comment: "BP: the highest blood pressure during the infusion, systolic/diastolic", message: `BP ${systolic}/${diastolic}` })}`;
  }
  if (a.heart_rate_max != null) {
    const rate = a.heart_rate_max;
    line += ` · ${t({ comment: "HR: the highest heart rate during the infusion", message: `HR ${rate}` })}`;
  }
  return line;
}

/** The episode shown first: the newest ongoing one, else the newest. */
function currentOf(episodes: EpisodeRow[]): EpisodeRow | undefined {
  return episodes.find((e) => !e.ended_on) ?? episodes[0];
}

function episodeLine(e: EpisodeRow): string {
  const cat = catalog.value;
  const treatment = e.treatment === "other" ? String(e.treatment_name) : labelOf(cat?.treatments, e.treatment);
  const start = formatDate(e.started_on);
  const end = e.ended_on ? formatDate(e.ended_on) : "";
  const when = end ? t({ comment: "An episode's dates", message: `from ${start} to ${end}` }) : t({ comment: "An episode still going on", message: `from ${start} (ongoing)` });
  return `${labelOf(cat?.conditions, e.condition)} · ${treatment} · ${when}`;
}

/** An episode's doses and infusions, newest first, DOSE_STEP at a time. */
function Administrations(props: { episode: EpisodeRow; edit: Edit }) {
  const [shown, setShown] = useState(DOSE_FIRST);
  const [rows, total] = useLive(
    async () => {
      const all = await db.administrations.where("episode").equals(props.episode.id).toArray();
      return [all.sort(byDesc("administered_at")).slice(0, shown), all.length] as const;
    },
    [props.episode.id, shown],
    [[], 0] as readonly [AdministrationRow[], number],
  );
  const title = String(props.episode.title);
  const more = total - rows.length;
  if (!total) return <p class="muted">{t`No doses or infusions logged in this episode yet.`}</p>;
  return (
    <>
      <ul class="adm-list" aria-label={t`Doses and infusions of ${title}`}>
        {rows.map((a) => (
          <li key={a.id} class="adm-card" id={`adm-${a.id}`}>
            <strong>
              {formatDate(a.administered_at)} {formatTime(a.administered_at)}
            </strong>{" "}
            <Pending row={a} />
            <br />
            {administrationLine(a)}
            <div class="actions">
              <button type="button" class="secondary" aria-describedby={`adm-${a.id}`} onClick={() => navigate(`#/today?after=${a.id}`)}>
                {t`Log how I feel after this`}
              </button>
              <button type="button" class="secondary" aria-describedby={`adm-${a.id}`} onClick={() => props.edit({ entity: "administration", record: a })}>
                {t`Edit`}
              </button>
              <ConfirmButton label={t`Delete`} confirmLabel={t`Delete dose`} describedBy={`adm-${a.id}`} onConfirm={() => remove("administration", a.id)} />
            </div>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <button type="button" class="secondary" onClick={() => setShown(shown + DOSE_STEP)}>
          {t`Show earlier doses (${more} more)`}
        </button>
      )}
    </>
  );
}

function EpisodeActions(props: { e: EpisodeRow; edit: Edit }) {
  const { e } = props;
  return (
    <div class="actions">
      <button type="button" class="secondary" aria-describedby={`ep-${e.id}`} onClick={() => props.edit({ entity: "episode", record: e })}>
        {t`Edit`}
      </button>
      <ConfirmButton label={t`Delete`} confirmLabel={t`Delete episode`} describedBy={`ep-${e.id}`} onConfirm={() => remove("episode", e.id)} />
    </div>
  );
}

/** An earlier episode: one summary line; its doses render only while it is open. */
function PastEpisode(props: { e: EpisodeRow; edit: Edit }) {
  const [open, setOpen] = useState(false);
  const { e } = props;
  return (
    <details class="episode-past" onToggle={(ev) => setOpen((ev.currentTarget as HTMLDetailsElement).open)}>
      <summary id={`ep-${e.id}`}>
        <strong>{String(e.title)}</strong> <Pending row={e} /> · {episodeLine(e)}
      </summary>
      {open && (
        <>
          <EpisodeActions e={e} edit={props.edit} />
          <Administrations episode={e} edit={props.edit} />
        </>
      )}
    </details>
  );
}

/** One day of intakes: a summary line; the intakes render only while it is open. */
function IntakeDay(props: { date: string; intakes: MedicationRow[]; edit: Edit }) {
  const [open, setOpen] = useState(false);
  const pending = props.intakes.some((m) => m._pending);
  return (
    <details class="day-group" onToggle={(ev) => setOpen((ev.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <strong>{formatDate(props.date)}</strong> {daySummary(props.intakes)}
        {pending && <NotSynced />}
      </summary>
      {open && (
        <ul class="records">
          {props.intakes.map((m) => (
            <li key={m.id}>
              <span id={`med-${m.id}`}>
                <strong>{formatTime(m.taken_at)}</strong> {intakeText(m)}
                {typeof m.mme === "number" && m.mme > 0 ? ` · ${formatNumber(m.mme)} MME` : ""} <Pending row={m} />
              </span>
              <div class="actions">
                <button type="button" class="secondary" aria-describedby={`med-${m.id}`} onClick={() => props.edit({ entity: "medication", record: m })}>
                  {t`Edit`}
                </button>
                <ConfirmButton label={t`Delete`} confirmLabel={t`Delete medicine`} describedBy={`med-${m.id}`} onConfirm={() => remove("medication", m.id)} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function byDay(intakes: MedicationRow[]): [string, MedicationRow[]][] {
  const days = new Map<string, MedicationRow[]>();
  for (const m of [...intakes].sort(byDesc("taken_at"))) {
    const d = String(m.taken_at ?? "").slice(0, 10); // the local date in the intake's own offset
    days.set(d, [...(days.get(d) ?? []), m]);
  }
  return [...days].sort((a, b) => b[0].localeCompare(a[0]));
}

/** "5 doses on 3 days". */
function countsText(doses: number, days: number): string {
  return t`${plural(doses, { one: "# dose", other: "# doses" })} on ${plural(days, { one: "# day", other: "# days" })}`;
}

/** Medicines taken, one month at a time (the newest month with intakes first). */
function IntakesByMonth(props: { edit: Edit }) {
  const { month, oldest, newest, known, choose } = useMonthPaging(db.medications, "taken_at");
  const intakes = useLive(() => db.medications.where("taken_at").between(month, `${month}\uffff`, true, true).toArray(), [month], [] as MedicationRow[]);
  const days = byDay(intakes);
  const label = monthLabel(month);
  return (
    <>
      <MonthNav id="med-month" label={t`Month of medicines taken`} month={month} first={oldest} last={newest} onChange={choose} />
      <h4 class="month-title" id="med-month-title" aria-live="polite">
        {label} <span class="row-count">· {countsText(intakes.length, days.length)}</span>
      </h4>
      {known && !days.length && <p class="muted">{t`No medicines logged in ${label}.`}</p>}
      {days.map(([date, list]) => (
        <IntakeDay key={date} date={date} intakes={list} edit={props.edit} />
      ))}
    </>
  );
}

export default function Treatment() {
  const episodes = useLive(episodesNewestFirst, [], [] as EpisodeRow[]);
  const [editing, setEditing] = useState<Editing>(null);
  const done = () => setEditing(null);
  const current = currentOf(episodes);
  const earlier = episodes.filter((e) => e !== current);

  return (
    <section aria-labelledby="treatment-title">
      <h2 id="treatment-title">{t`Treatment`}</h2>

      <UsualMedicines />

      <section aria-labelledby="episodes-title">
        <h3 id="episodes-title">{current ? t`Current episode` : t`Episodes`}</h3>
        {editing?.entity === "episode" ? (
          <EpisodeForm record={editing.record} onDone={done} />
        ) : (
          <button type="button" class="secondary" onClick={() => setEditing({ entity: "episode", record: null })}>
            {t`Add an episode`}
          </button>
        )}
        {!current && <p class="muted">{t`No treatment episode yet. Add one to log its doses and infusions.`}</p>}
        {current && (
          <article class="card episode-card" aria-labelledby={`ep-${current.id}-title`}>
            <h4 id={`ep-${current.id}-title`}>
              {String(current.title)} <Pending row={current} />
            </h4>
            <p id={`ep-${current.id}`}>{episodeLine(current)}</p>
            <EpisodeActions e={current} edit={setEditing} />
            <h5 id="adm-title">{t`Doses and infusions`}</h5>
            {editing?.entity === "administration" ? (
              <AdministrationForm record={editing.record} episodes={episodes} onDone={done} />
            ) : (
              <button type="button" class="secondary" onClick={() => setEditing({ entity: "administration", record: null })}>
                {t`Add a dose or infusion`}
              </button>
            )}
            <Administrations episode={current} edit={setEditing} />
          </article>
        )}
        {earlier.length > 0 && (
          <>
            <h4>{t`Earlier episodes`}</h4>
            {earlier.map((e) => (
              <PastEpisode key={e.id} e={e} edit={setEditing} />
            ))}
          </>
        )}
      </section>

      <section aria-labelledby="med-title">
        <h3 id="med-title">{t`Medicines taken`}</h3>
        {editing?.entity === "medication" ? (
          <MedicationForm record={editing.record} onDone={done} />
        ) : (
          <button type="button" class="secondary" onClick={() => setEditing({ entity: "medication", record: null })}>
            {t`Add a medicine`}
          </button>
        )}
        <IntakesByMonth edit={setEditing} />
      </section>
    </section>
  );
}
