"""Where the kiosk keeps its files: data, config, cache and the shipped assets.

The platform's user folders come from ``platformdirs`` under the name ``photolatte``
(on Linux: ``~/.local/share/photolatte``, ``~/.config/photolatte``, ``~/.cache/photolatte``).
Each can be moved with an environment variable, which is how tests, a second kiosk on the
same machine, or a kiosk with its data on a dedicated disk point elsewhere:

- ``PHOTOLATTE_DATA_DIR``: orders database, staff codes (barista, technician), logs.
- ``PHOTOLATTE_CONFIG_DIR``: ``kiosk.toml``.
- ``PHOTOLATTE_CACHE_DIR``: anything that may be deleted at will.

``data_dir`` in the config file overrides the data folder too (see :mod:`kiosk.settings.config`).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk.settings.datadir import ensure_private_dir

APP_NAME = "photolatte"
ENV_DATA_DIR = "PHOTOLATTE_DATA_DIR"
ENV_CONFIG_DIR = "PHOTOLATTE_CONFIG_DIR"
ENV_CACHE_DIR = "PHOTOLATTE_CACHE_DIR"

CONFIG_FILE_NAME = "kiosk.toml"
DB_FILE_NAME = "orders.sqlite3"
PIN_FILE_NAME = "technician_pin.json"
BARISTA_CODE_FILE_NAME = "barista_code.json"

# The repository (or installed tree) root: assets/ sits beside the kiosk package.
_ROOT = Path(__file__).resolve().parents[2]


def _resolve(env: str, default: str, create: bool) -> Path:
    value = os.environ.get(env, "").strip()
    path = Path(value).expanduser() if value else Path(default)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(*, create: bool = False) -> Path:
    """The folder for orders, the PIN file and logs (``PHOTOLATTE_DATA_DIR`` overrides).

    ``create``: make it private (0700) as :func:`kiosk.settings.datadir.ensure_private_dir`
    does; it holds face-derived masks.
    """
    path = _resolve(ENV_DATA_DIR, platformdirs.user_data_dir(APP_NAME, appauthor=False),
                    create=False)
    return ensure_private_dir(path) if create else path


def config_dir(*, create: bool = False) -> Path:
    """The folder holding ``kiosk.toml`` (``PHOTOLATTE_CONFIG_DIR`` overrides)."""
    return _resolve(
        ENV_CONFIG_DIR, platformdirs.user_config_dir(APP_NAME, appauthor=False), create
    )


def cache_dir(*, create: bool = False) -> Path:
    """A folder for disposable files (``PHOTOLATTE_CACHE_DIR`` overrides)."""
    return _resolve(ENV_CACHE_DIR, platformdirs.user_cache_dir(APP_NAME, appauthor=False), create)


def log_dir(*, create: bool = False) -> Path:
    """``logs/`` inside :func:`data_dir`, for the kiosk's log files."""
    path = data_dir() / "logs"
    if create:
        ensure_private_dir(data_dir())
        ensure_private_dir(path)
    return path


def default_config_file() -> Path:
    """``kiosk.toml`` in :func:`config_dir`; it need not exist."""
    return config_dir() / CONFIG_FILE_NAME


def assets_dir() -> Path:
    """The shipped ``assets/`` folder (menu, demo photo)."""
    return _ROOT / "assets"


def default_menu_file() -> Path:
    """The shipped menu, ``assets/menu/menu.json``."""
    return assets_dir() / "menu" / "menu.json"


def demo_photo() -> Path:
    """The demo camera's photo, ``assets/demo/astronaut.jpg`` (may be absent)."""
    return assets_dir() / "demo" / "astronaut.jpg"
