/**
 * A choice among a few numbers as large tap targets: native radios (arrow keys move, one Tab
 * stop) in a named radio group, with the meaning of the ends under it and a "Clear" that
 * returns to "not recorded". Replaces the selects of the 0–10 items.
 */
import { t } from "@lingui/core/macro";

export interface SegmentOption {
  value: number;
  label: string;
}

/** 0, 1, … 10 (or min…max by step), each labelled by its number and unit. */
export function numberOptions(min = 0, max = 10, step = 1, unit = ""): SegmentOption[] {
  const options: SegmentOption[] = [];
  for (let v = min; v <= max; v += step) options.push({ value: v, label: `${v}${unit}` });
  return options;
}

export function Segmented(props: {
  id: string;
  label: string;
  value: number | null | undefined;
  onChange: (v: number | null) => void;
  options: readonly SegmentOption[];
  /** What the ends mean ("0 = no pain", "10 = worst imaginable"). */
  ends?: [string, string];
  hint?: string;
  error?: string;
  /** "column": one option a line (long labels); "row": segments that wrap (numbers). */
  layout?: "row" | "column";
  /** Offer "Clear" (back to not recorded). */
  clearable?: boolean;
}) {
  const legendId = `${props.id}-legend`;
  const describedBy = [props.ends && `${props.id}-ends`, props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(" ");
  const count = props.options.length;
  return (
    <fieldset
      id={props.id}
      role="radiogroup"
      aria-labelledby={legendId}
      aria-describedby={describedBy || undefined}
      aria-invalid={props.error ? "true" : undefined}
      class={`segmented ${props.layout === "column" ? "seg-column" : count > 7 ? "seg-many" : "seg-few"}${props.error ? " has-error" : ""}`}
    >
      <legend id={legendId}>{props.label}</legend>
      <div class="seg-options">
        {props.options.map((o) => {
          const on = props.value === o.value;
          return (
            <label key={o.value} class={`seg-option${on ? " selected" : ""}`}>
              <input type="radio" name={props.id} value={o.value} checked={on} onChange={() => props.onChange(o.value)} />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
      {props.ends && (
        <p class="hint seg-ends" id={`${props.id}-ends`}>
          <span>{props.ends[0]}</span>
          <span>{props.ends[1]}</span>
        </p>
      )}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.clearable && props.value !== null && props.value !== undefined && (
        <button type="button" class="link seg-clear" onClick={() => props.onChange(null)}>
          {t({ comment: "Button: back to not recorded", message: "Clear" })}
          <span class="visually-hidden"> {props.label}</span>
        </button>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

