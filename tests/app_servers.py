"""Helpers for tests that run their own app servers or a loopback file server (not fixtures).

Everything binds to 127.0.0.1 and is stopped by the caller in a `finally`/`with`.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(env: dict, log_path: Path, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """`python serve.py run app.py` (as `make run`) on a free loopback port, output to `log_path`; waits for health."""
    port = free_port()
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "serve.py", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.2)
    stop_app(process)
    raise RuntimeError(f"streamlit did not start:\n{Path(log_path).read_text(errors='replace')[-3000:]}")


def stop_app(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server like nginx or S3 as far as DuckDB cares: keep-alive and byte ranges."""

    protocol_version = "HTTP/1.1"
    log: list

    def log_message(self, fmt, *args):
        self.log.append(self.requestline)

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if not match or not os.path.isfile(path):
            return super().send_head()
        with open(path, "rb") as handle:
            data = handle.read()
        start = int(match[1])
        end = min(int(match[2]) if match[2] else len(data) - 1, len(data) - 1)
        if start > end:
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
        self.end_headers()
        return io.BytesIO(data[start:end + 1])


@contextlib.contextmanager
def serve_folder(root: Path):
    """A loopback HTTP server for `root` in a thread; yields (base url, request lines)."""
    requests: list[str] = []
    handler = type("Handler", (_QuietHandler,), {"log": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False
