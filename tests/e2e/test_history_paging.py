"""Two years of diary on the phone: History shows one month at a time (previous month, the
month picker) and Treatment groups a month's intakes by day, collapsed; neither renders more
than a month's rows."""

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import open_screen, sign_in, sync_state
from tests.e2e.two_years import DAYS, seed_two_years, two_years_of_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts"
SMALL_PHONE = {"width": 360, "height": 740}
# A month of this diary: at most 31 days × 2 entries; a month of intakes: 31 day rows.
MOST_ROWS = 62


@pytest.fixture
def small_page(browser):
    context = browser.new_context(viewport=SMALL_PHONE)
    yield context.new_page()
    context.close()


def month_label(month: str) -> str:
    return date.fromisoformat(f"{month}-01").strftime("%B %Y")


def previous(month: str) -> str:
    return str(date.fromisoformat(f"{month}-01") - timedelta(days=1))[:7]


@pytest.fixture
def two_years(patient):
    today = date.today()
    seed_two_years(patient.pk, today)
    records = two_years_of_records(today)  # the same shape (ids differ): what each month holds
    entries = Counter(data["recorded_at"][:7] for entity, _, data in records if entity == "entry")
    entry_days = Counter(d[:7] for d in {data["recorded_at"][:10] for e, _, data in records if e == "entry"})
    intakes = Counter(data["taken_at"][:7] for entity, _, data in records if entity == "medication")
    intake_days = Counter(
        d[:7] for d in {data["taken_at"][:10] for e, _, data in records if e == "medication"}
    )
    return {
        "entries": entries,
        "entry_days": entry_days,
        "intakes": intakes,
        "intake_days": intake_days,
        "today": today,
    }


def test_history_pages_by_month_and_treatment_groups_by_day(live_server, small_page, patient, two_years):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = small_page
    sign_in(page, live_server.url)
    expect(sync_state(page)).to_have_text("Synced", timeout=60_000)
    this_month = str(two_years["today"])[:7]
    last_month = previous(this_month)
    first_month = str(two_years["today"] - timedelta(days=DAYS - 1))[:7]

    open_screen(page, "History")
    heading = page.locator("#history-month-title")
    count, days_logged = two_years["entries"][this_month], two_years["entry_days"][this_month]
    expect(heading).to_have_text(
        re.compile(rf"^{month_label(this_month)} · {count} entr(y|ies) on {days_logged} days?$")
    )
    main = page.locator("#main")
    expect(main.locator("li")).to_have_count(count)  # this month's entries, nothing older
    page.screenshot(path=str(ARTIFACTS / "medicines-history.png"), full_page=True)

    page.get_by_role("button", name="Previous month").click()
    count = two_years["entries"][last_month]
    expect(heading).to_contain_text(f"{month_label(last_month)} · {count} entries")
    expect(main.locator("li")).to_have_count(count)
    assert count <= MOST_ROWS

    page.get_by_label("Month", exact=True).fill(first_month)
    expect(heading).to_contain_text(f"{month_label(first_month)} · {two_years['entries'][first_month]} ")
    expect(main.locator("li")).to_have_count(two_years["entries"][first_month])
    expect(page.get_by_role("button", name="Previous month")).to_be_disabled()

    open_screen(page, "Treatment")
    card = page.get_by_role("article", name="Two years of infusions")
    expect(card.get_by_role("listitem")).to_have_count(3)  # the newest doses first, then in steps
    card.get_by_role("button", name=re.compile(r"^Show earlier doses \(\d+ more\)$")).click()
    expect(card.get_by_role("listitem")).to_have_count(13)
    days = page.locator("details.day-group")
    expect(days).to_have_count(two_years["intake_days"][this_month])
    expect(page.locator("details.day-group[open]")).to_have_count(0)
    expect(days.locator("li")).to_have_count(0)  # collapsed days render no rows
    expect(days.first.locator("summary")).to_have_text(
        re.compile(r"^.+ (2 doses: Oxycodone 10 mg ×2|3 doses: Oxycodone 10 mg ×2, Paracetamol 1,000 mg)$")
    )
    expect(page.locator("#med-month-title")).to_contain_text(
        f"{month_label(this_month)} · {two_years['intakes'][this_month]} doses"
    )
    assert main.locator("li").count() <= MOST_ROWS
    page.screenshot(path=str(ARTIFACTS / "medicines-treatment.png"), full_page=True)

    days.first.locator("summary").click()
    expect(days.first.locator("li")).to_have_count(
        2 if "2 doses" in days.first.locator("summary").inner_text() else 3
    )
    page.screenshot(path=str(ARTIFACTS / "medicines-treatment-day.png"), full_page=True)

    page.get_by_role("button", name="Previous month").click()
    expect(page.locator("#med-month-title")).to_contain_text(month_label(last_month))
    expect(days).to_have_count(two_years["intake_days"][last_month])
    assert main.locator("li").count() <= MOST_ROWS

    page.set_viewport_size({"width": 768, "height": 1024})  # the tablet layout, for the record
    page.screenshot(path=str(ARTIFACTS / "medicines-treatment-768.png"))
    open_screen(page, "History")
    page.screenshot(path=str(ARTIFACTS / "medicines-history-768.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_history_and_treatment_have_no_axe_violations(live_server, browser, patient, two_years, scheme):
    from tests.e2e.test_accessibility import AXE, violations

    assert AXE.exists(), "npm --prefix frontend install first (axe-core is a devDependency)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # axe is injected as a script: the page's CSP is bypassed here, as in test_accessibility.py.
    context = browser.new_context(viewport=SMALL_PHONE, bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    found: dict[str, list] = {}
    try:
        sign_in(page, live_server.url)
        expect(sync_state(page)).to_have_text("Synced", timeout=60_000)
        open_screen(page, "History")
        page.locator("section.day").first.wait_for()
        found["History"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"medicines-history-{scheme}.png"))

        open_screen(page, "Treatment")
        usual = page.get_by_role("region", name="My usual medicines")
        usual.get_by_role("button", name="Add a usual medicine").click()
        page.get_by_label("Usual times", exact=True).fill("08:00")
        page.get_by_role("button", name="Save usual medicine").click()
        usual.get_by_role("button", name="Took it now").click()
        # Logged, or (run within 30 minutes of the seeded 07:00 or 10:00 dose) asked first.
        page.locator(".usual-logged p:not(:empty), .dup-dose").first.wait_for()
        page.locator("details.day-group summary").first.click()
        found["Treatment"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / f"medicines-treatment-{scheme}.png"))

        page.get_by_role("button", name="Add a medicine").click()
        page.get_by_label("Medicine", exact=True).select_option("fentanyl")
        page.get_by_label("Dose", exact=True).fill("12")
        page.get_by_role("button", name="Save medicine").click()
        found["Patch form"] = violations(page)
    finally:
        context.close()
    assert {screen: v for screen, v in found.items() if v} == {}
