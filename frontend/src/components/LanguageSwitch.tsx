/**
 * The app's language: the browser's (default), or one of ours, each named in itself, a radio
 * group on the Sync screen beside "Colours". Choosing one remembers it here, sends it to the
 * server, and reloads the app in it (src/languageChoice.ts).
 */
import { t } from "@lingui/core/macro";
import { useState } from "preact/hooks";
import { authState } from "../auth";
import { browserLanguage, chosenLanguage, LANGUAGES, type Language } from "../i18n";
import { chooseLanguage } from "../languageChoice";

const BROWSER = "browser";

export function LanguageSwitch() {
  const [current, setCurrent] = useState<Language | typeof BROWSER>(() => chosenLanguage() ?? BROWSER);
  const [busy, setBusy] = useState(false);
  const browser = LANGUAGES[browserLanguage()];

  function choose(value: Language | typeof BROWSER) {
    setCurrent(value);
    setBusy(true);
    void chooseLanguage(value === BROWSER ? null : value, authState.value === "signed-in");
  }

  const choices: [Language | typeof BROWSER, string, string | undefined][] = [
    [BROWSER, t({ comment: "Language choice: the browser's, with its name, e.g. 'Browser's language (Español)'", message: `Browser's language (${browser})` }), undefined],
    ...Object.entries(LANGUAGES).map(([code, name]): [Language, string, string] => [code as Language, name, code]),
  ];
  return (
    <fieldset class="theme-field" id="language-field">
      <legend>{t`Language`}</legend>
      <div class="segmented">
        {choices.map(([value, label, lang]) => (
          <label key={value} lang={lang}>
            <input
              type="radio"
              name="language"
              value={value}
              checked={current === value}
              disabled={busy}
              onChange={() => choose(value)}
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
