/**
 * The entry editor: pain now (one tap) and Save (one tap) for the common case; the rest under
 * "More details", in sections opened one at a time (How I feel, Side effects, Where, Treatment,
 * Notes), 0–10 items as segmented controls, side effects grouped with warning signs first, the
 * body map in "Where" (loaded when that section opens), and "Same as last time", which copies
 * the previous entry's details except pain (forms/sameAsLast.ts). Creates, edits (sends only
 * changed fields) and fixes rejected entries (every section open, so the refused field shows).
 * Before saving it checks what the server will (least ≤ average ≤ worst, the diary date's
 * range: forms/entryChecks.ts); red flags get their advice first, before and after Save.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg, t } from "@lingui/core/macro";
import { useMemo, useState } from "preact/hooks";
import { capitalized, catalog, isRedFlag, labelOf, redFlagsLogged } from "../catalog";
import { Field, Notes, TextInput, uid } from "../components/Fields";
import { lazy } from "../components/Lazy";
import { PainScale } from "../components/PainScale";
import { RedFlagCard, savedRedFlags } from "../components/RedFlagCard";
import { Section } from "../components/Section";
import { numberOptions, Segmented } from "../components/Segmented";
import { db, type AdministrationRow, type EntryRow, type Json } from "../db";
import { formatNumber, i18n } from "../i18n";
import type { InputOf } from "../kinds";
import { useLive } from "../live";
import { administrationsNewestFirst, num, str } from "../records";
import { dismissRejection } from "../sync/apply";
import { requestSync } from "../sync/loop";
import { changedFields, saveRecord } from "../sync/outbox";
import { addDays, formatDate, formatTime, isoWithOffset, localDate } from "../time";
import { DIARY_DATE_BACK_DAYS, diaryDateError, painOrderErrors } from "./entryChecks";
import { copiedSummary, copiedValues } from "./sameAsLast";
import { groupSideEffects } from "./sideEffectGroups";
import "./entryForm.css";

const BodyMap = lazy(() => import("../components/BodyMap"));

type EntryInput = InputOf<"entry">;
export type SideEffect = NonNullable<EntryInput["side_effects"]>[number];
type Score = "pain_average" | "pain_worst" | "pain_least" | "interference_enjoyment" | "interference_activity" | "mood" | "sleep_quality";

type Ends = [MessageDescriptor, MessageDescriptor];
const PAIN_ENDS: Ends = [msg`0 = no pain`, msg`10 = worst imaginable`];
const INTERFERENCE_ENDS: Ends = [msg`0 = not at all`, msg`10 = completely`];
// An item's label; the closed section's summary names it by the words before its first comma.
const SCORES: [Score, MessageDescriptor, Ends][] = [
  ["pain_average", msg({ comment: "Keep the comma: the part before it names the score in a summary", message: "Average pain, last 24 hours" }), PAIN_ENDS],
  ["pain_worst", msg({ comment: "Keep the comma: the part before it names the score in a summary", message: "Worst pain, last 24 hours" }), PAIN_ENDS],
  ["pain_least", msg({ comment: "Keep the comma: the part before it names the score in a summary", message: "Least pain, last 24 hours" }), PAIN_ENDS],
  ["interference_enjoyment", msg`How much pain interfered with enjoyment of life`, INTERFERENCE_ENDS],
  ["interference_activity", msg`How much pain interfered with general activity`, INTERFERENCE_ENDS],
  ["mood", msg`Mood`, [msg({ context: "mood", message: "0 = very low" }), msg({ context: "mood", message: "10 = very good" })]],
  ["sleep_quality", msg`Sleep quality`, [msg({ context: "sleep quality", message: "0 = very poor" }), msg({ context: "sleep quality", message: "10 = very good" })]],
];
const ends = (pair: Ends): [string, string] => [i18n._(pair[0]), i18n._(pair[1])];
const ZERO_TO_TEN = numberOptions();
const RELIEF = numberOptions(0, 100, 10, " %");

type SectionKey = "feel" | "effects" | "where" | "link" | "notes";
/** The fields each section holds (a check's error opens its section). */
const SECTION_OF: Record<string, SectionKey> = { diary_date: "feel", pain_average: "feel", pain_worst: "feel", pain_least: "feel" };

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

