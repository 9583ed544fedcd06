/** Sync: the state in words, "Sync now", conflicts to resolve, rejected changes to fix, sign-out. */
import { plural, select, t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { currentUser } from "../auth";
import { useRetryText } from "../components/RetryNote";
import { Icon } from "../components/Icon";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { SignOutButton } from "../components/SignOut";
import { syncLabelText } from "../components/SyncBadge";
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
import { formatDateTime, formatNumber } from "../i18n";
import { isEntity, type Entity } from "../kinds";
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

/** A record's kind for the sentences below ("other": a kind this version of the app does not know). */
type KindKey = Entity | "other";
const kindOf = (entity: unknown): KindKey => (isEntity(entity) ? entity : "other");

/** The sentences naming a kind of record, whole, so each language can agree them with the noun. */
function changedDeleted(entity: unknown): string {
  const kind = kindOf(entity);
  const what = String(entity);
  return t({
    comment: "A sync conflict, by kind of record",
    message: select(kind, {
        episode: "You changed a episode that was deleted on another device.",
        administration: "You changed a dose or infusion that was deleted on another device.",
        entry: "You changed a diary entry that was deleted on another device.",
        medication: "You changed a medicine that was deleted on another device.",
        assessment: "You changed a questionnaire that was deleted on another device.",
        other: `You changed a ${what} that was deleted on another device.`,
      }),
  });
}

function deletedChanged(entity: unknown): string {
  const kind = kindOf(entity);
  const what = String(entity);
  return t({
    comment: "A sync conflict, by kind of record",
    message: select(kind, {
        episode: "You deleted a episode that was changed on another device.",
        administration: "You deleted a dose or infusion that was changed on another device.",
        entry: "You deleted a diary entry that was changed on another device.",
        medication: "You deleted a medicine that was changed on another device.",
        assessment: "You deleted a questionnaire that was changed on another device.",
        other: `You deleted a ${what} that was changed on another device.`,
      }),
  });
}

function changedBoth(entity: unknown): string {
  const kind = kindOf(entity);
  const what = String(entity);
  return t({
    comment: "A sync conflict, by kind of record",
    message: select(kind, {
        episode: "This episode was changed on another device and on this one.",
        administration: "This dose or infusion was changed on another device and on this one.",
        entry: "This diary entry was changed on another device and on this one.",
        medication: "This medicine was changed on another device and on this one.",
        assessment: "This questionnaire was changed on another device and on this one.",
        other: `This ${what} was changed on another device and on this one.`,
      }),
  });
}

function notAccepted(entity: unknown): string {
  const kind = kindOf(entity);
  const what = String(entity);
  return t({
    comment: "A change the server refused, by kind of record",
    message: select(kind, {
        episode: "A change to a episode was not accepted",
        administration: "A change to a dose or infusion was not accepted",
        entry: "A change to a diary entry was not accepted",
        medication: "A change to a medicine was not accepted",
        assessment: "A change to a questionnaire was not accepted",
        other: `A change to a ${what} was not accepted`,
      }),
  });
}

/** A conflict's clashing values: {"field": {"server": …, "client": …}}, or nothing readable. */
function clashes(fields: unknown): [string, { server?: unknown; client?: unknown }][] {
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) return [];
  return Object.entries(fields).map(([name, v]) => [name, v && typeof v === "object" ? v : {}]);
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return t`(empty)`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function ConflictCard(props: { conflict: ConflictRow }) {
  const c = props.conflict;
  const fields = clashes(c.fields);
  const titleId = `conflict-${c.id}`;
  const resolve = (keep: "server" | "client") => void resolveConflict(c.id, keep).then(() => requestSync());
  const text =
    c.kind === "edit_deleted"
      ? { intro: changedDeleted(c.entity), server: t`Keep it deleted`, client: t`Restore it with my change` }
      : c.kind === "delete_edited"
        ? { intro: deletedChanged(c.entity), server: t`Keep it`, client: t`Delete it` }
        : { intro: changedBoth(c.entity), server: t`Keep the server's version`, client: t`Keep this device's version` };
  return (
    <li class="card" aria-labelledby={titleId}>
      <h4 id={titleId}>{text.intro}</h4>
      {fields.length > 0 && (
        <table>
          <caption class="visually-hidden">{t`The values that clash`}</caption>
          <thead>
            <tr>
              <th scope="col">{t`Field`}</th>
              <th scope="col">{t`On the server`}</th>
              <th scope="col">{t`On this device`}</th>
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
        <p>{t`Resolving…`}</p>
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
  if (!entity) return <p>{t`This change cannot be edited here; dismiss it.`}</p>;
  if (record === undefined) return <p aria-busy="true">{t`Loading…`}</p>;
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
  const titleId = `rejection-${r.id}`;
  return (
    <li class="card" aria-labelledby={titleId}>
      <h4 id={titleId}>{notAccepted(r.entity)}</h4>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.attr ? <strong>{e.attr.replace(/_/g, " ")}: </strong> : null}
            {e.detail}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t`What was sent`}</summary>
        <pre>{JSON.stringify(sentMutation(r.data) ?? r.data, null, 2)}</pre>
      </details>
      {fixing ? (
        <Fixer rejection={r} onDone={() => setFixing(false)} />
      ) : (
        <div class="actions">
          {r.op !== "delete" && (
            <button type="button" class="secondary" aria-describedby={titleId} onClick={() => setFixing(true)}>
              {t`Fix and save again`}
            </button>
          )}
          <button type="button" class="secondary" aria-describedby={titleId} onClick={() => void dismissRejection(r.id)}>
            {t`Dismiss`}
          </button>
        </div>
      )}
    </li>
  );
}

/** "Last synced at 14:05:09." */
function lastSynced(at: Date): string {
  const time = formatDateTime(at, { hour: "numeric", minute: "2-digit", second: "2-digit" });
  return t`Last synced at ${time}.`;
}

export default function Sync() {
  const conflicts = useLive(() => db.conflicts.toArray(), [], [] as ConflictRow[]);
  const rejections = useLive(() => db.rejections.toArray(), [], [] as RejectionRow[]);
  const retry = useRetryText();
  const pending = pendingCount.value;
  const conflictCount = formatNumber(conflicts.length);
  const rejectionCount = formatNumber(rejections.length);
  const email = currentUser.value?.email;

  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">{t({ comment: "The Sync screen's heading", message: "Sync" })}</h2>
      <div class="card" id="sync-summary" data-synced-at={lastSyncedAt.value?.getTime() ?? ""}>
        <p>
          <strong>{syncLabelText(syncLabel.value)}.</strong>{" "}
          {pending > 0
            ? plural(pending, {
                one: "# change saved on this device, waiting to be sent.",
                other: "# changes saved on this device, waiting to be sent.",
              })
            : t`Every change on this device has been sent.`}
        </p>
        {!online.value && <p>{t`You are offline. Changes are kept on this device and sent when you are back online.`}</p>}
        {lastSyncedAt.value && <p>{lastSynced(lastSyncedAt.value)}</p>}
        {refused.value && lastError.value ? (
          <p class="error" id="sync-problem">
            {retry ?? lastError.value}.{" "}
            {t`Your changes stay on this device; if this goes on, reload the app to get its latest version.`}
          </p>
        ) : retry ? (
          <p class="error" id="sync-problem">
            {retry}. {t`Your changes stay on this device.`}
          </p>
        ) : (
          online.value && lastError.value && !syncing.value && <p class="error" id="sync-problem">{lastError.value}</p>
        )}
        {authExpired.value && authStatus.value === 401 && (
          <p>
            {t({ comment: "Before the link 'Sign in again'", message: "Your session has ended." })}{" "}
            <a href="#/sign-in">{t`Sign in again`}</a>{" "}
            {t({ comment: "After the link: '[Sign in again] to sync; nothing…'", message: "to sync; nothing on this device is lost." })}
          </p>
        )}
        <button type="button" class="primary" disabled={syncing.value} onClick={() => void requestSync({ force: true })}>
          <Icon icon={RefreshCw} /> {t`Sync now`}
        </button>
      </div>

      <section aria-labelledby="conflicts-title">
        <h3 id="conflicts-title">{t`Conflicts (${conflictCount})`}</h3>
        {conflicts.length === 0 ? <p>{t`No conflicts.`}</p> : <ul class="plain">{conflicts.map((c) => <ConflictCard key={c.id} conflict={c} />)}</ul>}
      </section>

      <section aria-labelledby="rejections-title">
        <h3 id="rejections-title">{t`Changes not accepted (${rejectionCount})`}</h3>
        {rejections.length === 0 ? <p>{t({ comment: "No changes not accepted", message: "None." })}</p> : <ul class="plain">{rejections.map((r) => <RejectionCard key={r.id} rejection={r} />)}</ul>}
      </section>

      <section class="card" aria-labelledby="device-title">
        <h3 id="device-title" class="card-title">
          <Icon icon={Smartphone} /> {t`This device`}
        </h3>
        {email && <p>{t`Signed in as ${email}.`}</p>}
        <ul class="plain link-list">
          <li>
            <a class="card-link" href="#/reminders">
              <Icon icon={Bell} /> <span class="card-link-title">{t`Reminders and check-ins`}</span>
              <Icon icon={ChevronRight} class="chevron" />
            </a>
          </li>
          <li>
            <a class="card-link" href="#/install">
              <Icon icon={Download} /> <span class="card-link-title">{t`Install the app`}</span>
              <Icon icon={ChevronRight} class="chevron" />
            </a>
          </li>
        </ul>
        <ThemeSwitch />
        <LanguageSwitch />
        <SignOutButton />
      </section>
    </section>
  );
}
