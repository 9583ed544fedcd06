import "fake-indexeddb/auto";
import { activateLanguage } from "./i18n";

// Unit tests read the English messages, as the app shows them by default.
await activateLanguage("en");
