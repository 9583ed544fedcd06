/** Light, dark, or as the system: a radio group on the Sync screen (the choice stays on this device). */
import { msg, t } from "@lingui/core/macro";
import type { MessageDescriptor } from "@lingui/core";
import { Monitor, Moon, Sun } from "lucide";
import { i18n } from "../i18n";
import { setTheme, theme, type Theme } from "../theme";
import { Icon, type IconNode } from "./Icon";

const CHOICES: [Theme, MessageDescriptor, IconNode][] = [
  ["system", msg({ comment: "Colour theme: as the system's", message: "System" }), Monitor],
  ["light", msg({ comment: "Colour theme", message: "Light" }), Sun],
  ["dark", msg({ comment: "Colour theme", message: "Dark" }), Moon],
];

export function ThemeSwitch() {
  return (
    <fieldset class="theme-field">
      <legend>{t`Colours`}</legend>
      <div class="segmented">
        {CHOICES.map(([value, label, icon]) => (
          <label key={value}>
            <input type="radio" name="theme" value={value} checked={theme.value === value} onChange={() => setTheme(value)} />
            <Icon icon={icon} />
            {i18n._(label)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
