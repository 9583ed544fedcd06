/** A medication intake: drug from the catalogue, dose and unit; the server derives MME. */
import { useState } from "preact/hooks";
import { catalog, estimateMme, labelOf } from "../catalog";
import { Notes, Select, TextInput } from "../components/Fields";
import type { InputOf } from "../kinds";
import { fromLocalInput, sameMoment, toLocalInput } from "../time";
import { numberOrNull, outOfRange, startFrom, submitRecord, text, type RecordFormProps } from "./submit";

type Medication = InputOf<"medication">;

export function MedicationForm(props: RecordFormProps<"medication">) {
  const [opened] = useState(() => ({ ...props, record: props.record ?? null }));
  const start = startFrom(opened);
  const drugs = catalog.value?.drugs ?? [];
  const [v, setV] = useState({
    taken_at: toLocalInput(start.taken_at) || toLocalInput(new Date().toISOString()),
    drug: (text(start.drug) || drugs[0]?.code || "") as Medication["drug"], // as stored or sent, or the catalogue's first
    dose: text(start.dose),
    unit: (text(start.unit) || "mg") as Medication["unit"],
    notes: text(start.notes),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const drug = drugs.find((d) => d.code === v.drug);
  const units = drug?.units ?? [v.unit];
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) =>
      setV((old) => {
        const next = { ...old, [k]: value };
        const chosen = drugs.find((d) => d.code === next.drug);
        if (k === "drug" && chosen && !chosen.units.includes(next.unit)) next.unit = chosen.units[0] ?? next.unit;
        return next;
      });

  if (!drugs.length) return <p>The list of medicines loads the first time the app is online.</p>;

  async function save(e: Event) {
    e.preventDefault();
    const dose = numberOrNull(v.dose);
    const problem = dose === null ? "Enter the dose." : outOfRange(dose, 0.001, 100000);
    setErrors(problem ? { dose: problem } : {});
    if (problem || dose === null) return;
    const taken_at = sameMoment(start.taken_at, v.taken_at) ?? fromLocalInput(v.taken_at);
    await submitRecord("medication", { taken_at, drug: v.drug, dose, unit: v.unit, notes: v.notes }, opened);
    props.onDone?.();
  }

  const dose = numberOrNull(v.dose);
  const mme = dose && !Number.isNaN(dose) ? estimateMme(drug, dose, v.unit) : null;
  return (
    <form onSubmit={save} class="card" noValidate>
      <TextInput id="med-at" type="datetime-local" label="Taken at" value={v.taken_at} onChange={set("taken_at")} required />
      <Select id="med-drug" label="Medicine" value={v.drug} options={drugs} onChange={set("drug")} />
      <TextInput id="med-dose" label="Dose" value={v.dose} onChange={set("dose")} error={errors.dose} inputMode="decimal" required />
      <Select id="med-unit" label="Unit" value={v.unit} options={units.map((u) => ({ code: u, label: labelOf(catalog.value?.units, u) }))} onChange={set("unit")} />
      {mme !== null && drug?.opioid && <p class="hint">About {mme} morphine milligram equivalents (MME).</p>}
      <Notes id="med-notes" value={v.notes} onChange={set("notes")} />
      <div class="actions">
        <button type="submit" class="primary">Save medicine</button>
        {props.onDone && <button type="button" class="secondary" onClick={props.onDone}>Cancel</button>}
      </div>
    </form>
  );
}
