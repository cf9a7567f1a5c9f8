#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets from the repository's test data.

    python3 fuzz/seed.py            # from the repository root, or from fuzz/

Writes fuzz/corpus/<target>/<sha1 of the input> in the layout each target reads (described in
src/lib.rs and at the top of each target): the verify and sign conformance cases
(tests/data/conformance/verify.jsonl, sign.jsonl) and the sample payloads (tests/data/payloads/*.json)
as bodies; for the parser targets, the bodies of the event, tool_response and assistant_response
conformance cases (with their event header and tool-call ids) and the sample payloads.
Standard library only; deterministic; safe to run again (same names, same bytes).
"""

import hashlib
import json
import pathlib
import struct
import sys

sys.setrecursionlimit(100_000)  # case lines nest up to a few thousand levels

FUZZ = pathlib.Path(__file__).resolve().parent
DATA = FUZZ.parent / "tests" / "data"
SECRET = b"whsec_test_secret_12345"
TIMESTAMP = 1700000000


def field(value: bytes) -> bytes:
    """A byte string: u16 little-endian length, then the bytes."""
    assert len(value) <= 0xFFFF
    return struct.pack("<H", len(value)) + value


def u64(value: int) -> bytes:
    return struct.pack("<Q", value)


def cases(name: str):
    for line in (DATA / "conformance" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            yield json.loads(line)


def body_of(case) -> bytes:
    return bytes.fromhex(case["body_hex"]) if "body_hex" in case else case["body"].encode()


def text(value) -> bytes:
    return b"" if value is None else value.encode()


def verify_input(flags, secrets, timestamp, signature, now, tolerance, body) -> bytes:
    out = bytes([flags, len(secrets)])
    out += b"".join(field(s) for s in secrets)
    return out + field(timestamp) + field(signature) + u64(now) + u64(tolerance) + u64(0) + body


def verify_seeds():
    for case in cases("verify.jsonl"):
        secrets = [s.encode() for s in case["secrets"]]
        flags = (case["signature"] is not None) | (case["timestamp"] is not None) << 1
        flags |= (case["tolerance"] is not None) << 3
        body = body_of(case)
        tolerance = case["tolerance"] or 0
        yield verify_input(flags, secrets, text(case["timestamp"]), text(case["signature"]),
                           case["now"], tolerance, body)
        if case["expect"].get("ok") or case["expect"].get("error") == "signature_mismatch":
            # The same request with the signature replaced by the correct one for each secret,
            # written with the prefix (spec: key index, style 1, no flip, no uppercase).
            for index in range(len(secrets)):
                spec = bytes([index, 1, 0]) + u64(0)
                yield verify_input(flags | 4, secrets, text(case["timestamp"]), spec, case["now"],
                                   tolerance, body)
    for path in sorted((DATA / "payloads").glob("*.json")):
        # Correct signature, now within a few seconds of the timestamp, default tolerance.
        spec = bytes([0, 1, 0]) + u64(0)
        yield verify_input(1 | 2 | 4 | 8 | 16 | 32, [SECRET], str(TIMESTAMP).encode(), spec, 42, 0,
                           path.read_bytes())


def sign_verify_input(flags, timestamp, now, flip_at, flip_bit, secret, body) -> bytes:
    return bytes([flags]) + u64(timestamp) + u64(now) + struct.pack("<HB", flip_at, flip_bit) \
        + field(secret) + body


def sign_verify_seeds():
    inputs = [(c["secret"].encode(), c["timestamp"], body_of(c)) for c in cases("sign.jsonl")]
    inputs += [(SECRET, TIMESTAMP, p.read_bytes()) for p in sorted((DATA / "payloads").glob("*.json"))]
    for secret, timestamp, body in inputs:
        for what in range(4):  # nothing, body, timestamp header, signature header
            yield sign_verify_input(1 | what << 1, timestamp, 0, 9, 5, secret, body)


def headers_seeds():
    for case in cases("verify.jsonl"):
        for value in (case["timestamp"], case["signature"]):
            if value is not None:
                yield b"\x00" + value.encode()


def payloads():
    return [p.read_bytes() for p in sorted((DATA / "payloads").glob("*.json"))]


def event_seeds():
    # Layout: flags (1: a header follows), [header], body.
    for case in cases("event.jsonl"):
        body = body_of(case)
        yield b"\x00" + body
        if case.get("event_header") is not None:
            yield b"\x01" + field(case["event_header"].encode()) + body
    for body in payloads():
        yield b"\x00" + body
        message_type = json.loads(body).get("message", {}).get("type")
        if isinstance(message_type, str):
            yield b"\x01" + field(message_type.encode()) + body


def tool_response_seeds():
    # Layout: flags (bits 0-1: id count; 4: also the response's own ids; 8: rebuild from values),
    # the ids, body. Every case twice: rebuilt from the raw values and from JSON values.
    for case in cases("tool_response.jsonl"):
        ids = [i.encode() for i in case.get("tool_call_ids", [])][:3]
        for extra in (4, 8):
            yield bytes([len(ids) | extra]) + b"".join(field(i) for i in ids) + body_of(case)
    for body in payloads():
        # The payloads are requests: as a direct answer they reach the direct shape with real data.
        yield bytes([4]) + body


def assistant_response_seeds():
    # Layout: the whole input is the body.
    for case in cases("assistant_response.jsonl"):
        yield body_of(case)
    for body in payloads():
        # A request's `assistant` block is a realistic configuration to answer with.
        message = json.loads(body).get("message", {})
        if isinstance(message.get("assistant"), dict):
            block = json.dumps(message["assistant"]).encode()
            yield b'{"assistant":' + block + b"}"
            yield b'{"assistant_id":"asst_1","assistant_override":' + block + b',"max_duration_seconds":300}'


CLI = FUZZ.parent / "cli"


def cli_fixtures():
    return [p.read_bytes() for p in sorted((CLI / "fixtures").glob("*.json"))]


def signed_headers(body: bytes, timestamp: int = TIMESTAMP):
    import hmac
    mac = hmac.new(SECRET, str(timestamp).encode() + b"." + body, "sha256").hexdigest()
    return [("X-Webhook-Timestamp", str(timestamp)), ("X-Webhook-Signature", "sha256=" + mac)]


def cli_request_seeds():
    # Raw mode (flags 0): requests as a capture tool saves them, built from the CLI's fixtures and
    # the sample payloads like the CLI tests' raw request files (upper-case names, Host, length).
    bodies = cli_fixtures() + payloads()
    for body in bodies:
        kind = json.loads(body).get("message", {}).get("type")
        headers = [("Host", "example.com"), ("Content-Length", str(len(body)))] + signed_headers(body)
        if isinstance(kind, str):
            headers.append(("X-Webhook-Event", kind))
        for upper in (False, True):
            lines = "".join(f"{n.upper() if upper else n}: {v}\r\n" for n, v in headers)
            yield b"\x00" + f"POST /webhooks HTTP/1.1\r\n{lines}\r\n".encode() + body
    body = bodies[0]
    # No length, bare LF, a duplicate timestamp, a short body, chunked, a bad length.
    yield b"\x00POST / HTTP/1.1\nx-webhook-timestamp: 1\nX-Webhook-Timestamp: 2\n\n" + body
    yield b"\x00POST / HTTP/1.1\r\nContent-Length: 99999\r\n\r\n" + body
    yield b"\x00POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    yield b"\x00POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello"
    yield b"\x00\x00\x01 not http\r\n\r\n"
    # Structured mode (flag 1): method, target, headers, length kind, extra, tail, body.
    for body in bodies[:4]:
        for flags in (1, 3, 5, 9):
            for length_kind in range(4):
                out = bytes([flags]) + field(b"POST") + field(b"/webhooks") + bytes([4])
                for kind, (name, value) in zip((0, 1, 2, 5), signed_headers(body) + [("e", "tool-calls"), ("Host", "x")]):
                    out += bytes([kind, 0xA5 if kind == 1 else 0]) + field(name.encode()) + bytes([5]) + field(value.encode())
                yield out + bytes([length_kind, 7]) + field(b"GET / HTTP/1.1\r\n") + body


def cli_set_seeds():
    # Layout: flags (1: no `=`), document, path, value. The CLI's fixtures with the paths and
    # values of the README and the CLI tests, and the tests' error cases.
    sets = [
        (b"message.call.id", b"abc"), (b"message.duration_seconds", b"312"),
        (b"message.tool_call_list.0.function.arguments", b'{"query":"Jan"}'),
        (b"message.summary", b'"42"'), (b"message.customer.number", b"+31687654321"),
        (b"message.call.status", b"in-progress"), (b"message.end_reason", b"user_hangup"),
        (b"message.analysis.sentiment", b"3"), (b"message.timestamp", b'"2026-12-01T08:00:00.000Z"'),
        (b"message.call.id.x", b"1"), (b"message.tool_call_list.9", b"1"), (b"message..id", b"1"),
        (b"message.tool_call_list.x.y", b"1"), (b"message.tool_call_list.2", b"null"),
        (b"message.new.deep", b"true"),
    ]
    for document in cli_fixtures():
        for path, value in sets:
            yield b"\x00" + field(document) + field(path) + value
        yield b"\x01" + field(document) + field(b"message.call.id")
    small = b'{"message": {"call": {"id": "a"}, "list": [1, 2]}}'
    for path, value in sets + [(b"message.list.1", b'{"x":null}'), (b"message.list.+1", b"3")]:
        yield b"\x00" + field(small) + field(path) + value


def cli_scenario_seeds():
    # Layout: flags (bits 0-1: file count), files (name, content), scenario. The README's example
    # (its report.json served from memory), the CLI test's and the built-in call.
    report = cli_fixtures()[0]
    readme = {
        "call_id": "0b7e6c1a-2f4d-4c3b-9a8e-5d6f7a8b9c0d", "pause_ms": 0,
        "steps": [
            {"event": "assistant-request", "set": {"message.customer.number": "+31611122233"}},
            {"event": "tool-calls", "set": {"message.tool_call_list.0.function.arguments": {"query": "Jan de Vries"}}},
            {"event": "status-update", "body": {"message": {"type": "status-update", "call": {"id": "x", "status": "ended"}}}},
            {"event": "end-of-call-report", "body_file": "report.json"},
        ],
    }
    test = {
        "call_id": "call-from-scenario",
        "steps": [{"event": "assistant-request"}, {"event": "status-update", "set": {"message.call.status": "in-progress"}}],
    }
    builtin = {
        "call_id": "5c4d030f-43e3-4e65-899e-8148521e660f",
        "steps": [
            {"event": "assistant-request"},
            {"event": "status-update", "set": {"message.call.status": "in-progress"}},
            {"event": "tool-calls"},
            {"event": "status-update", "set": {"message.call.status": "ended", "message.end_reason": "user_hangup"}},
            {"event": "end-of-call-report"},
        ],
    }
    bad = {"steps": [{"event": "transcript"}]}
    for scenario in (readme, test, builtin, bad):
        text = json.dumps(scenario).encode()
        yield b"\x01" + field(b"report.json") + field(report) + text
        yield b"\x00" + text
        yield b"\x00" + json.dumps(scenario, indent=2).encode()


def main():
    for target, seeds in (("verify", verify_seeds()), ("sign_verify", sign_verify_seeds()),
                          ("headers", headers_seeds()), ("event", event_seeds()),
                          ("tool_response", tool_response_seeds()),
                          ("assistant_response", assistant_response_seeds()),
                          ("cli_request", cli_request_seeds()), ("cli_set", cli_set_seeds()),
                          ("cli_scenario", cli_scenario_seeds())):
        directory = FUZZ / "corpus" / target
        directory.mkdir(parents=True, exist_ok=True)
        names = set()
        for seed in seeds:
            name = hashlib.sha1(seed).hexdigest()
            names.add(name)
            (directory / name).write_bytes(seed)
        print(f"{target}: {len(names)} seeds in {directory.relative_to(FUZZ.parent)}")


if __name__ == "__main__":
    main()
