/** Light, dark, or as the system: a radio group on the Sync screen (the choice stays on this device). */
import { Monitor, Moon, Sun } from "lucide";
import { setTheme, theme, type Theme } from "../theme";
import { Icon, type IconNode } from "./Icon";

const CHOICES: [Theme, string, IconNode][] = [
  ["system", "System", Monitor],
  ["light", "Light", Sun],
  ["dark", "Dark", Moon],
];

export function ThemeSwitch() {
  return (
    <fieldset class="theme-field">
      <legend>Colours</legend>
      <div class="segmented">
        {CHOICES.map(([value, label, icon]) => (
          <label key={value}>
            <input type="radio" name="theme" value={value} checked={theme.value === value} onChange={() => setTheme(value)} />
            <Icon icon={icon} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
