/** One dose or infusion session: route, dose (mg or mg/kg with weight), duration, monitoring. */
import { t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { catalog, optionsOf } from "../catalog";
import { Notes, Select, TextInput } from "../components/Fields";
import type { EpisodeRow } from "../db";
import { formatNumber } from "../i18n";
import type { InputOf } from "../kinds";
import { fromLocalInput, sameMoment, toLocalInput } from "../time";
import { numberOrNull, outOfRange, startFrom, submitRecord, text, type RecordFormProps } from "./submit";

type Administration = InputOf<"administration">;
type Measure = "dose_mg" | "dose_mg_per_kg" | "weight_kg" | "duration_minutes" | "bp_systolic_max" | "bp_diastolic_max" | "heart_rate_max";

const LIMITS: Record<Measure, [number, number, boolean]> = {
  dose_mg: [0, 2000, false],
  dose_mg_per_kg: [0, 10, false],
  weight_kg: [1, 400, false],
  duration_minutes: [0, 1440, true],
  bp_systolic_max: [40, 300, true],
  bp_diastolic_max: [20, 200, true],
  heart_rate_max: [20, 250, true],
};

/** The hint under a dose in mg/kg: "Typical IV infusions for pain: 0.1–0.5 mg/kg". */
function typical(): string {
  const [low, high] = [formatNumber(0.1), formatNumber(0.5)];
  return t`Typical IV infusions for pain: ${low}–${high} mg/kg`;
}

export function AdministrationForm(props: RecordFormProps<"administration"> & { episodes: EpisodeRow[] }) {
  const [opened] = useState(() => ({ ...props, record: props.record ?? null }));
  const start = startFrom(opened);
  const [v, setV] = useState({
    episode: text(start.episode) || props.episodes[0]?.id || "",
    administered_at: toLocalInput(start.administered_at) || toLocalInput(new Date().toISOString()),
    route: (text(start.route) || "iv_infusion") as Administration["route"], // as stored or sent
    phase: (text(start.phase) || "induction") as NonNullable<Administration["phase"]>,
    setting: (text(start.setting) || "clinic") as NonNullable<Administration["setting"]>,
    doseUnit: start.dose_mg_per_kg !== null && start.dose_mg_per_kg !== undefined ? "mg_per_kg" : "mg",
    dose_mg: text(start.dose_mg),
    dose_mg_per_kg: text(start.dose_mg_per_kg),
    weight_kg: text(start.weight_kg),
    duration_minutes: text(start.duration_minutes),
    bp_systolic_max: text(start.bp_systolic_max),
    bp_diastolic_max: text(start.bp_diastolic_max),
    heart_rate_max: text(start.heart_rate_max),
    notes: text(start.notes),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) =>
      setV({ ...v, [k]: value });
  const cat = catalog.value;

  if (!props.episodes.length) return <p>{t`Add a treatment episode first; each dose belongs to one.`}</p>;

  async function save(e: Event) {
    e.preventDefault();
    const numbers = {} as Record<Measure, number | null>;
    const problems: Record<string, string> = {};
    for (const key of Object.keys(LIMITS) as Measure[]) {
      const [lo, hi, integer] = LIMITS[key];
      numbers[key] = numberOrNull(v[key]);
      const problem = outOfRange(numbers[key], lo, hi, integer);
      if (problem) problems[key] = problem;
    }
    if (v.doseUnit === "mg") numbers.dose_mg_per_kg = null;
    else numbers.dose_mg = null;
    if (numbers.dose_mg_per_kg !== null && numbers.weight_kg === null) problems.weight_kg = t`A dose in mg/kg needs the weight in kg.`;
    if (!v.administered_at) problems.administered_at = t`When was it given?`;
    setErrors(problems);
    if (Object.keys(problems).length) return;
    await submitRecord(
      "administration",
      {
        episode: v.episode,
        administered_at: sameMoment(start.administered_at, v.administered_at) ?? fromLocalInput(v.administered_at),
        route: v.route,
        phase: v.phase,
        setting: v.setting,
        notes: v.notes,
        ...numbers,
      },
      opened,
    );
    props.onDone?.();
  }

  const num = (key: Measure, label: string, hint?: string) => (
    <TextInput id={`adm-${key}`} label={label} value={v[key]} onChange={set(key)} error={errors[key]} hint={hint} inputMode="decimal" />
  );

  return (
    <form onSubmit={save} class="card" noValidate>
      <Select id="adm-episode" label={t({ comment: "A treatment episode (course), which the dose belongs to", message: "Episode" })} value={v.episode} options={props.episodes.map((e) => ({ code: e.id, label: text(e.title) }))} onChange={set("episode")} />
      <TextInput id="adm-at" type="datetime-local" label={t`Given at`} value={v.administered_at} onChange={set("administered_at")} error={errors.administered_at} required />
      <Select id="adm-route" label={t({ comment: "Route of administration (IV, oral, …)", message: "Route" })} value={v.route} options={optionsOf(cat?.routes, v.route)} onChange={set("route")} />
      <Select id="adm-phase" label={t({ comment: "Treatment phase: induction or maintenance", message: "Phase" })} value={v.phase} options={optionsOf(cat?.phases, v.phase)} onChange={set("phase")} />
      <Select id="adm-setting" label={t({ comment: "Where the dose was given: clinic, hospital, home", message: "Setting" })} value={v.setting} options={optionsOf(cat?.settings, v.setting)} onChange={set("setting")} />
      <fieldset class="inline">
        <legend>{t`Dose given in`}</legend>
        <label>
          <input type="radio" name="adm-dose-unit" checked={v.doseUnit === "mg"} onChange={() => set("doseUnit")("mg")} /> mg
        </label>
        <label>
          <input type="radio" name="adm-dose-unit" checked={v.doseUnit === "mg_per_kg"} onChange={() => set("doseUnit")("mg_per_kg")} /> mg/kg
        </label>
      </fieldset>
      {v.doseUnit === "mg" ? num("dose_mg", t`Dose (mg)`) : num("dose_mg_per_kg", t`Dose (mg/kg)`, typical())}
      {num("weight_kg", t`Weight (kg)`)}
      {num("duration_minutes", t`Duration (minutes)`)}
      {num("bp_systolic_max", t`Highest blood pressure, systolic (mmHg)`)}
      {num("bp_diastolic_max", t`Highest blood pressure, diastolic (mmHg)`)}
      {num("heart_rate_max", t`Highest heart rate (beats per minute)`)}
      <Notes id="adm-notes" value={v.notes} onChange={set("notes")} />
      <div class="actions">
        <button type="submit" class="primary">{t`Save dose`}</button>
        {props.onDone && <button type="button" class="secondary" onClick={props.onDone}>{t`Cancel`}</button>}
      </div>
    </form>
  );
}
