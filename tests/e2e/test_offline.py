"""The PWA works offline: the shell loads from the service worker, an entry saves on the
device, and reaches the server once the phone is back online."""

import pytest

from diary.models import Entry
from tests.e2e.conftest import log_pain, sign_in, sync_state, wait_for_service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_PATHS = """
caches.keys().then(async (keys) => {
  const paths = [];
  for (const key of keys) {
    for (const request of await (await caches.open(key)).keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
})
"""
COUNT_ROWS = """
new Promise((resolve, reject) => {
  const open = indexedDB.open("paindiary");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const names = ["entries", "shadow", "outbox"].filter((n) => db.objectStoreNames.contains(n));
    if (!names.length) return resolve({ entries: 0, shadow: 0, outbox: 0, user: 0 });
    const tx = db.transaction([...names, "meta"]);
    const out = { entries: 0, shadow: 0, outbox: 0, user: 0 };
    for (const n of names) tx.objectStore(n).count().onsuccess = (e) => (out[n] = e.target.result);
    tx.objectStore("meta").count("user").onsuccess = (e) => (out.user = e.target.result);
    tx.oncomplete = () => resolve(out);
  };
})
"""


def test_offline_entry_reaches_the_server_when_back_online(live_server, device, patient):
    page = device()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(page, live_server.url)
    wait_for_service_worker(page)
    assert page.evaluate("window.isSecureContext")

    page.context.set_offline(True)
    page.reload()
    page.get_by_role("radiogroup", name="Pain now").wait_for()  # the shell came from the service worker

    log_pain(page, 6)
    from playwright.sync_api import expect

    expect(sync_state(page)).to_have_text("Saved on this device")
    expect(page.get_by_role("status").filter(has_text="Entry saved")).to_be_visible()
    # The app measured the save (its 50 ms budget is timed by bench/pwa_save.py, not here).
    assert page.evaluate("performance.getEntriesByName('entry-save').length") == 1
    assert not Entry.objects.filter(patient=patient).exists()

    page.context.set_offline(False)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    entry = Entry.objects.get(patient=patient)
    assert entry.pain_now == 6

    # The service worker cached the app shell, and nothing of the API or of sign-in.
    cached = page.evaluate(CACHED_PATHS)
    assert "/index.html" in cached
    assert not [path for path in cached if path.startswith(("/api/", "/_allauth/"))]
    assert not [e for e in errors if "Content Security Policy" in e]


def test_sign_out_clears_the_device(live_server, device, patient):
    page = device()
    sign_in(page, live_server.url)
    log_pain(page, 3)
    from playwright.sync_api import expect

    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    page.get_by_role("link", name="Sync", exact=True).click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("button", name="Sign out and clear this device").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    # The app opens a fresh, empty database after the reload: nothing of the diary is left.
    assert page.evaluate(COUNT_ROWS) == {"entries": 0, "shadow": 0, "outbox": 0, "user": 0}
    assert not [k for k in page.evaluate("caches.keys()") if "precache" not in k]  # only a new app shell
