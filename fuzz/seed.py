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


KINDS = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"]


def send_input(message: dict, secret=SECRET, time=TIMESTAMP, owned=False) -> bytes:
    """The `send` target's layout for a message given as parsed JSON (see send.rs): its field
    values, raw values written back with json.dumps."""
    kind = KINDS.index(message["type"]) if message.get("type") in KINDS else 4
    out = bytes([kind]) + field(secret) + u64(time)
    if kind == 4:
        return out + struct.pack("<H", 0x8000 if owned else 0) + b"\x00" + field(json.dumps(message).encode())
    call = message.get("call") or {}
    phone = message.get("phone_number")
    customer = message.get("customer")
    assistant = message.get("assistant")
    flags, rest = 0, b""
    for bit, value in ((0, message.get("timestamp")), (1, call.get("type")), (2, call.get("status"))):
        if isinstance(value, str):
            flags |= 1 << bit
            rest += field(value.encode())
    if isinstance(phone, dict):
        flags |= 1 << 3
        for bit, name in ((4, "id"), (5, "number"), (6, "name")):
            if isinstance(phone.get(name), str):
                flags |= 1 << bit
                rest += field(phone[name].encode())
    if isinstance(customer, dict):
        flags |= 1 << 7
        if isinstance(customer.get("number"), str):
            flags |= 1 << 8
            rest += field(customer["number"].encode())
    if assistant is not None:
        flags |= 1 << 9
        rest += field(json.dumps(assistant).encode())
    flags |= 0x8000 if owned else 0
    out += struct.pack("<H", flags) + field(str(call.get("id", "")).encode()) + rest
    if kind == 1:
        calls = message.get("tool_call_list") or []
        out += bytes([len(calls) % 8])
        for entry in calls[:7]:
            function = entry.get("function") or {}
            arguments = function.get("arguments")
            flag = 0 if arguments is None else 1 | (2 if isinstance(arguments, str) else 0)
            call_type = entry.get("type")
            flag |= (2 << 2) if call_type is None else (0 if call_type == "function" else 1 << 2)
            out += bytes([flag]) + field(entry.get("id", "").encode()) + field(function.get("name", "").encode())
            if flag & 12 == 4:
                out += field(call_type.encode())
            if arguments is not None:
                out += field((arguments if isinstance(arguments, str) else json.dumps(arguments)).encode())
    elif kind == 2:
        more, fields = 0, b""
        for bit, name in ((0, "error"), (1, "end_reason")):
            if isinstance(message.get(name), str):
                more |= 1 << bit
                fields += field(message[name].encode())
        out += bytes([more]) + fields
    elif kind == 3:
        out += u64(int(message.get("duration_seconds", 0))) + field(message.get("summary", "").encode())
        more, fields = 0, b""
        if "analysis" in message:
            more |= 1
            fields += field(json.dumps(message["analysis"]).encode())
        for bit, name in ((1, "recording_url"), (2, "end_reason"), (3, "started_at"), (4, "ended_at")):
            if isinstance(message.get(name), str):
                more |= 1 << bit
                fields += field(message[name].encode())
        out += bytes([more]) + fields
        turns = message.get("messages") or []
        out += bytes([len(turns) % 16])
        for turn in turns[:15]:
            content = turn.get("content")
            out += bytes([isinstance(content, str)]) + field(turn.get("role", "").encode())
            if isinstance(content, str):
                out += field(content.encode())
    return out


def send_seeds():
    for body in payloads():
        message = json.loads(body)["message"]
        for owned in (False, True):
            yield send_input(message, owned=owned)
    # Hand-made: the values a writer and a reader must agree on. Raw values that Python's json
    # cannot write are spliced in as text.
    odd = "\u2028\u2029\"\\\x00\x1f\x7f\U0001F600\U0010FFFF\ufeff é"
    base = {"type": "end-of-call-report", "timestamp": odd, "call": {"id": odd, "type": odd, "status": odd},
            "phone_number": {"id": odd, "number": odd, "name": odd}, "customer": {"number": odd},
            "duration_seconds": 2**64 - 1, "summary": odd, "analysis": None, "recording_url": odd,
            "end_reason": odd, "started_at": odd, "ended_at": odd,
            "messages": [{"role": odd, "content": odd}, {"role": "user"}]}
    yield send_input(base, secret=b"", time=2**64 - 1)
    yield send_input(base, secret=odd.encode(), time=0, owned=True)
    raws = [b'{"a":"\\ud800"}', b'"\\udc00\\ud83d"', b"1e400", b"-" + b"9" * 400, b"18446744073709551617",
            b"1.50", b' {"k":1,"k":2} ', b"[" * 3000 + b"]" * 3000, b'{"a":' * 500 + b"0" + b"}" * 500,
            b"null", b"[1]", b"", b" ", b"{", b"\xe2\x80\xa8{}"]
    for raw in raws:
        for kind in ("end-of-call-report", "assistant-request"):
            key = "analysis" if kind == "end-of-call-report" else "assistant"
            message = dict(base, type=kind, **{key: "@@"})
            seed = send_input(message)
            marker = field(b'"@@"')
            at = seed.index(marker)
            yield seed[:at] + field(raw) + seed[at + len(marker):]
        for string in (False, True):
            message = {"type": "tool-calls", "call": {"id": "c1"},
                       "tool_call_list": [{"id": "t1", "function": {"name": "f", "arguments": "@@"}}]}
            seed = send_input(message)
            marker = field(b"@@")
            at = seed.index(marker)
            seed = seed[:at] + field(raw) + seed[at + len(marker):]
            if not string:  # the entry flag byte: arguments follow, as a RawJson object
                entry_at = seed.index(field(b"t1")) - 1
                seed = seed[:entry_at] + bytes([seed[entry_at] & ~2]) + seed[entry_at + 1:]
            yield seed
        # Unknown events: the raw message, then one written by the target with this data.
        yield bytes([4]) + field(SECRET) + u64(TIMESTAMP) + b"\x00\x00" + b"\x00" \
            + field(b'{"type":"transcript","data":' + raw + b"}")
        yield bytes([4]) + field(SECRET) + u64(TIMESTAMP) + b"\x00\x00" + b"\x03" + field(b"transcript") + field(raw)
    for message_type in ("transcript", "", "a b", "tool-calls", "a\nb", " x", "\u00e9", "\x7ftranscript", odd):
        yield bytes([4]) + field(SECRET) + u64(TIMESTAMP) + b"\x00\x00" + b"\x01" + field(message_type.encode())
    for message in (b'{"type":"x","type":"tool-calls"}', b'{"type":"tool-calls","type":"x"}',
                    b'{"type":"tool\\u002dcalls"}', b'{"type":"\\ud800"}', b'{"type":1}', b"[]"):
        yield bytes([4]) + field(SECRET) + u64(TIMESTAMP) + b"\x00\x00" + b"\x00" + field(message)
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
    # An index with leading zeros indexes the same element (`00` is element 0): the campaign's
    # one finding, a false positive of the target's own leaf check, kept as a regression input.
    for path, value in sets + [(b"message.list.1", b'{"x":null}'), (b"message.list.+1", b"3"),
                               (b"message.list.00", b"x"), (b"message.list.0001", b"[]")]:
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
                          ("send", send_seeds()),
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
