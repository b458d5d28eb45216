"""The display mode of the public pages: standard, or large text (长者模式, issue 26).

The visitor's choice lives in one cookie, ``kaiqu_display`` (value ``large``; the standard mode is its
absence), set and removed by /display/ (portal.accessibility.display_switch) and named on /privacy/.
It holds nothing but the choice and is never used to track anyone.

The same URL answers in either mode, so everything that stores a page keys on the mode as it keys on
the language: the page cache (core.cache.middleware._page_key), the page fragments
(portal_tags.page_fragment), and the visitor's browser, which must ask again before reusing a page
(``RevalidatePagesMiddleware``: a conditional GET answered 304 by the ETag, which differs by mode).
"""

from django.utils.cache import patch_cache_control

COOKIE = "kaiqu_display"
LARGE = "large"
STANDARD = "standard"
MODES = (STANDARD, LARGE)
COOKIE_MAX_AGE = 365 * 24 * 3600


def display_mode(request) -> str:
    """``large`` when the visitor chose large text, else ``standard`` (any other cookie value too)."""
    return LARGE if request.COOKIES.get(COOKIE) == LARGE else STANDARD


def display(request):
    """Context processor: the mode, for the class on <html>, the extra stylesheet and the header's switch."""
    mode = display_mode(request)
    return {"DISPLAY_MODE": mode, "DISPLAY_LARGE": mode == LARGE}


class RevalidatePagesMiddleware:
    """Tells browsers to check a page with the server before showing a stored copy.

    A page without Cache-Control but with Last-Modified (the page cache sends one) may be reused by a
    browser for a while without asking (heuristic freshness): after switching the display mode, or the
    language of a shared link, the visitor would see the old mode. ``max-age=0, must-revalidate``
    makes the browser send its ETag each time; the page cache answers 304 when nothing changed. Only
    responses that say nothing about caching are touched (never_cache views keep their own header).
    Sits inside the page cache, so a stored page carries the header too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, max_age=0, must_revalidate=True)
        return response
