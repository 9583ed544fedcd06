/** Share: let a clinician see a summary or the full diary; request and open summary PDFs. */
import { useEffect, useState } from "preact/hooks";
import { Select, TextInput } from "../components/Fields";
import { ConfirmButton } from "../components/ConfirmButton";
import type { Share, ShareCreate, Summary, SummaryRequest } from "../api/types";
import { errorText, OfflineError, request } from "../http";
import { formatDate } from "../time";

interface Page<T> {
  results?: T[];
}

type Scope = Share["scope"];

/** Every scope the server offers, in the patient's words (`tsc` fails here when the list changes). */
const SCOPE_LABELS: Record<Scope, string> = { summary: "Summary only", full: "Summary and full diary" };
const SCOPES = (Object.keys(SCOPE_LABELS) as Scope[]).map((code) => ({ code, label: SCOPE_LABELS[code] }));

function problem(error: unknown, status?: number): string {
  if (error instanceof OfflineError) return "You are offline. Sharing needs a connection.";
  if (status === 404) return "Sharing is not available on this server yet.";
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

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
      } else setError(res.status === 404 ? problem(null, 404) : errorText(res.body) || `The server answered ${res.status}.`);
    } catch (e) {
      setError(problem(e));
    }
  }

  function createShare(e: Event) {
    e.preventDefault();
    void act(
      () => {
        const body: ShareCreate = { clinician_email: email.trim(), scope, expires_on: expires || null };
        return request<Share>("POST", "/api/v1/shares/", body);
      },
      `Shared with ${email.trim()}.`,
      setShareError,
    ).then(() => setEmail(""));
  }

  function requestSummary(e: Event) {
    e.preventDefault();
    const body: SummaryRequest = {};
    if (periodStart) body.period_start = periodStart;
    if (periodEnd) body.period_end = periodEnd;
    void act(() => request("POST", "/api/v1/summaries/", body), "Your summary is being prepared.", setSummaryError);
  }

  return (
    <section aria-labelledby="share-title">
      <h2 id="share-title">Share with your care team</h2>
      <p class="saved-note" role="status">
        {notice}
      </p>

      <section class="card" aria-labelledby="shares-title">
        <h3 id="shares-title">Who can see your diary</h3>
        {shareError && <p class="error" role="alert">{shareError}</p>}
        {shares.length === 0 && !shareError && <p>You have not shared your diary with anyone.</p>}
        <ul class="records">
          {shares.map((s) => (
            <li key={s.id} id={`share-${s.id}`}>
              <strong>{s.clinician_email}</strong>: {SCOPE_LABELS[s.scope] ?? s.scope}
              {s.expires_on ? `, until ${formatDate(s.expires_on)}` : ""}
              {s.status ? ` (${s.status})` : ""}
              <div class="actions">
                <ConfirmButton
                  label="Stop sharing"
                  confirmLabel="Stop sharing now"
                  describedBy={`share-${s.id}`}
                  onConfirm={() => void act(() => request("POST", `/api/v1/shares/${s.id}/revoke`), "Sharing stopped.", setShareError)}
                />
              </div>
            </li>
          ))}
        </ul>
        <form class="card" onSubmit={createShare}>
          <h4>Share with a clinician</h4>
          <TextInput id="share-email" type="email" label="Clinician's email" value={email} onChange={setEmail} required autoComplete="off" />
          <Select id="share-scope" label="What they can see" value={scope} options={SCOPES} onChange={setScope} />
          <TextInput id="share-expires" type="date" label="Until (optional)" value={expires} onChange={setExpires} />
          <button type="submit" class="primary">Share</button>
        </form>
      </section>

      <section class="card" aria-labelledby="summaries-title">
        <h3 id="summaries-title">Summaries</h3>
        {summaryError && <p class="error" role="alert">{summaryError}</p>}
        <ul class="records">
          {summaries.map((s) => (
            <li key={s.id}>
              {s.period_start && s.period_end ? `${formatDate(s.period_start)} – ${formatDate(s.period_end)}` : "Summary"}:{" "}
              {s.status === "ready" ? (
                <a href={`/api/v1/summaries/${s.id}/pdf`} target="_blank" rel="noopener">
                  Open PDF<span class="visually-hidden"> of the summary {s.period_start} to {s.period_end}</span>
                </a>
              ) : s.status === "pending" ? (
                "being prepared…"
              ) : (
                "could not be made"
              )}
            </li>
          ))}
        </ul>
        <form class="card" onSubmit={requestSummary}>
          <h4>Ask for a summary</h4>
          <p class="hint">Leave the dates empty for the 30 days ending yesterday.</p>
          <TextInput id="sum-start" type="date" label="From (optional)" value={periodStart} onChange={setPeriodStart} />
          <TextInput id="sum-end" type="date" label="To (optional)" value={periodEnd} onChange={setPeriodEnd} />
          <button type="submit" class="primary">Prepare summary</button>
        </form>
      </section>
    </section>
  );
}
