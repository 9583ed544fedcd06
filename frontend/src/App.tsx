/** The app frame: header with sync state, the current screen, the tab bar. */
import { useEffect } from "preact/hooks";
import { ChartNoAxesCombined, CalendarDays, HeartPulse, House, Pill, RefreshCw, Share2 } from "lucide";
import { authState } from "./auth";
import { loadCatalog } from "./catalog";
import { Icon, type IconNode } from "./components/Icon";
import { lazy } from "./components/Lazy";
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

const TABS: { screen: Screen; label: string; icon: IconNode }[] = [
  { screen: "today", label: "Today", icon: House },
  { screen: "treatment", label: "Treatment", icon: Pill },
  { screen: "history", label: "History", icon: CalendarDays },
  { screen: "outcome", label: "My treatment", icon: ChartNoAxesCombined },
  { screen: "share", label: "Share", icon: Share2 },
  { screen: "sync", label: "Sync", icon: RefreshCw },
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
          <h1>Pain diary</h1>
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
      <nav class="tabs" aria-label="Screens">
        {TABS.map((t) => (
          <a key={t.screen} href={`#/${t.screen}`} aria-current={screen === t.screen ? "page" : undefined}>
            <Icon icon={t.icon} />
            <span class="tab-label">{t.label}</span>
            {t.screen === "sync" && attentionCount.value > 0 && (
              <span class="count">
                {attentionCount.value}
                <span class="visually-hidden"> need attention</span>
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
        Skip to content
      </a>
      <Header />
      <UpdatePrompt />
      {state === "unknown" ? (
        <main id="main">
          <p aria-busy="true">Loading…</p>
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