/** The entry logged before this one (newest recorded_at), or null. */
async function previousEntry(exceptId: string | undefined): Promise<EntryRow | null> {
  const newest = await db.entries.orderBy("recorded_at").reverse().limit(2).toArray();
  return newest.find((e) => e.id !== exceptId) ?? null;
}

export function EntryForm(props: EntryFormProps) {
  const [values, setValues] = useState<Json>(() => startState(props));
  // The record as it was when the editor opened: edits are diffed against it, and its
  // version is the base, so a change another device made meanwhile is not undone silently.
  const [opened] = useState(() => props.record ?? null);
  const [open, setOpen] = useState(!!props.showDetails || !!props.record || !!props.rejectionId);
  // The one section open; fixing a rejected change opens them all, so the refused field shows.
  const [section, setSection] = useState<SectionKey | null>(props.showDetails ? "feel" : null);
  const allOpen = !!props.rejectionId;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [copied, setCopied] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const ids = useMemo(() => ({ details: uid("details"), date: uid("date"), notes: uid("notes"), link: uid("link") }), []);
  const administrations = useLive(administrationsNewestFirst, [], [] as AdministrationRow[]);
  const isNew = !opened && !props.rejectionId;
  const previous = useLive(() => (isNew ? previousEntry(props.id) : Promise.resolve(null)), [isNew], null as EntryRow | null);
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
  const isOpen = (key: SectionKey) => allOpen || section === key;
  const toggleSection = (key: SectionKey) => setSection((s) => (s === key ? null : key));
  const regionLabel = (code: string) => labelOf(cat?.body_regions, code);
  const effectLabel = (code: string) => labelOf(cat?.side_effects, code);
  const severityLabel = (n: number) => cat?.severities.find((s) => s.value === n)?.label ?? String(n);

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
      setError(t`Choose how much pain you have now (0–10).`);
      return;
    }
    // The server's rules, checked here first (it stays the authority).
    const problems = painOrderErrors(num(values.pain_least), num(values.pain_average), num(values.pain_worst));
    const dateProblem = diaryDateError(diaryDate, recordedOn);
    if (dateProblem) problems.diary_date = dateProblem;
    setFieldErrors(problems);
    const fields = Object.keys(problems);
    if (fields.length) {
      setOpen(true);
      setSection(SECTION_OF[fields[0] ?? ""] ?? "feel");
      setError(t`Please check the details marked below.`);
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
        setCopied("");
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

  function sameAsLastTime() {
    if (!previous) return;
    const copy = copiedValues(previous);
    setValues((v) => ({ ...v, ...copy }));
    const what = copiedSummary(copy, { region: regionLabel, effect: effectLabel, severity: severityLabel });
    const when = `${formatDate(previous.recorded_at)}, ${formatTime(previous.recorded_at)}`;
    setCopied(
      what
        ? t({ comment: "when: the previous entry's date and time; what: the list of what was copied", message: `Copied from your entry of ${when}: ${what}. Pain is yours to choose; change anything before saving.` })
        : t`Your entry of ${when} had no details to copy.`,
    );
  }

  const linked = administrations.find((a) => a.id === values.administration);
  // The red flags ticked here; else, in a form for a new entry, those of the entry just saved.
  const card = redFlags.length ? (
    <RedFlagCard flags={redFlags} />
  ) : !opened && savedRedFlags.value.length ? (
    <RedFlagCard flags={savedRedFlags.value} saved onClose={() => (savedRedFlags.value = [])} />
  ) : null;

  const feelSummary = SCORES.filter(([key]) => num(values[key]) !== null)
    .map(([key, label]) => `${i18n._(label).split(",")[0]} ${formatNumber(Number(values[key]))}`)
    .join(" · ");
  const linkedRoute = linked ? labelOf(cat?.routes, linked.route).toLowerCase() : "";
  const linkedDate = linked ? formatDate(linked.administered_at) : "";
  const relief = formatNumber(Number(values.relief_percent));
  const linkSummary = [
    linked && t({ comment: "Summary of the Treatment section: the route (e.g. infusion) and the date of the dose the entry is about", message: `Linked: ${linkedRoute}, ${linkedDate}` }),
    num(values.relief_percent) !== null && t({ comment: "Summary of the Treatment section: relief from treatment as a percentage", message: `relief ${relief} %` }),
    num(values.pgic) !== null && labelOf(cat?.pgic.map((p) => ({ code: String(p.value), label: p.label })), String(values.pgic)),
  ]
    .filter(Boolean)
    .join(" · ");

  return (
    <form class="entry-form" onSubmit={save} noValidate>
      {card}
      <PainScale value={pain} onChange={(v) => set("pain_now", v)} />
      {linked && (
        <p class="linked">
          {t({ comment: "The entry is about this dose: route (e.g. infusion, lowercase) and date", message: `About the ${linkedRoute} on ${linkedDate}.` })}{" "}
          <button type="button" class="link" onClick={() => setValues((v) => ({ ...v, administration: null, episode: null }))}>
            {t({ comment: "Button: stop linking this entry to the dose", message: "Unlink" })}
          </button>
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary big" disabled={busy}>
          {t`Save`}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t`Cancel`}
          </button>
        )}
        <button type="button" class="secondary" aria-expanded={open} aria-controls={ids.details} onClick={() => setOpen(!open)}>
          {open ? t`Fewer details` : t`More details`}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div id={ids.details} hidden={!open} class="details stack">
        {isNew && previous && (
          <div class="same-as-last">
            <button type="button" class="secondary" onClick={sameAsLastTime}>
              {t`Same as last time`}
            </button>
            <p class="hint">{t`Copies your last entry's details (where, side effects, mood, sleep, relief), never its pain or notes.`}</p>
          </div>
        )}
        <p class="copied" role="status">
          {copied}
        </p>
        <Section id={`${ids.details}-feel`} title={t`How I feel`} open={isOpen("feel")} onToggle={() => toggleSection("feel")} summary={feelSummary || t`Nothing recorded yet`}>
          <TextInput
            id={ids.date}
            type="date"
            label={t`Diary date (the day this entry is about)`}
            value={diaryDate}
            min={addDays(recordedOn, -DIARY_DATE_BACK_DAYS)}
            max={recordedOn}
            error={fieldErrors.diary_date}
            onChange={(v) => set("diary_date", v)}
          />
          {SCORES.map(([key, label, scaleEnds]) => (
            <Segmented
              key={key}
              id={`${ids.details}-${key}`}
              label={i18n._(label)}
              ends={ends(scaleEnds)}
              options={ZERO_TO_TEN}
              clearable
              value={num(values[key])}
              error={fieldErrors[key]}
              onChange={(v) => set(key, v)}
            />
          ))}
        </Section>
        <Section
          id={`${ids.details}-effects`}
          title={t`Side effects`}
          open={isOpen("effects")}
          onToggle={() => toggleSection("effects")}
          summary={effects.length ? effects.map((e) => effectLabel(e.code)).join(", ") : t`None ticked`}
        >
          {groupSideEffects(cat?.side_effects ?? []).map((group) => (
            <fieldset key={group.key} class={`checklist effect-group${group.key === "warning" ? " warning-group" : ""}`}>
              <legend>{group.title}</legend>
              {group.key === "warning" && <p class="hint">{t`Ticking one shows what to do at the top of this form, at once.`}</p>}
              {group.items.map((s) => {
                const chosen = effects.find((e) => e.code === s.code);
                const boxId = `${ids.details}-se-${s.code}`;
                const flagged = chosen && isRedFlag(s, chosen.severity);
                const effect = s.label; // the catalogue's label, translated by the server
                return (
                  <div class="effect-item" key={s.code}>
                    <div class="check-row">
                      <input type="checkbox" id={boxId} checked={!!chosen} onChange={(e) => toggleEffect(s.code, (e.currentTarget as HTMLInputElement).checked)} />
                      <label for={boxId}>{s.label}</label>
                      {s.red_flag_from != null && (
                        <span class="badge warning-badge">{s.red_flag_from > 1 ? t`warning sign if severe` : t`warning sign`}</span>
                      )}
                    </div>
                    {chosen && (
                      <Segmented
                        id={`${boxId}-severity`}
                        label={t({ comment: "effect: a side effect's label, e.g. Nausea", message: `Severity of ${effect}` })}
                        value={chosen.severity}
                        options={(cat?.severities ?? []).map((v) => ({ value: v.value, label: capitalized(v.label) }))}
                        onChange={(v) => set("side_effects", effects.map((x) => (x.code === s.code ? { ...x, severity: v ?? 1 } : x)))}
                      />
                    )}
                    {flagged && s.advice && <p class="effect-advice">{s.advice}</p>}
                  </div>
                );
              })}
            </fieldset>
          ))}
          {!cat && <p class="hint">{t`The list of side effects loads the first time the app is online.`}</p>}
        </Section>
        <Section
          id={`${ids.details}-where`}
          title={t`Where it hurts`}
          open={isOpen("where")}
          onToggle={() => toggleSection("where")}
          summary={locations.length ? locations.map(regionLabel).join(", ") : t`Nothing chosen`}
        >
          <BodyMap value={locations} regions={cat?.body_regions} onChange={(codes: string[]) => set("locations", codes)} />
        </Section>
        <Section id={`${ids.details}-link`} title={t`Treatment`} open={isOpen("link")} onToggle={() => toggleSection("link")} summary={linkSummary || t`Not linked`}>
          <Field id={ids.link} label={t`About an infusion or dose`}>
            <select
              id={ids.link}
              value={str(values.administration)}
              onChange={(e) => {
                const chosen = administrations.find((a) => a.id === (e.currentTarget as HTMLSelectElement).value);
                setValues((v) => ({ ...v, administration: chosen?.id ?? null, episode: chosen?.episode ?? v.episode ?? null }));
              }}
            >
              <option value="">{t`Not linked`}</option>
              {administrations.slice(0, 30).map((a) => (
                <option key={a.id} value={a.id}>
                  {formatDate(a.administered_at)} – {labelOf(cat?.routes, a.route)}
                </option>
              ))}
            </select>
          </Field>
          <Segmented
            id={`${ids.details}-relief`}
            label={t`Relief from treatment, last 24 hours`}
            options={RELIEF}
            ends={[t`0 % = no relief`, t`100 % = complete relief`]}
            clearable
            value={num(values.relief_percent)}
            onChange={(v) => set("relief_percent", v)}
          />
          <Segmented
            id={`${ids.details}-pgic`}
            label={t`Since this treatment started, my condition is…`}
            layout="column"
            clearable
            options={(cat?.pgic ?? []).map((p) => ({ value: p.value, label: p.label }))}
            value={num(values.pgic)}
            onChange={(v) => set("pgic", v)}
          />
        </Section>
        <Section
          id={`${ids.details}-notes`}
          title={t`Notes`}
          open={isOpen("notes")}
          onToggle={() => toggleSection("notes")}
          summary={str(values.notes) ? `“${str(values.notes).slice(0, 60)}”` : t`No notes`}
        >
          <Notes id={ids.notes} value={str(values.notes)} onChange={(v) => set("notes", v)} />
        </Section>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t`Save entry`}
          </button>
        </div>
      </div>
    </form>
  );
}
