/** Charts (uPlot, loaded on demand): pain with infusions marked, mood, MME — each with a table. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { db, type AdministrationRow, type EntryRow, type MedicationRow } from "../db";
import { useLive } from "../live";
import { dailySeries, type Day } from "../series";
import { formatDate } from "../time";

interface ChartSpec {
  title: string;
  values: (d: Day) => number | null;
  max?: number;
  markInfusions?: boolean;
  describe: string;
}

const dark = () => typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: dark)").matches;

function Chart(props: { days: Day[]; spec: ChartSpec }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const xs = props.days.map((d) => new Date(`${d.date}T12:00:00`).getTime() / 1000);
    const ys = props.days.map((d) => props.spec.values(d));
    const marks = props.days.map((d) => (d.infusions ? (props.spec.max ?? 10) : null));
    const ink = dark() ? "#e8eaed" : "#1b1f24";
    const grid = dark() ? "#3a3f45" : "#d0d4d9";
    const series: uPlot.Series[] = [
      {},
      { label: props.spec.title, stroke: dark() ? "#8cc4ff" : "#1f4e79", width: 2, spanGaps: false, points: { show: true } },
    ];
    const data: uPlot.AlignedData = [xs, ys];
    if (props.spec.markInfusions) {
      series.push({ label: "Infusion", stroke: "#b3261e", width: 0, paths: () => null, points: { show: true, size: 10, fill: "#b3261e" } });
      data.push(marks);
    }
    const plot = new uPlot(
      {
        width: Math.max(240, el.current.clientWidth),
        height: 200,
        series,
        scales: { y: { range: [0, props.spec.max ?? null] as unknown as uPlot.Range.MinMax } },
        axes: [
          { stroke: ink, grid: { stroke: grid } },
          { stroke: ink, grid: { stroke: grid } },
        ],
        cursor: { drag: { x: false, y: false } },
      },
      data,
      el.current,
    );
    return () => plot.destroy();
  }, [props.days, props.spec]);
  return <div ref={el} class="chart" role="img" aria-label={props.spec.describe} />;
}

const SPECS: ChartSpec[] = [
  { title: "Daily pain", values: (d) => d.pain, max: 10, markInfusions: true, describe: "Line chart of daily mean pain (0–10), infusions marked in red. The table below has the same data." },
  { title: "Mood", values: (d) => d.mood, max: 10, describe: "Line chart of daily mean mood (0–10). The table below has the same data." },
  { title: "Daily MME", values: (d) => d.mme, describe: "Line chart of daily morphine milligram equivalents. The table below has the same data." },
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

  return (
    <section class="charts" aria-labelledby="charts-title">
      <h3 id="charts-title">Charts</h3>
      <label for="chart-days">Period</label>{" "}
      <select id="chart-days" value={String(days)} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
        <option value="14">Last 14 days</option>
        <option value="30">Last 30 days</option>
        <option value="90">Last 90 days</option>
      </select>
      {SPECS.map((spec) => (
        <figure key={spec.title}>
          <figcaption>{spec.title}</figcaption>
          <Chart days={series} spec={spec} />
        </figure>
      ))}
      <details open>
        <summary>The same data as a table</summary>
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Daily figures table">
        <table>
          <caption>Daily figures, last {days} days (days with data)</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Pain (mean)</th>
              <th scope="col">Mood (mean)</th>
              <th scope="col">MME</th>
              <th scope="col">Infusions</th>
            </tr>
          </thead>
          <tbody>
            {logged.map((d) => (
              <tr key={d.date}>
                <th scope="row">{formatDate(d.date)}</th>
                <td>{d.pain ?? "–"}</td>
                <td>{d.mood ?? "–"}</td>
                <td>{d.mme ?? "–"}</td>
                <td>{d.infusions || "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </details>
    </section>
  );
}
