/** Pain now, 0–10, as large tap targets: native radios (arrow keys work) in a named radiogroup. */
import { t } from "@lingui/core/macro";

const VALUES = Array.from({ length: 11 }, (_, i) => i);

export function PainScale(props: { value: number | null; onChange: (v: number) => void; name?: string }) {
  const name = props.name ?? "pain_now";
  return (
    <div class="pain-scale">
      <div role="radiogroup" aria-labelledby={`${name}-label`} aria-describedby={`${name}-hint`} class="pain-options">
        <span id={`${name}-label`} class="pain-title">
          {t`Pain now`}
        </span>
        {VALUES.map((v) => (
          <label key={v} class={`pain-option${props.value === v ? " selected" : ""}`} data-level={v}>
            <input
              type="radio"
              name={name}
              value={v}
              checked={props.value === v}
              onChange={() => props.onChange(v)}
            />
            <span>{v}</span>
          </label>
        ))}
      </div>
      <p id={`${name}-hint`} class="hint pain-hint">
        <span>{t`0 = no pain`}</span>
        <span>{t`10 = worst imaginable`}</span>
      </p>
    </div>
  );
}
