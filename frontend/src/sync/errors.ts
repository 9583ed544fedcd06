/** The sync's own errors, in a module of their own: the app frame reads them (RetryNote,
 * through retry.ts) without loading the sync engine, which only signed-in screens need. */
import { t } from "@lingui/core/macro";

/** The session ended (401) or the account cannot keep a diary (403). */
export class AuthError extends Error {
  constructor(readonly status = 401) {
    super(
      status === 403
        ? t`This account cannot keep a diary here (clinicians use the care portal at /care/).`
        : t`Sign in again to sync.`,
    );
  }
}
