/**
 * Today's offer of the questionnaires that are due: PEG weekly, PHQ-9 and GAD-7 every 4 weeks,
 * counted from the patient's last one of each on this device (never done: offered). Each opens
 * the questionnaire (#/assessment?instrument=…); "Not now" hides the offer until tomorrow.
 * Small on purpose: it is in the initial JavaScript and CSS (the form itself loads on demand).
 */
import { catalog } from "../catalog";
import { dueInstruments } from "../assessments/instruments";
import { db, getMeta, setMeta } from "../db";
import { useLive } from "../live";
import { localDate } from "../time";
import "../assessments/assessments.css";

export function AssessmentDue() {
  const today = localDate();
  const done = useLive(() => db.assessments.toArray(), [], null);
  const hiddenOn = useLive(() => getMeta<string | null>("assessment_offer_hidden", null), [], today);
  const due = done ? dueInstruments(catalog.value?.instruments, done, today) : [];
  if (!due.length || hiddenOn === today) return null;
  return (
    <section class="card assessment-due" aria-labelledby="assessment-due-title">
      <h3 id="assessment-due-title">{due.length === 1 ? "A short questionnaire is due" : "Short questionnaires are due"}</h3>
      <ul class="plain">
        {due.map(({ instrument: i }) => (
          <li key={i.code}>
            <a href={`#/assessment?instrument=${i.code}`}>{i.title}</a>{" "}
            <span class="hint">
              ({i.items.length} questions about {i.recall})
            </span>
          </li>
        ))}
      </ul>
      <button type="button" class="link" onClick={() => void setMeta("assessment_offer_hidden", today)}>
        Not now
      </button>
    </section>
  );
}
