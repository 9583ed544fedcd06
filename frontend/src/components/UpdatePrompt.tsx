/** Shown when a new service worker is waiting: reload into it, or later. */
import { t } from "@lingui/core/macro";
import { useEffect } from "preact/hooks";
import { applyUpdate, needRefresh, offlineReady } from "../pwa";

export function UpdatePrompt() {
  useEffect(() => {
    if (!offlineReady.value) return;
    const timer = setTimeout(() => (offlineReady.value = false), 8000);
    return () => clearTimeout(timer);
  }, [offlineReady.value]);
  if (!needRefresh.value && !offlineReady.value) return null;
  if (!needRefresh.value)
    return (
      <div class="toast" role="status">
        <span>{t`The app now works offline.`}</span>
        <button type="button" class="secondary" onClick={() => (offlineReady.value = false)}>
          {t`OK`}
        </button>
      </div>
    );
  return (
    <div class="toast" role="alert">
      <span>{t`A new version of the app is ready.`}</span>
      <button type="button" onClick={applyUpdate}>
        {t`Update now`}
      </button>
      <button type="button" class="secondary" onClick={() => (needRefresh.value = false)}>
        {t`Later`}
      </button>
    </div>
  );
}
