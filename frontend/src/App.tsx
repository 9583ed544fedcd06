/** The app frame: header with sync state, the current screen, the tab bar. */
import { useEffect } from "preact/hooks";
import { authState } from "./auth";
import { loadCatalog } from "./catalog";
import { lazy } from "./components/Lazy";
import { RetryNote } from "./components/RetryNote";
import { SyncBadge } from "./components/SyncBadge";
import { UpdatePrompt } from "./components/UpdatePrompt";
import { route, type Screen } from "./router";
import { attentionCount, authExpired } from "./sync/state";

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

const TABS: { screen: Screen; label: string }[] = [
  { screen: "today", label: "Today" },
  { screen: "treatment", label: "Treatment" },
  { screen: "history", label: "History" },
  { screen: "outcome", label: "My treatment" },
  { screen: "share", label: "Share" },
  { screen: "sync", label: "Sync" },
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
};

function Header() {
  const signedIn = authState.value === "signed-in";
  return (
    <>
      <header class="top">
        <h1>Pain diary</h1>
        {signedIn && <SyncBadge />}
      </header>
      {signedIn && <RetryNote />}
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
            {t.label}
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
