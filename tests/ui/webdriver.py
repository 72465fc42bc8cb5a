"""A small W3C WebDriver client for Debian's ``chromium`` + ``chromedriver`` (no selenium,
no driver or browser downloads): enough to open a page, pick a file, click, wait for the
page to say something, and take a screenshot.

Waits happen inside the browser (an async script resolving on a DOM change), never by
sleeping here.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def find_browser() -> tuple[str, str]:
    """(chromium, chromedriver) paths; skip here, but fail in CI (which installs both)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    message = ("Debian's chromium and chromium-driver are needed for the browser test: "
               "apt-get install -y --no-install-recommends chromium chromium-driver")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Browser:
    """A headless chromium session (``mobile``: a phone-sized screen and user agent)."""

    def __init__(self, *, width: int = 390, height: int = 844, lang: str = "en-US",
                 mobile: bool = True) -> None:
        chromium, driver = find_browser()
        self._profile = tempfile.TemporaryDirectory(prefix="photolatte-chromium-")
        self._proc = subprocess.Popen([driver, "--port=0"], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
        self.session = ""
        try:
            self._start(chromium, width, height, lang, mobile)
        except BaseException:
            self.close()  # never leave a driver or a browser behind a failed start
            raise

    def _start(self, chromium: str, width: int, height: int, lang: str,
               mobile: bool) -> None:
        self.port = self._driver_port()
        options: dict[str, Any] = {
            "binary": chromium,
            "args": [*FLAGS, f"--user-data-dir={self._profile.name}", f"--lang={lang}",
                     f"--window-size={width},{height}"],
            "prefs": {"intl.accept_languages": lang},
        }
        if mobile:
            options["mobileEmulation"] = {
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0},
                "userAgent": "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 "
                             "(KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"}
        answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})
        self.session = answer["sessionId"]
        self._call("POST", f"/session/{self.session}/timeouts",
                   {"script": 30_000, "pageLoad": 30_000, "implicit": 0})

    def _driver_port(self) -> int:
        # chromedriver says where it listens ("... started successfully on port N."):
        # reading that line is the wait.
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            found = re.search(r"started successfully on port (\d+)", line)
            if found:
                return int(found.group(1))
        raise RuntimeError("chromedriver exited without starting")

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            data = None if body is None else json.dumps(body)
            conn.request(method, path, body=data,
                         headers={"Content-Type": "application/json; charset=utf-8"})
            reply = json.loads(conn.getresponse().read() or b"{}")
        finally:
            conn.close()
        value = reply.get("value")
        if isinstance(value, dict) and "error" in value:
            raise RuntimeError(f"webdriver {path}: {value['error']}: {value.get('message')}")
        return value

    def get(self, url: str) -> None:
        self._call("POST", f"/session/{self.session}/url", {"url": url})

    def find(self, css: str) -> str:
        found = self._call("POST", f"/session/{self.session}/element",
                           {"using": "css selector", "value": css})
        return found[ELEMENT]

    def send_file(self, css: str, path: Path) -> None:
        """Choose ``path`` in the file input ``css`` (as picking it in the phone's picker)."""
        element = self.find(css)
        self._call("POST", f"/session/{self.session}/element/{element}/value",
                   {"text": str(path)})

    def click(self, css: str) -> None:
        element = self.find(css)
        self._call("POST", f"/session/{self.session}/element/{element}/click", {})

    def text(self, css: str) -> str:
        element = self.find(css)
        return self._call("GET", f"/session/{self.session}/element/{element}/text")

    def run(self, script: str, *args: Any) -> Any:
        return self._call("POST", f"/session/{self.session}/execute/sync",
                          {"script": script, "args": list(args)})

    def wait_for_text(self, css: str, pattern: str) -> str:
        """Wait (in the page, up to the script timeout) until ``css`` has text matching the
        regular expression ``pattern``; -> that text."""
        script = """
            const [css, pattern, done] = arguments;
            const node = document.querySelector(css);
            const re = new RegExp(pattern);
            if (re.test(node.textContent)) { done(node.textContent); return; }
            new MutationObserver((_, observer) => {
                if (re.test(node.textContent)) { observer.disconnect(); done(node.textContent); }
            }).observe(node, {childList: true, characterData: true, subtree: true});
        """
        return self._call("POST", f"/session/{self.session}/execute/async",
                          {"script": script, "args": [css, pattern]})

    def screenshot(self, path: Path) -> Path:
        png = base64.b64decode(self._call("GET", f"/session/{self.session}/screenshot"))
        path.write_bytes(png)
        return path

    def close(self) -> None:
        """End the browser session (chromedriver quits chromium) and stop the driver."""
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}")
        finally:
            self.session = ""
            self._stop_driver()

    def _stop_driver(self) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._profile.cleanup()
