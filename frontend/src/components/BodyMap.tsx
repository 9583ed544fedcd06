/**
 * Where the pain is: a body figure, front and back, whose regions are the catalogue's body
 * regions, each a toggle (role="checkbox", named by the catalogue's label). One Tab stop for
 * the figure; the arrow keys move between regions (head to feet), Space or Enter toggles, a tap
 * toggles. A checkbox list of the same codes is one tap away, and the selection is spelt out
 * under the figure. Loaded on demand (the entry form's "Where" section).
 */
import { plural, t } from "@lingui/core/macro";
import { useMemo, useRef, useState } from "preact/hooks";
import { BodyFigure } from "./BodyFigure";
import { REGIONS, type View } from "./bodyRegions";
import { uid } from "./Fields";
import { withElements } from "../markup";
import "./bodymap.css";

export interface RegionLabel {
  code: string;
  label: string;
}

export interface BodyMapProps {
  /** The chosen codes, in the order they were chosen. */
  value: string[];
  onChange: (codes: string[]) => void;
  /** The catalogue's body regions (code, label); before it has loaded, labels come from codes. */
  regions?: readonly RegionLabel[];
}

/** "left_lower_leg" → "Left lower leg" (only while the catalogue has not loaded yet). */
export const fallbackLabel = (code: string) => (code.charAt(0).toUpperCase() + code.slice(1)).replaceAll("_", " ");

export function labelFor(regions: readonly RegionLabel[] | undefined, code: string): string {
  return regions?.find((r) => r.code === code)?.label ?? fallbackLabel(code);
}

/** "Selected: Left knee, Lower back", or that nothing is (in the app's language). */
export function selectionText(codes: readonly string[], regions?: readonly RegionLabel[]): string {
  if (!codes.length) return t`Nothing selected yet.`;
  const list = codes.map((c) => labelFor(regions, c)).join(", ");
  return t({ comment: "list: the body regions chosen, by the catalogue's labels", message: `Selected: ${list}` });
}

const KEYS_NEXT = new Set(["ArrowDown", "ArrowRight"]);
const KEYS_PREVIOUS = new Set(["ArrowUp", "ArrowLeft"]);

export default function BodyMap(props: BodyMapProps) {
  const ids = useMemo(() => ({ hint: uid("bm-hint"), hatch: uid("bm-hatch"), selected: uid("bm-selected"), list: uid("bm-list") }), []);
  const [view, setView] = useState<View>("front");
  const [asList, setAsList] = useState(false);
  const [focused, setFocused] = useState(0);
  const svg = useRef<SVGSVGElement>(null);
  const chosen = new Set(props.value);
  const regions = REGIONS[view];

  const toggle = (code: string) =>
    props.onChange(chosen.has(code) ? props.value.filter((c) => c !== code) : [...props.value, code]);

  function onKeyDown(event: KeyboardEvent, index: number, code: string) {
    let next = index;
    if (KEYS_NEXT.has(event.key)) next = Math.min(index + 1, regions.length - 1);
    else if (KEYS_PREVIOUS.has(event.key)) next = Math.max(index - 1, 0);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = regions.length - 1;
    else if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      toggle(code);
      return;
    } else return;
    event.preventDefault();
    // Focus moves now, not after the next render: a second key press goes to the new region.
    svg.current?.querySelectorAll<SVGGElement>('[role="checkbox"]')[next]?.focus();
    setFocused(next);
  }

  // How many chosen regions only the other view shows (so a choice out of sight is not forgotten).
  const other: View = view === "front" ? "back" : "front";
  const hiddenChosen = props.value.filter((c) => !regions.some((r) => r.code === c) && REGIONS[other].some((r) => r.code === c)).length;

  return (
    <div class="bm">
      <p class="hint" id={ids.hint}>
        {withElements(
          t({
            comment: "Above the body map; the words in <0>…</0> are shown in bold",
            message: "Left and right are <0>your own</0> left and right: on the front view your left side is on the right of the picture.",
          }),
          [(words) => <strong>{words}</strong>],
        )}
      </p>
      <div class="bm-controls">
        {!asList && (
          <div class="bm-views" role="group" aria-label={t`Which side of the body`}>
            {(["front", "back"] as View[]).map((v) => (
              <button key={v} type="button" class="bm-view" aria-pressed={view === v} onClick={() => (setView(v), setFocused(0))}>
                {v === "front" ? t({ context: "body view", message: "Front" }) : t({ context: "body view", message: "Back" })}
              </button>
            ))}
          </div>
        )}
        <button type="button" class="secondary bm-mode" aria-pressed={asList} onClick={() => setAsList(!asList)}>
          {t`Show as a list`}
        </button>
      </div>
      {asList ? (
        <fieldset class="checklist columns bm-list" id={ids.list}>
          <legend>{t`Body regions`}</legend>
          {(props.regions ?? []).map((r) => {
            const boxId = `${ids.list}-${r.code}`;
            return (
              <div class="check-row" key={r.code}>
                <input type="checkbox" id={boxId} checked={chosen.has(r.code)} onChange={() => toggle(r.code)} />
                <label for={boxId}>{r.label}</label>
              </div>
            );
          })}
          {!props.regions && <p class="hint">{t`The list of body regions loads the first time the app is online.`}</p>}
        </fieldset>
      ) : (
        <>
          <BodyFigure
            view={view}
            regions={regions}
            svgProps={{
              ref: svg,
              role: "group",
              "aria-label": view === "front" ? t`Body, front view: choose where it hurts` : t`Body, back view: choose where it hurts`,
              "aria-describedby": ids.hint,
            }}
            defs={
              <pattern id={ids.hatch} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                <rect width="6" height="6" class="bm-hatch-bg" />
                <line x1="0" y1="0" x2="0" y2="6" class="bm-hatch-line" />
              </pattern>
            }
            regionProps={(region, index) => {
              const on = chosen.has(region.code);
              return {
                role: "checkbox",
                "aria-checked": on ? "true" : "false",
                "aria-label": labelFor(props.regions, region.code),
                tabindex: index === focused ? 0 : -1,
                class: `bm-region${on ? " bm-on" : ""}`,
                style: on ? { fill: `url(#${ids.hatch})` } : undefined,
                onClick: () => {
                  setFocused(index);
                  toggle(region.code);
                },
                onKeyDown: (e: KeyboardEvent) => onKeyDown(e, index, region.code),
              };
            }}
          />
          {hiddenChosen > 0 && (
            <p class="hint">
              {other === "front"
                ? plural(hiddenChosen, { one: "# more chosen on the front view.", other: "# more chosen on the front view." })
                : plural(hiddenChosen, { one: "# more chosen on the back view.", other: "# more chosen on the back view." })}
            </p>
          )}
        </>
      )}
      <p class="bm-selection" id={ids.selected} aria-live="polite">
        {selectionText(props.value, props.regions)}
      </p>
    </div>
  );
}
