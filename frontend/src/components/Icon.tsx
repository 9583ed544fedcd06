/**
 * A lucide icon (vanilla icon nodes: `import { House } from "lucide"`, one module per icon, so
 * only the icons the app imports reach the bundle). Decorative by default (aria-hidden): the
 * text beside it names the control. Give `label` for an icon that stands alone.
 */
import { h } from "preact";

/** lucide's icon node: the SVG's child elements as [tag, attributes]. */
export type IconNode = readonly (readonly [string, object])[];

export function Icon(props: { icon: IconNode; label?: string; class?: string }) {
  const labelled = props.label !== undefined;
  return (
    <svg
      class={props.class ? `icon ${props.class}` : "icon"}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width={2}
      stroke-linecap="round"
      stroke-linejoin="round"
      focusable="false"
      aria-hidden={labelled ? undefined : "true"}
      role={labelled ? "img" : undefined}
      aria-label={props.label}
    >
      {props.icon.map(([tag, attrs], i) => h(tag, { key: i, ...(attrs as Record<string, unknown>) }))}
    </svg>
  );
}
