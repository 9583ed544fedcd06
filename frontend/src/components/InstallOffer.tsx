/**
 * A card on Today, after a few entries, while the app is not installed: why to install it, a
 * link to the guide (#/install), and "Not now", remembered on the device.
 */
import { t } from "@lingui/core/macro";
import { Smartphone, X } from "lucide";
import { db, getMeta, setMeta } from "../db";
import { installed } from "../install";
import { useLive } from "../live";
import { Icon } from "./Icon";

/** Entries on the device before the offer is made. */
export const OFFER_AFTER_ENTRIES = 3;
const KEY = "install_offer_dismissed";

export function InstallOffer() {
  const show = useLive(
    async () => !(await getMeta<boolean>(KEY, false)) && (await db.entries.count()) >= OFFER_AFTER_ENTRIES,
    [],
    false,
  );
  if (!show || installed.value) return null;
  return (
    <aside class="card install-offer" aria-labelledby="install-offer-title">
      <div class="offer-head">
        <h3 id="install-offer-title" class="card-title">
          <Icon icon={Smartphone} /> {t`Keep your diary safe: install the app`}
        </h3>
        <button type="button" class="icon-button" onClick={() => void setMeta(KEY, true)}>
          <Icon icon={X} label={t`Not now`} />
        </button>
      </div>
      <p>{t`Installed, your entries stay on this phone even when you do not open it for a while, and reminders can reach you.`}</p>
      <p>
        <a href="#/install">{t`How to install`}</a>
      </p>
    </aside>
  );
}
