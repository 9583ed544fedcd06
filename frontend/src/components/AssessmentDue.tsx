/**
 * Today's offer of the questionnaires that are due: PEG weekly, PHQ-9 and GAD-7 every 4 weeks,
 * counted from the patient's last one of each on this device (never done: offered). Each opens
 * the questionnaire (#/assessment?instrument=…); "Not now" hides the offer until tomorrow.
 * Small on purpose: it is in the initial JavaScript and CSS (the form itself loads on demand).
 */
import { plural, t } from "@lingui/core/macro";
import { catalog } from "../catalog";
import { dueInstruments, questionsAbout, textLanguage } from "../assessments/instruments";
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
  const dueCount = due.length;
  return (
    <section class="card assessment-due" aria-labelledby="assessment-due-title">
      <h3 id="assessment-due-title">{plural(dueCount, { one: "A short questionnaire is due", other: "Short questionnaires are due" })}</h3>
      <ul class="plain">
        {due.map(({ instrument: i }) => (
          <li key={i.code}>
            <a href={`#/assessment?instrument=${i.code}`} lang={textLanguage(i)}>
              {i.title}
            </a>{" "}
            <span class="hint">({questionsAbout(i)})</span>
          </li>
        ))}
      </ul>
      <button type="button" class="link" onClick={() => void setMeta("assessment_offer_hidden", today)}>
        {t`Not now`}
      </button>
    </section>
  );
}
