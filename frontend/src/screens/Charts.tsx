/** Charts (uPlot, loaded on demand): pain with infusions marked, mood, MME — each with a table. */
import type { MessageDescriptor } from "@lingui/core";
import { msg, plural, t } from "@lingui/core/macro";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { db, type AdministrationRow, type EntryRow, type MedicationRow } from "../db";
import { formatDateTime, formatNumber, i18n } from "../i18n";
import { useLive } from "../live";
import { dailySeries, type Day } from "../series";
import { theme } from "../theme";

interface ChartSpec {
  key: string;
  title: MessageDescriptor;
  values: (d: Day) => number | null;
  max?: number;
  markInfusions?: boolean;
  describe: MessageDescriptor;
}

/** The design tokens the charts draw with, read from the page (so they follow the theme). */
interface Palette {
  text: string;
  muted: string;
  grid: string;
  line: string;
  fill: string;
  marker: string;
  font: string;
}

function palette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const token = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const family = token("--font-family", "system-ui, sans-serif");
  const px = parseFloat(css.fontSize) || 16;
  const accent = token("--color-accent", "#1f4e79");
  return {
    text: token("--color-text", "#1b1f24"),
    muted: token("--color-text-muted", "#4a5360"),
    grid: token("--color-border-soft", "#d3d9e1"),
    line: accent,
    fill: `color-mix(in srgb, ${accent} 14%, transparent)`,
    marker: token("--color-marker", "#a3195b"),
    font: `${Math.round(px * 0.8)}px ${family}`,
  };
}

/** A vertical line and "Infusion" at the top for each day with an administration (a uPlot draw hook). */
function infusionMarkers(days: Day[], xs: number[], colour: string, font: string) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.font = font.replace(/^(\d+)px/, (_m, n: string) => `bold ${Number(n) * devicePixelRatio}px`);
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const label = t`Infusion`;
    const half = ctx.measureText(label).width / 2;
    const { left, width } = u.bbox;
    let lastLabel = -Infinity;
    days.forEach((d, i) => {
      if (!d.infusions) return;
      const x = Math.round(u.valToPos(xs[i]!, "x", true));
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      // A label where there is room for it (an induction course puts infusions days apart).
      if (x - lastLabel > 2 * half + 8 * devicePixelRatio) {
        ctx.fillText(label, Math.min(Math.max(x, left + half), left + width - half), top - 2 * devicePixelRatio);
        lastLabel = x;
      }
    });
    ctx.restore();
  };
}

function Chart(props: { days: Day[]; spec: ChartSpec; themeKey: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const colours = palette();
    const xs = props.days.map((d) => new Date(`${d.date}T12:00:00`).getTime() / 1000);
    const ys = props.days.map((d) => props.spec.values(d));
    const series: uPlot.Series[] = [
      {},
      {
        label: i18n._(props.spec.title),
        stroke: colours.line,
        fill: colours.fill,
        width: 2.5,
        spanGaps: false,
        points: { show: true, size: 6, fill: colours.line, stroke: colours.line },
      },
    ];
    const axis = { stroke: colours.muted, font: colours.font, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    const plot = new uPlot(
      {
        width: Math.max(240, el.current.clientWidth),
        height: 200,
        series,
        legend: { show: false },
        padding: [props.spec.markInfusions ? 22 : 12, 24, 0, 0], // room on the right for the last date
        scales: { y: { range: [0, props.spec.max ?? null] as unknown as uPlot.Range.MinMax } },
        // Dates and numbers on the axes in the app's language (uPlot's own are English and the browser's).
        axes: [
          { ...axis, space: 60, values: (_u, splits) => splits.map((s) => axisDate(s)) },
          { ...axis, size: 36, values: (_u, splits) => splits.map((v) => formatNumber(v)) },
        ],
        cursor: { drag: { x: false, y: false } },
        hooks: props.spec.markInfusions ? { draw: [infusionMarkers(props.days, xs, colours.marker, colours.font)] } : {},
      },
      [xs, ys],
      el.current,
    );
    return () => plot.destroy();
  }, [props.days, props.spec, props.themeKey]);
  return <div ref={el} class="chart" role="img" aria-label={i18n._(props.spec.describe)} />;
}

