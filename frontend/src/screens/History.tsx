/** History: entries by day (edit, delete), with charts and their table equivalent. */
import { useState } from "preact/hooks";
import { catalog, labelOf } from "../catalog";
import { ConfirmButton } from "../components/ConfirmButton";
import { lazy } from "../components/Lazy";
import { db, type EntryRow } from "../db";
import { EntryForm } from "../forms/EntryForm";
import { useLive } from "../live";
import { byDesc } from "../records";
import { requestSync } from "../sync/loop";
import { deleteRecord } from "../sync/outbox";
import { formatDate, formatTime } from "../time";

const Charts = lazy(() => import("./Charts"));
// bodymap: the heat map of the period shown, loaded with History only (one insertion, below).
const WhereItHurt = lazy(() => import("../components/WhereItHurt"));
const PAGE_DAYS = 14;

function groupByDay(entries: EntryRow[]): [string, EntryRow[]][] {
  const days = new Map<string, EntryRow[]>();
  for (const e of [...entries].sort(byDesc("recorded_at"))) {
    const d = String(e.diary_date ?? "");
    days.set(d, [...(days.get(d) ?? []), e]);
  }
  return [...days.entries()].sort((a, b) => b[0].localeCompare(a[0]));
}

function summary(e: EntryRow, labels: (code: unknown) => string): string {
  const parts = [`pain ${e.pain_now}`];
  if (e.mood != null) parts.push(`mood ${e.mood}`);
  if (e.sleep_quality != null) parts.push(`sleep ${e.sleep_quality}`);
  if (e.relief_percent != null) parts.push(`relief ${e.relief_percent} %`);
  const effects = e.side_effects ?? [];
  if (effects.length) parts.push(`side effects: ${effects.map((s) => labels(s.code)).join(", ")}`);
  return parts.join(" · ");
}

export default function History() {
  const entries = useLive(() => db.entries.toArray(), [], [] as EntryRow[]);
  const [shown, setShown] = useState(PAGE_DAYS);
  const [editing, setEditing] = useState<string | null>(null);
  const [charts, setCharts] = useState(false);
  const days = groupByDay(entries);
  const labels = (code: unknown) => labelOf(catalog.value?.side_effects, code);

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <button type="button" class="secondary" aria-expanded={charts} onClick={() => setCharts(!charts)}>
        {charts ? "Hide charts" : "Show charts"}
      </button>
      {charts && <Charts />}
      {days.length === 0 && <p>No entries yet. Log one on the Today screen.</p>}
      {/* bodymap insertion (carry into the month view): "Where it hurt" over the entries shown. */}
      {days.length > 0 && <WhereItHurt entries={days.slice(0, shown).flatMap(([, list]) => list)} title="Where it hurt" />}
      {days.slice(0, shown).map(([date, list]) => (
        <section key={date} class="day" aria-labelledby={`day-${date}`}>
          <h3 id={`day-${date}`}>{formatDate(date)}</h3>
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
                    {e._pending ? <span class="tag">not synced yet</span> : null}
                    <div class="actions">
                      <button type="button" class="secondary" aria-describedby={`entry-${e.id}-text`} onClick={() => setEditing(e.id)}>
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        confirmLabel="Delete entry"
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
      {days.length > shown && (
        <button type="button" class="secondary" onClick={() => setShown(shown + PAGE_DAYS)}>
          Show older days
        </button>
      )}
    </section>
  );
}
