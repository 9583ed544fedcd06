/**
 * Sign-out, asked in a modal dialog. With changes not yet sent it says how many, offers to
 * sync first, and clears the device only on "Sign out anyway"; with none it signs out as
 * before (the diary stays on the server; this device's copy is cleared).
 */
import { plural, t } from "@lingui/core/macro";
import { useEffect, useRef, useState } from "preact/hooks";
import { signOut, UnsentChangesError } from "../auth";
import { requestSync } from "../sync/loop";
import { lastError, online, pendingCount, refused, syncing } from "../sync/state";
import { useRetryText } from "./RetryNote";

const changes = (n: number) => plural(n, { one: "# change", other: "# changes" });

/** The "Sign out" button; focus returns to it when the dialog closes. */
export function SignOutButton() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <>
      <button ref={opener} type="button" class="secondary" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t`Sign out`}
      </button>
      {open && <SignOutDialog onClose={() => setOpen(false)} />}
    </>
  );
}

type Phase = "asking" | "sending" | "signing-out";

function SignOutDialog(props: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  const [phase, setPhase] = useState<Phase>("asking");
  const [error, setError] = useState("");
  const [triedSync, setTriedSync] = useState(false);
  const retry = useRetryText();
  const pending = pendingCount.value;
  const unsent = pending > 0;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  // The least destructive choice has the focus when the dialog opens and when it changes.
  useEffect(() => stay.current?.focus(), [unsent]);

  async function syncFirst() {
    setPhase("sending");
    setError("");
    setTriedSync(true);
    await requestSync({ force: true });
    setPhase("asking");
  }

  async function leave(discardUnsent: boolean) {
    setPhase("signing-out");
    setError("");
    try {
      await signOut({ discardUnsent });
    } catch (e) {
      // Changes were queued meanwhile (another tab): the dialog now shows the warning instead.
      if (!(e instanceof UnsentChangesError)) setError(e instanceof Error ? e.message : String(e));
      setPhase("asking");
    }
  }

  const busy = phase === "sending" || phase === "signing-out" || syncing.value;
  let status = "";
  if (phase === "sending" || (unsent && syncing.value))
    status = plural(pending, { one: "Sending # change…", other: "Sending # changes…" });
  else if (phase === "signing-out") status = t`Signing out…`;
  else if (!unsent && triedSync) status = t`Every change has been sent.`;
  else if (unsent && !online.value)
    status = plural(pending, {
      one: "You are offline. Connect to the internet to send it first.",
      other: "You are offline. Connect to the internet to send them first.",
    });
  else if (unsent && refused.value && lastError.value) status = `${lastError.value}.`;
  else if (unsent && retry) status = retry;
  else if (unsent && lastError.value) status = lastError.value;

  return (
    <dialog
      ref={dialog}
      class="dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="sign-out-title"
      aria-describedby="sign-out-text"
      onCancel={(e) => {
        e.preventDefault(); // Escape: close through state, so focus returns to "Sign out"
        if (phase !== "signing-out") props.onClose();
      }}
    >
      {unsent ? (
        <>
          <h2 id="sign-out-title">{t`Sign out with unsent changes?`}</h2>
          <div id="sign-out-text">
            <p>
              <strong id="unsent-count">{changes(pending)}</strong>{" "}
              {t({
                comment: "Follows a count in bold: '2 changes' on this device have not been sent…",
                message: plural(pending, {
                  one: "on this device has not been sent to the server yet.",
                  other: "on this device have not been sent to the server yet.",
                }),
              })}
            </p>
            <p class="warning">
              {plural(pending, {
                one: "If you sign out now, it will be lost: signing out clears the diary from this device, and this change is nowhere else.",
                other:
                  "If you sign out now, they will be lost: signing out clears the diary from this device, and these changes are nowhere else.",
              })}
            </p>
          </div>
        </>
      ) : (
        <>
          <h2 id="sign-out-title">{t`Sign out?`}</h2>
          <p id="sign-out-text">
            {t`Every change has been sent. Signing out removes your diary from this device; it stays on the server, and signing in again brings it back.`}
          </p>
        </>
      )}
      <p role="status" class="dialog-status">
        {status}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {unsent && (
          <button type="button" class="primary" disabled={busy || !online.value} onClick={() => void syncFirst()}>
            {t`Sync first`}
          </button>
        )}
        <button ref={stay} type="button" class="secondary" disabled={phase === "signing-out"} onClick={props.onClose}>
          {t`Stay signed in`}
        </button>
        {unsent ? (
          <button type="button" class="danger" disabled={phase === "signing-out"} onClick={() => void leave(true)}>
            {t`Sign out anyway`}
          </button>
        ) : (
          <button type="button" class="danger" disabled={busy} onClick={() => void leave(false)}>
            {t`Sign out and clear this device`}
          </button>
        )}
      </div>
    </dialog>
  );
}
