"""The phone upload's settings: off by default, on for loopback in the built-in demo only,
malformed values refused with the key and the fix."""

from __future__ import annotations

import pytest

from kiosk.phone.service import PhoneSettings
from kiosk.settings.config import ConfigError, KioskConfig, with_demo_phone


def test_off_by_default_and_on_for_loopback_in_the_built_in_demo(tmp_path):
    plain = KioskConfig(data_dir=tmp_path)
    assert plain.phone_upload is False
    demo = with_demo_phone(plain)
    assert (demo.phone_upload, demo.phone_host) == (True, "127.0.0.1")
    # A real camera, or any settings file, keeps it as configured (off).
    assert with_demo_phone(plain.with_overrides(camera="0")).phone_upload is False
    toml = tmp_path / "kiosk.toml"
    toml.write_text('camera = "demo"\n', encoding="utf-8")
    assert with_demo_phone(KioskConfig.from_sources(toml)).phone_upload is False


def test_a_settings_file_turns_it_on(tmp_path):
    toml = tmp_path / "kiosk.toml"
    toml.write_text('phone_upload = true\nphone_host = "wlan0"\nphone_port = 9000\n'
                    'phone_wifi = "Cafe Guest"\nphone_code_minutes = 3\nphone_max_mb = 12\n',
                    encoding="utf-8")
    config = KioskConfig.from_sources(toml)
    settings = PhoneSettings.from_config(config)
    assert (settings.host, settings.port, settings.wifi) == ("wlan0", 9000, "Cafe Guest")
    assert settings.code_minutes == 3.0
    assert settings.limits.max_bytes == 12 * 1024 * 1024 and settings.limits.max_mb == 12


@pytest.mark.parametrize(("line", "fix"), [
    ("phone_upload = 1", "true or false"),
    ('phone_host = "0.0.0.0"', "never all"),
    ('phone_host = "::"', "never all"),
    ("phone_port = 70000", "port number"),
    ("phone_code_minutes = 0", "minutes from 1 to 30"),
    ("phone_max_mb = 500", "megabytes from 1 to 100"),
    ('phone_wifi = ""', "quoted string"),
])
def test_malformed_values_name_the_key_and_the_fix(tmp_path, line, fix):
    toml = tmp_path / "kiosk.toml"
    toml.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        KioskConfig.from_sources(toml)
    assert line.split(" =")[0] in str(caught.value) and fix in str(caught.value)
