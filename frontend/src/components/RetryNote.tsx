/** "Couldn't reach the server — retrying in 30 s": the wait before the next sync attempt, counting down. */
import { useEffect, useState } from "preact/hooks";
import { retryText } from "../sync/retry";
import { lastError, online, refused, retryAt, syncing } from "../sync/state";

/** The sentence while a retry is scheduled (re-rendered every second), or null. */
export function useRetryText(): string | null {
  const at = retryAt.value;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  if (at === null || !lastError.value || !online.value || syncing.value) return null;
  return retryText(lastError.value, at - now);
}

/**
 * Under the header while the server cannot be reached. Not a live region (it changes every
 * second); the sync badge's status already announces the change of state. A refusal is
 * shown by the badge ("Needs attention") and explained on the Sync screen.
 */
export function RetryNote() {
  const text = useRetryText();
  if (!text || refused.value) return null;
  return (
    <p id="sync-retry" class="sync-retry">
      {text}
    </p>
  );
}
