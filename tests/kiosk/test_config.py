"""Kiosk settings: defaults, TOML file, command line, and errors that say what to fix."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.settings import paths
from kiosk.settings.config import ConfigError, KioskConfig
from printer_driver.powders import PowderSet


def test_defaults_are_the_documented_ones(tmp_path) -> None:
    cfg = KioskConfig.from_sources()
    assert cfg.camera == "demo"
    assert cfg.printer_url.startswith("sim://")
    assert (cfg.fullscreen, cfg.lang, cfg.idle_seconds, cfg.idle_warning_seconds) == (
        False, "ko", 75, 30)
    assert cfg.max_retakes == 3 and cfg.retention_minutes == 120
    assert cfg.render.powders is PowderSet.BOTH and cfg.render.style == "portrait"
    assert cfg.technician.max_failures == 5
    assert cfg.data_dir == tmp_path / "data"  # PHOTOLATTE_DATA_DIR (conftest)
    assert cfg.db_path.parent == cfg.data_dir and cfg.pin_path.parent == cfg.data_dir
    assert cfg.menu_path.is_file()
    assert cfg.source is None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_command_line(tmp_path) -> None:
    path = _write(tmp_path, """
camera = 0
printer_url = "socket://127.0.0.1:7000"
lang = "en"
idle_seconds = 90
retention_minutes = 30

[render]
powders = "cocoa"

[technician]
max_failures = 3
lockout_minutes = 10
""")
    cfg = KioskConfig.from_sources(path, {"camera": "/dev/video2", "fullscreen": True,
                                          "lang": None, "render.style": "bold"})
    assert cfg.camera == "/dev/video2"  # command line wins
    assert cfg.printer_url == "socket://127.0.0.1:7000"
    assert cfg.lang == "en"  # None override ignored
    assert cfg.fullscreen is True and cfg.idle_seconds == 90.0
    assert cfg.retention_minutes == 30.0
    assert cfg.render.powders is PowderSet.COCOA and cfg.render.style == "bold"
    assert (cfg.technician.max_failures, cfg.technician.lockout_minutes) == (3, 10.0)
    assert cfg.source == path


def test_camera_number_in_toml_becomes_text(tmp_path) -> None:
    assert KioskConfig.from_sources(_write(tmp_path, "camera = 1\n")).camera == "1"


def test_the_user_config_file_is_read_when_present(tmp_path) -> None:
    folder = paths.config_dir(create=True)
    (folder / "kiosk.toml").write_text('lang = "en"\n', encoding="utf-8")
    cfg = KioskConfig.from_sources()
    assert cfg.lang == "en" and cfg.source == folder / "kiosk.toml"


@pytest.mark.parametrize(("text", "key", "hint"), [
    ('lang = "fr"', "lang", '"ko" or "en"'),
    ("idle_seconds = \"soon\"", "idle_seconds", "a number"),
    ("idle_seconds = -5", "idle_seconds", "above 0"),
    ("fullscreen = 1", "fullscreen", "true or false"),
    ("max_retakes = 2.5", "max_retakes", "a whole number"),
    ('[render]\npowders = "sugar"', "render.powders", '"cocoa", "cinnamon", "both"'),
    ('render = "cocoa"', "render", "[render] section"),
    ("[technician]\nmax_failures = 0", "technician.max_failures", "from 3 to 10"),
    # Audit hole 9: these were accepted (a lockout of 6 ms, 100 tries before it).
    ("[technician]\nmax_failures = 100", "technician.max_failures", "from 3 to 10"),
    ("[technician]\nlockout_minutes = 0.0001", "technician.lockout_minutes",
     "from 1 to 1440"),
    ("[technician]\nlockout_minutes = 100000", "technician.lockout_minutes",
     "from 1 to 1440"),
    ("retention_minutes = 0.5", "retention_minutes", "from 10 to 1440"),
    ("retention_minutes = 525600", "retention_minutes", "from 10 to 1440"),
    ('camera = ""', "camera", "quoted string"),
])
def test_bad_values_name_file_key_and_fix(tmp_path, text, key, hint) -> None:
    path = _write(tmp_path, text + "\n")
    with pytest.raises(ConfigError) as err:
        KioskConfig.from_sources(path)
    message = str(err.value)
    assert str(path) in message and f"'{key}'" in message and hint in message


def test_broken_toml_names_the_line(tmp_path) -> None:
    path = _write(tmp_path, 'lang = "en"\ncamera = \n')
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 2"):
        KioskConfig.from_sources(path)


def test_missing_explicit_file_is_an_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        KioskConfig.from_sources(tmp_path / "nope.toml")


def test_unknown_keys_are_warned_not_fatal(tmp_path, caplog) -> None:
    path = _write(tmp_path, 'langauge = "en"\n[render]\nsharpness = 2\n')
    with caplog.at_level(logging.WARNING):
        cfg = KioskConfig.from_sources(path)
    assert cfg.lang == "ko"
    assert any("langauge" in w for w in cfg.warnings)
    assert any("render.sharpness" in w for w in cfg.warnings)
    assert "langauge" in caplog.text


def test_bad_command_line_values_are_refused() -> None:
    with pytest.raises(ConfigError, match=r"command line.*'lang'"):
        KioskConfig.from_sources(None, {"lang": "de"})
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        KioskConfig.from_sources(None, {"colour": "red"})


def test_config_built_in_code_is_validated_too() -> None:
    with pytest.raises(ConfigError, match="'lang'"):
        KioskConfig(lang="jp")
    assert KioskConfig().with_overrides(lang="en").lang == "en"


def test_env_var_moves_the_data_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PHOTOLATTE_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"
    assert KioskConfig().data_dir == tmp_path / "elsewhere"
    monkeypatch.delenv("PHOTOLATTE_DATA_DIR")
    assert paths.data_dir().name == "photolatte"


def test_relative_paths_in_the_file_are_beside_the_file(tmp_path) -> None:
    path = _write(tmp_path, 'menu_path = "my-menu.json"\ndata_dir = "/srv/latte"\n')
    cfg = KioskConfig.from_sources(path)
    assert cfg.menu_path == tmp_path / "my-menu.json"
    assert cfg.data_dir == Path("/srv/latte")


def test_a_bad_dtr_in_the_printer_url_is_a_config_error_not_a_dead_cable(tmp_path) -> None:
    """Otherwise the kiosk retries the port forever and tells the barista to check the cable."""
    path = tmp_path / "kiosk.toml"
    path.write_text('printer_url = "/dev/ttyUSB0?dtr=maybe"\n')
    with pytest.raises(ConfigError, match=r"kiosk.toml: 'printer_url'.*dtr=on or dtr=off"):
        KioskConfig.from_sources(path, {})
    path.write_text('printer_url = "/dev/ttyUSB0?dtr=off"\n')
    assert KioskConfig.from_sources(path, {}).printer_url == "/dev/ttyUSB0?dtr=off"
