/** A treatment episode: what, for which condition, from when to when. */
import { t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { catalog, optionsOf } from "../catalog";
import { Notes, Select, TextInput } from "../components/Fields";
import type { InputOf } from "../kinds";
import { localDate } from "../time";
import { startFrom, submitRecord, text, type RecordFormProps } from "./submit";

type Episode = InputOf<"episode">;

export function EpisodeForm(props: RecordFormProps<"episode">) {
  const [opened] = useState(() => ({ ...props, record: props.record ?? null }));
  const start = startFrom(opened);
  const [v, setV] = useState({
    title: text(start.title),
    treatment: (text(start.treatment) || "ketamine") as Episode["treatment"], // as stored or sent
    treatment_name: text(start.treatment_name),
    condition: (text(start.condition) || "crps") as Episode["condition"],
    started_on: text(start.started_on) || localDate(),
    ended_on: text(start.ended_on),
    notes: text(start.notes),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set =
    <K extends keyof typeof v>(k: K) =>
    (value: (typeof v)[K]) =>
      setV({ ...v, [k]: value });
  const cat = catalog.value;

  async function save(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!v.title.trim()) problems.title = t`Give the episode a title.`;
    if (v.treatment === "other" && !v.treatment_name.trim()) problems.treatment_name = t`Name the treatment.`;
    if (v.ended_on && v.ended_on < v.started_on) problems.ended_on = t`An episode cannot end before it starts.`;
    setErrors(problems);
    if (Object.keys(problems).length) return;
    await submitRecord("episode", { ...v, ended_on: v.ended_on || null }, opened);
    props.onDone?.();
  }

  return (
    <form onSubmit={save} class="card" noValidate>
      <TextInput id="ep-title" label={t`Title`} value={v.title} onChange={set("title")} error={errors.title} required hint={t`For example: Ketamine infusions, spring 2026`} />
      <Select id="ep-treatment" label={t`Treatment`} value={v.treatment} options={optionsOf(cat?.treatments, v.treatment)} onChange={set("treatment")} />
      {v.treatment === "other" && (
        <TextInput id="ep-treatment-name" label={t`Name of the treatment`} value={v.treatment_name} onChange={set("treatment_name")} error={errors.treatment_name} />
      )}
      <Select id="ep-condition" label={t`Condition`} value={v.condition} options={optionsOf(cat?.conditions, v.condition)} onChange={set("condition")} />
      <TextInput id="ep-start" type="date" label={t`Started on`} value={v.started_on} onChange={set("started_on")} required />
      <TextInput id="ep-end" type="date" label={t`Ended on (leave empty while ongoing)`} value={v.ended_on} onChange={set("ended_on")} error={errors.ended_on} />
      <Notes id="ep-notes" value={v.notes} onChange={set("notes")} />
      <div class="actions">
        <button type="submit" class="primary">{t`Save episode`}</button>
        {props.onDone && <button type="button" class="secondary" onClick={props.onDone}>{t`Cancel`}</button>}
      </div>
    </form>
  );
}
