/** Share: let a clinician see a summary or the full diary; request and open summary PDFs. */
import { msg, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import { useEffect, useState } from "preact/hooks";
import { Select, TextInput } from "../components/Fields";
import { ConfirmButton } from "../components/ConfirmButton";
import type { Share, ShareCreate, Summary, SummaryRequest } from "../api/types";
import { errorText, OfflineError, request } from "../http";
import { i18n } from "../i18n";
import { withElements } from "../markup";
import { formatDate } from "../time";

interface Page<T> {
  results?: T[];
}

type Scope = Share["scope"];
type ShareStatus = NonNullable<Share["status"]>;

/** Every scope the server offers, in the patient's words (`tsc` fails here when the list changes). */
const SCOPE_LABELS: Record<Scope, MessageDescriptor> = { summary: msg`Summary only`, full: msg`Summary and full diary` };
const scopeLabel = (scope: Scope) => (SCOPE_LABELS[scope] ? i18n._(SCOPE_LABELS[scope]) : scope);

/** A share's state, in the patient's words (shown in brackets after it). */
const STATUS_LABELS: Record<ShareStatus, MessageDescriptor> = {
  pending: msg({ comment: "A share's state: the clinician has no account yet", message: "pending" }),
  active: msg({ comment: "A share's state", message: "active" }),
  expired: msg({ comment: "A share's state", message: "expired" }),
  revoked: msg({ comment: "A share's state: sharing was stopped", message: "revoked" }),
};
const statusLabel = (status: ShareStatus) => (STATUS_LABELS[status] ? i18n._(STATUS_LABELS[status]) : status);

function problem(error: unknown, status?: number): string {
  if (error instanceof OfflineError) return t`You are offline. Sharing needs a connection.`;
  if (status === 404) return t`Sharing is not available on this server yet.`;
  return error instanceof Error ? error.message : t`Something went wrong. Try again.`;
}

const serverAnswered = (status: number) => t`The server answered ${status}.`;

async function load<T>(path: string): Promise<{ items: T[]; error: string }> {
  try {
    const res = await request<Page<T>>("GET", path);
    if (res.status === 200) return { items: res.body.results ?? [], error: "" };
    return { items: [], error: problem(null, res.status) || errorText(res.body) };
  } catch (e) {
    return { items: [], error: problem(e) };
  }
}

export default function Share() {
  const [shares, setShares] = useState<Share[]>([]);
  const [summaries, setSummaries] = useState<Summary[]>([]);
  const [shareError, setShareError] = useState("");
  const [summaryError, setSummaryError] = useState("");
  const [email, setEmail] = useState("");
  const [scope, setScope] = useState<Scope>("summary");
  const [expires, setExpires] = useState("");
  const [periodStart, setPeriodStart] = useState("");
  const [periodEnd, setPeriodEnd] = useState("");
  const [notice, setNotice] = useState("");

  async function refresh() {
    const [s, m] = await Promise.all([load<Share>("/api/v1/shares/"), load<Summary>("/api/v1/summaries/")]);
    setShares(s.items);
    setShareError(s.error);
    setSummaries(m.items);
    setSummaryError(m.error);
  }

  useEffect(() => {
    void refresh();
  }, []);

  // Poll while a summary is being prepared.
  useEffect(() => {
    if (!summaries.some((s) => s.status === "pending")) return;
    const timer = setTimeout(() => void refresh(), 3000);
    return () => clearTimeout(timer);
  }, [summaries]);

  async function act(action: () => Promise<{ status: number; body: unknown }>, ok: string, setError: (s: string) => void) {
    setNotice("");
    try {
      const res = await action();
      if (res.status >= 200 && res.status < 300) {
        setNotice(ok);
        setError("");
        await refresh();
      } else setError(res.status === 404 ? problem(null, 404) : errorText(res.body) || serverAnswered(res.status));
    } catch (e) {
      setError(problem(e));
    }
  }

  function createShare(e: Event) {
    e.preventDefault();
    const clinician = email.trim();
    void act(
      () => {
        const body: ShareCreate = { clinician_email: clinician, scope, expires_on: expires || null };
        return request<Share>("POST", "/api/v1/shares/", body);
      },
      t`Shared with ${clinician}.`,
      setShareError,
    ).then(() => setEmail(""));
  }

  function requestSummary(e: Event) {
    e.preventDefault();
    const body: SummaryRequest = {};
    if (periodStart) body.period_start = periodStart;
    if (periodEnd) body.period_end = periodEnd;
    void act(() => request("POST", "/api/v1/summaries/", body), t`Your summary is being prepared.`, setSummaryError);
  }

  return (
    <section aria-labelledby="share-title">
      <h2 id="share-title">{t`Share with your care team`}</h2>
      <p class="saved-note" role="status">
        {notice}
      </p>

      <section class="card" aria-labelledby="shares-title">
        <h3 id="shares-title">{t`Who can see your diary`}</h3>
        {shareError && <p class="error" role="alert">{shareError}</p>}
        {shares.length === 0 && !shareError && <p>{t`You have not shared your diary with anyone.`}</p>}
        <ul class="records">
          {shares.map((s) => (
            <li key={s.id} id={`share-${s.id}`}>
              <strong>{s.clinician_email}</strong>: {scopeLabel(s.scope)}
              {s.expires_on ? t({ comment: "After what a clinician can see: ', until Sun, 3 May 2026'", message: `, until ${{ date: formatDate(s.expires_on) }}` }) : ""}
              {s.status ? ` (${statusLabel(s.status)})` : ""}
              <div class="actions">
                <ConfirmButton
                  label={t`Stop sharing`}
                  confirmLabel={t`Stop sharing now`}
                  describedBy={`share-${s.id}`}
                  onConfirm={() => void act(() => request("POST", `/api/v1/shares/${s.id}/revoke`), t`Sharing stopped.`, setShareError)}
                />
              </div>
            </li>
          ))}
        </ul>
        <form class="card" onSubmit={createShare}>
          <h4>{t`Share with a clinician`}</h4>
          <TextInput id="share-email" type="email" label={t`Clinician's email`} value={email} onChange={setEmail} required autoComplete="off" />
          <Select
            id="share-scope"
            label={t`What they can see`}
            value={scope}
            options={(Object.keys(SCOPE_LABELS) as Scope[]).map((code) => ({ code, label: scopeLabel(code) }))}
            onChange={setScope}
          />
          <TextInput id="share-expires" type="date" label={t`Until (optional)`} value={expires} onChange={setExpires} />
          <button type="submit" class="primary">
            {t({ comment: "Button: share the diary with the clinician", message: "Share" })}
          </button>
        </form>
      </section>

      <section class="card" aria-labelledby="summaries-title">
        <h3 id="summaries-title">{t`Summaries`}</h3>
        {summaryError && <p class="error" role="alert">{summaryError}</p>}
        <ul class="records">
          {summaries.map((s) => (
            <li key={s.id}>
              {s.period_start && s.period_end ? `${formatDate(s.period_start)} – ${formatDate(s.period_end)}` : t`Summary`}:{" "}
              {s.status === "ready" ? (
                <a href={`/api/v1/summaries/${s.id}/pdf`} target="_blank" rel="noopener">
                  {withElements(
                    t({
                      comment: "A link; the part in <0>…</0> is read by screen readers only",
                      message: `Open PDF<0> of the summary ${{ start: s.period_start ?? "" }} to ${{ end: s.period_end ?? "" }}</0>`,
                    }),
                    [(words) => <span class="visually-hidden">{words}</span>],
                  )}
                </a>
              ) : s.status === "pending" ? (
                t({ comment: "A summary's state, after its dates", message: "being prepared…" })
              ) : (
                t({ comment: "A summary's state, after its dates", message: "could not be made" })
              )}
            </li>
          ))}
        </ul>
        <form class="card" onSubmit={requestSummary}>
          <h4>{t`Ask for a summary`}</h4>
          <p class="hint">{t`Leave the dates empty for the 30 days ending yesterday.`}</p>
          <TextInput id="sum-start" type="date" label={t`From (optional)`} value={periodStart} onChange={setPeriodStart} />
          <TextInput id="sum-end" type="date" label={t`To (optional)`} value={periodEnd} onChange={setPeriodEnd} />
          <button type="submit" class="primary">
            {t`Prepare summary`}
          </button>
        </form>
      </section>
    </section>
  );
}
