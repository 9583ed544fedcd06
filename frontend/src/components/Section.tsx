/**
 * One section of a long form, shown as a card whose title is a disclosure button
 * (aria-expanded). Closed, it shows a one-line summary of what it holds. The form decides
 * which section is open (one at a time).
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function Section(props: {
  id: string;
  title: string;
  open: boolean;
  onToggle: () => void;
  /** What the section holds, in a few words, shown while it is closed. */
  summary?: string;
  children: ComponentChildren;
}) {
  const body = `${props.id}-body`;
  const title = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(props.open);
  // Opening one section closes another above it: keep the one just opened in sight.
  useEffect(() => {
    if (props.open && !wasOpen.current) title.current?.scrollIntoView({ block: "nearest" });
    wasOpen.current = props.open;
  }, [props.open]);
  return (
    <div class={`card form-section${props.open ? " open" : ""}`}>
      <h3 class="section-title">
        <button ref={title} type="button" aria-expanded={props.open} aria-controls={body} onClick={props.onToggle}>
          <span class="section-name">{props.title}</span>
          <span class="section-chevron" aria-hidden="true">
            {props.open ? "−" : "+"}
          </span>
        </button>
      </h3>
      {!props.open && props.summary && <p class="section-summary muted">{props.summary}</p>}
      <div id={body} class="section-body" hidden={!props.open}>
        {props.open && props.children}
      </div>
    </div>
  );
}
