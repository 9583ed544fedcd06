"""Reminders in the browser: the app subscribes, the service worker shows a pushed reminder,
and tapping it opens the pre-filled entry screen (docs/reminders.md, frontend/README.md).

Headless Chromium here has no push service (no network, no Google servers), so the real
`PushManager.subscribe()` never resolves. The test stands in for that one browser call:
an init script replaces subscribe/getSubscription with a subscription whose endpoint is the
fake push service on loopback and whose keys the test holds. Everything around it is real:
the permission (granted in the context), the VAPID key the app passes, the POST to the
server, the beat's planning and encrypted send, the decryption a browser would do, the push
event (delivered to the service worker through CDP), the notification it shows, and the
notificationclick handler (dispatched in the worker) navigating the app to the entry screen.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from diary import services as diary_services
from diary.models import Entry
from reminders import services, tasks
from reminders.models import PushSubscription, ReminderSettings
from tests.e2e.conftest import log_pain, open_screen, sign_in, sync_state, wait_for_service_worker
from tests.reminders.conftest import VAPID_PRIVATE, VAPID_PUBLIC
from tests.reminders.fakepush import FakePushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Replaces the one call headless Chromium cannot make (see the module docstring).
STUB_PUSH_MANAGER = """
(() => {
  const sub = %s;
  const b64url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  let current = null;
  window.__subscribeKeys = [];
  PushManager.prototype.subscribe = async function (options) {
    const key = new Uint8Array(options.applicationServerKey).slice().buffer;
    window.__subscribeKeys.push(b64url(key));
    current = {
      endpoint: sub.endpoint, expirationTime: null,
      options: { applicationServerKey: key, userVisibleOnly: options.userVisibleOnly },
      toJSON: () => sub, getKey: () => null,
      unsubscribe: async () => { current = null; return true; },
    };
    return current;
  };
  PushManager.prototype.getSubscription = async function () { return current; };
})();
"""
NOTIFICATIONS = "navigator.serviceWorker.ready.then((r) => r.getNotifications())" + (
    ".then((list) => list.map((n) => ({title: n.title, body: n.body, tag: n.tag, data: n.data})))"
)
CLICK_IN_THE_WORKER = """async () => {
  const [notification] = await self.registration.getNotifications();
  self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
}"""


@pytest.fixture
def push_service(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = VAPID_PUBLIC, VAPID_PRIVATE
    settings.VAPID_SUBJECT = "mailto:ops@example.org"
    settings.PUSH_SERVICE_ORIGINS = ["http://127.0.0.1"]
    with FakePushService() as service:
        yield service


@pytest.fixture
def infusion(patient):
    episode = diary_services.record_create(
        patient_id=patient.pk,
        entity="episode",
        data={"treatment": "ketamine", "condition": "crps", "title": "Ketamine", "started_on": "2026-03-01"},
    )
    return diary_services.record_create(
        patient_id=patient.pk,
        entity="administration",
        data={
            "episode": str(episode.pk),
            "administered_at": "2026-03-28T10:00:00+00:00",
            "route": "iv_infusion",
        },
    )


def deliver_push(page, origin: str, data: str) -> None:
    """What the browser does when its push service hands it a message: a push event in the worker."""
    cdp = page.context.new_cdp_session(page)
    found: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: found.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if any(r["scopeURL"] == origin + "/" and not r["isDeleted"] for r in found):
            break
        page.wait_for_timeout(100)
    registration = next(
        r["registrationId"] for r in found if r["scopeURL"] == origin + "/" and not r["isDeleted"]
    )
    cdp.send(
        "ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": registration, "data": data}
    )


def wait_for_notifications(page) -> list[dict]:
    for _ in range(50):
        shown = page.evaluate(NOTIFICATIONS)
        if shown:
            return shown
        page.wait_for_timeout(100)
    raise AssertionError("no notification was shown")


def test_the_app_subscribes_and_a_pushed_check_in_opens_the_linked_entry(
    live_server, device, patient, infusion, push_service
):
    phone = push_service.browser("pat-phone")
    page = device()
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.context.add_init_script(STUB_PUSH_MANAGER % json.dumps(phone.subscription_json()))
    sign_in(page, live_server.url)
    wait_for_service_worker(page)

    # Not on first load: the offer comes after the first saved entry.
    offer = page.get_by_role("heading", name="Remind me daily?")
    expect(offer).to_have_count(0)
    log_pain(page, 4)
    expect(offer).to_be_visible()
    page.get_by_label("Remind me at").fill("07:30")
    page.get_by_role("button", name="Remind me daily", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Reminders are on: every day at 07:30")).to_be_visible()

    # The app subscribed with the server's VAPID key and registered what the browser gave it.
    assert page.evaluate("window.__subscribeKeys") == [VAPID_PUBLIC]
    stored = PushSubscription.objects.get(patient=patient)
    assert (stored.endpoint, stored.p256dh, stored.auth) == (phone.endpoint, phone.p256dh, phone.auth)
    assert "Chrome" in stored.user_agent
    reminders = ReminderSettings.objects.get(patient=patient)
    assert (reminders.daily_enabled, reminders.daily_time) == (True, time(7, 30))

    # The beat, one day after the infusion: the fake push service receives the encrypted check-in.
    tasks.reminders_send_due(now=datetime(2026, 3, 29, 10, 0, tzinfo=UTC))
    [message] = push_service.to(phone)
    payload = phone.decrypt(message)
    assert payload["url"] == f"/#/today?administration={infusion.pk}&checkin=1d"

    # The push reaches the service worker, which shows it.
    open_screen(page, "History")
    deliver_push(page, live_server.url, json.dumps(payload))
    [shown] = wait_for_notifications(page)
    assert shown["title"] == "Pain diary check-in"
    assert "1 day since your treatment" in shown["body"]
    assert shown["data"] == {"url": payload["url"]}
    assert shown["tag"] == f"checkin-{infusion.pk}-1d"

    # Tapping it opens the entry screen, linked to that infusion.
    page.context.service_workers[0].evaluate(CLICK_IN_THE_WORKER)
    expect(page).to_have_url(re.compile(re.escape(f"#/today?administration={infusion.pk}&checkin=1d") + "$"))
    expect(
        page.get_by_role("heading", name="Check-in: how are you, 1 day after your treatment?")
    ).to_be_visible()
    expect(page.locator(".linked")).to_contain_text("About the")
    assert page.evaluate(NOTIFICATIONS) == []  # the tap closed it

    log_pain(page, 3)
    expect(sync_state(page)).to_have_text("Synced", timeout=15_000)
    assert Entry.objects.get(patient=patient, administration=infusion).pain_now == 3


def test_without_permission_the_offer_says_so_and_subscribes_nothing(
    live_server, device, patient, push_service
):
    page = device()  # no permission granted: headless Chromium dismisses the prompt
    sign_in(page, live_server.url)
    log_pain(page, 5)
    page.get_by_role("button", name="Remind me daily", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Notifications are blocked")
    assert not PushSubscription.objects.exists()
    assert not ReminderSettings.objects.exists()


def test_the_reminders_screen_changes_settings_device_and_episode_check_ins(
    live_server, browser, patient, infusion, push_service
):
    from tests.e2e.conftest import PHONE
    from tests.e2e.test_accessibility import violations

    phone = push_service.browser("pat-phone")
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # bypass: axe is injected
    try:
        context.grant_permissions(["notifications"], origin=live_server.url)
        context.add_init_script(STUB_PUSH_MANAGER % json.dumps(phone.subscription_json()))
        page = context.new_page()
        sign_in(page, live_server.url)
        wait_for_service_worker(page)
        log_pain(page, 4)
        expect(page.get_by_role("heading", name="Remind me daily?")).to_be_visible()
        assert violations(page) == []

        open_screen(page, "Sync")
        page.get_by_role("link", name="Reminders and check-ins").click()
        page.get_by_role("heading", name="Reminders", exact=True).wait_for()
        expect(page.get_by_text("Reminders are off for this device.")).to_be_visible()
        page.get_by_role("button", name="Get reminders on this device").click()
        expect(page.get_by_text("Reminders are on for this device.")).to_be_visible()
        assert PushSubscription.objects.filter(patient=patient, endpoint=phone.endpoint).exists()

        page.get_by_label("Remind me every day I have not logged yet").check()
        page.get_by_label("At (your time zone)").fill("21:15")
        expect(page.get_by_role("status").filter(has_text="Saved.")).to_have_count(1)
        page.wait_for_function("document.querySelector('input[type=time]').value === '21:15'")
        for _ in range(50):
            try:
                settings_row = ReminderSettings.objects.filter(patient=patient).first()
            except OperationalError:  # SQLite's shared in-memory test database: the server is writing
                settings_row = None
            if settings_row and settings_row.daily_time == time(21, 15):
                break
            page.wait_for_timeout(100)
        assert (settings_row.daily_enabled, settings_row.daily_time) == (True, time(21, 15))

        episode_box = page.get_by_role("group", name="Ask me after each dose or infusion of this episode")
        episode_box.get_by_label("7 days").uncheck()
        expect(page.get_by_text("This episode has its own check-ins.")).to_be_visible()
        assert services.selectors.episode_checkins_get(patient=patient, episode_id=infusion.episode_id)[
            0
        ].offsets == [
            "1h",
            "1d",
            "3d",
        ]
        assert violations(page) == []
        page.get_by_role("button", name="Use my default check-ins").click()
        expect(page.get_by_text("This episode follows your default check-ins.")).to_be_visible()

        page.get_by_role("button", name="Stop reminders on this device").click()
        expect(page.get_by_text("Reminders are off for this device.")).to_be_visible()
        assert not PushSubscription.objects.filter(patient=patient).exists()
    finally:
        context.close()
