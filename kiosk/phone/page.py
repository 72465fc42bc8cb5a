"""The phone page and the short pages for refusals, as HTML strings (no template engine).

Everything shown is escaped; the page has no inline script or style (the Content Security
Policy allows only ``/static/phone.js`` and ``/static/phone.css``). The script finds its
sentences in ``data-msg-*`` attributes of ``<body>``, so it carries no words of its own.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from kiosk.phone.texts import consent_points, words

STATIC_DIR = Path(__file__).with_name("static")
STATIC_FILES = {"phone.js": "text/javascript; charset=utf-8",
                "phone.css": "text/css; charset=utf-8"}

# Sentences the script needs (the rest are in the HTML itself).
_SCRIPT_KEYS = ("sending", "checking", "sent", "err_expired", "err_used", "err_not_found",
                "err_too_large", "err_not_a_photo", "err_unreadable", "err_empty", "err_busy",
                "err_timeout", "err_network", "err_other")


def _head(language: str, title: str) -> str:
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="stylesheet" href="/static/phone.css">\n</head>\n'
    )


def _switch(language: str) -> str:
    other = "en" if language == "ko" else "ko"
    return (f'<a class="switch" id="switch" href="?lang={other}" hreflang="{other}">'
            f"{escape(words(language)['switch'])}</a>")


def photo_page(language: str, *, retention_minutes: int, limit_mb: int) -> str:
    """The page a phone opens from the QR code: consent words, the two pickers, send."""
    w = words(language)
    data = " ".join(
        f'data-msg-{key.replace("_", "-")}="{escape(w[key])}"' for key in _SCRIPT_KEYS)
    points = "\n".join(f"<li>{escape(p)}</li>"
                       for p in consent_points(language, minutes=retention_minutes))
    return (
        _head(language, w["title"])
        + f'<body {data} data-limit-mb="{int(limit_mb)}">\n'
        f'<header><span class="brand">{escape(w["title"])}</span>{_switch(language)}</header>\n'
        "<main>\n"
        f'<h1>{escape(w["heading"])}</h1>\n'
        '<div id="pick" class="buttons">\n'
        f'<label class="button primary" for="library">{escape(w["pick_library"])}</label>\n'
        '<input id="library" class="picker" type="file" accept="image/*,.heic,.heif">\n'
        f'<label class="button" for="camera">{escape(w["pick_camera"])}</label>\n'
        '<input id="camera" class="picker" type="file" accept="image/*" capture="user">\n'
        "</div>\n"
        '<div id="confirm" hidden>\n'
        f'<p>{escape(w["chosen"])}</p>\n'
        f'<button id="send" class="button primary" type="button">{escape(w["send"])}</button>\n'
        "</div>\n"
        '<div id="progress" hidden><progress id="bar" max="100" value="0"></progress></div>\n'
        '<p id="status" role="status" aria-live="polite"></p>\n'
        f'<p id="more" hidden>{escape(w["sent_more"])}</p>\n'
        f'<noscript><p class="error">{escape(w["noscript"])}</p></noscript>\n'
        # The choice first (a phone screen shows little), the words the customer agreed
        # to at the kiosk right under it.
        f'<section class="consent"><h2>{escape(w["consent_heading"])}</h2>\n'
        f"<ul>\n{points}\n</ul></section>\n"
        f'<p class="privacy">{escape(w["privacy"])}</p>\n'
        "</main>\n"
        '<script src="/static/phone.js"></script>\n'
        "</body>\n</html>\n"
    )


def message_page(language: str, key: str, **params: object) -> str:
    """A short page with one sentence (a refusal): ``key`` is a :data:`WORDS` key."""
    w = words(language)
    text = w.get(key, w["err_other"]).format(**params) if params else w.get(key, w["err_other"])
    return (
        _head(language, w["title"])
        + f'<body>\n<header><span class="brand">{escape(w["title"])}</span></header>\n'
        f'<main><p class="error">{escape(text)}</p></main>\n</body>\n</html>\n'
    )


def static_files() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, content type) of the page's script and style, read once."""
    return {name: ((STATIC_DIR / name).read_bytes(), kind) for name, kind in STATIC_FILES.items()}
