"""A minimal client of Chromium's DevTools protocol: start headless Chromium, open a page,
evaluate JavaScript, take a screenshot. Enough for one browser test, nothing more."""

from __future__ import annotations

import base64
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--remote-debugging-port=0", "--window-size=1280,900",
)  # fmt: skip
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


def chromium() -> str | None:
    """The Chromium executable, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """One tab of a browser, driven over a DevTools websocket session."""

    def __init__(self, socket: Any, session: str) -> None:
        self._socket, self._session, self._ids = socket, session, itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its result (events are skipped)."""
        number = next(self._ids) + 1000
        self._socket.send(json.dumps({"id": number, "method": method, "params": params,
                                      "sessionId": self._session}))  # fmt: skip
        while True:
            message = json.loads(self._socket.recv(timeout=60))
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises awaited)."""
        answer = self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)  # fmt: skip
        if "exceptionDetails" in answer:
            raise RuntimeError(f"JavaScript failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        """Poll ``expression`` until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for: {expression}")

    def open(self, url: str) -> None:
        """Navigate to ``url`` and wait for the load event's document state."""
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def screenshot(self, path: Path, *, height: int = 900) -> None:
        """Save a PNG of the top ``height`` pixels of the page."""
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))


@contextmanager
def browser(executable: str) -> Iterator[Page]:
    """Headless Chromium with a new empty profile; one page attached; killed afterwards."""
    from websockets.sync.client import connect

    profile = tempfile.mkdtemp(prefix="cica-chromium-")
    process = subprocess.Popen(
        [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        address = _address(process)
        with connect(address, max_size=64 << 20, open_timeout=30) as socket:
            target = _command(socket, "Target.createTarget", url="about:blank")["targetId"]
            session = _command(socket, "Target.attachToTarget", targetId=target, flatten=True)
            page = Page(socket, session["sessionId"])
            page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900,
                      deviceScaleFactor=1, mobile=False)  # fmt: skip
            yield page
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _address(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        found = LISTENING.search(line)
        if found:  # keep reading what it says, or a full pipe would block it
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return found.group(1)
    raise AssertionError("Chromium did not start:\n" + "".join(seen[-20:]))


def _command(socket: Any, method: str, **params: Any) -> dict[str, Any]:
    socket.send(json.dumps({"id": 1, "method": method, "params": params}))
    while True:
        message = json.loads(socket.recv(timeout=30))
        if message.get("id") == 1:
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            result: dict[str, Any] = message["result"]
            return result
