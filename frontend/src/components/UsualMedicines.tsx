/**
 * "My usual medicines": the device's saved regimen, each item logged in one tap ("Took it
 * now") with undo, and a question first when the same medicine was logged minutes ago.
 * Exported for Treatment (and Today, at the lead's choice).
 */
import { t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { catalog, labelOf } from "../catalog";
import { db, type MedicationRow } from "../db";
import { formatNumber } from "../i18n";
import { doseText, recentDose } from "../intakes";
import { useLive } from "../live";
import { parseTimes, removeUsual, saveUsual, takeNow, usualMedicines, type RegimenRow } from "../regimen";
import { requestSync } from "../sync/loop";
import { deleteRecord } from "../sync/outbox";
import { formatTime } from "../time";
import { ConfirmButton } from "./ConfirmButton";
import { DuplicateDose } from "./DuplicateDose";
import { Select, TextInput } from "./Fields";
import "./medicines.css";

type Draft = { id?: string; drug: string; dose: string; unit: string; times: string; wear_hours: string };

function describe(item: RegimenRow): string {
  const list = item.times.join(", ");
  const times = item.times.length ? t({ comment: "A usual medicine's times of day, e.g. 08:00, 20:00", message: `usually at ${list}` }) : t`no set times`;
  const hours = formatNumber(item.wear_hours ?? catalog.value?.wear_hours?.default ?? 72);
  if (item.unit !== "mcg_per_h") return times;
  const worn = t({ comment: "A usual patch: how many hours each one is worn", message: `patch worn ${hours} h` });
  return `${worn} · ${times}`;
}

function UsualForm(props: { draft: Draft; onDone: () => void; from?: string }) {
  const { from } = props;
  const [v, setV] = useState(props.draft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const drugs = catalog.value?.drugs ?? [];
  const units = drugs.find((d) => d.code === v.drug)?.units ?? [v.unit];
  const unit = catalog.value?.units.find((u) => u.code === v.unit);
  const wear = catalog.value?.wear_hours;
  const patch = v.unit === "mcg_per_h";
  const set = (k: keyof Draft) => (value: string) =>
    setV((old) => {
      const next = { ...old, [k]: value };
      const chosen = drugs.find((d) => d.code === next.drug);
      if (k === "drug" && chosen && !(chosen.units as string[]).includes(next.unit)) next.unit = chosen.units[0] ?? next.unit;
      if (next.unit === "mcg_per_h" && !next.wear_hours) next.wear_hours = String(wear?.default ?? 72);
      return next;
    });

  async function save(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const dose = Number(v.dose.replace(",", "."));
    if (!v.dose.trim() || Number.isNaN(dose) || dose <= 0) problems.dose = t`Enter a dose more than 0.`;
    else if (unit?.max_dose && dose > unit.max_dose) {
      const label = unit.label;
      const max = formatNumber(unit.max_dose);
      problems.dose = t({ comment: "label: a dose unit from the server's catalogue, e.g. mg", message: `A dose in ${label} is at most ${max}.` });
    }
    const times = parseTimes(v.times);
    if (times === null) problems.times = t`Write times as 08:00, 20:00.`;
    const wearHours = patch ? Number(v.wear_hours) : null;
    const [min, max] = [wear?.min ?? 1, wear?.max ?? 168];
    if (patch && (!Number.isInteger(wearHours) || wearHours! < min || wearHours! > max)) problems.wear_hours = t`Enter whole hours from ${min} to ${max}.`;
    setErrors(problems);
    if (Object.keys(problems).length || times === null) return;
    await saveUsual({ id: v.id, drug: v.drug, dose, unit: v.unit, times, wear_hours: wearHours });
    props.onDone();
  }

  return (
    <form class="card" onSubmit={save} noValidate aria-label={v.id ? t`Edit a usual medicine` : t`Add a usual medicine`}>
      {from && <p class="hint">{t`Filled in from your last medicine (${from}); change what differs.`}</p>}
      <Select id="usual-drug" label={t`Usual medicine`} value={v.drug} options={drugs} onChange={set("drug")} />
      <TextInput id="usual-dose" label={t`Usual dose`} value={v.dose} onChange={set("dose")} error={errors.dose} inputMode="decimal" required />
      <Select id="usual-unit" label={t`Unit of the usual dose`} value={v.unit} options={units.map((u) => ({ code: u, label: labelOf(catalog.value?.units, u) }))} onChange={set("unit")} />
      <TextInput id="usual-times" label={t`Usual times`} value={v.times} onChange={set("times")} error={errors.times} hint={t`For example 08:00, 20:00 (optional).`} />
      {patch && (
        <TextInput id="usual-wear" label={t`Hours each patch is worn`} value={v.wear_hours} onChange={set("wear_hours")} error={errors.wear_hours} inputMode="numeric" />
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {t`Save usual medicine`}
        </button>
        <button type="button" class="secondary" onClick={props.onDone}>
          {t`Cancel`}
        </button>
      </div>
    </form>
  );
}

async function lastIntake(): Promise<MedicationRow | undefined> {
  return db.medications.orderBy("taken_at").last();
}

export function UsualMedicines() {
  const items = useLive(usualMedicines, [], [] as RegimenRow[]);
  const [editing, setEditing] = useState<{ draft: Draft; from?: string } | null>(null);
  const [asking, setAsking] = useState<{ item: RegimenRow; previous: MedicationRow } | null>(null);
  const [logged, setLogged] = useState<{ id: string; dose: string; time: string } | null>(null);
  const [message, setMessage] = useState("");
  const drugs = catalog.value?.drugs ?? [];

  async function take(item: RegimenRow, confirmed = false) {
    if (!confirmed) {
      const previous = await recentDose(item.drug);
      if (previous) {
        setAsking({ item, previous });
        return;
      }
      setAsking(null);
    }
    const id = await takeNow(item);
    if (confirmed) answered(item);
    const dose = doseText(item);
    const time = formatTime(new Date().toISOString());
    setLogged({ id, dose, time });
    setMessage(t`Logged ${dose} at ${time}.`);
  }

  /** The question answered: it goes, and focus returns to the item's "Took it now". */
  function answered(item: RegimenRow) {
    setAsking(null);
    setTimeout(() => document.getElementById(`took-${item.id}`)?.focus());
  }

  async function undo() {
    if (!logged) return;
    await deleteRecord("medication", logged.id);
    void requestSync();
    const { dose, time } = logged;
    setMessage(t({ comment: "A dose logged by mistake, undone", message: `Removed: ${dose} at ${time}.` }));
    setLogged(null);
  }

  async function add() {
    const last = await lastIntake();
    const drug = String(last?.drug ?? drugs[0]?.code ?? "");
    const draft: Draft = {
      drug,
      dose: last ? String(last.dose) : "",
      unit: String(last?.unit ?? "mg"),
      times: "",
      wear_hours: last?.wear_hours != null ? String(last.wear_hours) : "",
    };
    setEditing({ draft, from: last ? doseText(last) : undefined });
  }

  return (
    <section class="card usual" aria-labelledby="usual-title">
      <h3 id="usual-title">{t`My usual medicines`}</h3>
      {!items.length && !editing && <p class="muted">{t`Save the medicines you take regularly, then log each one in one tap, even offline.`}</p>}
      <ul class="usual-list">
        {items.map((item) => (
          <li key={item.id} class="usual-item">
            <span class="usual-what" id={`usual-${item.id}`}>
              <strong>{doseText(item)}</strong>
              <span class="hint">{describe(item)}</span>
            </span>
            <span class="actions">
              <button type="button" id={`took-${item.id}`} class="primary took" aria-describedby={`usual-${item.id}`} onClick={() => void take(item)}>
                {t`Took it now`}
              </button>
              <button
                type="button"
                class="secondary"
                aria-describedby={`usual-${item.id}`}
                onClick={() =>
                  setEditing({
                    draft: {
                      id: item.id,
                      drug: item.drug,
                      dose: String(item.dose),
                      unit: item.unit,
                      times: item.times.join(", "),
                      wear_hours: item.wear_hours != null ? String(item.wear_hours) : "",
                    },
                  })
                }
              >
                {t`Edit`}
              </button>
              <ConfirmButton label={t`Remove`} confirmLabel={t`Remove from my usual medicines`} describedBy={`usual-${item.id}`} onConfirm={() => void removeUsual(item.id)} />
            </span>
            {asking?.item.id === item.id && (
              <DuplicateDose id={`usual-dup-${item.id}`} previous={asking.previous} onConfirm={() => void take(item, true)} onCancel={() => answered(item)} />
            )}
          </li>
        ))}
      </ul>
      <div class="usual-logged">
        <p role="status">{message}</p>
        {logged && (
          <button type="button" class="secondary" onClick={() => void undo()}>
            {t`Undo`}
          </button>
        )}
      </div>
      {editing ? (
        <UsualForm draft={editing.draft} from={editing.from} onDone={() => setEditing(null)} />
      ) : (
        drugs.length > 0 && (
          <button type="button" class="secondary" onClick={() => void add()}>
            {t`Add a usual medicine`}
          </button>
        )
      )}
    </section>
  );
}

