"""A small HTTP server on 127.0.0.1 that answers like Nominatim's /search, for geopy's real HTTP path.

Its ``mode`` decides the answer: ``ok`` (a place from ``places``), ``empty``, ``slow`` (sleeps past
the client's timeout), ``429`` (with Retry-After), ``500``, ``503``, ``malformed`` (broken JSON).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeNominatim:
    def __init__(self):
        self.mode = "ok"
        self.delay = 3.0
        self.places: dict[str, dict] = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                url = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                server.requests.append(
                    {"path": url.path, "params": params, "user_agent": self.headers.get("User-Agent")}
                )
                mode = server.mode
                if mode == "slow":
                    time.sleep(server.delay)
                if mode in ("429", "500", "503"):
                    self.send_response(int(mode))
                    if mode == "429":
                        self.send_header("Retry-After", "1")
                    self.end_headers()
                    self.wfile.write(b"busy")
                    return
                if mode == "malformed":
                    body = b'[{"lat": "40.1", "lon": '
                elif mode == "empty":
                    body = b"[]"
                else:
                    place = server.places.get(params.get("q", "").lower())
                    body = json.dumps([place] if place else []).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): that is the point of "slow"

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.domain = f"127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def nominatim_place(name: str, lat: float, lon: float, country_code: str, addresstype: str = "city") -> dict:
    return {
        "place_id": 1000 + len(name),
        "osm_type": "relation",
        "osm_id": 424242,
        "lat": str(lat),
        "lon": str(lon),
        "display_name": f"{name}, Somewhere",
        "addresstype": addresstype,
        "type": addresstype,
        "address": {"country_code": country_code.lower()},
    }
