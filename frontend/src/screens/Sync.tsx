/** Sync: the state in words, "Sync now", conflicts to resolve, rejected changes to fix, sign-out. */
import { useState } from "preact/hooks";
import { currentUser } from "../auth";
import { useRetryText } from "../components/RetryNote";
import { Icon } from "../components/Icon";
import { SignOutButton } from "../components/SignOut";
import { ThemeSwitch } from "../components/ThemeSwitch";
import { Bell, ChevronRight, Download, RefreshCw, Smartphone } from "lucide";
import {
  db,
  tableOf,
  type AdministrationRow,
  type ConflictRow,
  type EntryRow,
  type EpisodeRow,
  type MedicationRow,
  type RejectionRow,
  type Visible,
} from "../db";
import { AssessmentFixer } from "../assessments/AssessmentForm";
import { AdministrationForm } from "../forms/AdministrationForm";
import { EntryForm } from "../forms/EntryForm";
import { EpisodeForm } from "../forms/EpisodeForm";
import { MedicationForm } from "../forms/MedicationForm";
import { isEntity, KINDS, type Entity } from "../kinds";
import { useLive } from "../live";
import { episodesNewestFirst } from "../records";
import { dismissRejection } from "../sync/apply";
import { requestSync } from "../sync/loop";
import { resolveConflict } from "../sync/outbox";
import { editable, sentMutation } from "../sync/rejected";
import {
  authExpired,
  authStatus,
  lastError,
  lastSyncedAt,
  online,
  pendingCount,
  refused,
  syncing,
  syncLabel,
} from "../sync/state";

/** What the patient calls a kind of record ("a change to a medicine"). */
const nameOf = (entity: unknown): string => (isEntity(entity) ? KINDS[entity].name : String(entity));

