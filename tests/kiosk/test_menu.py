"""The drinks menu: the shipped one loads, bad files say what to fix, pictures never crash."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from kiosk.orders.menu import MenuError, format_price, load_menu, placeholder_picture


def test_shipped_menu_has_drinks_with_pictures() -> None:
    menu = load_menu()
    assert 4 <= len(menu) <= 6
    assert {"latte", "cappuccino", "hot-chocolate"} <= {d.id for d in menu}
    for drink in menu:
        assert drink.name_ko and drink.name_en and drink.price_won > 0
        assert not drink.picture_missing, drink.id
        with Image.open(drink.picture_path) as im:
            assert min(im.size) >= 256
    assert menu.get("latte").name("ko") == "카페 라테"
    assert menu.get("latte").name("en") == "Caffè latte"


def _menu(tmp_path, data) -> object:
    path = tmp_path / "menu.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


GOOD = {"id": "latte", "name_ko": "라테", "name_en": "Latte", "price_won": 4500}


def test_missing_picture_falls_back_to_the_placeholder(tmp_path) -> None:
    path = _menu(tmp_path, {"drinks": [{**GOOD, "picture": "gone.png"}, {**GOOD, "id": "b"}]})
    menu = load_menu(path)
    for drink in menu:
        assert drink.picture_missing
        assert drink.picture_path == placeholder_picture()
        assert drink.picture_path.is_file()


def test_relative_pictures_are_found_beside_the_menu(tmp_path) -> None:
    Image.new("RGB", (8, 8)).save(tmp_path / "mine.png")
    menu = load_menu(_menu(tmp_path, {"drinks": [{**GOOD, "picture": "mine.png"}]}))
    assert menu.get("latte").picture_path == tmp_path / "mine.png"


@pytest.mark.parametrize(("data", "hint"), [
    ("{not json", "not valid JSON at line 1"),
    ({"items": []}, '"drinks" list'),
    ({"drinks": []}, "1 to 12 drinks"),
    ({"drinks": [{**GOOD, "price_won": "4500"}]}, '"price_won" must be a whole number'),
    ({"drinks": [{**GOOD, "price_won": 4.5}]}, '"price_won"'),
    ({"drinks": [{**GOOD, "name_en": ""}]}, '"name_en" is missing or empty'),
    ({"drinks": [{k: v for k, v in GOOD.items() if k != "name_ko"}]}, '"name_ko"'),
    ({"drinks": [{**GOOD, "id": "Flat White"}]}, "lower-case"),
    ({"drinks": [GOOD, GOOD]}, "repeated: latte"),
    ({"drinks": ["latte"]}, "must be an object"),
    ({"version": 9, "drinks": [GOOD]}, "version 9"),
])
def test_malformed_menus_say_what_to_fix(tmp_path, data, hint) -> None:
    path = _menu(tmp_path, data)
    with pytest.raises(MenuError) as err:
        load_menu(path)
    assert str(path) in str(err.value) and hint in str(err.value)


def test_the_error_names_the_drink(tmp_path) -> None:
    with pytest.raises(MenuError, match=r"drink 2 \('mocha'\)"):
        load_menu(_menu(tmp_path, {"drinks": [GOOD, {**GOOD, "id": "mocha", "price_won": -1}]}))


def test_missing_menu_file(tmp_path) -> None:
    with pytest.raises(MenuError, match="menu file not found"):
        load_menu(tmp_path / "none.json")


def test_unknown_drink_fields_are_ignored(tmp_path) -> None:
    menu = load_menu(_menu(tmp_path, {"drinks": [{**GOOD, "note": "seasonal"}]}))
    assert menu.find("latte") is not None and menu.find("mocha") is None
    with pytest.raises(KeyError, match="mocha"):
        menu.get("mocha")


def test_prices_read_naturally() -> None:
    assert format_price(4500, "ko") == "4,500원"
    assert format_price(12000, "en") == "₩12,000"


def test_each_drink_names_the_cup_it_is_served_in(tmp_path) -> None:
    from calibration.profile import DEFAULT_CUPS

    cups = {c.name for c in DEFAULT_CUPS}
    assert all(drink.cup in cups for drink in load_menu())  # the shipped menu's cups exist
    path = _menu(tmp_path, {"drinks": [{**GOOD, "cup": "small"}, {**GOOD, "id": "b"}]})
    menu = load_menu(path)
    assert menu.get("latte").cup == "small" and menu.get("b").cup is None  # the default cup


@pytest.mark.parametrize("cup", [12, "", " ", 0, ["standard"], "x" * 41])
def test_a_cup_that_is_no_name_is_refused(tmp_path, cup) -> None:
    path = _menu(tmp_path, {"drinks": [{**GOOD, "cup": cup}]})
    with pytest.raises(MenuError, match='"cup" must name a cup'):
        load_menu(path)
