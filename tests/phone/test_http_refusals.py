"""Every refusal of the phone upload, at the HTTP level: the status or short page the phone
gets, and that the kiosk saw nothing (no photo, its code still live)."""

from __future__ import annotations

import socket
import sys
import threading

import pytest
from phone_support import HOST, TEST_LIMITS, jpeg_bytes, read_all, status_of

from kiosk.phone.app import SECURITY_HEADERS
from kiosk.phone.codes import CodeState
from kiosk.phone.errors import ALL_INTERFACES, PhoneError
from kiosk.phone.limits import Rate, RateLimiter
from kiosk.settings.config import ConfigError, KioskConfig


def test_off_unless_the_setting_turns_it_on(tmp_path):
    assert KioskConfig(data_dir=tmp_path).phone_upload is False
    with pytest.raises(ConfigError, match="never all"):
        KioskConfig(data_dir=tmp_path, phone_upload=True, phone_host="0.0.0.0")


def test_all_interfaces_is_refused_at_start(make_rig):
    with pytest.raises(PhoneError) as caught:
        make_rig(host="0.0.0.0")
    assert caught.value.code == ALL_INTERFACES


def test_listens_only_on_the_configured_address(rig):
    # 127.0.0.2 is this machine too (loopback), but not the address bound.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", rig.port), timeout=5).close()
    assert rig.request("GET", rig.page_path).status == 200


def test_the_page_opens_with_the_live_code_and_tells_the_kiosk(rig):
    answer = rig.request("GET", rig.page_path, headers={"Accept-Language": "en-GB,en"})
    assert answer.status == 200
    assert b"Choose from my photos" in answer.body
    assert rig.events.opened == 1
    assert rig.kiosk_unchanged()


@pytest.mark.parametrize("path", ["/p/" + "A" * 32, "/p/short", "/p/" + "A" * 31 + "%00",
                                  "/p/" + "A" * 33])
def test_a_wrong_code_is_not_found(rig, path):
    answer = rig.request("GET", path)
    assert answer.status == 404
    assert rig.events.opened == 0
    assert rig.kiosk_unchanged()


def test_an_expired_code_gets_a_short_page(rig):
    rig.clock[0] += rig.session.lifetime_s + 1
    answer = rig.request("GET", rig.page_path, headers={"Accept-Language": "en"})
    assert answer.status == 410
    assert b"This code has expired" in answer.body
    upload = rig.request("POST", rig.upload_path, body=jpeg_bytes())
    assert (upload.status, upload.json()["error"]) == (410, "expired")
    assert rig.events.photos == [] and rig.events.opened == 0


def test_a_code_dies_when_the_customer_leaves(rig):
    rig.service.close_session()
    answer = rig.request("POST", rig.upload_path, body=jpeg_bytes())
    assert (answer.status, answer.json()["error"]) == (410, "expired")
    assert rig.events.photos == []


def test_one_photo_per_code(rig):
    first = rig.request("POST", rig.upload_path, body=jpeg_bytes(),
                        headers={"Content-Type": "image/jpeg"})
    assert (first.status, first.json()) == (200, {"ok": True})
    assert len(rig.events.photos) == 1
    second = rig.request("POST", rig.upload_path, body=jpeg_bytes(seed=1))
    assert (second.status, second.json()["error"]) == (410, "used")
    page = rig.request("GET", rig.page_path, headers={"Accept-Language": "ko"})
    assert page.status == 410
    assert "이미 사진을 보냈어요" in page.body.decode()
    assert len(rig.events.photos) == 1


def test_two_phones_racing_with_one_code_get_one_photo_in(rig):
    answers: list[int] = []

    def send(seed: int) -> None:
        answers.append(rig.request("POST", rig.upload_path, body=jpeg_bytes(seed=seed)).status)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 410, 410]
    assert len(rig.events.photos) == 1


def test_too_large_by_its_declared_length_is_refused_before_reading(rig):
    limit = TEST_LIMITS.max_bytes
    head = (f"POST {rig.upload_path} HTTP/1.1\r\nHost: {HOST}:{rig.port}\r\n"
            f"Content-Length: {limit + 1}\r\nContent-Type: image/jpeg\r\n\r\n").encode()
    raw = rig.raw(head)  # not one byte of the body sent: the answer comes anyway
    assert status_of(raw) == 413
    assert b'"too_large"' in raw and b'"limit_mb":2' in raw
    assert rig.kiosk_unchanged()


def test_too_large_while_streaming_is_cut_off_at_the_cap(rig):
    limit = TEST_LIMITS.max_bytes
    head = (f"POST {rig.upload_path} HTTP/1.1\r\nHost: {HOST}:{rig.port}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"\xff" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    with socket.create_connection((HOST, rig.port), timeout=10) as sock:
        sock.sendall(head)
        try:
            # Up to four times the cap; the server stops reading after the cap.
            while sent < 4 * limit:
                sock.sendall(frame)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        raw = read_all(sock)
    assert status_of(raw) == 413
    assert rig.kiosk_unchanged()


@pytest.mark.parametrize(("body", "status", "error"), [
    (b"%PDF-1.7 not a photo at all", 415, "not_a_photo"),
    (b"<html><script>alert(1)</script></html>", 415, "not_a_photo"),
    (b"", 422, "empty"),
    (jpeg_bytes()[:600], 422, "unreadable"),  # cut off
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 422, "unreadable"),  # a PNG header, no picture
])
def test_a_body_that_is_no_usable_photo_changes_nothing(rig, body, status, error):
    answer = rig.request("POST", rig.upload_path, body=body)
    assert (answer.status, answer.json()["error"]) == (status, error)
    assert rig.kiosk_unchanged()
    # The code still works: the customer may pick the right photo now.
    assert rig.request("POST", rig.upload_path, body=jpeg_bytes()).status == 200


