/** Entry point: styles, the language, the remembered session, the app, the service worker. */
import "./styles.css";
import { t } from "@lingui/core/macro";
import { render } from "preact";
import { App } from "./App";
import { restoreSession } from "./auth";
import { startI18n } from "./i18n";
import { startPwa } from "./pwa";

const root = document.getElementById("app");
// The language's catalogue is a lazy chunk (src/i18n.ts): the app is drawn once it is in.
void startI18n().then(() => {
  document.title = t`Pain diary`;
  if (root) {
    root.textContent = "";
    render(<App />, root);
  }
});
void restoreSession();
// The service worker precaches the whole app (every screen's chunk): once the page has loaded,
// so it never competes with what the first screen needs.
if (document.readyState === "complete") startPwa();
else window.addEventListener("load", startPwa, { once: true });
