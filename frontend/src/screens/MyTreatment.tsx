/**
 * My treatment: how the treatment is going, in plain language, from the latest summary's
 * figures (DOMAIN.md version 2): red flags first, then per episode the induction course and
 * the outcome since treatment began, then maintenance doses, then each questionnaire's first
 * and latest score (PEG, PHQ-9, GAD-7). Works offline from the copy kept
 * on the device. Logging doses and infusions is the Treatment screen's job.
 */
import { useEffect, useState } from "preact/hooks";
import { catalog, type Catalog } from "../catalog";
import { figuresOf, type Figures, type FigureSeries } from "../figures";
import { isOnline } from "../http";
import {
  assessmentText,
  doseOutcome,
  episodeOutcome,
  legendLines,
  loggingSentence,
  redFlagText,
  seriesOutcome,
  type Outcome,
  type Words,
} from "../outcomes";
import { loadSaved, refreshSummary, type Refresh, type SavedSummary } from "../summary";
import { formatDate } from "../time";

/** The screen's status: a refresh under way, or how the last one ended ("slow": still being prepared). */
type State = "loading" | "checking" | "slow" | Refresh["state"];

interface Shown {
  saved: SavedSummary;
  /** Read from the device (this visit could not fetch it from the server). */
  fromDevice: boolean;
}

/** The catalogue's words for the figures (none in a catalogue cached by an older app: codes show). */
function wordsOf(cat: Catalog | null): Words {
  const c: Partial<Words> = cat ?? {};
  return {
    categories: c.categories ?? {},
    category_reasons: c.category_reasons ?? {},
    relief_bounds: c.relief_bounds ?? {},
    legend: c.legend ?? {},
  };
}

const STATUS: Record<State, string> = {
  loading: "Loading your figures…",
  checking: "Checking for newer figures…",
  working: "Working out your figures…",
  slow: "Your figures are still being worked out. Try again in a few minutes.",
  fresh: "",
  failed: "Your figures could not be worked out just now. Try again later.",
  offline: "You are offline.",
  error: "Your figures could not be updated just now.",
};

function OutcomeView(props: { outcome: Outcome; id: string }) {
  const o = props.outcome;
  return (
    <div class="outcome" id={props.id}>
      <p class="outcome-sentence">{o.sentence}</p>
      {o.rating && <p class="outcome-rating">{o.rating.startsWith("Not rated") ? o.rating : `Result: ${o.rating}.`}</p>}
      <p class="hint">{o.basis}</p>
      {o.relief && <p class="outcome-relief">{o.relief}</p>}
    </div>
  );
}

function courseLine(s: FigureSeries): string {
  const count = `${s.administrations} induction ${s.administrations === 1 ? "infusion" : "infusions"}`;
  const dates = s.first_date === s.last_date ? `on ${formatDate(s.first_date)}` : `from ${formatDate(s.first_date)} to ${formatDate(s.last_date)}`;
  return `${count} ${dates}.`;
}

