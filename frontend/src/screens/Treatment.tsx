/** Treatment: episodes, their doses and infusions, and medication intakes. */
import { useState } from "preact/hooks";
import { catalog, labelOf } from "../catalog";
import { ConfirmButton } from "../components/ConfirmButton";
import { db, type AdministrationRow, type Entity, type EpisodeRow, type MedicationRow, type Visible } from "../db";
import { AdministrationForm } from "../forms/AdministrationForm";
import { EpisodeForm } from "../forms/EpisodeForm";
import { MedicationForm } from "../forms/MedicationForm";
import { useLive } from "../live";
import { administrationsNewestFirst, byDesc, episodesNewestFirst } from "../records";
import { navigate } from "../router";
import { requestSync } from "../sync/loop";
import { deleteRecord } from "../sync/outbox";
import { formatDate, formatTime } from "../time";

type Editing = { [E in Entity]: { entity: E; record: Visible<E> | null } }[Entity] | null;

function remove(entity: Entity, id: string) {
  void deleteRecord(entity, id).then(() => requestSync());
}

const Pending = (props: { row: { _pending: 0 | 1 } }) => (props.row._pending ? <span class="tag">not synced yet</span> : null);

function dose(a: AdministrationRow): string {
  if (a.dose_mg_per_kg !== null && a.dose_mg_per_kg !== undefined) return `${a.dose_mg_per_kg} mg/kg`;
  if (a.dose_mg !== null && a.dose_mg !== undefined) return `${a.dose_mg} mg`;
  return "dose not recorded";
}

export default function Treatment() {
  const episodes = useLive(episodesNewestFirst, [], [] as EpisodeRow[]);
  const administrations = useLive(administrationsNewestFirst, [], [] as AdministrationRow[]);
  const intakes = useLive(async () => (await db.medications.toArray()).sort(byDesc("taken_at")).slice(0, 50), [], [] as MedicationRow[]);
  const [editing, setEditing] = useState<Editing>(null);
  const cat = catalog.value;
  const done = () => setEditing(null);

  return (
    <section aria-labelledby="treatment-title">
      <h2 id="treatment-title">Treatment</h2>

      <section aria-labelledby="episodes-title">
        <h3 id="episodes-title">Episodes</h3>
        {editing?.entity === "episode" ? (
          <EpisodeForm record={editing.record} onDone={done} />
        ) : (
          <button type="button" class="secondary" onClick={() => setEditing({ entity: "episode", record: null })}>
            Add an episode
          </button>
        )}
        <ul class="records">
          {episodes.map((e) => (
            <li key={e.id} id={`ep-${e.id}`}>
              <strong>{String(e.title)}</strong> <Pending row={e} />
              <br />
              {labelOf(cat?.conditions, e.condition)} · {e.treatment === "other" ? String(e.treatment_name) : labelOf(cat?.treatments, e.treatment)} · from{" "}
              {formatDate(e.started_on)}
              {e.ended_on ? ` to ${formatDate(e.ended_on)}` : " (ongoing)"}
              <div class="actions">
                <button type="button" class="secondary" aria-describedby={`ep-${e.id}`} onClick={() => setEditing({ entity: "episode", record: e })}>
                  Edit
                </button>
                <ConfirmButton label="Delete" confirmLabel="Delete episode" describedBy={`ep-${e.id}`} onConfirm={() => remove("episode", e.id)} />
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="adm-title">
        <h3 id="adm-title">Doses and infusions</h3>
        {editing?.entity === "administration" ? (
          <AdministrationForm record={editing.record} episodes={episodes} onDone={done} />
        ) : (
          <button type="button" class="secondary" onClick={() => setEditing({ entity: "administration", record: null })}>
            Add a dose or infusion
          </button>
        )}
        <ul class="records">
          {administrations.slice(0, 50).map((a) => (
            <li key={a.id} id={`adm-${a.id}`}>
              <strong>
                {formatDate(a.administered_at)} {formatTime(a.administered_at)}
              </strong>{" "}
              <Pending row={a} />
              <br />
              {labelOf(cat?.routes, a.route)}, {labelOf(cat?.phases, a.phase).toLowerCase()}, {dose(a)}
              {a.duration_minutes != null ? ` over ${a.duration_minutes} min` : ""}
              {a.bp_systolic_max != null ? ` · BP ${a.bp_systolic_max}/${a.bp_diastolic_max ?? "–"}` : ""}
              {a.heart_rate_max != null ? ` · HR ${a.heart_rate_max}` : ""}
              <div class="actions">
                <button type="button" class="secondary" aria-describedby={`adm-${a.id}`} onClick={() => navigate(`#/today?after=${a.id}`)}>
                  Log how I feel after this
                </button>
                <button type="button" class="secondary" aria-describedby={`adm-${a.id}`} onClick={() => setEditing({ entity: "administration", record: a })}>
                  Edit
                </button>
                <ConfirmButton label="Delete" confirmLabel="Delete dose" describedBy={`adm-${a.id}`} onConfirm={() => remove("administration", a.id)} />
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="med-title">
        <h3 id="med-title">Medicines taken</h3>
        {editing?.entity === "medication" ? (
          <MedicationForm record={editing.record} onDone={done} />
        ) : (
          <button type="button" class="secondary" onClick={() => setEditing({ entity: "medication", record: null })}>
            Add a medicine
          </button>
        )}
        <ul class="records">
          {intakes.map((m) => (
            <li key={m.id} id={`med-${m.id}`}>
              <strong>
                {formatDate(m.taken_at)} {formatTime(m.taken_at)}
              </strong>{" "}
              <Pending row={m} />
              <br />
              {labelOf(cat?.drugs, m.drug)} {String(m.dose)} {m.unit === "mcg_per_h" ? "mcg/h" : String(m.unit)}
              {typeof m.mme === "number" && m.mme > 0 ? ` · ${m.mme} MME` : ""}
              <div class="actions">
                <button type="button" class="secondary" aria-describedby={`med-${m.id}`} onClick={() => setEditing({ entity: "medication", record: m })}>
                  Edit
                </button>
                <ConfirmButton label="Delete" confirmLabel="Delete medicine" describedBy={`med-${m.id}`} onConfirm={() => remove("medication", m.id)} />
              </div>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
