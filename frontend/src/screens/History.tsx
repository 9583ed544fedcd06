/**
 * History, one month at a time (the newest month with entries first; previous / next month and
 * a month picker): the month's entries by day (edit, delete), whatever the diary's length;
 * charts and their table equivalent on demand.
 */
import { plural, t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { catalog, labelOf } from "../catalog";
import { ConfirmButton } from "../components/ConfirmButton";
import { lazy } from "../components/Lazy";
import { MonthNav } from "../components/MonthNav";
import "../components/medicines.css";
import { db, type EntryRow } from "../db";
import { EntryForm } from "../forms/EntryForm";
import { formatNumber } from "../i18n";
import { useLive } from "../live";
import { byDesc } from "../records";
import { requestSync } from "../sync/loop";
import { deleteRecord } from "../sync/outbox";
import { useMonthPaging } from "../monthPaging";
import { monthLabel } from "../months";
import { formatDate, formatTime } from "../time";

const Charts = lazy(() => import("./Charts"));
// The heat map of the month shown, loaded with History only.
const WhereItHurt = lazy(() => import("../components/WhereItHurt"));

function groupByDay(entries: EntryRow[]): [string, EntryRow[]][] {
  const days = new Map<string, EntryRow[]>();
  for (const e of [...entries].sort(byDesc("recorded_at"))) {
    const d = String(e.diary_date ?? "");
    days.set(d, [...(days.get(d) ?? []), e]);
  }
  return [...days.entries()].sort((a, b) => b[0].localeCompare(a[0]));
}

/** "pain 6 · mood 4 · sleep 3 · relief 30 % · side effects: Nausea, Dizziness". */
function summary(e: EntryRow, labels: (code: unknown) => string): string {
  const { pain_now: pain, mood, sleep_quality: sleep, relief_percent: relief } = e;
  const parts = [t({ comment: "An entry's pain score (0–10) in a one-line summary", message: `pain ${pain}` })];
  if (mood != null) parts.push(t({ comment: "An entry's mood score (0–10) in a one-line summary", message: `mood ${mood}` }));
  if (sleep != null) parts.push(t({ comment: "An entry's sleep quality score in a one-line summary", message: `sleep ${sleep}` }));
  if (relief != null) {
    const percent = formatNumber(relief);
    parts.push(t({ comment: "An entry's relief in percent in a one-line summary", message: `relief ${percent} %` }));
  }
  const effects = e.side_effects ?? [];
  if (effects.length) {
    const list = effects.map((s) => labels(s.code)).join(", ");
    parts.push(t`side effects: ${list}`);
  }
  return parts.join(" · ");
}

/** "5 entries on 3 days". */
function countsText(entries: number, days: number): string {
  return t`${plural(entries, { one: "# entry", other: "# entries" })} on ${plural(days, { one: "# day", other: "# days" })}`;
}

export default function History() {
  const { month, oldest, newest, first, known, choose } = useMonthPaging(db.entries, "diary_date");
  const entries = useLive(() => db.entries.where("diary_date").between(`${month}-01`, `${month}-31`, true, true).toArray(), [month], [] as EntryRow[]);
  const [editing, setEditing] = useState<string | null>(null);
  const [charts, setCharts] = useState(false);
  const days = groupByDay(entries);
  const labels = (code: unknown) => labelOf(catalog.value?.side_effects, code);
  const label = monthLabel(month);

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t`History`}</h2>
      <button type="button" class="secondary" aria-expanded={charts} onClick={() => setCharts(!charts)}>
        {charts ? t`Hide charts` : t`Show charts`}
      </button>
      {charts && <Charts />}
      {known && !first && <p>{t`No entries yet. Log one on the Today screen.`}</p>}
      {first && (
        <>
          <MonthNav id="history-month" label={t`Month of history`} month={month} first={oldest} last={newest} onChange={choose} />
          <h3 class="month-title" id="history-month-title" aria-live="polite">
            {label} <span class="row-count">· {countsText(entries.length, days.length)}</span>
          </h3>
          {entries.length > 0 && <WhereItHurt entries={entries} title={t`Where it hurt in ${label}`} />}
          {days.length === 0 && <p class="muted">{t`No entries in ${label}.`}</p>}
        </>
      )}
      {days.map(([date, list]) => (
        <section key={date} class="day" aria-labelledby={`day-${date}`}>
          <h4 id={`day-${date}`}>{formatDate(date)}</h4>
          <ul class="records">
            {list.map((e) => (
              <li key={e.id} id={`entry-${e.id}`}>
                {editing === e.id ? (
                  <EntryForm record={e} onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <span id={`entry-${e.id}-text`}>
                      <strong>{formatTime(e.recorded_at)}</strong> {summary(e, labels)}
                      {e.notes ? ` · “${String(e.notes).slice(0, 80)}”` : ""}
                    </span>{" "}
                    {e._pending ? <span class="tag">{t`not synced yet`}</span> : null}
                    <div class="actions">
                      <button type="button" class="secondary" aria-describedby={`entry-${e.id}-text`} onClick={() => setEditing(e.id)}>
                        {t`Edit`}
                      </button>
                      <ConfirmButton
                        label={t`Delete`}
                        confirmLabel={t`Delete entry`}
                        describedBy={`entry-${e.id}-text`}
                        onConfirm={() => void deleteRecord("entry", e.id).then(() => requestSync())}
                      />
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
