/**
 * "Something worrying?" on the Today screen: one tap opens every red flag of the catalogue in
 * plain words (a modal dialog). Ticking one shows its advice under it at once, from the stored
 * catalogue (offline too), with the crisis lines for thoughts of self-harm; the dialog says
 * from the start that the diary is not watched in real time. Saving makes an ordinary entry of
 * today (pain now asked on the same form, prefilled from today's last entry) and shows the
 * red-flag card first, which stays on Today until it is read. A link leads to "My red flags".
 */
import { t } from "@lingui/core/macro";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { TriangleAlert } from "lucide";
import { Icon } from "./Icon";
import { capitalized, catalog, redFlagsLogged, type LoggedRedFlag } from "../catalog";
import { db } from "../db";
import { useLive } from "../live";
import { requestSync } from "../sync/loop";
import { saveRecord } from "../sync/outbox";
import { formatTime, localDate } from "../time";
import { lastPainToday, worryingEntry, worryingItems, type Picked } from "../worrying";
import { PainScale } from "./PainScale";
import { notWatched, RedFlagCard, savedRedFlags } from "./RedFlagCard";
import { UrgentHelp } from "./UrgentHelp";

/** The entry point: the button that opens the dialog, and the link to "My red flags". */
export function SomethingWorrying() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <div class="worrying">
      <button ref={opener} type="button" class="worrying-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <Icon icon={TriangleAlert} />
        {t`Something worrying?`}
      </button>
      <a href="#/red-flags">{t`My red flags`}</a>
      {open && <WorryingDialog onClose={() => setOpen(false)} />}
    </div>
  );
}

function WorryingDialog(props: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const cat = catalog.value;
  const items = useMemo(() => worryingItems(cat?.side_effects, cat?.severities), [cat]);
  const [picked, setPicked] = useState<Picked>({});
  const [pain, setPain] = useState<number | null>(null);
  const [saved, setSaved] = useState<{ flags: LoggedRedFlag[]; at: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const today = localDate();
  const lastPain = useLive(async () => lastPainToday(await db.entries.where("diary_date").equals(today).toArray(), today), [today], null as number | null);
  const painNow = pain ?? lastPain;
  const savedAt = saved ? formatTime(saved.at) : "";

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  useEffect(() => {
    if (saved) title.current?.focus();
  }, [saved]);

  const advice = (code: string) => cat?.side_effects.find((e) => e.code === code)?.advice ?? "";

  async function save(event: Event) {
    event.preventDefault();
    if (!Object.keys(picked).length) return setError(t`Tick what is worrying you.`);
    if (painNow === null) return setError(t`Choose how much pain you have now (0–10).`);
    setBusy(true);
    setError("");
    try {
      const entry = worryingEntry(picked, painNow);
      await saveRecord("entry", crypto.randomUUID(), entry);
      const flags = redFlagsLogged(entry.side_effects ?? [], cat?.side_effects);
      savedRedFlags.value = flags; // the card stays on Today until it is read
      setSaved({ flags, at: entry.recorded_at });
      void requestSync();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function read() {
    savedRedFlags.value = [];
    props.onClose();
  }

  return (
    <dialog
      ref={dialog}
      class="dialog worrying-dialog"
      aria-modal="true"
      aria-labelledby="worrying-title"
      onCancel={(e) => {
        e.preventDefault(); // Escape: close through state, so focus returns to the button
        props.onClose();
      }}
    >
      <h2 id="worrying-title" ref={title} tabIndex={-1}>
        {t`Something worrying?`}
      </h2>
      {saved ? (
        <>
          <RedFlagCard flags={saved.flags} saved onClose={read} />
          <p role="status">{t({ comment: "time: when the entry was saved (14:32)", message: `Saved in your diary at ${savedAt}.` })}</p>
          <div class="actions">
            <button type="button" class="secondary" onClick={props.onClose}>
              {t`Close`}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={save} noValidate>
          <p class="not-watched">
            <strong>{notWatched(cat?.not_watched)}</strong>
          </p>
          {items.length ? (
            <fieldset class="checklist worrying-items">
              <legend>{t`Tick what is happening. What to do shows at once.`}</legend>
              {items.map((item) => {
                const id = `worry-${item.code}`;
                const severity = picked[item.code];
                const effect = item.label.toLowerCase();
                return (
                  <div class="worry-item" key={item.code}>
                    <div class="check-row">
                      <input
                        type="checkbox"
                        id={id}
                        checked={severity !== undefined}
                        onChange={(e) => {
                          const on = (e.currentTarget as HTMLInputElement).checked;
                          setPicked((p) =>
                            on ? { ...p, [item.code]: item.severity } : Object.fromEntries(Object.entries(p).filter(([c]) => c !== item.code)),
                          );
                        }}
                      />
                      <label for={id}>{item.label}</label>
                      {severity !== undefined && item.severities.length > 1 && (
                        <select
                          aria-label={t({ comment: "effect: a red flag's label, lowercase (e.g. chest pain)", message: `How bad is the ${effect}?` })}
                          value={String(severity)}
                          onChange={(e) => setPicked((p) => ({ ...p, [item.code]: Number((e.currentTarget as HTMLSelectElement).value) }))}
                        >
                          {item.severities.map((s) => (
                            <option key={s.value} value={String(s.value)}>
                              {capitalized(s.label)}
                            </option>
                          ))}
                        </select>
                      )}
                    </div>
                    {severity !== undefined && (
                      <div class="worry-advice" role="alert">
                        <p>
                          <strong>{item.label}:</strong> {advice(item.code)}
                        </p>
                        {item.urgent && <UrgentHelp lines={cat?.crisis_lines} />}
                      </div>
                    )}
                  </div>
                );
              })}
            </fieldset>
          ) : (
            <p class="urgent">
              {t`The list loads the first time the app is online. If you feel very unwell, call your local emergency number now; for anything else that worries you, contact your care team.`}
            </p>
          )}
          <PainScale name="worry-pain" value={painNow} onChange={setPain} />
          {pain === null && lastPain !== null && <p class="hint">{t`As in your last entry today: change it if it is different now.`}</p>}
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary big" disabled={busy || !items.length}>
              {t`Save`}
            </button>
            <button type="button" class="secondary" onClick={props.onClose}>
              {t`Cancel`}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
