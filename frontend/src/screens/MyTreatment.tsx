/**
 * My treatment: how the treatment is going, in plain language, from the latest summary's
 * figures (DOMAIN.md version 2): red flags first, then per episode the induction course and
 * the outcome since treatment began, then maintenance doses, then each questionnaire's first
 * and latest score (PEG, PHQ-9, GAD-7). Works offline from the copy kept
 * on the device. Logging doses and infusions is the Treatment screen's job.
 */
import { msg, plural, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import { useEffect, useState } from "preact/hooks";
import { catalog, type Catalog } from "../catalog";
import { figuresOf, type Figures, type FigureSeries } from "../figures";
import { isOnline } from "../http";
import { i18n } from "../i18n";
import { withElements } from "../markup";
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

const STATUS: Record<State, MessageDescriptor | null> = {
  loading: msg`Loading your figures…`,
  checking: msg`Checking for newer figures…`,
  working: msg`Working out your figures…`,
  slow: msg`Your figures are still being worked out. Try again in a few minutes.`,
  fresh: null,
  failed: msg`Your figures could not be worked out just now. Try again later.`,
  offline: msg`You are offline.`,
  error: msg`Your figures could not be updated just now.`,
};

/** A link to another screen, for `withElements`. */
const linkTo = (href: string) => (words: string) => <a href={href}>{words}</a>;

function OutcomeView(props: { outcome: Outcome; id: string }) {
  const o = props.outcome;
  const rating = o.rating;
  return (
    <div class="outcome" id={props.id}>
      <p class="outcome-sentence">{o.sentence}</p>
      {rating && <p class="outcome-rating">{o.rated ? t({ comment: "The outcome's category, e.g. 'Result: Substantial.'", message: `Result: ${rating}.` }) : rating}</p>}
      <p class="hint">{o.basis}</p>
      {o.relief && <p class="outcome-relief">{o.relief}</p>}
    </div>
  );
}

function courseLine(s: FigureSeries): string {
  const first = formatDate(s.first_date);
  const last = formatDate(s.last_date);
  const infusions = s.administrations;
  if (s.first_date === s.last_date) {
    return plural(infusions, { one: `# induction infusion on ${first}.`, other: `# induction infusions on ${first}.` });
  }
  return plural(infusions, { one: `# induction infusion from ${first} to ${last}.`, other: `# induction infusions from ${first} to ${last}.` });
}

function RedFlags(props: { figures: Figures }) {
  const cat = catalog.value;
  if (!props.figures.red_flags.length) return null;
  const texts = props.figures.red_flags.map((flag) => redFlagText(flag, cat, formatDate));
  return (
    <section class="urgent" aria-labelledby="flags-title">
      <h3 id="flags-title">{t`Red flags to act on`}</h3>
      <ul>
        {props.figures.red_flags.map((flag, i) => (
          <li key={`${flag.record_id}-${flag.code ?? flag.kind}`}>
            {texts[i]?.what} {texts[i]?.advice ?? t`Tell your care team.`}
          </li>
        ))}
      </ul>
      {texts.some((text) => text.urgent) && cat?.crisis_lines?.length ? (
        <>
          <p>{t`Crisis lines, any time:`}</p>
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
      <h4 id={`course-${s.episode_id}`}>{t`Induction course`}</h4>
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
              <h4 id={`since-${e.id}`}>{t`Since treatment began`}</h4>
              <OutcomeView id={`episode-outcome-${e.id}`} outcome={episodeOutcome(e, figures.as_of, words, formatDate)} />
            </section>
          </section>
        );
      })}
      {untitled.map((s) => (
        <section key={s.episode_id} class="card outcome-card" aria-labelledby={`untitled-${s.episode_id}`}>
          <h3 id={`untitled-${s.episode_id}`}>{t`A course of treatment`}</h3>
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
      <h3 id="doses-title">{t`Maintenance doses`}</h3>
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
      <h3 id="questionnaires-title">{t`Questionnaires`}</h3>
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
  const asOf = formatDate(figures.as_of);
  const start = formatDate(summary.period_start);
  const end = formatDate(summary.period_end);
  return (
    <>
      <p class="as-of" data-saved-at={saved_at}>
        {props.shown.fromDevice ? t`Figures as of ${asOf}, saved on this device.` : t`Figures as of ${asOf}.`}
      </p>
      <p class="hint">
        {t`They cover ${start} to ${end}.`} {loggingSentence(figures)} {t`Pain is your 0 to 10 rating, averaged over each day you logged.`}
      </p>
      <RedFlags figures={figures} />
      <Episodes figures={figures} words={words} />
      <Doses figures={figures} words={words} />
      <Questionnaires figures={figures} />
      {nothing && (
        <p>
          {withElements(
            t({
              comment: "<0>Treatment</0> and <1>Today</1> become links to those screens (their names in the menu)",
              message: "No treatment to show for these dates yet. Log your infusions and doses under <0>Treatment</0>, and how you feel each day under <1>Today</1>.",
            }),
            [linkTo("#/treatment"), linkTo("#/today")],
          )}
        </p>
      )}
      {legend.length > 0 && (
        <details class="legend">
          <summary>{t`What the words mean`}</summary>
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

  const message = STATUS[state];
  let status = message ? i18n._(message) : "";
  if (state === "offline" && !shown) status += ` ${t`Your figures show here once the app has fetched them with a connection.`}`;
  if (state === "error" && !shown) status = t`Your figures could not be fetched just now.`;
  const retry = state === "failed" || state === "error" || state === "slow";

  return (
    <section aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t`My treatment`}</h2>
      <p class="hint">
        {withElements(
          t({
            comment: "<0>Treatment</0> becomes a link to the Treatment screen (its name in the menu)",
            message: "How your treatment is going, worked out from what you logged. To log a dose or infusion, go to <0>Treatment</0>.",
          }),
          [linkTo("#/treatment")],
        )}
      </p>
      <p class="outcome-status" role="status" aria-busy={state === "loading" || state === "working" || state === "checking"}>
        {status}
      </p>
      {retry && (
        <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>
          {t`Try again`}
        </button>
      )}
      {shown && <FiguresView shown={shown} />}
    </section>
  );
}
