/** Entry point: styles, the remembered session, the app, the service worker. */
import "./styles.css";
import { render } from "preact";
import { App } from "./App";
import { restoreSession } from "./auth";
import { startPwa } from "./pwa";

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
void restoreSession();
startPwa();
