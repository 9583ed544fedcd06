/** Sign in, create an account, confirm the email with its code; passkeys where supported. */
import { plural, t } from "@lingui/core/macro";
import { useRef, useState } from "preact/hooks";
import {
  authState,
  type Consent,
  passkeysSupported,
  signIn,
  signInWithPasskey,
  signUp,
  UnsentChangesError,
  verifyEmail,
} from "../auth";
import { TextInput } from "../components/Fields";
import { OfflineError } from "../http";
import { navigate, route } from "../router";
import { authExpired } from "../sync/state";

type Mode = "sign-in" | "sign-up";

type Action = (consent: Consent) => Promise<void>;

/** Another account is signing in where the previous patient's changes have not been sent. */
function UnsentNotice(props: { error: UnsentChangesError; busy: boolean; onDiscard: () => void }) {
  const n = props.error.count;
  const who = props.error.owner?.email ?? t`the previous account`;
  return (
    <div class="warning" role="alert">
      <p>
        {plural(n, {
          one: `# change by ${who} on this device has not been sent yet. Sign in as ${who} to send it. Signing in with another account clears this device, and that change will be lost.`,
          other: `# changes by ${who} on this device have not been sent yet. Sign in as ${who} to send them. Signing in with another account clears this device, and those changes will be lost.`,
        })}
      </p>
      <button type="button" class="danger" disabled={props.busy} onClick={props.onDiscard}>
        {plural(n, { one: "Sign in anyway and lose it", other: "Sign in anyway and lose them" })}
      </button>
    </div>
  );
}

function message(error: unknown): string {
  if (error instanceof OfflineError) return t`You are offline. Signing in needs a connection.`;
  return error instanceof Error ? error.message : String(error);
}

export default function SignIn() {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [unsent, setUnsent] = useState<UnsentChangesError | null>(null);
  const lastAction = useRef<Action | null>(null);
  const verifying = authState.value === "verify-email";

  /** `retry`: what "Sign in anyway" runs (after an email code, the code is used up: sign in instead). */
  async function run(action: Action, consent: Consent = {}, retry: Action = action) {
    lastAction.current = retry;
    setBusy(true);
    setError("");
    setUnsent(null);
    try {
      await action(consent);
      if (authState.value === "signed-in") {
        authExpired.value = false;
        if (route.value.screen === "sign-in") navigate("#/today");
        void import("../sync/loop").then((loop) => loop.requestSync()); // the sync engine: not on this screen
      }
    } catch (e) {
      if (e instanceof UnsentChangesError) setUnsent(e);
      else setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  if (verifying) {
    return (
      <section class="card narrow" aria-labelledby="verify-title">
        <h2 id="verify-title">{t`Confirm your email`}</h2>
        <p>{t`We sent a code to your email address. Enter it here to finish.`}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              (consent) => verifyEmail(code, consent),
              {},
              (consent) => signIn(email.trim(), password, consent),
            );
          }}
        >
          <TextInput id="verify-code" label={t`Code from the email`} value={code} onChange={setCode} autoComplete="one-time-code" required />
          {error && <p class="error" role="alert">{error}</p>}
          {unsent && (
            <UnsentNotice error={unsent} busy={busy} onDiscard={() => lastAction.current && run(lastAction.current, { discardUnsent: true })} />
          )}
          <button type="submit" class="primary" disabled={busy}>
            {t`Confirm`}
          </button>
        </form>
      </section>
    );
  }

  const signingUp = mode === "sign-up";
  return (
    <section class="card narrow" aria-labelledby="signin-title">
      <h2 id="signin-title">{signingUp ? t`Create your account` : t`Sign in`}</h2>
      <form onSubmit={(e) => (e.preventDefault(), run((consent) => (signingUp ? signUp : signIn)(email.trim(), password, consent)))}>
        <TextInput id="email" type="email" label={t`Email`} value={email} onChange={setEmail} autoComplete="email" inputMode="email" required />
        <TextInput
          id="password"
          type="password"
          label={t`Password`}
          value={password}
          onChange={setPassword}
          autoComplete={signingUp ? "new-password" : "current-password"}
          hint={signingUp ? t`At least 12 characters.` : undefined}
          required
        />
        {error && <p class="error" role="alert">{error}</p>}
        {unsent && (
          <UnsentNotice error={unsent} busy={busy} onDiscard={() => lastAction.current && run(lastAction.current, { discardUnsent: true })} />
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {signingUp ? t`Create account` : t`Sign in`}
          </button>
          {!signingUp && passkeysSupported() && (
            <button type="button" class="secondary" disabled={busy} onClick={() => run((consent) => signInWithPasskey(consent))}>
              {t`Sign in with a passkey`}
            </button>
          )}
        </div>
      </form>
      <p>
        {signingUp ? t`Already have an account?` : t`New here?`}{" "}
        <button type="button" class="link" onClick={() => (setError(""), setMode(signingUp ? "sign-in" : "sign-up"))}>
          {signingUp ? t`Sign in` : t`Create an account`}
        </button>
      </p>
    </section>
  );
}
