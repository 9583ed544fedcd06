/**
 * A medication intake: drug from the catalogue, dose and unit; the server derives MME. A patch
 * (unit mcg_per_h) is logged when applied ("Applied at") and says how long it is worn
 * (`wear_hours`, 72 unless changed), shown as the time it comes off. The catalogue's limits
 * (largest dose per unit, wear hours) are shown and checked before saving. A new intake of a
 * medicine logged within DUPLICATE_MINUTES of another dose of it asks before saving.
 */
import { plural, t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { catalog, estimateMme, labelOf } from "../catalog";
import { DuplicateDose } from "../components/DuplicateDose";
import { Notes, Select, TextInput } from "../components/Fields";
import type { MedicationRow } from "../db";
import { formatNumber } from "../i18n";
import { patchUntil, recentDose, weekdayTime } from "../intakes";
import type { InputOf } from "../kinds";
import { fromLocalInput, sameMoment, toLocalInput } from "../time";
import { doseError, numberOrNull, outOfRange, startFrom, submitRecord, text, type RecordFormProps } from "./submit";

type Medication = InputOf<"medication">;

/** "From 24 to 168 hours (up to 7 days)." — the catalogue's range of a patch's wear time. */
function wearRange(min: number, max: number): string {
  const days = max / 24;
  const [low, high] = [formatNumber(min), formatNumber(max)];
  return plural(days, {
    one: `From ${low} to ${high} hours (up to # day).`,
    other: `From ${low} to ${high} hours (up to # days).`,
  });
}

export function MedicationForm(props: RecordFormProps<"medication">) {
  const [opened] = useState(() => ({ ...props, record: props.record ?? null }));
  const start = startFrom(opened);
  const drugs = catalog.value?.drugs ?? [];
  const [v, setV] = useState({
    taken_at: toLocalInput(start.taken_at) || toLocalInput(new Date().toISOString()),
    drug: (text(start.drug) || drugs[0]?.code || "") as Medication["drug"], // as stored or sent, or the catalogue's first
    dose: text(start.dose),
    unit: (text(start.unit) || "mg") as Medication["unit"],
    wear_hours: text(start.wear_hours) || String(catalog.value?.wear_hours?.default ?? ""),
    notes: text(start.notes),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState<MedicationRow | null>(null);
  const drug = drugs.find((d) => d.code === v.drug);
  const units = drug?.units ?? [v.unit];
  const unit = catalog.value?.units.find((u) => u.code === v.unit);
  const wear = catalog.value?.wear_hours;
  const patch = v.unit === "mcg_per_h"; // the server's rule: wear_hours goes with this unit only
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) =>
      setV((old) => {
        const next = { ...old, [k]: value };
        const chosen = drugs.find((d) => d.code === next.drug);
        if (k === "drug" && chosen && !chosen.units.includes(next.unit)) next.unit = chosen.units[0] ?? next.unit;
        return next;
      });

  if (!drugs.length) return <p>{t`The list of medicines loads the first time the app is online.`}</p>;

  async function save(e: Event | null, confirmed = false) {
    e?.preventDefault();
    const dose = numberOrNull(v.dose);
    const wearHours = patch ? numberOrNull(v.wear_hours) : null;
    const problems: Record<string, string> = {};
    const doseProblem = dose === null ? t`Enter the dose.` : doseError(dose, unit?.max_dose, unit?.label ?? v.unit);
    if (doseProblem) problems.dose = doseProblem;
    const wearProblem = patch && wear ? outOfRange(wearHours, wear.min, wear.max, true) : "";
    if (wearProblem) problems.wear_hours = wearProblem;
    setErrors(problems);
    if (Object.keys(problems).length || dose === null) return;
    const taken_at = sameMoment(start.taken_at, v.taken_at) ?? fromLocalInput(v.taken_at);
    // wear_hours only with a patch: null otherwise (the server refuses it on another unit).
    const doc = { taken_at, drug: v.drug, dose, unit: v.unit, wear_hours: wearHours, notes: v.notes };
    if (!confirmed && !opened.record) {
      const previous = await recentDose(v.drug, new Date(taken_at), opened.id);
      if (previous) {
        setAsking(previous);
        return;
      }
    }
    setAsking(null);
    await submitRecord("medication", doc, opened);
    props.onDone?.();
  }

  const dose = numberOrNull(v.dose);
  const mme = dose && !Number.isNaN(dose) ? estimateMme(drug, dose, v.unit) : null;
  const wearNow = numberOrNull(v.wear_hours);
  const appliedAt = v.taken_at ? new Date(v.taken_at) : null;
  const until =
    patch && wearNow && Number.isInteger(wearNow) && appliedAt && !Number.isNaN(appliedAt.getTime())
      ? weekdayTime(patchUntil(appliedAt.toISOString(), wearNow), wearNow >= 144)
      : "";
  const maxDose = unit?.max_dose ? formatNumber(unit.max_dose) : "";
  const unitLabel = unit?.label ?? "";
  const wearHint = wear ? wearRange(wear.min, wear.max) : "";
  const mmeText = mme === null ? "" : formatNumber(mme);
  return (
    <form onSubmit={save} class="card" noValidate>
      <TextInput
        id="med-at"
        type="datetime-local"
        label={patch ? t`Applied at` : t`Taken at`}
        value={v.taken_at}
        onChange={set("taken_at")}
        hint={patch ? t`A patch is logged once, when it is applied.` : undefined}
        required
      />
      <Select id="med-drug" label={t`Medicine`} value={v.drug} options={drugs} onChange={set("drug")} />
      <TextInput
        id="med-dose"
        label={t`Dose`}
        value={v.dose}
        onChange={set("dose")}
        error={errors.dose}
        hint={maxDose ? t({ comment: "unitLabel: a dose unit from the server's catalogue, e.g. mg", message: `More than 0, at most ${maxDose} ${unitLabel}.` }) : undefined}
        inputMode="decimal"
        required
      />
      <Select id="med-unit" label={t`Unit`} value={v.unit} options={units.map((u) => ({ code: u, label: labelOf(catalog.value?.units, u) }))} onChange={set("unit")} />
      {patch && (
        <TextInput
          id="med-wear"
          label={t`Hours the patch is worn`}
          value={v.wear_hours}
          onChange={set("wear_hours")}
          error={errors.wear_hours}
          hint={[wearHint, until ? t({ comment: "When the patch comes off: a weekday and time, e.g. Thu 08:00", message: `Comes off ${until}.` }) : ""].filter(Boolean).join(" ")}
          inputMode="numeric"
        />
      )}
      {mme !== null && drug?.opioid && (
        <p class="hint">
          {patch
            ? t`About ${mmeText} morphine milligram equivalents (MME) for each day the patch is worn.`
            : t`About ${mmeText} morphine milligram equivalents (MME).`}
        </p>
      )}
      {drug?.mme_incomplete && <p class="hint">{t`This medicine has no MME factor: its days count as “MME incomplete”.`}</p>}
      <Notes id="med-notes" value={v.notes} onChange={set("notes")} />
      {asking && <DuplicateDose id="med-dup" previous={asking} onConfirm={() => void save(null, true)} onCancel={() => (setAsking(null), props.onDone?.())} />}
      <div class="actions">
        <button type="submit" class="primary">{t`Save medicine`}</button>
        {props.onDone && <button type="button" class="secondary" onClick={props.onDone}>{t`Cancel`}</button>}
      </div>
    </form>
  );
}
