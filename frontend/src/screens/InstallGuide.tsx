/**
 * #/install: how to install the app on this device, and why it matters. iOS Safari gets the
 * "Add to Home Screen" steps (iOS has no install prompt); Chromium browsers get the browser's
 * own prompt when it is available, else their menu's steps.
 */
import { useState } from "preact/hooks";
import { CircleCheck, Download, EllipsisVertical, Share, SquarePlus } from "lucide";
import { Icon } from "../components/Icon";
import { currentPlatform, installed, installPrompt, isIosSafari, promptInstall, type Platform } from "../install";

const PLATFORM_NAME: Record<Platform, string> = {
  ios: "iPhone or iPad",
  android: "Android phone",
  desktop: "computer",
};

function IosSteps() {
  const safari = isIosSafari(navigator.userAgent);
  return (
    <>
      {!safari && <p class="warning">Open this page in Safari first: other browsers on iPhone may not offer “Add to Home Screen”.</p>}
      <ol>
        <li>
          Tap the <strong>Share</strong> button <Icon icon={Share} /> at the bottom of Safari (at the top on an iPad).
        </li>
        <li>
          Scroll down and tap <strong>Add to Home Screen</strong> <Icon icon={SquarePlus} />.
        </li>
        <li>
          Tap <strong>Add</strong>. The Pain diary appears on your Home Screen: open it from there from now on.
        </li>
      </ol>
    </>
  );
}

function MenuSteps(props: { platform: Platform }) {
  return (
    <ol>
      <li>
        Open the browser’s menu <Icon icon={EllipsisVertical} /> ({props.platform === "android" ? "top right in Chrome" : "beside the address bar"}).
      </li>
      <li>
        Choose <strong>Install app</strong> or <strong>Add to Home screen</strong>.
      </li>
      <li>Confirm. Open the Pain diary from its icon from now on.</li>
    </ol>
  );
}

export default function InstallGuide() {
  const platform = currentPlatform();
  const [result, setResult] = useState("");
  return (
    <section class="install" aria-labelledby="install-title">
      <h2 id="install-title">Install the app</h2>
      <p class="screen-intro">
        Steps for your {PLATFORM_NAME[platform]}.
      </p>
      {installed.value ? (
        <div class="card">
          <p class="row">
            <Icon icon={CircleCheck} /> The app is installed: you are using it from your Home Screen.
          </p>
        </div>
      ) : (
        <div class="card">
          <h3 class="card-title">
            <Icon icon={Download} /> How to install
          </h3>
          {installPrompt.value && (
            <p>
              <button
                type="button"
                class="primary"
                onClick={() => void promptInstall().then((ok) => setResult(ok ? "Installed." : "Not installed: you can install it later."))}
              >
                Install the app
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
        <h3 class="card-title">Why install it</h3>
        <ul>
          <li>
            <strong>Your diary stays on this device.</strong> Browsers may delete a website’s saved data when space runs
            low, and Safari deletes it after 7 days without a visit. An installed app keeps it, including entries not yet
            sent.
          </li>
          <li>
            <strong>Reminders work on iPhone only when installed.</strong> iOS sends notifications to apps on the Home
            Screen, not to pages open in Safari.
          </li>
          <li>It opens full screen from its icon, and works without a connection.</li>
        </ul>
      </div>
      <p>
        <a href="#/today">Back to Today</a>
      </p>
    </section>
  );
}