/** Changes when the colours change (the patient's choice, or the system's scheme). */
function useThemeKey(): string {
  const [system, setSystem] = useState(() => matchMedia("(prefers-color-scheme: dark)").matches);
  useEffect(() => {
    const query = matchMedia("(prefers-color-scheme: dark)");
    const changed = () => setSystem(query.matches);
    query.addEventListener("change", changed);
    return () => query.removeEventListener("change", changed);
  }, []);
  return `${theme.value}-${system}`;
}

/** "Sat 31 Oct" (a table row; the caption gives the period). */
const shortDate = (date: string) => formatDateTime(new Date(`${date}T12:00:00`), { weekday: "short", day: "numeric", month: "short" });

/** "31 Oct" under the time axis (uPlot gives the tick in seconds). */
const axisDate = (seconds: number) => formatDateTime(new Date(seconds * 1000), { day: "numeric", month: "short" });

/** A value of the table, or a dash for a day without one. */
const cell = (value: number | null) => (value === null ? "–" : formatNumber(value));

const SPECS: ChartSpec[] = [
  {
    key: "pain",
    title: msg`Daily pain`,
    values: (d) => d.pain,
    max: 10,
    markInfusions: true,
    describe: msg`Line chart of daily mean pain (0–10), each infusion marked by a dashed vertical line. The table below has the same data.`,
  },
  { key: "mood", title: msg`Mood`, values: (d) => d.mood, max: 10, describe: msg`Line chart of daily mean mood (0–10). The table below has the same data.` },
  {
    key: "mme",
    title: msg`Daily MME`,
    values: (d) => d.mme,
    describe: msg`Line chart of daily morphine milligram equivalents. The table below has the same data.`,
  },
];

export default function Charts() {
  const [days, setDays] = useState(30);
  const data = useLive(
    async () => [await db.entries.toArray(), await db.administrations.toArray(), await db.medications.toArray()] as const,
    [],
    [[], [], []] as readonly [EntryRow[], AdministrationRow[], MedicationRow[]],
  );
  const series = dailySeries(data[0], data[1], data[2], days);
  const logged = series.filter((d) => d.pain !== null || d.mme !== null || d.infusions);
  const themeKey = useThemeKey();

  return (
    <section class="charts" aria-labelledby="charts-title">
      <h3 id="charts-title">{t`Charts`}</h3>
      <label for="chart-days">{t`Period`}</label>{" "}
      <select id="chart-days" value={String(days)} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
        <option value="14">{t`Last 14 days`}</option>
        <option value="30">{t`Last 30 days`}</option>
        <option value="90">{t`Last 90 days`}</option>
      </select>
      {SPECS.map((spec) => (
        <figure key={spec.key} class="card chart-card">
          <figcaption>{i18n._(spec.title)}</figcaption>
          <Chart days={series} spec={spec} themeKey={themeKey} />
          <ul class="chart-legend" aria-hidden="true">
            <li>
              <span class="swatch" />
              {i18n._(spec.title)}
            </li>
            {spec.markInfusions && (
              <li>
                <span class="swatch marker" />
                {t`Infusion`}
              </li>
            )}
          </ul>
        </figure>
      ))}
      <details open>
        <summary>{t`The same data as a table`}</summary>
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t`Daily figures table`}>
        <table>
          <caption>{plural(days, { one: "Daily figures, last # day (days with data)", other: "Daily figures, last # days (days with data)" })}</caption>
          <thead>
            <tr>
              <th scope="col">{t`Date`}</th>
              <th scope="col">{t`Pain (mean)`}</th>
              <th scope="col">{t`Mood (mean)`}</th>
              <th scope="col">{t({ comment: "Morphine milligram equivalents, a column of numbers", message: "MME" })}</th>
              <th scope="col">{t`Infusions`}</th>
            </tr>
          </thead>
          <tbody>
            {logged.map((d) => (
              <tr key={d.date}>
                <th scope="row">{shortDate(d.date)}</th>
                <td>{cell(d.pain)}</td>
                <td>{cell(d.mood)}</td>
                <td>{cell(d.mme)}</td>
                <td>{cell(d.infusions || null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </details>
    </section>
  );
}
