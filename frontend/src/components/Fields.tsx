/** Small labelled form controls shared by the editors. */
import { t } from "@lingui/core/macro";
import type { ComponentChildren } from "preact";

let counter = 0;
export const uid = (prefix: string) => `${prefix}-${++counter}`;

export function Field(props: { id: string; label: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? " has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function ScoreSelect(props: {
  id: string;
  label: string;
  value: number | null | undefined;
  onChange: (v: number | null) => void;
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  labels?: Record<number, string>;
  hint?: string;
  error?: string;
}) {
  const { min = 0, max = 10, step = 1 } = props;
  const options: number[] = [];
  for (let v = min; v <= max; v += step) options.push(v);
  const describedBy = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(" ");
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={props.id}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        value={props.value === null || props.value === undefined ? "" : String(props.value)}
        onChange={(e) => {
          const raw = (e.currentTarget as HTMLSelectElement).value;
          props.onChange(raw === "" ? null : Number(raw));
        }}
      >
        <option value="">{t`Not recorded`}</option>
        {options.map((v) => (
          <option key={v} value={String(v)}>
            {props.labels?.[v] ?? `${v}${props.unit ?? ""}`}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A choice among the options' codes; `T` is the field's type (a code list of the server's schema). */
export function Select<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  options: readonly { code: string; label: string }[];
  onChange: (v: T) => void;
  blank?: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <select
        id={props.id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        // One of the options' codes: the catalogue's, which are the schema's (tests/api/test_catalog.py).
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as T)}
      >
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function TextInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  step?: string;
  min?: string;
  max?: string;
  inputMode?: "decimal" | "numeric" | "email" | "text";
  autoComplete?: string;
}) {
  const describedBy = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(" ");
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={props.hint}>
      <input
        id={props.id}
        type={(props.type ?? "text") as "text"}
        value={props.value}
        required={props.required}
        step={props.step}
        min={props.min}
        max={props.max}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => props.onChange((e.currentTarget as HTMLInputElement).value)}
      />
    </Field>
  );
}

export function Notes(props: { id: string; value: string; onChange: (v: string) => void; label?: string }) {
  return (
    <Field id={props.id} label={props.label ?? t`Notes`}>
      <textarea
        id={props.id}
        rows={3}
        maxLength={5000}
        value={props.value}
        onInput={(e) => props.onChange((e.currentTarget as HTMLTextAreaElement).value)}
      />
    </Field>
  );
}