function RedFlags(props: { figures: Figures }) {
  const cat = catalog.value;
  if (!props.figures.red_flags.length) return null;
  const texts = props.figures.red_flags.map((flag) => redFlagText(flag, cat, formatDate));
  return (
    <section class="urgent" aria-labelledby="flags-title">
      <h3 id="flags-title">Red flags to act on</h3>
      <ul>
        {props.figures.red_flags.map((flag, i) => (
          <li key={`${flag.record_id}-${flag.code ?? flag.kind}`}>
            {texts[i]?.what} {texts[i]?.advice ?? "Tell your care team."}
          </li>
        ))}
      </ul>
      {texts.some((t) => t.urgent) && cat?.crisis_lines?.length ? (
        <>
          <p>Crisis lines, any time:</p>
          <ul>
            {cat.crisis_lines.map((line) => (
              <li key={line.number}>
                {line.name}: <a href={`tel:${line.number.replace(/\s/g, "")}`}>{line.number}</a> ({line.region})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {cat?.not_watched && <p>{cat.not_watched}</p>}
    </section>
  );
}

function Episodes(props: { figures: Figures; words: Words }) {
  const { figures, words } = props;
  const titled = new Set(figures.episodes.map((e) => e.id));
  const untitled = figures.series.filter((s) => !titled.has(s.episode_id));
  const course = (s: FigureSeries) => (
    <section key={s.episode_id} aria-labelledby={`course-${s.episode_id}`}>
      <h4 id={`course-${s.episode_id}`}>Induction course</h4>
      <p>{courseLine(s)}</p>
      <OutcomeView id={`series-${s.episode_id}`} outcome={seriesOutcome(s, words, formatDate)} />
    </section>
  );
  return (
    <>
      {figures.episodes.map((e) => {
        const series = figures.series.filter((s) => s.episode_id === e.id);
        return (
          <section key={e.id} class="card outcome-card" aria-labelledby={`episode-${e.id}`}>
            <h3 id={`episode-${e.id}`}>{e.title}</h3>
            {series.map(course)}
            <section aria-labelledby={`since-${e.id}`}>
              <h4 id={`since-${e.id}`}>Since treatment began</h4>
              <OutcomeView id={`episode-outcome-${e.id}`} outcome={episodeOutcome(e, figures.as_of, words, formatDate)} />
            </section>
          </section>
        );
      })}
      {untitled.map((s) => (
        <section key={s.episode_id} class="card outcome-card" aria-labelledby={`untitled-${s.episode_id}`}>
          <h3 id={`untitled-${s.episode_id}`}>A course of treatment</h3>
          {course(s)}
        </section>
      ))}
    </>
  );
}

function Doses(props: { figures: Figures; words: Words }) {
  const doses = props.figures.administrations
    .map((a) => ({ a, outcome: doseOutcome(a, props.words, formatDate) }))
    .filter((d): d is { a: (typeof d)["a"]; outcome: Outcome } => d.outcome !== null);
  if (!doses.length) return null;
  return (
    <section class="card outcome-card" aria-labelledby="doses-title">
      <h3 id="doses-title">Maintenance doses</h3>
      <ul class="records">
        {doses.map(({ a, outcome }) => (
          <li key={a.id}>
            <OutcomeView id={`dose-${a.id}`} outcome={outcome} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Questionnaires(props: { figures: Figures }) {
  const assessments = props.figures.assessments ?? [];
  if (!assessments.length) return null;
  const instruments = catalog.value?.instruments;
  return (
    <section class="card outcome-card" aria-labelledby="questionnaires-title">
      <h3 id="questionnaires-title">Questionnaires</h3>
      <ul class="records">
        {assessments.map((a) => {
          const text = assessmentText(a, instruments, formatDate);
          return (
            <li key={a.instrument} id={`questionnaire-${a.instrument}`}>
              <h4>{text.name}</h4>
              <p class="outcome-sentence">{text.sentence}</p>
              <p class="hint">{text.basis}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function FiguresView(props: { shown: Shown }) {
  const { summary, saved_at } = props.shown.saved;
  const figures = figuresOf(summary);
  if (!figures) return null;
  const words = wordsOf(catalog.value);
  const legend = legendLines(words);
  const nothing = !figures.episodes.length && !figures.series.length && !figures.administrations.some((a) => !a.in_series);
  return (
    <>
      <p class="as-of" data-saved-at={saved_at}>
        Figures as of {formatDate(figures.as_of)}
        {props.shown.fromDevice ? ", saved on this device" : ""}.
      </p>
      <p class="hint">
        They cover {formatDate(summary.period_start)} to {formatDate(summary.period_end)}. {loggingSentence(figures)} Pain is your 0 to 10
        rating, averaged over each day you logged.
      </p>
      <RedFlags figures={figures} />
      <Episodes figures={figures} words={words} />
      <Doses figures={figures} words={words} />
      <Questionnaires figures={figures} />
      {nothing && (
        <p>
          No treatment to show for these dates yet. Log your infusions and doses under <a href="#/treatment">Treatment</a>, and how
          you feel each day under <a href="#/today">Today</a>.
        </p>
      )}
      {legend.length > 0 && (
        <details class="legend">
          <summary>What the words mean</summary>
          <ul>
            {legend.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

class Cancelled extends Error {}

export default function MyTreatment() {
  const [shown, setShown] = useState<Shown | null>(null);
  const [state, setState] = useState<State>("loading");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const sleep = (ms: number) =>
      new Promise<void>((resolve, reject) => setTimeout(() => (live ? resolve() : reject(new Cancelled())), ms));
    void (async () => {
      const saved = await loadSaved().catch(() => null);
      if (!live) return;
      if (saved) setShown({ saved, fromDevice: true });
      if (!isOnline()) return setState("offline");
      setState(saved ? "checking" : "loading");
      const onWorking = (latest: SavedSummary | undefined) => {
        if (!live) return;
        if (latest) setShown({ saved: latest, fromDevice: false });
        setState("working");
      };
      let result: Refresh;
      try {
        result = await refreshSummary({ onWorking, sleep });
      } catch (e) {
        if (e instanceof Cancelled) return;
        result = { state: "error" };
      }
      if (!live) return;
      if (result.saved) setShown({ saved: result.saved, fromDevice: false });
      setState(result.state === "working" ? "slow" : result.state);
    })();
    return () => {
      live = false;
    };
  }, [attempt]);

  let status = STATUS[state];
  if (state === "offline" && !shown) status += " Your figures show here once the app has fetched them with a connection.";
  if (state === "error" && !shown) status = "Your figures could not be fetched just now.";
  const retry = state === "failed" || state === "error" || state === "slow";

  return (
    <section aria-labelledby="outcome-title">
      <h2 id="outcome-title">My treatment</h2>
      <p class="hint">
        How your treatment is going, worked out from what you logged. To log a dose or infusion, go to{" "}
        <a href="#/treatment">Treatment</a>.
      </p>
      <p class="outcome-status" role="status" aria-busy={state === "loading" || state === "working" || state === "checking"}>
        {status}
      </p>
      {retry && (
        <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>
          Try again
        </button>
      )}
      {shown && <FiguresView shown={shown} />}
    </section>
  );
}
