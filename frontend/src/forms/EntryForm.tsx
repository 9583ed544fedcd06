/**
 * The entry editor: pain now (one tap) and Save (one tap) for the common case; every other
 * item on demand. Creates, edits (sends only changed fields) and fixes rejected entries.
 * Before saving it checks what the server will (least ≤ average ≤ worst, the diary date's
 * range: forms/entryChecks.ts); red flags get their advice first, before and after Save.
 */
import { useMemo, useState } from "preact/hooks";
import { capitalized, catalog, labelOf, redFlagsLogged } from "../catalog";
import { Field, Notes, ScoreSelect, TextInput, uid } from "../components/Fields";
import { PainScale } from "../components/PainScale";
import { RedFlagCard, savedRedFlags } from "../components/RedFlagCard";
import type { AdministrationRow, EntryRow, Json } from "../db";
import type { InputOf } from "../kinds";
import { useLive } from "../live";
import { administrationsNewestFirst, num, str } from "../records";
import { dismissRejection } from "../sync/apply";
import { requestSync } from "../sync/loop";
import { changedFields, saveRecord } from "../sync/outbox";
import { addDays, formatDate, isoWithOffset, localDate } from "../time";
import { DIARY_DATE_BACK_DAYS, diaryDateError, painOrderErrors } from "./entryChecks";

type EntryInput = InputOf<"entry">;
export type SideEffect = NonNullable<EntryInput["side_effects"]>[number];
type Score = "pain_average" | "pain_worst" | "pain_least" | "interference_enjoyment" | "interference_activity" | "mood" | "sleep_quality";

const SCORES: [Score, string, string?][] = [
  ["pain_average", "Average pain, last 24 hours"],
  ["pain_worst", "Worst pain, last 24 hours"],
  ["pain_least", "Least pain, last 24 hours"],
  ["interference_enjoyment", "How much pain interfered with enjoyment of life", "0 = not at all, 10 = completely"],
  ["interference_activity", "How much pain interfered with general activity", "0 = not at all, 10 = completely"],
  ["mood", "Mood", "0 = very low, 10 = very good"],
  ["sleep_quality", "Sleep quality", "0 = very poor, 10 = very good"],
];

export interface EntryFormProps {
  /** The visible record when editing; absent for a new entry. */
  record?: EntryRow | null;
  /** Values to start from (a rejected payload, a pre-linked infusion). */
  initial?: Json;
  /** The id to create under (fixing a rejected creation); a new UUID otherwise. */
  id?: string;
  rejectionId?: string;
  showDetails?: boolean;
  onSaved?: (id: string, pain: number) => void;
  onCancel?: () => void;
}

function startState(props: EntryFormProps): Json {
  const base: Json = { ...(props.record ?? {}), ...(props.initial ?? {}) };
  return {
    ...base,
    locations: Array.isArray(base.locations) ? base.locations : [],
    side_effects: Array.isArray(base.side_effects) ? base.side_effects : [],
    notes: str(base.notes),
  };
}

