"""A local stand-in for the Twilio REST API (Messages) and for Twilio's webhook signatures.

The wire format follows Twilio's: ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``
with a form-encoded body (``To``, ``From`` or ``MessagingServiceSid``, ``Body``), HTTP Basic
auth with the account SID and auth token, a 201 JSON answer with ``sid`` (``SM`` + 32 hex)
and ``status`` ``queued``; errors as ``{"code", "message", "more_info", "status"}``. The
list endpoint ``GET .../Messages.json?To=...`` answers a page with ``messages``. Every
request is recorded so tests can assert what the real SDK sent.

``sign(token, url, params)`` computes ``X-Twilio-Signature`` as Twilio documents it
(HMAC-SHA1 over the URL followed by each POST parameter name and value, sorted by name,
base64-encoded), independently of the SDK's own validator.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


def sign(token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's request signature of a webhook POST."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass
class Recorded:
    """One request the stand-in received."""

    method: str
    path: str
    form: dict[str, str]
    query: dict[str, str]
    auth: tuple[str, str] | None
    content_type: str | None


@dataclass
class FakeTwilio:
    """The stand-in server; use as a context manager (``with FakeTwilio(sid, token) as t``)."""

    account_sid: str
    auth_token: str
    requests: list[Recorded] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    failures: list[tuple[int, int]] = field(default_factory=list)
    """(HTTP status, Twilio code) answered to the next POSTs, in order."""
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, times: int, status: int = 503, code: int = 20503) -> None:
        """Answer the next ``times`` message creations with an error."""
        self.failures.extend([(status, code)] * times)

    def sent_to(self, to: str) -> list[dict[str, Any]]:
        """Messages accepted for ``to``."""
        return [m for m in self.messages if m["to"] == to]

    def __enter__(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _auth(self) -> tuple[str, str] | None:
                header = self.headers.get("Authorization", "")
                if not header.startswith("Basic "):
                    return None
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                return user, password

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self, form: dict[str, str]) -> Recorded | None:
                parsed = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
                record = Recorded(
                    self.command,
                    parsed.path,
                    form,
                    query,
                    self._auth(),
                    self.headers.get("Content-Type"),
                )
                with fake._lock:
                    fake.requests.append(record)
                if record.auth != (fake.account_sid, fake.auth_token):
                    self._answer(401, _error(20003, "Authenticate", 401))
                    return None
                expected = f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
                if parsed.path != expected:
                    self._answer(404, _error(20404, "The requested resource was not found", 404))
                    return None
                return record

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                if self._record(form) is None:
                    return
                with fake._lock:
                    failure = fake.failures.pop(0) if fake.failures else None
                if failure is not None:
                    self._answer(failure[0], _error(failure[1], "Service unavailable", failure[0]))
                    return
                if not form.get("To") or not form.get("Body"):
                    self._answer(400, _error(21604, "A 'To' phone number is required.", 400))
                    return
                now = format_datetime(datetime.now(UTC))
                message = {
                    "sid": "SM" + uuid.uuid4().hex,
                    "account_sid": fake.account_sid,
                    "to": form["To"],
                    "from": form.get("From"),
                    "messaging_service_sid": form.get("MessagingServiceSid"),
                    "body": form["Body"],
                    "status": "queued",
                    "direction": "outbound-api",
                    "num_segments": "1",
                    "date_created": now,
                    "date_updated": now,
                    "date_sent": now,
                    "error_code": None,
                    "error_message": None,
                    "price": None,
                    "uri": f"/2010-04-01/Accounts/{fake.account_sid}/Messages/x.json",
                }
                with fake._lock:
                    fake.messages.append(message)
                self._answer(201, message)

            def do_GET(self) -> None:
                record = self._record({})
                if record is None:
                    return
                to = record.query.get("To")
                with fake._lock:
                    found = [m for m in fake.messages if to is None or m["to"] == to]
                self._answer(
                    200,
                    {
                        "messages": list(reversed(found)),
                        "next_page_uri": None,
                        "page": 0,
                        "page_size": 50,
                        "uri": record.path,
                    },
                )

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _error(code: int, message: str, status: int) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
