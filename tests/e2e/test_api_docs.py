"""The API documentation page works under the site's strict CSP: every operation listed, no violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def test_api_docs_render_every_operation_with_no_csp_violation(page, live_server):
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(RECORD_VIOLATIONS)

    response = page.goto(live_server.url + "/api/docs/")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for(timeout=30_000)

    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert operations.count() >= 40  # every path and method of /api/schema/
    assert page.get_by_text("/api/v1/entries/").first.is_visible()
    assert page.evaluate("window.__violations") == []
    assert not [line for line in console if "Content Security Policy" in line], console
    assert not [line for line in console if "Permissions-Policy" in line], console  # every feature known
    assert all(url.startswith(live_server.url) for url in requests), requests  # no CDN