/** A conflict's clashing values: {"field": {"server": …, "client": …}}, or nothing readable. */
function clashes(fields: unknown): [string, { server?: unknown; client?: unknown }][] {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return [];
  return Object.entries(fields).map(([name, v]) => [name, v && typeof v === "object" ? v : {}]);
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function ConflictCard(props: { conflict: ConflictRow }) {
  const c = props.conflict;
  const fields = clashes(c.fields);
  const what = nameOf(c.entity);
  const titleId = `conflict-${c.id}`;
  const resolve = (keep: "server" | "client") => void resolveConflict(c.id, keep).then(() => requestSync());
  const text =
    c.kind === "edit_deleted"
      ? { intro: `You changed a ${what} that was deleted on another device.`, server: "Keep it deleted", client: "Restore it with my change" }
      : c.kind === "delete_edited"
        ? { intro: `You deleted a ${what} that was changed on another device.`, server: "Keep it", client: "Delete it" }
        : { intro: `This ${what} was changed on another device and on this one.`, server: "Keep the server's version", client: "Keep this device's version" };
  return (
    <li class="card" aria-labelledby={titleId}>
      <h4 id={titleId}>{text.intro}</h4>
      {fields.length > 0 && (
        <table>
          <caption class="visually-hidden">The values that clash</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">On the server</th>
              <th scope="col">On this device</th>
            </tr>
          </thead>
          <tbody>
            {fields.map(([name, v]) => (
              <tr key={name}>
                <th scope="row">{name.replace(/_/g, " ")}</th>
                <td>{show(v.server)}</td>
                <td>{show(v.client)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c._pending ? (
        <p>Resolving…</p>
      ) : (
        <div class="actions">
          <button type="button" class="secondary" aria-describedby={titleId} onClick={() => resolve("server")}>
            {text.server}
          </button>
          <button type="button" class="secondary" aria-describedby={titleId} onClick={() => resolve("client")}>
            {text.client}
          </button>
        </div>
      )}
    </li>
  );
}

function Fixer(props: { rejection: RejectionRow; onDone: () => void }) {
  const r = props.rejection;
  const entity = isEntity(r.entity) ? r.entity : null;
  const payload = sentMutation(r.data) ?? {};
  const id = String(r.record_id);
  // undefined while loading: the editor must know at once whether it edits or creates.
  const record = useLive(
    async () => (entity ? ((await tableOf(entity).get(id)) ?? null) : null),
    [entity, id],
    undefined as Visible<Entity> | null | undefined,
  );
  const episodes = useLive(episodesNewestFirst, [], [] as EpisodeRow[]);
  if (!entity) return <p>This change cannot be edited here; dismiss it.</p>;
  if (record === undefined) return <p aria-busy="true">Loading…</p>;
  const common = { initial: editable(payload.data ?? {}), id, rejectionId: r.id, onDone: props.onDone };
  // `record` was read from the table of the rejection's kind.
  switch (entity) {
    case "entry":
      return <EntryForm {...common} record={record as EntryRow | null} onSaved={props.onDone} onCancel={props.onDone} />;
    case "episode":
      return <EpisodeForm {...common} record={record as EpisodeRow | null} />;
    case "administration":
      return <AdministrationForm {...common} record={record as AdministrationRow | null} episodes={episodes} />;
    case "medication":
      return <MedicationForm {...common} record={record as MedicationRow | null} />;
    case "assessment":
      return <AssessmentFixer initial={payload.data ?? {}} id={id} rejectionId={r.id} onDone={props.onDone} />;
  }
}

function RejectionCard(props: { rejection: RejectionRow }) {
  const r = props.rejection;
  const [fixing, setFixing] = useState(false);
  const errors = r.errors ?? [];
  const what = nameOf(r.entity);
  const titleId = `rejection-${r.id}`;
  return (
    <li class="card" aria-labelledby={titleId}>
      <h4 id={titleId}>A change to a {what} was not accepted</h4>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.attr ? <strong>{e.attr.replace(/_/g, " ")}: </strong> : null}
            {e.detail}
          </li>
        ))}
      </ul>
      <details>
        <summary>What was sent</summary>
        <pre>{JSON.stringify(sentMutation(r.data) ?? r.data, null, 2)}</pre>
      </details>
      {fixing ? (
        <Fixer rejection={r} onDone={() => setFixing(false)} />
      ) : (
        <div class="actions">
          {r.op !== "delete" && (
            <button type="button" class="secondary" aria-describedby={titleId} onClick={() => setFixing(true)}>
              Fix and save again
            </button>
          )}
          <button type="button" class="secondary" aria-describedby={titleId} onClick={() => void dismissRejection(r.id)}>
            Dismiss
          </button>
        </div>
      )}
    </li>
  );
}

export default function Sync() {
  const conflicts = useLive(() => db.conflicts.toArray(), [], [] as ConflictRow[]);
  const rejections = useLive(() => db.rejections.toArray(), [], [] as RejectionRow[]);
  const retry = useRetryText();
  const pending = pendingCount.value;

  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">Sync</h2>
      <div class="card" id="sync-summary" data-synced-at={lastSyncedAt.value?.getTime() ?? ""}>
        <p>
          <strong>{syncLabel.value}.</strong>{" "}
          {pending > 0
            ? `${pending} change${pending === 1 ? "" : "s"} saved on this device, waiting to be sent.`
            : "Every change on this device has been sent."}
        </p>
        {!online.value && <p>You are offline. Changes are kept on this device and sent when you are back online.</p>}
        {lastSyncedAt.value && <p>Last synced at {lastSyncedAt.value.toLocaleTimeString()}.</p>}
        {refused.value && lastError.value ? (
          <p class="error" id="sync-problem">
            {retry ?? lastError.value}. Your changes stay on this device; if this goes on, reload the app to get its
            latest version.
          </p>
        ) : retry ? (
          <p class="error" id="sync-problem">
            {retry}. Your changes stay on this device.
          </p>
        ) : (
          online.value && lastError.value && !syncing.value && <p class="error" id="sync-problem">{lastError.value}</p>
        )}
        {authExpired.value && authStatus.value === 401 && (
          <p>
            Your session has ended. <a href="#/sign-in">Sign in again</a> to sync; nothing on this device is lost.
          </p>
        )}
        <button type="button" class="primary" disabled={syncing.value} onClick={() => void requestSync({ force: true })}>
          <Icon icon={RefreshCw} /> Sync now
        </button>
      </div>

      <section aria-labelledby="conflicts-title">
        <h3 id="conflicts-title">Conflicts ({conflicts.length})</h3>
        {conflicts.length === 0 ? <p>No conflicts.</p> : <ul class="plain">{conflicts.map((c) => <ConflictCard key={c.id} conflict={c} />)}</ul>}
      </section>

      <section aria-labelledby="rejections-title">
        <h3 id="rejections-title">Changes not accepted ({rejections.length})</h3>
        {rejections.length === 0 ? <p>None.</p> : <ul class="plain">{rejections.map((r) => <RejectionCard key={r.id} rejection={r} />)}</ul>}
      </section>

      <section class="card" aria-labelledby="device-title">
        <h3 id="device-title" class="card-title">
          <Icon icon={Smartphone} /> This device
        </h3>
        {currentUser.value?.email && <p>Signed in as {currentUser.value.email}.</p>}
        <ul class="plain link-list">
          <li>
            <a class="card-link" href="#/reminders">
              <Icon icon={Bell} /> <span class="card-link-title">Reminders and check-ins</span>
              <Icon icon={ChevronRight} class="chevron" />
            </a>
          </li>
          <li>
            <a class="card-link" href="#/install">
              <Icon icon={Download} /> <span class="card-link-title">Install the app</span>
              <Icon icon={ChevronRight} class="chevron" />
            </a>
          </li>
        </ul>
        <ThemeSwitch />
        <SignOutButton />
      </section>
    </section>
  );
}
