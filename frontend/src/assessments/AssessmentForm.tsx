/**
 * A questionnaire (PEG, PHQ-9, GAD-7), one item per step (#/assessment?instrument=phq9): the
 * recall period always in view, each item an accessible radio group with the published answer
 * labels (or the PEG's 0-10 with its anchors), Back and Next. Saved on the device through the
 * outbox like every record (offline too), then the score and band show at once, computed from
 * the stored catalogue with the server's rules (the server derives its own on sync).
 *
 * PHQ-9 item 9 answered 1 or more shows the urgent-help guidance AT ONCE, before anything else
 * on the screen and focused: the red-flag card with the catalogue's advice for thoughts of
 * self-harm, the crisis lines and the sentence that the diary is not watched in real time. It
 * stays after saving (also on Today) until the patient closes it.
 *
 * Without an instrument (or an unknown one) the screen lists the questionnaires to choose from.
 * Loaded on demand (the initial JavaScript stays small).
 */
import { plural, t } from "@lingui/core/macro";
import { useEffect, useRef, useState } from "preact/hooks";
import { catalog, type LoggedRedFlag } from "../catalog";
import { RedFlagCard, savedRedFlags } from "../components/RedFlagCard";
import { submitRecord } from "../forms/submit";
import { useLive } from "../live";
import { db } from "../db";
import { withElements } from "../markup";
import { route } from "../router";
import { formatDate, isoWithOffset, localDate } from "../time";
import {
  answersComplete,
  bandOf,
  completedOn,
  dueInstruments,
  instrumentOf,
  itemRedFlag,
  languageNote,
  questionsAbout,
  raisesRedFlag,
  scoreOf,
  scoreText,
  startingAnswers,
  completedAtOf,
  textLanguage,
  type Band,
  type Instrument,
} from "./instruments";
import "./assessments.css";

/** What the items ask about: the stem (PHQ-9, GAD-7), or the recall period (PEG). */
function recallLine(instrument: Instrument): string {
  const recall = instrument.recall;
  return instrument.stem || t`These questions are about ${recall}.`;
}

/** The score, in bold, for `withElements`. */
const strong = (words: string) => <strong>{words}</strong>;

/** "Moderate (10–14)": a band with its range, as the result shows it. */
const bandText = (band: Band) => `${band.label} (${band.min}–${band.max})`;

interface Result {
  instrument: Instrument;
  score: number;
  band: Band | null;
  flag: LoggedRedFlag | null;
}

