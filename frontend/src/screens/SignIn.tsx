/** Sign in, create an account, confirm the email with its code; passkeys where supported. */
import { useState } from "preact/hooks";
import { authState, passkeysSupported, signIn, signInWithPasskey, signUp, verifyEmail } from "../auth";
import { TextInput } from "../components/Fields";
import { OfflineError } from "../http";
import { navigate, route } from "../router";
import { requestSync } from "../sync/loop";
import { authExpired } from "../sync/state";

type Mode = "sign-in" | "sign-up";

function message(error: unknown): string {
  if (error instanceof OfflineError) return "You are offline. Signing in needs a connection.";
  return error instanceof Error ? error.message : String(error);
}

export default function SignIn() {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const verifying = authState.value === "verify-email";

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError("");
    try {
      await action();
      if (authState.value === "signed-in") {
        authExpired.value = false;
        if (route.value.screen === "sign-in") navigate("#/today");
        void requestSync();
      }
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  if (verifying) {
    return (
      <section class="card narrow" aria-labelledby="verify-title">
        <h2 id="verify-title">Confirm your email</h2>
        <p>We sent a code to your email address. Enter it here to finish.</p>
        <form onSubmit={(e) => (e.preventDefault(), run(() => verifyEmail(code)))}>
          <TextInput id="verify-code" label="Code from the email" value={code} onChange={setCode} autoComplete="one-time-code" required />
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary" disabled={busy}>
            Confirm
          </button>
        </form>
      </section>
    );
  }

  const signingUp = mode === "sign-up";
  return (
    <section class="card narrow" aria-labelledby="signin-title">
      <h2 id="signin-title">{signingUp ? "Create your account" : "Sign in"}</h2>
      <form onSubmit={(e) => (e.preventDefault(), run(() => (signingUp ? signUp : signIn)(email.trim(), password)))}>
        <TextInput id="email" type="email" label="Email" value={email} onChange={setEmail} autoComplete="email" inputMode="email" required />
        <TextInput
          id="password"
          type="password"
          label="Password"
          value={password}
          onChange={setPassword}
          autoComplete={signingUp ? "new-password" : "current-password"}
          hint={signingUp ? "At least 12 characters." : undefined}
          required
        />
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {signingUp ? "Create account" : "Sign in"}
          </button>
          {!signingUp && passkeysSupported() && (
            <button type="button" class="secondary" disabled={busy} onClick={() => run(signInWithPasskey)}>
              Sign in with a passkey
            </button>
          )}
        </div>
      </form>
      <p>
        {signingUp ? "Already have an account? " : "New here? "}
        <button type="button" class="link" onClick={() => (setError(""), setMode(signingUp ? "sign-in" : "sign-up"))}>
          {signingUp ? "Sign in" : "Create an account"}
        </button>
      </p>
    </section>
  );
}
