import { defineConfig } from "@lingui/conf";
import { formatter } from "@lingui/format-po";

// The PWA's message catalogues (docs/translating.md). English is the source language: its
// catalogue is generated, never edited. `npm run extract` (or `make messages`) rewrites both
// from the macros in src/ and prints the missing count per language; tests/i18n fails on a
// message missing in any language, a catalogue out of step with the source, or a user-facing
// string outside the macros (`npm run i18n:lint`).
export default defineConfig({
  sourceLocale: "en",
  locales: ["en", "es"],
  fallbackLocales: false,
  catalogs: [
    {
      path: "<rootDir>/src/locales/{locale}/messages",
      include: ["<rootDir>/src"],
      exclude: ["**/*.test.ts", "**/*.test.tsx", "**/test-setup.ts", "**/sw.ts"],
    },
  ],
  format: formatter({ lineNumbers: false }),
  orderBy: "message",
});
