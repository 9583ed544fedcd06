/** A destructive action that asks once more before it acts (no blocking dialogs). */
import { t } from "@lingui/core/macro";
import { useState } from "preact/hooks";

export function ConfirmButton(props: { label: string; confirmLabel: string; onConfirm: () => void; describedBy?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" class="secondary" aria-describedby={props.describedBy} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  return (
    <span class="confirm">
      <button type="button" class="danger" aria-describedby={props.describedBy} onClick={() => (setAsking(false), props.onConfirm())}>
        {props.confirmLabel}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        {t({ comment: "Cancels a destructive action: keep the record", message: "Keep it" })}
      </button>
    </span>
  );
}
