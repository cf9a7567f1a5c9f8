#!/usr/bin/env python3
"""An HMS Sovereign webhook receiver on Python's standard library, for `hms-webhooks audit`'s tests.

    receiver.py SECRET FLAW

FLAW is `none` (a correct receiver) or one flaw, exactly one:

    no-verification        never checks the signature or the timestamp
    no-age-check           checks the signature, but not how old the timestamp is
    unknown-event-refused  answers 400 to event types it does not know
    bad-tool-response      answers tool-calls for the first tool call only
    bad-assistant-response answers assistant-request with both `assistant` and `assistant_id`
    lowercase-hex-only     compares the signature's hex digits as sent, so upper case never matches

It listens on a free port of 127.0.0.1, prints `PORT <n>` on standard output, and serves until its
standard input closes (the test ends) or 300 s have passed, whichever comes first.
"""

import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE = 300  # seconds, either way
LIFETIME = 300  # seconds at most

SECRET = sys.argv[1].encode()
FLAW = sys.argv[2]
FLAWS = {
    "none",
    "no-verification",
    "no-age-check",
    "unknown-event-refused",
    "bad-tool-response",
    "bad-assistant-response",
    "lowercase-hex-only",
}
if FLAW not in FLAWS:
    sys.exit(f"receiver.py: unknown flaw {FLAW!r}; one of {sorted(FLAWS)}")


def authentic(timestamp, signature, body):
    """Why the request is not authentic and fresh, or None."""
    if signature is None:
        return "unsigned"
    if timestamp is None:
        return "no timestamp"
    if not (timestamp.isascii() and timestamp.isdigit()):
        return "malformed timestamp"
    digits = signature.strip()
    if digits.startswith("sha256="):
        digits = digits[len("sha256="):]
    if len(digits) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return "malformed signature"
    expected = hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if FLAW != "lowercase-hex-only":
        digits = digits.lower()
    if not hmac.compare_digest(expected, digits):
        return "signature mismatch"
    if FLAW != "no-age-check" and abs(time.time() - int(timestamp)) > TOLERANCE:
        return "stale or future timestamp"
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def answer(self, status, payload=None):
        body = b"" if payload is None else (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        self.send_response(status)
        if payload is not None:
            self.send_header("Content-Type", "application/json" if not isinstance(payload, bytes) else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if FLAW != "no-verification":
            reason = authentic(self.headers.get("X-Webhook-Timestamp"), self.headers.get("X-Webhook-Signature"), body)
            if reason is not None:
                return self.answer(401, reason.encode())
        try:
            message = json.loads(body)["message"]
            kind = message["type"]
        except (ValueError, KeyError, TypeError) as error:
            return self.answer(400, f"not a webhook: {error}".encode())
        if kind == "assistant-request" and FLAW == "bad-assistant-response":
            return self.answer(200, {"assistant": {"first_message": "Hi"}, "assistant_id": "asst_python_receiver"})
        if kind == "assistant-request":
            return self.answer(200, {"assistant_id": "asst_python_receiver", "max_duration_seconds": 300})
        if kind == "tool-calls":
            calls = message.get("tool_call_list", [])
            if FLAW == "bad-tool-response":
                calls = calls[:1]
            results = [{"tool_call_id": call["id"], "result": f"{call['function']['name']} done"} for call in calls]
            return self.answer(200, {"results": results})
        if kind in ("status-update", "end-of-call-report") or FLAW != "unknown-event-refused":
            return self.answer(204)
        return self.answer(400, f"unknown event type {kind}".encode())


def main():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        server.shutdown()

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    timer = threading.Timer(LIFETIME, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
    sys.exit(0)


main()
