/**
 * The red-flag card: what to do about every red flag an entry logs, from the stored catalogue
 * (offline too). It shows while the red flags are ticked and stays after Save, first in the
 * entry form, until the patient closes it; it always says the diary is not watched in real
 * time, and for thoughts of self-harm it gives the crisis lines. Once saved, it links to "My
 * red flags" (#/red-flags), where the patient sees whether their care team has seen them.
 */
import type { MessageDescriptor } from "@lingui/core";
import { msg, t } from "@lingui/core/macro";
import { TriangleAlert } from "lucide";
import { Icon } from "./Icon";
import { signal } from "@preact/signals";
import { useEffect, useId, useRef } from "preact/hooks";
import { catalog, type LoggedRedFlag } from "../catalog";
import { i18n } from "../i18n";
import { withElements } from "../markup";
import { UrgentHelp } from "./UrgentHelp";

/** The red flags of the entry saved last on this device, until the card is closed. */
export const savedRedFlags = signal<LoggedRedFlag[]>([]);

/** Said if a catalogue stored by an older version of the app has no `not_watched` (read with i18n._). */
export const NOT_WATCHED: MessageDescriptor = msg`This diary is not watched in real time: nobody sees what you log as you log it.`;

/** The catalogue's "not watched" sentence (the server's, in the patient's language), else ours. */
export function notWatched(text: string | undefined): string {
  return text ?? i18n._(NOT_WATCHED);
}

export function RedFlagCard(props: { flags: LoggedRedFlag[]; saved?: boolean; onClose?: () => void }) {
  const cat = catalog.value;
  const ref = useRef<HTMLElement>(null);
  const titleId = useId(); // two cards may be on the page (the entry form's, behind a dialog's)
  useEffect(() => {
    if (props.saved) ref.current?.scrollIntoView?.({ block: "start" });
  }, [props.saved]);
  if (!props.flags.length) return null;
  const urgent = props.flags.some((f) => f.urgent);
  return (
    <section ref={ref} class="urgent red-flag-card" role="alert" aria-labelledby={titleId}>
      <h3 id={titleId} class="card-title">
        <Icon icon={TriangleAlert} />
        {props.saved ? t`Saved. Please act on this now` : t`Please act on this`}
      </h3>
      <ul class="red-flag-advice">
        {props.flags.map((flag) => (
          <li key={flag.code}>
            <strong>{flag.label}:</strong> {flag.advice}
          </li>
        ))}
      </ul>
      <p class="not-watched">
        <strong>{notWatched(cat?.not_watched)}</strong>
      </p>
      {urgent && <UrgentHelp lines={cat?.crisis_lines} />}
      {props.saved && (
        <p>
          {withElements(
            t({ comment: "<0>…</0> is a link to the My red flags screen", message: "<0>My red flags</0>: whether your care team has seen them." }),
            [(words) => <a href="#/red-flags">{words}</a>],
          )}
        </p>
      )}
      {props.onClose && (
        <button type="button" class="secondary" onClick={props.onClose}>
          {t`I have read this`}
        </button>
      )}
    </section>
  );
}
