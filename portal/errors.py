"""The portal's one mapping of application errors to its error pages.

The domain raises core.errors and Django's ValidationError (core/errors.py); a portal page
answers them with Django's own pages: NotFound is the 404 page (nothing revealed, as in the
API), any other application error the 403 page with its message, invalid input the 400 page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse

from core import errors


def error_pages(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a portal view so that the application errors it raises become error pages."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except errors.NotFound:
            raise Http404() from None
        except errors.ApplicationError as exc:
            raise PermissionDenied(exc.message) from None
        except ValidationError as exc:
            raise BadRequest("; ".join(exc.messages)) from None

    return wrapper
