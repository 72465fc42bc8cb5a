"""``photolatte phone-test``: serves one session, shows the address, takes one photo,
renders it and writes its mask; refuses unusable addresses with advice."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from kiosk.cli import main
from printer_driver.mask import Mask

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "assets" / "demo" / "astronaut.jpg"


def _run_cli(args: list[str], tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "phone-test", "--config",
         str(tmp_path / "kiosk.toml"), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_one_photo_arrives_and_its_mask_is_written(tmp_path):
    (tmp_path / "kiosk.toml").write_text("", encoding="utf-8")
    mask = tmp_path / "mask.png"
    proc = _run_cli(["--host", "127.0.0.1", "--port", "0", "-o", str(mask)], tmp_path)
    try:
        lines: list[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:  # the address comes before "Waiting"
            lines.append(line)
            if line.startswith("Waiting for a photo"):
                break
        url = next(m.group(0) for m in (re.search(r"http://\S+", x) for x in lines) if m)
        assert any("▀" in x or "█" in x or "▄" in x for x in lines), "no terminal QR code"
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
        conn.request("GET", parts.path)
        assert conn.getresponse().status == 200
        conn.close()
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
        conn.request("POST", parts.path + "/photo", body=PHOTO.read_bytes())
        assert conn.getresponse().status == 200
        conn.close()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    text = "".join(lines) + out
    assert proc.returncode == 0, err
    assert "A phone opened the page" in text
    assert "Photo arrived: jpeg, 512×512; face found" in text
    # Loopback: the technician is told phones cannot reach it.
    assert "127.0.0.1 is this computer only" in err
    assert Mask.load_png(mask).size == 254


def test_a_port_in_use_is_named(tmp_path, capsys):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = main(["phone-test", "--config", str(_empty(tmp_path)), "--host", "127.0.0.1",
                     "--port", str(port)])
    assert code == 2
    assert f"port {port} is in use" in capsys.readouterr().err


def test_every_interface_at_once_is_refused(tmp_path, capsys):
    code = main(["phone-test", "--config", str(_empty(tmp_path)), "--host", "0.0.0.0"])
    assert code == 2
    assert "name one, e.g. --host wlan0" in capsys.readouterr().err


def test_an_address_not_on_this_computer_is_named(tmp_path, capsys):
    code = main(["phone-test", "--config", str(_empty(tmp_path)), "--host", "203.0.113.9",
                 "--port", "0"])
    assert code == 2
    assert "203.0.113.9 is not an address of this computer" in capsys.readouterr().err


def test_an_unwritable_mask_path_is_refused_before_serving(tmp_path, capsys):
    code = main(["phone-test", "--config", str(_empty(tmp_path)), "--host", "127.0.0.1",
                 "--port", "0", "-o", str(tmp_path / "missing" / "mask.png")])
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_no_photo_before_the_code_expires(tmp_path, monkeypatch, capsys):
    from kiosk.cli import phone_test
    from kiosk.phone.service import PhoneService

    # The wait is the code's lifetime: a third of a second here rather than a minute.
    issue = PhoneService.open_session
    monkeypatch.setattr(PhoneService, "open_session",
                        lambda self: replace(issue(self), lifetime_s=0.3))
    code = phone_test.run(argparse.Namespace(
        host="127.0.0.1", port=0, output=None, minutes=1.0, config=_empty(tmp_path)))
    assert code == 1
    assert "no photo arrived before the code expired" in capsys.readouterr().err


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text("", encoding="utf-8")
    return path
