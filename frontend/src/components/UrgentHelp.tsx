/**
 * Urgent-help guidance for thoughts of suicide or self-harm: the deployment's crisis lines,
 * from the stored catalogue (the server's CRISIS_LINES setting), so it shows at once, offline too.
 */
import { t } from "@lingui/core/macro";
import type { CrisisLine } from "../catalog";

/** `tel:` of a number as written ("116 123" → "tel:116123"). */
export function telOf(number: string): string {
  return `tel:${number.replace(/[^0-9+*#]/g, "")}`;
}

export function UrgentHelp(props: { lines: readonly CrisisLine[] | undefined }) {
  const lines = props.lines ?? [];
  return (
    <div class="urgent-help">
      <h4>{t`You deserve help right now`}</h4>
      <p>
        {t`If you might act on these thoughts, or you feel unsafe, call your local emergency number now or go to the nearest emergency department. You do not have to wait for your next appointment.`}
      </p>
      {lines.length > 0 ? (
        <>
          <p>{t`Talk to a crisis line, any time:`}</p>
          <ul class="crisis-lines">
            {lines.map((line) => (
              <li key={`${line.name}-${line.region}`}>
                {line.name} (<span>{line.region}</span>): <a href={telOf(line.number)}>{line.number.replace(/ /g, "\u00a0")}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t`Talk to your local crisis line, any time.`}</p>
      )}
      <p>{t`Tell someone you trust, and let your care team know.`}</p>
    </div>
  );
}
