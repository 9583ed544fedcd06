/**
 * "Where it hurt" over a period: the body figure, front and back, each region shaded by how
 * many of the period's entries named it (five steps of the pain colour scale, never colour
 * alone: the table under it gives every count in words). Loaded on demand (History).
 */
import { plural, t } from "@lingui/core/macro";
import { useMemo } from "preact/hooks";
import { catalog } from "../catalog";
import { BodyFigure } from "./BodyFigure";
import { labelFor } from "./BodyMap";
import { REGIONS, type View } from "./bodyRegions";
import { uid } from "./Fields";
import "./bodymap.css";

export interface WhereItHurtProps {
  entries: readonly { locations?: readonly string[] | null }[];
  title?: string;
}

const STEPS = 5;

/** How many entries named each code, most first (ties in catalogue order). */
export function regionCounts(entries: WhereItHurtProps["entries"], order: readonly string[] = []): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of entries) for (const code of new Set(e.locations ?? [])) counts.set(code, (counts.get(code) ?? 0) + 1);
  const rank = (code: string) => {
    const i = order.indexOf(code);
    return i < 0 ? order.length : i;
  };
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]));
}

/** The shade step (1–5) of a count, against the most-named region's; 0 when never named. */
export function shadeStep(count: number, most: number): number {
  return count > 0 && most > 0 ? Math.max(1, Math.ceil((count / most) * STEPS)) : 0;
}

export default function WhereItHurt(props: WhereItHurtProps) {
  const regions = catalog.value?.body_regions;
  const headingId = useMemo(() => uid("wih"), []);
  const counts = regionCounts(
    props.entries,
    (regions ?? []).map((r) => r.code),
  );
  const byCode = new Map(counts);
  const most = counts[0]?.[1] ?? 0;
  const total = props.entries.length;
  const title = props.title ?? t`Where it hurt`;

  return (
    <section class="card wih stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {counts.length === 0 ? (
        <p>{plural(total, { one: "No body regions were logged in these # entries.", other: "No body regions were logged in these # entries." })}</p>
      ) : (
        <>
          <div class="wih-figures">
            {(["front", "back"] as View[]).map((view) => (
              <figure key={view}>
                <BodyFigure
                  view={view}
                  regions={REGIONS[view]}
                  svgProps={{
                    role: "img",
                    "aria-label":
                      view === "front"
                        ? t`Front of the body, shaded by how often each region was named (the table below gives the numbers)`
                        : t`Back of the body, shaded by how often each region was named (the table below gives the numbers)`,
                  }}
                  regionProps={(region) => ({ class: `wih-region wih-${shadeStep(byCode.get(region.code) ?? 0, most)}` })}
                />
                <figcaption aria-hidden="true">{view === "front" ? t({ context: "body view", message: "Front" }) : t({ context: "body view", message: "Back" })}</figcaption>
              </figure>
            ))}
          </div>
          <p class="wih-legend" aria-hidden="true">
            {t({ comment: "Colour legend: Fewer [five swatches] more entries", message: "Fewer" })}
            {Array.from({ length: STEPS }, (_, i) => (
              <span key={i} class={`wih-swatch wih-${i + 1}`} />
            ))}
            {t({ comment: "Colour legend: Fewer [five swatches] more entries", message: "more entries" })}
          </p>
          <table class="wih-table">
            <caption class="visually-hidden">
              {plural(total, {
                one: `${title}: how many of the # entries named each body region`,
                other: `${title}: how many of the # entries named each body region`,
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t({ comment: "Column heading: body region", message: "Region" })}</th>
                <th scope="col">{t({ comment: "Column heading: how many diary entries", message: "Entries" })}</th>
              </tr>
            </thead>
            <tbody>
              {counts.map(([code, n]) => (
                <tr key={code}>
                  <th scope="row">{labelFor(regions, code)}</th>
                  <td>{plural(total, { one: `${n} of # entries`, other: `${n} of # entries` })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
