/** Asks before a second dose of the same medicine within minutes is saved (intakes.ts). */
import { t } from "@lingui/core/macro";
import { useEffect, useRef } from "preact/hooks";
import type { MedicationRow } from "../db";
import { duplicateQuestion } from "../intakes";
import "./medicines.css";

export function DuplicateDose(props: { previous: MedicationRow; onConfirm: () => void; onCancel: () => void; id: string }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [props.previous.id]);
  return (
    <div class="dup-dose" role="group" aria-labelledby={`${props.id}-q`}>
      <p id={`${props.id}-q`} role="alert">
        {duplicateQuestion(props.previous)}
      </p>
      <div class="actions">
        <button type="button" ref={first} class="primary" onClick={props.onConfirm}>
          {t`Log another dose`}
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t`Don’t log it`}
        </button>
      </div>
    </div>
  );
}
