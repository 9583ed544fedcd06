/** Loads a screen's chunk on first use (keeps the initial JavaScript small). */
import { t } from "@lingui/core/macro";
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let cached: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => cached);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (cached) return;
      load().then(
        (m) => {
          cached = m.default;
          setComponent(() => m.default);
        },
        () => setFailed(true),
      );
    }, []);
    if (failed) return <p role="alert">{t`This screen could not be loaded. Reload the app to try again.`}</p>;
    return Component ? <Component {...props} /> : <p aria-busy="true">{t`Loading…`}</p>;
  };
}