export function EntryForm(props: EntryFormProps) {
  const [values, setValues] = useState<Json>(() => startState(props));
  // The record as it was when the editor opened: edits are diffed against it, and its
  // version is the base, so a change another device made meanwhile is not undone silently.
  const [opened] = useState(() => props.record ?? null);
  const [open, setOpen] = useState(!!props.showDetails || !!props.record || !!props.rejectionId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const ids = useMemo(() => ({ details: uid("details"), date: uid("date"), notes: uid("notes"), link: uid("link") }), []);
  const administrations = useLive(administrationsNewestFirst, [], [] as AdministrationRow[]);
  const cat = catalog.value;

  const set = (key: string, value: unknown) => setValues((v) => ({ ...v, [key]: value }));
  const pain = num(values.pain_now);
  const effects = values.side_effects as SideEffect[];
  const locations = values.locations as string[];
  // Every red flag ticked, with its advice from the stored catalogue (offline too).
  const redFlags = redFlagsLogged(effects, cat?.side_effects);
  // The day the entry is recorded on: recorded_at's own date (an edit), or today.
  const recordedOn = str(values.recorded_at).slice(0, 10) || localDate();
  const diaryDate = str(values.diary_date) || recordedOn;

  /** What the form holds, as the entry's fields (an edit sends those that changed). */
  function buildDoc(pain_now: number): Omit<EntryInput, "recorded_at"> {
    const doc: Omit<EntryInput, "recorded_at"> = {
      diary_date: diaryDate,
      pain_now,
      locations: locations as NonNullable<EntryInput["locations"]>, // codes of the catalogue's body regions
      side_effects: effects,
      notes: str(values.notes),
      episode: str(values.episode) || null,
      administration: str(values.administration) || null,
      relief_percent: num(values.relief_percent),
      pgic: num(values.pgic),
    };
    for (const [key] of SCORES) doc[key] = num(values[key]);
    return doc;
  }

  async function save(event: Event) {
    event.preventDefault();
    if (pain === null) {
      setError("Choose how much pain you have now (0–10).");
      return;
    }
    // The server's rules, checked here first (it stays the authority).
    const problems = painOrderErrors(num(values.pain_least), num(values.pain_average), num(values.pain_worst));
    const dateProblem = diaryDateError(diaryDate, recordedOn);
    if (dateProblem) problems.diary_date = dateProblem;
    setFieldErrors(problems);
    if (Object.keys(problems).length) {
      setOpen(true);
      setError("Please check the details marked below.");
      return;
    }
    setBusy(true);
    setError("");
    const started = performance.now();
    try {
      const doc = buildDoc(pain);
      let id = opened?.id ?? props.id ?? crypto.randomUUID();
      if (opened) {
        const patch = changedFields(opened, doc);
        if (Object.keys(patch).length) await saveRecord("entry", id, patch, opened.version);
      } else {
        await saveRecord("entry", id, { recorded_at: str(values.recorded_at) || isoWithOffset(), ...doc });
      }
      if (props.rejectionId) await dismissRejection(props.rejectionId);
      performance.measure("entry-save", { start: started, end: performance.now() });
      savedRedFlags.value = redFlags; // the card stays after Save, until it is closed
      void requestSync();
      props.onSaved?.(id, pain);
      if (!opened && !props.rejectionId) {
        setValues(startState({ initial: props.initial }));
        id = "";
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function toggleEffect(code: string, on: boolean) {
    set("side_effects", on ? [...effects, { code, severity: 1 }] : effects.filter((e) => e.code !== code));
  }

  function toggleLocation(code: string, on: boolean) {
    set("locations", on ? [...locations, code] : locations.filter((c) => c !== code));
  }

  const linked = administrations.find((a) => a.id === values.administration);
  // The red flags ticked here; else, in a form for a new entry, those of the entry just saved.
  const card = redFlags.length ? (
    <RedFlagCard flags={redFlags} />
  ) : !opened && savedRedFlags.value.length ? (
    <RedFlagCard flags={savedRedFlags.value} saved onClose={() => (savedRedFlags.value = [])} />
  ) : null;

  return (
    <form class="entry-form" onSubmit={save} noValidate>
      {card}
      <PainScale value={pain} onChange={(v) => set("pain_now", v)} />
      {linked && (
        <p class="linked">
          About the {labelOf(cat?.routes, linked.route).toLowerCase()} on {formatDate(linked.administered_at)}.{" "}
          <button type="button" class="link" onClick={() => setValues((v) => ({ ...v, administration: null, episode: null }))}>
            Unlink
          </button>
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary big" disabled={busy}>
          Save
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button type="button" class="secondary" aria-expanded={open} aria-controls={ids.details} onClick={() => setOpen(!open)}>
          {open ? "Fewer details" : "More details"}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div id={ids.details} hidden={!open} class="details">
        <TextInput
          id={ids.date}
          type="date"
          label="Diary date (the day this entry is about)"
          value={diaryDate}
          min={addDays(recordedOn, -DIARY_DATE_BACK_DAYS)}
          max={recordedOn}
          error={fieldErrors.diary_date}
          onChange={(v) => set("diary_date", v)}
        />
        {SCORES.map(([key, label, hint]) => (
          <ScoreSelect
            key={key}
            id={`${ids.details}-${key}`}
            label={label}
            hint={hint}
            value={num(values[key])}
            error={fieldErrors[key]}
            onChange={(v) => set(key, v)}
          />
        ))}
        <ScoreSelect
          id={`${ids.details}-relief`}
          label="Relief from treatment, last 24 hours"
          value={num(values.relief_percent)}
          min={0}
          max={100}
          step={10}
          unit=" %"
          onChange={(v) => set("relief_percent", v)}
        />
        <ScoreSelect
          id={`${ids.details}-pgic`}
          label="Since this treatment started, my condition is…"
          value={num(values.pgic)}
          min={1}
          max={7}
          labels={cat ? Object.fromEntries(cat.pgic.map((p) => [p.value, `${p.value} – ${p.label}`])) : undefined}
          onChange={(v) => set("pgic", v)}
        />
        <Field id={ids.link} label="About an infusion or dose">
          <select
            id={ids.link}
            value={str(values.administration)}
            onChange={(e) => {
              const chosen = administrations.find((a) => a.id === (e.currentTarget as HTMLSelectElement).value);
              setValues((v) => ({ ...v, administration: chosen?.id ?? null, episode: chosen?.episode ?? v.episode ?? null }));
            }}
          >
            <option value="">Not linked</option>
            {administrations.slice(0, 30).map((a) => (
              <option key={a.id} value={a.id}>
                {formatDate(a.administered_at)} – {labelOf(cat?.routes, a.route)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="checklist">
          <legend>Side effects</legend>
          {(cat?.side_effects ?? []).map((s) => {
            const chosen = effects.find((e) => e.code === s.code);
            const boxId = `${ids.details}-se-${s.code}`;
            return (
              <div class="check-row" key={s.code}>
                <input type="checkbox" id={boxId} checked={!!chosen} onChange={(e) => toggleEffect(s.code, (e.currentTarget as HTMLInputElement).checked)} />
                <label for={boxId}>{s.label}</label>
                {chosen && (
                  <select
                    aria-label={`Severity of ${s.label}`}
                    value={String(chosen.severity)}
                    onChange={(e) =>
                      set(
                        "side_effects",
                        effects.map((x) => (x.code === s.code ? { ...x, severity: Number((e.currentTarget as HTMLSelectElement).value) } : x)),
                      )
                    }
                  >
                    {cat?.severities.map((v) => (
                      <option key={v.value} value={String(v.value)}>
                        {capitalized(v.label)}
                      </option>
                    ))}
                  </select>
                )}
              </div>
            );
          })}
          {!cat && <p class="hint">The list of side effects loads the first time the app is online.</p>}
        </fieldset>
        <fieldset class="checklist columns">
          <legend>Where is the pain?</legend>
          {(cat?.body_regions ?? []).map((r) => {
            const boxId = `${ids.details}-loc-${r.code}`;
            return (
              <div class="check-row" key={r.code}>
                <input type="checkbox" id={boxId} checked={locations.includes(r.code)} onChange={(e) => toggleLocation(r.code, (e.currentTarget as HTMLInputElement).checked)} />
                <label for={boxId}>{r.label}</label>
              </div>
            );
          })}
        </fieldset>
        <Notes id={ids.notes} value={str(values.notes)} onChange={(v) => set("notes", v)} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Save entry
          </button>
        </div>
      </div>
    </form>
  );
}