def test_slow_headers_get_408_and_the_connection_closes(rig):
    with socket.create_connection((HOST, rig.port), timeout=10) as sock:
        sock.sendall(f"GET {rig.page_path} HTTP/1.1\r\nHost: {HOST}".encode())
        raw = read_all(sock)  # the server answers and closes after its header deadline
    assert status_of(raw) == 408
    assert rig.events.opened == 0


def test_a_trickling_body_gets_408(rig):
    head = (f"POST {rig.upload_path} HTTP/1.1\r\nHost: {HOST}:{rig.port}\r\n"
            "Content-Length: 100000\r\n\r\n").encode()
    with socket.create_connection((HOST, rig.port), timeout=10) as sock:
        sock.sendall(head + jpeg_bytes()[:1000])
        raw = read_all(sock)
    assert status_of(raw) == 408
    assert b'"timeout"' in raw
    assert rig.kiosk_unchanged()


def test_a_flooding_client_gets_429_and_changes_nothing(rig):
    statuses = [rig.request("GET", "/p/" + "B" * 32).status for _ in range(30)]
    assert statuses[0] == 404
    assert 429 in statuses
    limited = rig.request("GET", rig.page_path)
    assert limited.status == 429 and "retry-after" in limited.headers
    uploads = [rig.request("POST", "/p/" + "C" * 32 + "/photo", body=b"x").status
               for _ in range(8)]
    assert uploads.count(429) >= 3
    assert rig.events.opened == 0
    assert rig.kiosk_unchanged()


def test_too_many_open_connections_from_one_client_get_429(rig):
    socks = [socket.create_connection((HOST, rig.port), timeout=10) for _ in range(8)]
    try:
        with socket.create_connection((HOST, rig.port), timeout=10) as ninth:
            assert status_of(read_all(ninth)) == 429
    finally:
        for s in socks:
            s.close()


@pytest.mark.parametrize("path", ["/", "/p/", "/static/", "/static/../kiosk/phone/app.py",
                                  "/static/phone.py", "/favicon.ico", "/robots.txt",
                                  "/p/%2e%2e/%2e%2e/etc/passwd", "/.git/config"])
def test_no_other_pages(rig, path):
    answer = rig.request("GET", path)
    assert answer.status == 404
    assert b"<a " not in answer.body  # no listing, no links
    assert "server" not in answer.headers


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_other_methods_are_refused(rig, method):
    assert rig.request(method, rig.page_path).status in (404, 405)
    assert rig.request(method, rig.upload_path, body=jpeg_bytes()).status in (404, 405)
    assert rig.kiosk_unchanged()


def test_a_foreign_host_name_is_refused(rig):
    # DNS rebinding: a web page elsewhere pointing its own name at the kiosk.
    answer = rig.request("GET", rig.page_path, headers={"Host": "evil.example"})
    assert answer.status == 400
    assert rig.events.opened == 0


@pytest.mark.parametrize("which", ["page", "refusal", "missing", "script"])
def test_strict_security_headers_on_every_answer(rig, which):
    path = {"page": rig.page_path, "refusal": "/p/" + "D" * 32, "missing": "/nothing",
            "script": "/static/phone.js"}[which]
    answer = rig.request("GET", path)
    for name, value in SECURITY_HEADERS:
        assert answer.headers.get(name) == value, name
    csp = answer.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert "server" not in answer.headers
    if which == "page":
        assert b"<script>" not in answer.body and b" style=" not in answer.body


def test_nothing_about_the_phone_is_kept(rig, caplog):
    caplog.set_level("DEBUG")
    agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 19_0) TestPhone/1.0"
    rig.request("GET", rig.page_path, headers={"User-Agent": agent})
    answer = rig.request("POST", rig.upload_path, body=jpeg_bytes(),
                         headers={"User-Agent": agent})
    assert answer.status == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "a photo arrived" in logged
    assert HOST not in logged and "TestPhone" not in logged and "iPhone" not in logged


def test_rate_limits_hold_keyed_hashes_not_addresses():
    limiter = RateLimiter(Rate(burst=2, per_minute=60))
    limiter.allow("192.168.0.77")
    held = repr(limiter.__dict__["_buckets"])  # white-box: what stays in memory
    assert "192.168" not in held and b"192.168.0.77".hex() not in held
    assert len(limiter) == 1
    limiter.forget()
    assert len(limiter) == 0


def test_the_photo_is_never_written_to_disk(rig):
    writes: list[str] = []
    watching = threading.Event()

    def hook(event: str, args: tuple) -> None:
        if not watching.is_set() or event != "open":
            return
        path, mode, flags = [*args, None, None, None][:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & 0o3)  # O_WRONLY | O_RDWR
        if writing:
            writes.append(str(path))

    sys.addaudithook(hook)
    watching.set()
    try:
        answer = rig.request("POST", rig.upload_path, body=jpeg_bytes(2000, 1500))
    finally:
        watching.clear()
    assert answer.status == 200
    assert writes == []
    assert rig.service.codes.state(rig.session.code) is CodeState.USED
