"""A loopback replay of SCB PxWebApi 2.0 and Kolada v3 from tests/fixtures/providers/routes.json
(its 'default' routes, matched as its `matching` list says), for tests that run the real app or the
command line against it: SCB under /scb/api/v2/, Kolada under /kolada/v3/ (see `RoutesReplay.env`).

    with RoutesReplay() as replay:
        run_something_with(replay.env)      # SCB_API_URL / KOLADA_API_URL
        replay.requests                     # "GET /kolada/v3/kpi/N01951", ... in order
"""
from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "providers"
HOSTS = {"scb": "statistikdatabasen.scb.se", "kolada": "api.kolada.se"}


def path_segments(path: str) -> list:
    return [frozenset(s.split(",")) if "," in s else s for s in urllib.parse.unquote(path).split("/")]


def selection_items(body) -> set:
    return {(item["variableCode"], frozenset(item["valueCodes"])) for item in (body or {}).get("selection", [])}


class RoutesReplay:
    """A threaded loopback server answering with the first matching 'default' route's file; an
    unmatched request gets 404 with an RFC 7807 body, so an unexpected request shows at once."""

    def __init__(self):
        index = json.loads((FIXTURES / "routes.json").read_text(encoding="utf-8"))
        self.routes = [r for r in index["routes"] if r["scenario"] == "default"]
        self.requests: list[str] = []
        replay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                replay.answer(self, None)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                replay.answer(self, json.loads(self.rfile.read(length) or b"{}"))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def env(self) -> dict:
        return {"SCB_API_URL": f"{self.url}/scb/api/v2/", "KOLADA_API_URL": f"{self.url}/kolada/v3/"}

    def route(self, method: str, host: str, path: str, query: dict, body):
        for r in self.routes:
            if r["method"] != method or r["host"] != host or path_segments(r["path"]) != path_segments(path):
                continue
            if any(k not in query or set(str(v).split(",")) != set(query[k].split(",")) for k, v in r.get("query", {}).items()):
                continue
            if method == "POST" and "body" in r and selection_items(r["body"]) != selection_items(body):
                continue
            return r
        return None

    def rebased(self, data: bytes) -> bytes:
        """The answer with absolute links to a replayed host (Kolada's next_url) pointing at this replay."""
        for prefix, host in HOSTS.items():
            data = data.replace(f"https://{host}/".encode(), f"{self.url}/{prefix}/".encode())
        return data

    def answer(self, handler, body) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        prefix, _, rest = parsed.path.lstrip("/").partition("/")
        query = dict(urllib.parse.parse_qsl(parsed.query))
        self.requests.append(f"{handler.command} {handler.path}")
        found = self.route(handler.command, HOSTS.get(prefix, ""), "/" + rest, query, body)
        if found is None:
            status, kind, data = 404, "application/problem+json", json.dumps(
                {"type": "about:blank", "title": "no replay route", "status": 404, "detail": handler.path}).encode()
        else:
            status, kind, data = found["status"], found["content_type"], self.rebased((FIXTURES / found["file"]).read_bytes())
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
