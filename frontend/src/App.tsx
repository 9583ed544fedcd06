/** The app frame: header with sync state, the current screen, the tab bar. */
import { msg, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import { useEffect } from "preact/hooks";
import { ChartNoAxesCombined, CalendarDays, HeartPulse, House, Pill, RefreshCw, Share2 } from "lucide";
import { authState } from "./auth";
import { loadCatalog } from "./catalog";
import { Icon, type IconNode } from "./components/Icon";
import { lazy } from "./components/Lazy";
import { i18n } from "./i18n";
import { OutboxBanner } from "./components/OutboxBanner";
import { RetryNote } from "./components/RetryNote";
import { SyncBadge } from "./components/SyncBadge";
import { UpdatePrompt } from "./components/UpdatePrompt";
import { route, type Screen } from "./router";
import { attentionCount, authExpired } from "./sync/state";
import "./theme";

// Sign-in and the signed-in app are separate chunks: each screen loads only its own code.
const SignIn = lazy(() => import("./screens/SignIn"));
const Today = lazy(() => import("./screens/Today"));

const Treatment = lazy(() => import("./screens/Treatment"));
const MyTreatment = lazy(() => import("./screens/MyTreatment"));
const History = lazy(() => import("./screens/History"));
const Share = lazy(() => import("./screens/Share"));
const Sync = lazy(() => import("./screens/Sync"));
const Reminders = lazy(() => import("./screens/Reminders"));
const RedFlags = lazy(() => import("./screens/RedFlags"));
const Assessment = lazy(() => import("./assessments/AssessmentForm"));
const InstallGuide = lazy(() => import("./screens/InstallGuide"));

// Module-level messages are `msg`, read with i18n._ when drawn (src/i18n.ts).
const TABS: { screen: Screen; label: MessageDescriptor; icon: IconNode }[] = [
  { screen: "today", label: msg({ context: "tab", comment: "Tab: short; soft hyphens (U+00AD) may mark where a long word breaks", message: "Today" }), icon: House },
  { screen: "treatment", label: msg({ context: "tab", comment: "Tab: short; soft hyphens (U+00AD) may mark where a long word breaks", message: "Treatment" }), icon: Pill },
  { screen: "history", label: msg({ context: "tab", comment: "Tab: short; soft hyphens (U+00AD) may mark where a long word breaks", message: "History" }), icon: CalendarDays },
  { screen: "outcome", label: msg({ context: "tab", comment: "Tab: short; soft hyphens (U+00AD) may mark where a long word breaks", message: "My treatment" }), icon: ChartNoAxesCombined },
  { screen: "share", label: msg({ context: "tab", comment: "Tab: short; soft hyphens (U+00AD) may mark where a long word breaks", message: "Share" }), icon: Share2 },
  { screen: "sync", label: msg({ context: "tab", comment: "Tab: short; soft hyphens (U+00AD) may mark where a long word breaks", message: "Sync" }), icon: RefreshCw },
];

const SCREENS: Record<string, () => preact.JSX.Element> = {
  today: () => <Today />,
  treatment: () => <Treatment />,
  outcome: () => <MyTreatment />,
  history: () => <History />,
  share: () => <Share />,
  sync: () => <Sync />,
  reminders: () => <Reminders />,
  "red-flags": () => <RedFlags />,
  assessment: () => <Assessment />,
  install: () => <InstallGuide />,
};

function Header() {
  const signedIn = authState.value === "signed-in";
  return (
    <>
      <header class="top">
        <a class="brand" href="#/today">
          <Icon icon={HeartPulse} />
          <h1>{t`Pain diary`}</h1>
        </a>
        {signedIn && <SyncBadge />}
      </header>
      {signedIn && <RetryNote />}
      {signedIn && <OutboxBanner />}
    </>
  );
}

function SignedIn() {
  useEffect(() => {
    let stop: (() => void) | undefined;
    let ended = false;
    void import("./sync/loop").then((loop) => {
      if (ended) return;
      loop.startSyncLoop();
      stop = loop.stopSyncLoop;
    });
    // Reminders: tell the server this device's Web Push subscription again (it may have dropped it).
    if (typeof Notification !== "undefined" && Notification.permission === "granted")
      void import("./webpush").then((m) => m.refreshRegistration()).catch(() => undefined);
    return () => {
      ended = true;
      stop?.();
    };
  }, []);
  const screen = route.value.screen;
  if (screen === "sign-in" && authExpired.value) return <SignIn />;
  const render = SCREENS[screen] ?? SCREENS.today!;
  return (
    <>
      <main id="main" tabIndex={-1}>
        {render()}
      </main>
      <nav class="tabs" aria-label={t`Screens`}>
        {TABS.map((tab) => (
          <a key={tab.screen} href={`#/${tab.screen}`} aria-current={screen === tab.screen ? "page" : undefined}>
            <Icon icon={tab.icon} />
            <span class="tab-label">{i18n._(tab.label)}</span>
            {tab.screen === "sync" && attentionCount.value > 0 && (
              <span class="count">
                {attentionCount.value}
                <span class="visually-hidden"> {t({ comment: "After a count on the Sync tab: '2 need attention'", message: "need attention" })}</span>
              </span>
            )}
          </a>
        ))}
      </nav>
    </>
  );
}

export function App() {
  useEffect(() => {
    void loadCatalog();
  }, []);
  const state = authState.value;
  return (
    <>
      <a class="skip" href="#main">
        {t`Skip to content`}
      </a>
      <Header />
      <UpdatePrompt />
      {state === "unknown" ? (
        <main id="main">
          <p aria-busy="true">{t`Loading…`}</p>
        </main>
      ) : state === "signed-in" ? (
        <SignedIn />
      ) : (
        <main id="main" tabIndex={-1}>
          <SignIn />
        </main>
      )}
    </>
  );
}