function Question(props: {
  instrument: Instrument;
  index: number;
  value: number | null;
  recallId: string;
  error: string;
  onChange: (v: number) => void;
}) {
  const { instrument, index } = props;
  const item = instrument.items[index]!;
  const lang = textLanguage(instrument);
  const ref = useRef<HTMLFieldSetElement>(null);
  const name = `${instrument.code}-item-${index}`;
  // Each new item: focus moves to its group, so a screen reader reads the question next.
  useEffect(() => ref.current?.focus(), [index]);
  const scale = item.answers.length === 0; // PEG: 0-10 with the labels of its ends
  const values = scale ? Array.from({ length: item.max - item.min + 1 }, (_, i) => ({ value: item.min + i, label: String(item.min + i) })) : item.answers;
  const anchorsId = `${name}-anchors`;
  const errorId = `${name}-error`;
  const describedBy = [props.recallId, scale && item.anchors.length ? anchorsId : "", props.error ? errorId : ""].filter(Boolean).join(" ");
  return (
    <fieldset
      ref={ref}
      tabIndex={-1}
      class={`assessment-item${scale ? " scale" : ""}`}
      role="radiogroup"
      aria-labelledby={`${name}-text`}
      aria-describedby={describedBy}
      aria-invalid={props.error ? "true" : undefined}
    >
      <legend id={`${name}-text`} lang={lang}>
        {item.text}
      </legend>
      {scale && item.anchors.length > 0 && (
        <p id={anchorsId} class="hint anchors" lang={lang}>
          {item.anchors.map((a) => (
            <span key={a.value}>
              {a.value} = {a.label}
            </span>
          ))}
        </p>
      )}
      <div class={scale ? "scale-options" : "answer-options"} lang={lang}>
        {values.map((a) => (
          <label key={a.value} class={`answer${props.value === a.value ? " selected" : ""}`}>
            <input type="radio" name={name} value={a.value} checked={props.value === a.value} onChange={() => props.onChange(a.value)} />
            <span>{a.label}</span>
          </label>
        ))}
      </div>
      {props.error && (
        <p class="error" id={errorId} role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** The red-flag card, focused the moment it appears (first on the screen). */
function UrgentFirst(props: { flag: LoggedRedFlag; saved?: boolean; onClose?: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView?.({ block: "start" });
  }, []);
  return (
    <div ref={ref} tabIndex={-1} class="urgent-first">
      <RedFlagCard flags={[props.flag]} saved={props.saved} onClose={props.onClose} />
    </div>
  );
}

/** A questionnaire the server did not accept, opened again from the Sync screen to fix. */
interface Fix {
  id: string;
  rejectionId: string;
  answers: unknown;
  completedAt: unknown;
}

function Steps(props: { instrument: Instrument; onDone: (r: Result) => void; fix?: Fix }) {
  const { instrument, fix } = props;
  const cat = catalog.value;
  const n = instrument.items.length;
  const [answers, setAnswers] = useState<(number | null)[]>(() => startingAnswers(instrument, fix?.answers));
  const [step, setStep] = useState(0);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const recallId = `${instrument.code}-recall`;
  const flag = raisesRedFlag(instrument, answers) ? itemRedFlag(cat, instrument) : null;
  const last = step === n - 1;

  function choose(value: number) {
    setAnswers((a) => a.map((v, i) => (i === step ? value : v)));
    setError("");
  }

  async function next(event: Event) {
    event.preventDefault();
    if (answers[step] == null) {
      setError(t`Choose an answer to go on.`);
      return;
    }
    if (!last) {
      setStep(step + 1);
      return;
    }
    if (!answersComplete(instrument, answers)) {
      setStep(answers.findIndex((a) => a == null));
      return;
    }
    setBusy(true);
    try {
      const doc = { completed_at: completedAtOf(fix?.completedAt), instrument: instrument.code, answers, episode: null };
      await submitRecord("assessment", doc, fix ? { id: fix.id, rejectionId: fix.rejectionId } : {});
      const score = scoreOf(instrument, answers);
      if (flag) savedRedFlags.value = [flag]; // stays (Today too) until the patient closes it
      props.onDone({ instrument, score, band: bandOf(instrument, score), flag });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  const lang = textLanguage(instrument);
  const note = languageNote(instrument);
  const number = step + 1;
  return (
    <>
      {flag && <UrgentFirst flag={flag} />}
      <h2 id="assessment-title" lang={lang}>
        {instrument.title}
      </h2>
      {note && <p class="language-note">{note}</p>}
      <p id={recallId} class="recall" lang={instrument.stem ? lang : undefined}>
        {recallLine(instrument)}
      </p>
      <form class="assessment-form" onSubmit={next} noValidate>
        <p class="step-count">{t`Question ${number} of ${n}`}</p>
        <Question key={step} instrument={instrument} index={step} value={answers[step] ?? null} recallId={recallId} error={error} onChange={choose} />
        <div class="actions">
          {step > 0 && (
            <button type="button" class="secondary" onClick={() => (setStep(step - 1), setError(""))}>
              {t`Back`}
            </button>
          )}
          <button type="submit" class="primary big" disabled={busy}>
            {last ? t`Save answers` : t`Next`}
          </button>
        </div>
      </form>
    </>
  );
}

function Finished(props: { result: Result }) {
  const { instrument, score, band, flag } = props.result;
  const [flagOpen, setFlagOpen] = useState(!!flag);
  const name = instrument.name;
  const scored = scoreText(instrument, score);
  const bandWords = band?.label.toLowerCase() ?? "";
  const bands = instrument.bands.map(bandText).join(", ");
  const answerCount = instrument.items.length;
  return (
    <>
      {flag && flagOpen && (
        <UrgentFirst
          flag={flag}
          saved
          onClose={() => {
            savedRedFlags.value = [];
            setFlagOpen(false);
          }}
        />
      )}
      <h2 id="assessment-title">{t`${name}: saved`}</h2>
      <p class="assessment-score" role="status">
        {withElements(
          bandWords
            ? t({ comment: "<0>…</0> and <1>…</1> are shown in bold: the score and its band", message: `Your ${name} score: <0>${scored}</0>, <1>${bandWords}</1>.` })
            : t({ comment: "<0>…</0> is shown in bold: the score", message: `Your ${name} score: <0>${scored}</0>.` }),
          [strong, strong],
        )}
      </p>
      {instrument.bands.length > 0 ? (
        <p class="hint">{t`Scores: ${bands}.`}</p>
      ) : (
        <p class="hint">
          {plural(answerCount, {
            one: "The mean of your # answer, from 0 to 10 (higher: more pain and interference).",
            other: "The mean of your # answers, from 0 to 10 (higher: more pain and interference).",
          })}
        </p>
      )}
      <p class="hint">{t`Saved on this device; it goes to the server with your diary. Your care team sees it in your summary.`}</p>
      <p>
        <a href="#/today">{t`Back to Today`}</a> · <a href="#/assessment">{t`All questionnaires`}</a>
      </p>
    </>
  );
}

/** #/assessment without an instrument: the three, with when each was last done and what is due. */
function Choose(props: { instruments: readonly Instrument[] }) {
  const done = useLive(() => db.assessments.toArray(), [], []);
  const due = new Set(dueInstruments(props.instruments, done, localDate()).map((d) => d.instrument.code));
  const recent = [...done].sort((a, b) => String(b.completed_at ?? "").localeCompare(String(a.completed_at ?? ""))).slice(0, 10);
  return (
    <>
      <h2 id="assessment-title">{t`Questionnaires`}</h2>
      <ul class="records">
        {props.instruments.map((i) => {
          const last = done.filter((a) => a.instrument === i.code).map(completedOn).filter(Boolean).sort().at(-1);
          const lastDone = last ? formatDate(last) : "";
          return (
            <li key={i.code}>
              <a href={`#/assessment?instrument=${i.code}`} lang={textLanguage(i)}>
                {i.title}
              </a>
              <span class="hint">
                {" "}
                ({questionsAbout(i)}){due.has(i.code) ? ` · ${t`due now`}` : ""}
                {lastDone ? ` · ${t`last done ${lastDone}`}` : ` · ${t`not done yet`}`}
              </span>
            </li>
          );
        })}
      </ul>
      {recent.length > 0 && (
        <section aria-labelledby="assessments-done">
          <h3 id="assessments-done">{t`Done on this device`}</h3>
          <ul class="plain">
            {recent.map((a) => {
              const instrument = instrumentOf(catalog.value, a.instrument);
              const answers = Array.isArray(a.answers) ? a.answers : [];
              const score = typeof a.score === "number" ? a.score : instrument && answersComplete(instrument, answers) ? scoreOf(instrument, answers) : null;
              const band = instrument && score !== null ? bandOf(instrument, score) : null;
              return (
                <li key={a.id}>
                  {formatDate(completedOn(a) ?? "")}: {instrument?.name ?? String(a.instrument)}{" "}
                  {instrument && score !== null ? scoreText(instrument, score) : ""}
                  {band ? `, ${band.label.toLowerCase()}` : ""}
                  {a._pending ? <span class="tag">{t`not synced yet`}</span> : null}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}

/**
 * A questionnaire the server rejected (Sync screen, "Fix"): its instrument's steps again, with
 * the answers it sent where they fit, saved under the same id; the rejection is then dismissed.
 */
export function AssessmentFixer(props: { initial: Record<string, unknown>; id: string; rejectionId: string; onDone: () => void }) {
  const instrument = instrumentOf(catalog.value, typeof props.initial.instrument === "string" ? props.initial.instrument : null);
  if (!instrument) return <p>{t`This questionnaire cannot be opened here (its instrument is unknown); dismiss it and fill it in again.`}</p>;
  const fix = { id: props.id, rejectionId: props.rejectionId, answers: props.initial.answers, completedAt: props.initial.completed_at };
  return <Steps instrument={instrument} fix={fix} onDone={() => props.onDone()} />;
}

export default function AssessmentScreen() {
  const cat = catalog.value;
  const code = route.value.params.get("instrument");
  const instrument = instrumentOf(cat, code);
  const [result, setResult] = useState<Result | null>(null);
  // A new questionnaire (another link followed) starts afresh.
  useEffect(() => setResult(null), [code]);

  let body;
  if (!cat?.instruments) body = <p>{t`The questionnaires load the first time the app is online. Connect once, then they work offline too.`}</p>;
  else if (result) body = <Finished result={result} />;
  else if (!instrument) body = <Choose instruments={cat.instruments} />;
  else body = <Steps key={instrument.code} instrument={instrument} onDone={setResult} />;
  return (
    <section class="assessment" aria-labelledby="assessment-title">
      {!cat?.instruments && <h2 id="assessment-title">{t`Questionnaire`}</h2>}
      {body}
    </section>
  );
}
