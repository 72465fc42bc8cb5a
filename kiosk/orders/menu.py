"""The drinks menu: names in Korean and English, price in won, a picture per drink.

The menu is a JSON file (default ``assets/menu/menu.json``; ``menu_path`` in the config
points to a café's own)::

    {"version": 1,
     "drinks": [
       {"id": "latte", "name_ko": "카페 라테", "name_en": "Caffè latte",
        "price_won": 4500, "picture": "latte.png", "cup": "standard"},
       ...]}

``picture`` is relative to the menu file's folder (or absolute). ``cup`` names the cup the
drink is served in, one of the printer profile's cups (``photolatte calibrate show``), which
sets the print's diameter; left out, the printer's default (first) cup. A cup the profile
does not list prints on the default cup (said in the log). A missing or unreadable
picture shows the placeholder rather than stopping the kiosk; a malformed menu raises
:class:`MenuError` saying what to fix.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.settings import paths

log = logging.getLogger(__name__)

MENU_VERSION = 1
MAX_DRINKS = 12
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class MenuError(ValueError):
    """The menu file is malformed; the message names the file, the drink and the fix."""


def placeholder_picture() -> Path:
    """The picture shown for a drink whose own picture is missing."""
    return paths.assets_dir() / "menu" / "placeholder.png"


@dataclass(frozen=True)
class Drink:
    """One drink on the menu.

    Attributes:
        id: short stable key stored with orders (``"latte"``).
        name_ko / name_en: the names shown in Korean and English.
        price_won: price in Korean won (whole number).
        picture: the picture file as configured (may not exist).
        cup: the cup profile it is served in (None: the printer's default cup).
    """

    id: str
    name_ko: str
    name_en: str
    price_won: int
    picture: Path | None = None
    cup: str | None = None

    def name(self, lang: str) -> str:
        """The name in ``"ko"`` or ``"en"`` (anything else: English)."""
        return self.name_ko if lang == "ko" else self.name_en

    @property
    def picture_missing(self) -> bool:
        """True if the configured picture does not exist (the placeholder is used)."""
        return self.picture is None or not self.picture.is_file()

    @property
    def picture_path(self) -> Path:
        """A picture file to show: the drink's own, or the placeholder if it is missing."""
        return placeholder_picture() if self.picture_missing else self.picture  # type: ignore


def format_price(price_won: int, lang: str) -> str:
    """``4500`` → ``"4,500원"`` (ko) or ``"₩4,500"`` (en)."""
    return f"{price_won:,}원" if lang == "ko" else f"₩{price_won:,}"


@dataclass(frozen=True)
class Menu:
    """The drinks in display order.

    Attributes:
        drinks: the drinks, as listed in the file.
        source: the menu file.
    """

    drinks: tuple[Drink, ...]
    source: Path

    def __iter__(self) -> Iterator[Drink]:
        return iter(self.drinks)

    def __len__(self) -> int:
        return len(self.drinks)

    def get(self, drink_id: str) -> Drink:
        """The drink with that id. Raises ``KeyError`` naming the id."""
        for drink in self.drinks:
            if drink.id == drink_id:
                return drink
        raise KeyError(f"no drink '{drink_id}' on the menu")

    def find(self, drink_id: str) -> Drink | None:
        """The drink with that id, or None (an old order whose drink left the menu)."""
        return next((d for d in self.drinks if d.id == drink_id), None)


def load_menu(path: str | Path | None = None) -> Menu:
    """Read and check a menu file (default: the shipped menu).

    Raises:
        MenuError: file missing, not JSON, or a drink malformed; names what to fix.
    """
    src = Path(path) if path is not None else paths.default_menu_file()
    try:
        text = src.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MenuError(
            f"{src}: menu file not found; check 'menu_path' in the config, or remove it to "
            "use the shipped menu") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MenuError(f"{src}: cannot read the menu ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MenuError(
            f"{src}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
            "fix that line") from exc
    if not isinstance(data, dict) or not isinstance(data.get("drinks"), list):
        raise MenuError(f'{src}: the menu must be an object with a "drinks" list')
    version = data.get("version", MENU_VERSION)
    if not isinstance(version, int) or version > MENU_VERSION:
        raise MenuError(f"{src}: menu version {version!r} is not supported (use {MENU_VERSION})")
    items = data["drinks"]
    if not 1 <= len(items) <= MAX_DRINKS:
        raise MenuError(f"{src}: list 1 to {MAX_DRINKS} drinks (found {len(items)})")
    drinks: list[Drink] = []
    for i, item in enumerate(items, start=1):
        drinks.append(_drink(src, i, item))
    ids = [d.id for d in drinks]
    dupes = sorted({x for x in ids if ids.count(x) > 1})
    if dupes:
        raise MenuError(f"{src}: drink ids must be unique; repeated: {', '.join(dupes)}")
    return Menu(tuple(drinks), src)


def _drink(src: Path, i: int, item: object) -> Drink:
    where = f"{src}: drink {i}"
    if not isinstance(item, dict):
        raise MenuError(f"{where} must be an object with id, name_ko, name_en, price_won")
    if isinstance(item.get("id"), str):
        where = f"{src}: drink {i} ('{item['id']}')"
    for key in ("id", "name_ko", "name_en"):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            raise MenuError(f'{where}: "{key}" is missing or empty; write it as a text')
    if not _ID.match(item["id"]):
        raise MenuError(
            f'{where}: "id" must be lower-case letters, digits, - or _ (up to 32), '
            'such as "flat-white"')
    price = item.get("price_won")
    if isinstance(price, bool) or not isinstance(price, int) or not 0 <= price <= 1_000_000:
        raise MenuError(f'{where}: "price_won" must be a whole number of won, such as 4500')
    picture = item.get("picture")
    if picture is not None and (not isinstance(picture, str) or not picture.strip()):
        raise MenuError(f'{where}: "picture" must be a file name such as "latte.png"')
    cup = item.get("cup")
    if cup is not None and (not isinstance(cup, str) or not cup.strip() or len(cup) > 40):
        raise MenuError(f'{where}: "cup" must name a cup of the printer\'s profile (up to '
                        '40 characters, as \'photolatte calibrate show\' lists them), such '
                        'as "standard"')
    unknown = set(item) - {"id", "name_ko", "name_en", "price_won", "picture", "cup"}
    if unknown:  # a café's own notes must not stop the kiosk; a typo shows up in the log
        log.warning("%s: unknown field(s) %s ignored", where, ", ".join(sorted(unknown)))
    pic = None if picture is None else (src.parent / Path(picture).expanduser())
    return Drink(item["id"], item["name_ko"].strip(), item["name_en"].strip(), price, pic,
                 cup)
