"""DRF's rate throttles, failing open for signed-in users when the cache cannot be read.

The cache (config.cache) already falls back from Redis to the database; this is the last line:
if even that fails, a signed-in user's request goes through (a device's sync must not stop
because a counter cannot be kept), while an anonymous request is refused with 429, as if
over its rate. Either way the request never answers 500 because of a throttle.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rest_framework import throttling

if TYPE_CHECKING:  # rest_framework.views imports the throttle classes named in the settings
    from rest_framework.request import Request
    from rest_framework.views import APIView

log = logging.getLogger(__name__)


class FailOpenForUsersMixin:
    """Allow a signed-in user's request, refuse an anonymous one, when the rate cannot be counted."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - whatever broke the counter, the request must not fail
            signed_in = bool(request.user and request.user.is_authenticated)
            log.warning(
                "Throttle %s could not count a request (%s); the request is %s",
                type(self).__name__,
                "signed in" if signed_in else "anonymous",
                "allowed" if signed_in else "refused",
                exc_info=True,
            )
            self.history = []  # wait() then suggests a whole period
            return signed_in


class AnonRateThrottle(FailOpenForUsersMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FailOpenForUsersMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(FailOpenForUsersMixin, throttling.ScopedRateThrottle):
    pass
