/**
 * #/install: how to install the app on this device, and why it matters. iOS Safari gets the
 * "Add to Home Screen" steps (iOS has no install prompt); Chromium browsers get the browser's
 * own prompt when it is available, else their menu's steps.
 */
import { msg, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import { useState } from "preact/hooks";
import { CircleCheck, Download, EllipsisVertical, Share, SquarePlus } from "lucide";
import { Icon } from "../components/Icon";
import { i18n } from "../i18n";
import { currentPlatform, installed, installPrompt, isIosSafari, promptInstall, type Platform } from "../install";

const PLATFORM_NAME: Record<Platform, MessageDescriptor> = {
  ios: msg({ comment: "Steps for your iPhone or iPad", message: "iPhone or iPad" }),
  android: msg({ comment: "Steps for your Android phone", message: "Android phone" }),
  desktop: msg({ comment: "Steps for your computer", message: "computer" }),
};

// Steps with a word in bold: the sentence around it, in two parts (the bold word between).
const step = (before: string, strong: string, after: string) => (
  <>
    {before}
    <strong>{strong}</strong>
    {after}
  </>
);

function IosSteps() {
  const safari = isIosSafari(navigator.userAgent);
  return (
    <>
      {!safari && <p class="warning">{t`Open this page in Safari first: other browsers on iPhone may not offer “Add to Home Screen”.`}</p>}
      <ol>
        <li>
          {step(
            t({ comment: "Before the bold button name 'Share' (Safari's own word)", message: "Tap the " }),
            t({ comment: "Safari's Share button, as Safari names it in this language", message: "Share" }),
            t({ comment: "After the bold 'Share'", message: " button " }),
          )}
          <Icon icon={Share} /> {t`at the bottom of Safari (at the top on an iPad).`}
        </li>
        <li>
          {step(
            t({ comment: "Before the bold 'Add to Home Screen' (Safari's own words)", message: "Scroll down and tap " }),
            t({ comment: "Safari's menu item, as Safari names it in this language", message: "Add to Home Screen" }),
            " ",
          )}
          <Icon icon={SquarePlus} />.
        </li>
        <li>
          {step(
            t({ comment: "Before the bold 'Add' (Safari's own word)", message: "Tap " }),
            t({ comment: "Safari's Add button, as Safari names it in this language", message: "Add" }),
            t({ comment: "After the bold 'Add'", message: ". The Pain diary appears on your Home Screen: open it from there from now on." }),
          )}
        </li>
      </ol>
    </>
  );
}

function MenuSteps(props: { platform: Platform }) {
  return (
    <ol>
      <li>
        {t`Open the browser’s menu`} <Icon icon={EllipsisVertical} /> (
        {props.platform === "android" ? t`top right in Chrome` : t`beside the address bar`}).
      </li>
      <li>
        {t({ comment: "Before the browser's menu item 'Install app' (in bold)", message: "Choose" })}{" "}
        <strong>{t({ comment: "The browser's menu item, as the browser names it", message: "Install app" })}</strong>{" "}
        {t({ comment: "Between the two bold menu items: Choose 'Install app' or 'Add to Home screen'", message: "or" })}{" "}
        <strong>{t({ comment: "The browser's menu item, as the browser names it", message: "Add to Home screen" })}</strong>.
      </li>
      <li>{t`Confirm. Open the Pain diary from its icon from now on.`}</li>
    </ol>
  );
}

/** "Steps for your iPhone or iPad." */
function stepsFor(platform: string): string {
  return t`Steps for your ${platform}.`;
}

export default function InstallGuide() {
  const platform = currentPlatform();
  const [result, setResult] = useState("");
  return (
    <section class="install" aria-labelledby="install-title">
      <h2 id="install-title">{t`Install the app`}</h2>
      <p class="screen-intro">{stepsFor(i18n._(PLATFORM_NAME[platform]))}</p>
      {installed.value ? (
        <div class="card">
          <p class="row">
            <Icon icon={CircleCheck} /> {t`The app is installed: you are using it from your Home Screen.`}
          </p>
        </div>
      ) : (
        <div class="card">
          <h3 class="card-title">
            <Icon icon={Download} /> {t`How to install`}
          </h3>
          {installPrompt.value && (
            <p>
              <button
                type="button"
                class="primary"
                onClick={() => void promptInstall().then((ok) => setResult(ok ? t`Installed.` : t`Not installed: you can install it later.`))}
              >
                {t`Install the app`}
              </button>
            </p>
          )}
          {platform === "ios" ? <IosSteps /> : <MenuSteps platform={platform} />}
          <p class="saved-note" role="status">
            {result}
          </p>
        </div>
      )}
      <div class="card">
        <h3 class="card-title">{t`Why install it`}</h3>
        <ul>
          <li>
            <strong>{t`Your diary stays on this device.`}</strong>{" "}
            {t`Browsers may delete a website’s saved data when space runs low, and Safari deletes it after 7 days without a visit. An installed app keeps it, including entries not yet sent.`}
          </li>
          <li>
            <strong>{t`Reminders work on iPhone only when installed.`}</strong>{" "}
            {t`iOS sends notifications to apps on the Home Screen, not to pages open in Safari.`}
          </li>
          <li>{t`It opens full screen from its icon, and works without a connection.`}</li>
        </ul>
      </div>
      <p>
        <a href="#/today">{t`Back to Today`}</a>
      </p>
    </section>
  );
}
