#!/usr/bin/env python3
"""Reference implementation and case generator for the parse ops.

Covers the conformance ops `event`, `tool_response` and `assistant_response`.
The expected results written to the case files are computed here, by a small
reference implementation written from the protocol rules with Python's
standard library only. They are never produced by the Rust crate under test.

Usage (from the repository root or anywhere else):

    python3 tests/data/conformance/reference_parse.py          # (re)write the files
    python3 tests/data/conformance/reference_parse.py --check  # exit 1 if they are stale

Output is deterministic: no clock, no randomness, fixed case order. Each case
also states the outcome its author intended (`want`); the generator refuses to
write anything if the reference disagrees, so a slip in either shows up.

The sample payloads in ../payloads/ are read as bytes and become `event`
cases; every `*.json` file there must be listed in SAMPLE_PAYLOADS.
"""

from __future__ import annotations

import argparse
import decimal
import json
import json.scanner
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAYLOADS = HERE.parent / "payloads"
EVENT_PATH = HERE / "event.jsonl"
TOOL_RESPONSE_PATH = HERE / "tool_response.jsonl"
ASSISTANT_RESPONSE_PATH = HERE / "assistant_response.jsonl"

U64_MAX = 2**64 - 1
F64_EXACT_MAX = 2**53

# The four whitespace bytes of RFC 8259 (space, tab, LF, CR). Nothing else:
# not vertical tab, not form feed, not U+00A0.
JSON_WS = b" \t\n\r"

INVALID_JSON = "invalid_json"
INVALID_PAYLOAD = "invalid_payload"
EVENT_MISMATCH = "event_mismatch"
EMPTY_BODY = "empty_body"
INVALID_RESPONSE = "invalid_response"

KNOWN_EVENT_TYPES = ("assistant-request", "tool-calls", "status-update", "end-of-call-report")


class Failure(Exception):
    """A result of the form {"ok": false, "error": kind}."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


# ---------------------------------------------------------------------------
# JSON: strict RFC 8259 over UTF-8 bytes, read the way JSON.parse sees it
# ---------------------------------------------------------------------------
#
# The reading rules (PROTOCOL.md section 3, "JSON reading"):
# - duplicate keys: the last occurrence wins, at every depth (a Python dict does
#   exactly that; earlier occurrences are gone, whatever their type);
# - lone surrogate escapes are grammatical: Python's json keeps them as lone
#   surrogate code points in the str; modelled text maps each to U+FFFD
#   (`text()`), everything else keeps them and prints them back as `\uXXXX`;
# - numbers of any magnitude are grammatical: every number literal is kept as
#   its exact text (JInt / JFloat) and printed back verbatim; only a modelled
#   numeric field looks at its value, exactly (int / decimal.Decimal);
# - no depth limit of our own (the recursion limit is raised below).

sys.setrecursionlimit(100_000)


class JInt(int):
    """An integer literal: its exact value (a Python int, any size) and its text."""

    text: str

    def __new__(cls, literal: str) -> "JInt":
        obj = super().__new__(cls, literal)
        obj.text = literal
        return obj


class JFloat:
    """A literal with a fraction or an exponent: its exact decimal value and its text."""

    def __init__(self, literal: str) -> None:
        self.text = literal
        self.value = decimal.Decimal(literal)  # exact: the constructor never rounds


def exact_whole(d: decimal.Decimal) -> bool:
    """Whether the exact decimal value `d` is a whole number (no rounding, any exponent)."""
    _sign, digits, exponent = d.as_tuple()
    if exponent >= 0:
        return True
    fraction = digits[exponent:] if -exponent <= len(digits) else digits
    return all(digit == 0 for digit in fraction)


_SURROGATE = re.compile("[\ud800-\udfff]")


def text(s: str) -> str:
    """Modelled text: each lone surrogate becomes U+FFFD, as String::from_utf16_lossy does.

    Python's json joins an escaped high/low pair into one code point, so every
    surrogate left in a decoded str is a lone one.
    """
    return _SURROGATE.sub("\ufffd", s)


def enc(v: Any) -> str:
    """Compact JSON text of a decoded value: number literals verbatim, lone surrogates escaped."""
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, JInt):
        return v.text
    if isinstance(v, JFloat):
        return v.text
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(v, ensure_ascii=False))
    if isinstance(v, list):
        return "[" + ",".join(enc(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(enc(k) + ":" + enc(x) for k, x in v.items()) + "}"
    raise TypeError(f"cannot encode {v!r}")


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN, Infinity and -Infinity by default; RFC 8259 does not.
    raise ValueError(f"non-standard JSON constant {name}")


def parse_json(data: bytes, kind: str = INVALID_JSON) -> Any:
    """Parse `data` as one RFC 8259 JSON text, or raise Failure(kind).

    The bytes are decoded strictly as UTF-8 first (json.loads on bytes would
    guess UTF-16/32; we never let it). A leading U+FEFF is rejected by
    json.loads itself; trailing non-whitespace is rejected as "Extra data";
    control characters inside strings are rejected (strict=True, the default).
    """
    try:
        decoded = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Failure(kind) from None
    return parse_json_text(decoded, kind)


def parse_json_text(decoded: str, kind: str = INVALID_JSON) -> Any:
    """Parse an already decoded text (e.g. string-encoded tool arguments) as one JSON text."""
    try:
        return json.loads(decoded, parse_constant=_reject_constant, parse_int=JInt, parse_float=JFloat)
    except (ValueError, RecursionError):
        raise Failure(kind) from None


# The C scanner compares number digits with '0'..'9'; the pure-Python fallback's
# regex `\d` would also accept other Unicode digits. Insist on the C one.
if json.scanner.c_make_scanner is None:
    raise SystemExit("the json module's C speedups are required")


def is_ws_only(data: bytes) -> bool:
    """True for an empty body or one made only of the four JSON whitespace bytes."""
    return all(b in JSON_WS for b in data)


def whole_non_negative(v: Any, kind: str) -> int:
    """An integer literal in 0..=u64::MAX (`-0` is 0), or a literal with a fraction or an
    exponent whose exact decimal value is a whole number in 0..=2^53. Decided on the exact
    value, never on a rounded float: `84.0000000000000001`, `1e-400`, `9007199254740993.0` fail.
    """
    if isinstance(v, JInt):
        if 0 <= v <= U64_MAX:
            return int(v)
        raise Failure(kind)
    if isinstance(v, JFloat):
        d = v.value
        if exact_whole(d) and 0 <= d <= F64_EXACT_MAX:
            return int(d)
        raise Failure(kind)
    raise Failure(kind)  # not a number (a bool is never a JInt)


# ---------------------------------------------------------------------------
# op `event`
# ---------------------------------------------------------------------------

ABSENT = object()


def _get(obj: dict, key: str) -> Any:
    return obj.get(key, ABSENT)


def opt_str(obj: dict, key: str) -> str | None:
    v = _get(obj, key)
    if v is ABSENT or v is None:
        return None
    if isinstance(v, str):
        return text(v)
    raise Failure(INVALID_PAYLOAD)


def req_str(obj: dict, key: str) -> str:
    v = _get(obj, key)
    if isinstance(v, str):
        return text(v)
    raise Failure(INVALID_PAYLOAD)


def opt_obj(obj: dict, key: str) -> dict | None:
    v = _get(obj, key)
    if v is ABSENT or v is None:
        return None
    if isinstance(v, dict):
        return v
    raise Failure(INVALID_PAYLOAD)


def req_obj(obj: dict, key: str) -> dict:
    v = _get(obj, key)
    if isinstance(v, dict):
        return v
    raise Failure(INVALID_PAYLOAD)


def tool_arguments(function: dict) -> dict:
    v = _get(function, "arguments")
    if v is ABSENT or v is None:
        return {}
    if isinstance(v, dict):
        return v
    if isinstance(v, str):
        # The string is modelled text (lone surrogates become U+FFFD); what it holds is then read
        # under the same rules as a body.
        decoded = parse_json_text(text(v), kind=INVALID_PAYLOAD)
        if isinstance(decoded, dict):
            return decoded
    raise Failure(INVALID_PAYLOAD)


def typed_event(m: dict, event_type: str) -> dict:
    """Full validation of a known event type; returns E."""
    opt_str(m, "timestamp")
    call = req_obj(m, "call")
    call_id = req_str(call, "id")
    call_type = opt_str(call, "type")
    call_status = opt_str(call, "status")
    phone_number = None
    pn = opt_obj(m, "phone_number")
    if pn is not None:
        opt_str(pn, "id")
        phone_number = opt_str(pn, "number")
        opt_str(pn, "name")
    customer_number = None
    cu = opt_obj(m, "customer")
    if cu is not None:
        customer_number = opt_str(cu, "number")
    opt_obj(m, "assistant")  # contents are opaque

    e: dict[str, Any] = {
        "type": event_type,
        "call_id": call_id,
        "call_type": call_type,
        "call_status": call_status,
        "customer_number": customer_number,
        "phone_number": phone_number,
    }
    if event_type == "tool-calls":
        lst = _get(m, "tool_call_list")
        if not isinstance(lst, list):
            raise Failure(INVALID_PAYLOAD)
        calls = []
        for entry in lst:
            if not isinstance(entry, dict):
                raise Failure(INVALID_PAYLOAD)
            tc_id = req_str(entry, "id")
            opt_str(entry, "type")
            function = req_obj(entry, "function")
            name = req_str(function, "name")
            calls.append({"id": tc_id, "name": name, "arguments": tool_arguments(function)})
        e["tool_calls"] = calls
    elif event_type == "status-update":
        e["error"] = opt_str(m, "error")
        e["end_reason"] = opt_str(m, "end_reason")
    elif event_type == "end-of-call-report":
        duration = whole_non_negative(_get(m, "duration_seconds"), INVALID_PAYLOAD)
        summary = req_str(m, "summary")
        analysis = _get(m, "analysis")
        if analysis is ABSENT:
            analysis = None
        messages = _get(m, "messages")
        if messages is ABSENT or messages is None:
            message_count = 0
        elif isinstance(messages, list):
            for msg in messages:
                if not isinstance(msg, dict):
                    raise Failure(INVALID_PAYLOAD)
                req_str(msg, "role")
                opt_str(msg, "content")
            message_count = len(messages)
        else:
            raise Failure(INVALID_PAYLOAD)
        opt_str(m, "recording_url")
        end_reason = opt_str(m, "end_reason")
        opt_str(m, "started_at")
        opt_str(m, "ended_at")
        e["duration_seconds"] = duration
        e["summary"] = summary
        e["end_reason"] = end_reason
        e["analysis"] = analysis
        e["message_count"] = message_count
    return e


def op_event(body: bytes, event_header: str | None) -> dict:
    try:
        v = parse_json(body)  # 1
        if not isinstance(v, dict):  # 2
            raise Failure(INVALID_PAYLOAD)
        m = _get(v, "message")
        if not isinstance(m, dict):
            raise Failure(INVALID_PAYLOAD)
        event_type = _get(m, "type")
        if not isinstance(event_type, str):
            raise Failure(INVALID_PAYLOAD)
        event_type = text(event_type)
        if event_type in KNOWN_EVENT_TYPES:  # 3
            e = typed_event(m, event_type)
        else:
            e = {"type": event_type}
        if event_header is not None and event_header != event_type:  # 4
            raise Failure(EVENT_MISMATCH)
        return {"ok": True, "event": e}
    except Failure as f:
        return {"ok": False, "error": f.kind}


# ---------------------------------------------------------------------------
# op `tool_response`
# ---------------------------------------------------------------------------


def op_tool_response(body: bytes, tool_call_ids: list[str]) -> dict:
    try:
        if is_ws_only(body):
            raise Failure(EMPTY_BODY)
        v = parse_json(body)
        if isinstance(v, dict) and isinstance(_get(v, "results"), list):
            return _object_shape(v["results"], tool_call_ids)
        if isinstance(v, dict) and list(v) == ["error"] and isinstance(v["error"], str):
            outcomes = [{"tool_call_id": i, "error": text(v["error"])} for i in tool_call_ids]
            shape = "error"
        elif isinstance(v, dict) and list(v) == ["result"]:
            outcomes = [{"tool_call_id": i, "result": v["result"]} for i in tool_call_ids]
            shape = "simple"
        else:
            outcomes = [{"tool_call_id": i, "result": v} for i in tool_call_ids]
            shape = "direct"
        return {"ok": True, "shape": shape, "outcomes": outcomes, "missing_ids": [], "unknown_ids": []}
    except Failure as f:
        return {"ok": False, "error": f.kind}


def _object_shape(results: list, tool_call_ids: list[str]) -> dict:
    by_id: dict[str, dict] = {}
    order: list[str] = []
    for el in results:
        if not isinstance(el, dict):
            raise Failure(INVALID_RESPONSE)
        tc_id = _get(el, "tool_call_id")
        if not isinstance(tc_id, str):
            raise Failure(INVALID_RESPONSE)
        tc_id = text(tc_id)  # modelled text: matched and reported after the U+FFFD mapping
        has_result = "result" in el
        has_error = "error" in el
        if has_result == has_error:  # both or neither
            raise Failure(INVALID_RESPONSE)
        if has_error and not isinstance(el["error"], str):
            raise Failure(INVALID_RESPONSE)
        if tc_id in by_id:
            raise Failure(INVALID_RESPONSE)
        if has_result:
            by_id[tc_id] = {"tool_call_id": tc_id, "result": el["result"]}
        else:
            by_id[tc_id] = {"tool_call_id": tc_id, "error": text(el["error"])}
        order.append(tc_id)
    requested = set(tool_call_ids)
    return {
        "ok": True,
        "shape": "object",
        "outcomes": [by_id[i] for i in tool_call_ids if i in by_id],
        "missing_ids": [i for i in tool_call_ids if i not in by_id],
        "unknown_ids": [i for i in order if i not in requested],
    }


# ---------------------------------------------------------------------------
# op `assistant_response`
# ---------------------------------------------------------------------------


def _assistant_result(mode: str, assistant_id: str | None, error: str | None, mds: int | None) -> dict:
    return {"ok": True, "mode": mode, "assistant_id": assistant_id, "error": error, "max_duration_seconds": mds}


def op_assistant_response(body: bytes) -> dict:
    try:
        if is_ws_only(body):
            return _assistant_result("default", None, None, None)
        v = parse_json(body)
        if not isinstance(v, dict):
            raise Failure(INVALID_RESPONSE)
        if "error" in v:
            if isinstance(v["error"], str):
                return _assistant_result("reject", None, text(v["error"]), None)
            raise Failure(INVALID_RESPONSE)
        has_assistant = "assistant" in v
        has_id = "assistant_id" in v
        has_override = "assistant_override" in v
        if has_assistant and not isinstance(v["assistant"], dict):
            raise Failure(INVALID_RESPONSE)
        if has_id and not isinstance(v["assistant_id"], str):
            raise Failure(INVALID_RESPONSE)
        if has_override and not isinstance(v["assistant_override"], dict):
            raise Failure(INVALID_RESPONSE)
        mds = None
        if "max_duration_seconds" in v:
            mds = whole_non_negative(v["max_duration_seconds"], INVALID_RESPONSE)
        if has_assistant and has_id:
            raise Failure(INVALID_RESPONSE)
        if has_override and not has_id:
            raise Failure(INVALID_RESPONSE)
        if has_id and has_override:
            mode = "hybrid"
        elif has_id:
            mode = "reference"
        elif has_assistant:
            mode = "transient"
        else:
            mode = "default"
        return _assistant_result(mode, text(v["assistant_id"]) if has_id else None, None, mds)
    except Failure as f:
        return {"ok": False, "error": f.kind}


# ---------------------------------------------------------------------------
# Case building helpers
# ---------------------------------------------------------------------------

_RAW: dict[str, str] = {}


def RAW(text: str) -> str:
    """A placeholder that dumps() replaces with `text` verbatim (e.g. a number literal `1e2`)."""
    token = f"@@raw{len(_RAW)}@@"
    _RAW[token] = text
    return token


def dumps(obj: Any) -> str:
    """Compact JSON text for a body, with RAW placeholders substituted."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for token, text in _RAW.items():
        s = s.replace(json.dumps(token), text)
    return s


def pretty(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


CALL_ID = "5c4d030f-43e3-4e65-899e-8148521e660f"
PHONE = {"number": "+31850835037", "name": "HMS Sovereign Demo"}
CUSTOMER = {"number": "+31612345678"}
TS = "2025-12-13T12:00:00.000Z"


def call(status: str = "in-progress", call_type: str = "inbound_phone_call", call_id: str = CALL_ID) -> dict:
    return {"id": call_id, "type": call_type, "status": status}


def message(event_type: str, **fields: Any) -> dict:
    """A `{"message": {...}}` object with the common fields; `field=ABSENT` drops one."""
    m: dict[str, Any] = {
        "type": event_type,
        "timestamp": TS,
        "call": call(),
        "phone_number": dict(PHONE),
        "customer": dict(CUSTOMER),
    }
    for k, val in fields.items():
        if val is ABSENT:
            m.pop(k, None)
        else:
            m[k] = val
    return {"message": m}


def tool_call(tc_id: str, name: str, arguments: Any = ABSENT, tc_type: Any = "function") -> dict:
    function: dict[str, Any] = {"name": name}
    if arguments is not ABSENT:
        function["arguments"] = arguments
    entry: dict[str, Any] = {"id": tc_id}
    if tc_type is not ABSENT:
        entry["type"] = tc_type
    entry["function"] = function
    return entry


def tool_calls(*entries: dict, **fields: Any) -> dict:
    return message("tool-calls", tool_call_list=list(entries), **fields)


def report(**fields: Any) -> dict:
    base: dict[str, Any] = {
        "timestamp": "2025-12-13T12:05:30.000Z",
        "call": call("ended"),
        "duration_seconds": 84,
        "summary": "Customer asked about opening hours.",
    }
    base.update(fields)
    return message("end-of-call-report", **base)


class CaseFile:
    def __init__(self, op: str, prefix: str, title: list[str]) -> None:
        self.op = op
        self.prefix = prefix
        self.lines: list[str] = [f"// {t}" if t else "//" for t in title]
        self.count = 0
        self.ids: set[str] = set()
        self.outcomes: set[str] = set()

    def group(self, text: str) -> None:
        self.lines.append(f"// {text}")

    def _emit(self, case_id: str, body: str | bytes, inputs: dict, expect: dict, want: str, sub: dict | None) -> None:
        full_id = f"{self.prefix}-{case_id}"
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", case_id):
            raise SystemExit(f"bad case id {full_id!r}")
        if full_id in self.ids:
            raise SystemExit(f"duplicate case id {full_id!r}")
        self.ids.add(full_id)
        got = expect["error"] if not expect["ok"] else self._ok_label(expect)
        if got != want:
            raise SystemExit(f"{full_id}: reference says {got!r}, case intends {want!r}\n{enc(expect)}")
        if sub is not None:
            target = expect["event"] if self.op == "event" else expect
            for k, val in sub.items():
                if k not in target or enc(target[k]) != enc(val):
                    raise SystemExit(f"{full_id}: {k} is {target.get(k)!r}, case intends {val!r}")
        self.outcomes.add(got)
        case: dict[str, Any] = {"id": full_id, "op": self.op}
        if isinstance(body, bytes):
            case["body_hex"] = body.hex()
        else:
            case["body"] = body
        case.update(inputs)
        case["expect"] = expect
        self.lines.append(enc(case))
        self.count += 1

    def _ok_label(self, expect: dict) -> str:
        if self.op == "event":
            return "ok"
        if self.op == "tool_response":
            return expect["shape"]
        return expect["mode"]

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class EventCases(CaseFile):
    def add(self, case_id: str, body: Any, header: str | None, want: str, sub: dict | None = None) -> None:
        if isinstance(body, (dict, list)):
            body = dumps(body)
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        self._emit(case_id, body, {"event_header": header}, op_event(raw, header), want, sub)


class ToolResponseCases(CaseFile):
    def add(self, case_id: str, body: Any, ids: list[str], want: str, sub: dict | None = None) -> None:
        if isinstance(body, (dict, list)):
            body = dumps(body)
        if len(set(ids)) != len(ids):
            raise SystemExit(f"{case_id}: duplicate tool_call_ids")
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        self._emit(case_id, body, {"tool_call_ids": ids}, op_tool_response(raw, ids), want, sub)


class AssistantResponseCases(CaseFile):
    def add(self, case_id: str, body: Any, want: str, sub: dict | None = None) -> None:
        if isinstance(body, (dict, list)):
            body = dumps(body)
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        self._emit(case_id, body, {}, op_assistant_response(raw), want, sub)


# ---------------------------------------------------------------------------
# Examples from the vendor's webhook documentation, exact text. Some pages were
# captured with their indentation lost; that is kept as captured (JSON does not
# care). Examples with `{ ... }` placeholders or `//` comments are not JSON and
# are kept as invalid_json cases.
# ---------------------------------------------------------------------------

# Assistant request page: the request payload.
DOC_ASSISTANT_REQUEST = r"""{
"message": {
"type": "assistant-request",
"timestamp": "2025-12-13T12:00:00.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "ringing"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
}
}
}"""

# Assistant request page: the six response options.
DOC_RESP_DEFAULT = r"""{}"""

DOC_RESP_GREETING = r"""{
"assistant": {
"first_message": "Hello John, great to hear from you! How can I help?"
}
}"""

DOC_RESP_LLM = r"""{
"assistant": {
"llm_config": {
"provider": "openai",
"model": "gpt-4o",
"messages": [
{
"role": "system",
"content": "You are speaking with John Smith, a VIP customer. Be extra helpful."
}
]
}
}
}"""

DOC_RESP_DURATION = r"""{
"max_duration_seconds": 300
}"""

DOC_RESP_REJECT = r"""{
"error": "Sorry, we are currently closed. Please call back during business hours."
}"""

DOC_RESP_ANALYSIS = r"""{
"assistant": {
"analysis_plan": {
"structured_data_plan": {
"enabled": true,
"schema": {
"type": "object",
"properties": {
"intent": { "type": "string" },
"sentiment": { "type": "string", "enum": ["positive", "neutral", "negative"] },
"appointment_booked": { "type": "boolean" }
}
},
"messages": [
{
"role": "system",
"content": "Analyze the call transcript according to the schema: {{schema}}"
},
{
"role": "user",
"content": "Transcript: {{transcript}}"
}
]
}
}
}
}"""

# Webhooks overview page: the assistant PATCH body (configuration, not a webhook).
DOC_ASSISTANT_PATCH = r"""{
"webhook_url": "https://api.example.com/webhooks/hms-sovereign",
"webhook_secret": "your-secret-for-verification",
"webhook_events": ["assistant-request", "tool-calls", "status-update", "end-of-call-report"]
}"""

# Webhooks overview page: the body structure.
DOC_STATUS_UPDATE = r"""{
"message": {
"type": "status-update",
"timestamp": "2025-12-13T12:00:00.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "in-progress"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
}
}
}"""

# Core-concepts webhooks page: the assistant response format (with `//` comments).
DOC_RESP_FORMAT_COMMENTED = r"""{
  "assistant_id": "uuid",  // Reference mode: use saved assistant
  "assistant": { ... },    // Transient mode: full assistant config
  "assistant_override": { ... }  // Hybrid mode: merge with assistant_id
}"""

# Core-concepts webhooks page: the four tool response formats (three with placeholders).
DOC_TOOL_OBJECT_PLACEHOLDER = r"""{"results": [{"tool_call_id": "...", "result": {...}}]}"""
DOC_TOOL_SIMPLE_PLACEHOLDER = r"""{"result": {...}}"""
DOC_TOOL_DIRECT_PLACEHOLDER = r"""{...}"""
DOC_TOOL_ERROR = r"""{"error": "message"}"""

# Core-concepts webhooks page: common payload fields (with `{ ... }` placeholders).
DOC_COMMON_FIELDS_PLACEHOLDER = r"""{
  "message": {
    "type": "status-update",
    "timestamp": "2025-12-13T12:00:00.000Z",
    "call": {
      "id": "5c4d030f-43e3-4e65-899e-8148521e660f",
      "type": "inbound_phone_call",
      "status": "in-progress"
    },
    "phone_number": {
      "number": "+31850835037",
      "name": "HMS Sovereign Demo"
    },
    "customer": {
      "number": "+31612345678"
    },
    "assistant": {
      "id": "assistant-uuid",
      "name": "Customer Support Assistant",
      "llm_config": { ... },
      "tts_config": { ... },
      "stt_config": { ... }
    }
  }
}"""

# End of call report page: the request payload.
DOC_END_OF_CALL_REPORT = r"""{
"message": {
"type": "end-of-call-report",
"timestamp": "2025-12-13T12:05:30.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "ended"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
},
"duration_seconds": 84,
"summary": "Customer asked about opening hours and wanted to schedule an appointment for next week.",
"analysis": {
"sentiment": 8,
"primary_topic": "Schedule appointment",
"question_answered": true,
"conversation_quality": "Good"
}
}
}"""

# End of call report page: the analysis_plan configuration (assistant config, not a response).
DOC_ANALYSIS_PLAN = r"""{
"analysis_plan": {
"structured_data_plan": {
"enabled": true,
"schema": {
"type": "object",
"properties": {
"sentiment": {
"type": "integer",
"minimum": 1,
"maximum": 10,
"description": "Customer sentiment score 1-10"
},
"intent": {
"type": "string",
"enum": ["support", "sales", "complaint", "other"]
},
"resolved": {
"type": "boolean",
"description": "Whether the customer's issue was resolved"
},
"follow_up_needed": {
"type": "boolean"
}
}
},
"messages": [
{
"role": "system",
"content": "Analyze the call transcript according to the provided schema. Return valid JSON matching the schema."
},
{
"role": "user",
"content": "Schema: {{schema}}\n\nTranscript: {{transcript}}\n\nCall ended because: {{ended_reason}}"
}
]
},
"min_messages_threshold": 5
}
}"""

# Tool calls page: the request payload and the four response formats.
DOC_TOOL_CALLS = r"""{
"message": {
"type": "tool-calls",
"timestamp": "2025-12-13T12:00:00.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "in-progress"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
},
"tool_call_list": [
{
"id": "tool_abc123def456",
"type": "function",
"function": {
"name": "lookup_contact",
"arguments": {
"query": "John Smith"
}
}
}
]
}
}"""

DOC_TOOL_RESP_OBJECT = r"""{
"results": [
{
"tool_call_id": "tool_abc123def456",
"result": {
"name": "John Smith",
"email": "john@example.com",
"phone": "+31612345678"
}
}
]
}"""

DOC_TOOL_RESP_SIMPLE = r"""{
"result": {
"name": "John Smith",
"email": "john@example.com"
}
}"""

DOC_TOOL_RESP_DIRECT = r"""{
"name": "John Smith",
"email": "john@example.com"
}"""

DOC_TOOL_RESP_ERROR = r"""{
"error": "Contact not found"
}"""

# Tool calls API reference: the one-line response examples.
DOC_TOOL_API_OBJECT = r"""{"results": [{"tool_call_id": "tool_abc123", "result": {"name": "Jan"}}]}"""
DOC_TOOL_API_SIMPLE = r"""{"result": {"name": "Jan"}}"""
DOC_TOOL_API_DIRECT = r"""{"name": "Jan"}"""
DOC_TOOL_API_ERROR = r"""{"error": "Contact not found"}"""

# Tool calls API reference: the request example with an `assistant` block.
DOC_TOOL_CALLS_WITH_ASSISTANT = r"""{
"message": {
"type": "tool-calls",
"timestamp": "2025-12-13T12:00:00.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "in-progress"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
},
"assistant": {
"llm_config": {
"provider": "openai",
"model": "gpt-4.1"
},
"stt_config": {
"provider": "deepgram",
"model": "nova-3",
"language": "nl"
},
"tts_config": {
"provider": "elevenlabs",
"voice_id": "ukiwGs47sHyibruHJ1vg"
},
"first_message": "Hello, how can I help you?",
"autonomous_silence_handling": false,
"voicemail_detection": false,
"metadata": {
"crm_id": "12345",
"campaign_id": "summer-2025",
"customer_tier": "premium"
}
},
"tool_call_list": [
{
"id": "tool_abc123def456",
"type": "function",
"function": {
"name": "lookup_contact",
"arguments": {
"query": "John Smith"
}
}
}
]
}
}"""

# Status update page: "Call Ended Normally" and "Call Ended with Error".
DOC_STATUS_ENDED = r"""{
"message": {
"type": "status-update",
"timestamp": "2025-12-13T12:05:00.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "ended"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
}
}
}"""

DOC_STATUS_ENDED_WITH_ERROR = r"""{
"message": {
"type": "status-update",
"timestamp": "2025-12-13T12:05:00.000Z",
"call": {
"id": "5c4d030f-43e3-4e65-899e-8148521e660f",
"type": "inbound_phone_call",
"status": "ended-with-error"
},
"phone_number": {
"number": "+31850835037",
"name": "HMS Sovereign Demo"
},
"customer": {
"number": "+31612345678"
},
"error": "STT connection failed"
}
}"""

# Sample payload files -> (case id, X-Webhook-Event header).
SAMPLE_PAYLOADS = {
    "assistant_request.json": ("sample-assistant-request", "assistant-request"),
    "status_update.json": ("sample-status-update", "status-update"),
    "status_update_ended_with_error.json": ("sample-status-update-ended-with-error", "status-update"),
    "tool_calls.json": ("sample-tool-calls", "tool-calls"),
    "end_of_call_report.json": ("sample-end-of-call-report", "end-of-call-report"),
    "end_of_call_report_seed.json": ("sample-end-of-call-report-seed", "end-of-call-report"),
    "web_call_status_update.json": ("sample-web-call-status-update", "status-update"),
}

# A long, realistic end-of-call-report written inline (escapes, nested analysis, transcript).
BIG_REPORT = {
    "message": {
        "type": "end-of-call-report",
        "timestamp": "2025-12-13T16:42:10.000Z",
        "call": {"id": "b2f6c1de-7a3e-4c1b-9d0e-5f8a2c4e6b10", "type": "outbound_phone_call", "status": "ended"},
        "phone_number": {"id": "abc12345-1234-5678-9012-abcdef123456", "number": "+31850835037", "name": "Sales Line"},
        "customer": {"number": "+31201234567"},
        "assistant": {
            "id": "28b1dc86-3c1e-4b7a-8f11-2d9e4c7a5b33",
            "name": "Outbound Sales",
            "llm_config": {
                "provider": "openai",
                "model": "gpt-4o-mini",
                "messages": [{"role": "system", "content": "You call customers about their Café Deluxe subscription."}],
                "tools": [{"name": "book_appointment", "parameters": {"type": "object"}}],
            },
            "tts_config": None,
            "stt_config": {"provider": "deepgram", "model": "nova-3", "language": "nl"},
            "first_message": "Goedemiddag, u spreekt met Acme.",
            "metadata": {"campaign_id": "winter-2025", "attempt": 2},
        },
        "duration_seconds": 312,
        "summary": "The customer renewed the \"Café Deluxe\" plan, asked for an invoice by e-mail and booked a follow-up for 20 December. 😀",
        "analysis": {
            "sentiment": 9,
            "intent": "sales",
            "resolved": True,
            "follow_up_needed": True,
            "topics": ["renewal", "invoice", "appointment"],
            "confidence": 0.87,
            "next_step": None,
            "appointment": {"date": "2025-12-20", "time": "10:30", "service": "Onboarding"},
        },
        "messages": [
            {"role": "system", "content": "You call customers about their Café Deluxe subscription."},
            {"role": "assistant", "content": "Goedemiddag, u spreekt met Acme."},
            {"role": "user", "content": "Hallo, ja, waar gaat het over?"},
            {"role": "assistant", "content": "Uw abonnement loopt af op 31 december. Wilt u verlengen?"},
            {"role": "user", "content": "Ja graag, en kan ik de factuur per e-mail krijgen?"},
            {"role": "assistant", "content": "Zeker. Zal ik ook een afspraak inplannen voor de onboarding?"},
            {"role": "user", "content": "Graag op 20 december om half elf."},
            {"role": "tool", "content": None},
            {"role": "assistant", "content": "Genoteerd: 20 december, 10:30. Fijne dag!"},
        ],
        "recording_url": "https://recordings.example.com/2025/12/13/b2f6c1de.mp3",
        "end_reason": "assistant_hangup",
        "started_at": "2025-12-13T16:36:58.000Z",
        "ended_at": "2025-12-13T16:42:10.000Z",
        "cost": {"total": 0.42, "currency": "EUR"},
    }
}


# ---------------------------------------------------------------------------
# event cases
# ---------------------------------------------------------------------------


def event_cases() -> EventCases:
    c = EventCases("event", "event", [
        "event cases. Expected results computed by reference_parse.py (an independent Python",
        "reference), not by the crate. Regenerate with: python3 tests/data/conformance/reference_parse.py",
        "Inputs: body | body_hex, event_header (X-Webhook-Event value, or null = header absent).",
    ])

    c.group("Examples from the vendor's webhook documentation, exact text")
    c.add("doc-assistant-request", DOC_ASSISTANT_REQUEST, "assistant-request", "ok",
          {"call_status": "ringing", "customer_number": "+31612345678", "phone_number": "+31850835037"})
    c.add("doc-assistant-request-no-header", DOC_ASSISTANT_REQUEST, None, "ok")
    c.add("doc-status-update-overview", DOC_STATUS_UPDATE, "status-update", "ok", {"error": None, "end_reason": None})
    c.add("doc-status-update-ended", DOC_STATUS_ENDED, "status-update", "ok", {"call_status": "ended"})
    c.add("doc-status-update-ended-with-error", DOC_STATUS_ENDED_WITH_ERROR, "status-update", "ok",
          {"error": "STT connection failed", "end_reason": None})
    c.add("doc-end-of-call-report", DOC_END_OF_CALL_REPORT, "end-of-call-report", "ok",
          {"duration_seconds": 84, "message_count": 0})
    c.add("doc-tool-calls", DOC_TOOL_CALLS, "tool-calls", "ok",
          {"tool_calls": [{"id": "tool_abc123def456", "name": "lookup_contact", "arguments": {"query": "John Smith"}}]})
    c.add("doc-tool-calls-with-assistant", DOC_TOOL_CALLS_WITH_ASSISTANT, "tool-calls", "ok")
    c.add("doc-common-fields-placeholders", DOC_COMMON_FIELDS_PLACEHOLDER, "status-update", "invalid_json")
    c.add("doc-assistant-patch-body", DOC_ASSISTANT_PATCH, None, "invalid_payload")

    c.group("Sample payloads from tests/data/payloads/ (the file's bytes are the body)")
    files = sorted(p.name for p in PAYLOADS.glob("*.json"))
    if files != sorted(SAMPLE_PAYLOADS):
        raise SystemExit(f"payload files {files} do not match SAMPLE_PAYLOADS {sorted(SAMPLE_PAYLOADS)}")
    for name, (case_id, header) in SAMPLE_PAYLOADS.items():
        data = (PAYLOADS / name).read_bytes()
        c.add(case_id, data.decode("utf-8"), header, "ok")

    c.group("Common fields: web calls, nulls, absent optionals, open sets")
    web = {"id": "web-7f3a", "type": "web_call", "status": "in-progress"}
    c.add("web-call-null-numbers", message("status-update", call=web,
          phone_number={"id": None, "number": None, "name": None}, customer={"number": None}), "status-update", "ok",
          {"phone_number": None, "customer_number": None, "call_type": "web_call"})
    c.add("web-call-null-objects", message("tool-calls", call=web, phone_number=None, customer=None,
          tool_call_list=[]), "tool-calls", "ok", {"phone_number": None, "customer_number": None, "tool_calls": []})
    c.add("web-call-absent-objects", message("assistant-request", call={"id": "web-1"}, phone_number=ABSENT,
          customer=ABSENT, timestamp=ABSENT), "assistant-request", "ok",
          {"call_type": None, "call_status": None, "phone_number": None})
    c.add("web-call-phone-number-null-id-only", message("status-update", call=web,
          phone_number={"id": None, "number": "+31850835037", "name": "Web widget"}), None, "ok",
          {"phone_number": "+31850835037"})
    c.add("phone-number-with-id", message("status-update", phone_number={
          "id": "abc12345-1234-5678-9012-abcdef123456", "number": "+31850835037", "name": "Main Support Line"}),
          "status-update", "ok", {"phone_number": "+31850835037"})
    c.add("phone-number-empty-object", message("status-update", phone_number={}, customer={}), "status-update", "ok",
          {"phone_number": None, "customer_number": None})
    c.add("null-optionals-everywhere", message("status-update", timestamp=None, assistant=None,
          call={"id": "c-1", "type": None, "status": None}, error=None, end_reason=None), "status-update", "ok",
          {"call_type": None, "call_status": None, "error": None})
    c.add("empty-call-id", message("assistant-request", call={"id": ""}), "assistant-request", "ok", {"call_id": ""})
    c.add("outbound-call", message("status-update", call=call("in-progress", "outbound_phone_call")), None, "ok",
          {"call_type": "outbound_phone_call"})
    c.add("unknown-call-type-and-status", message("status-update", call=call("on-hold", "sip_trunk_call")),
          "status-update", "ok", {"call_type": "sip_trunk_call", "call_status": "on-hold"})
    c.add("assistant-block-opaque", message("assistant-request", assistant={
          "id": 5, "llm_config": "not checked", "tts_config": None, "stt_config": [1, 2], "metadata": {"a": [None]}}),
          "assistant-request", "ok")
    c.add("unknown-fields-everywhere", {
        "message": {
            "type": "tool-calls", "timestamp": TS, "x_trace": {"span": 1},
            "call": {"id": "c-9", "type": "inbound_phone_call", "status": "in-progress", "direction": "in", "legs": [1]},
            "phone_number": {"number": "+31850835037", "country": "NL", "id": None},
            "customer": {"number": "+31612345678", "name": "John", "vip": True},
            "tool_call_list": [{"id": "t1", "type": "function", "index": 0,
                                "function": {"name": "f", "arguments": {"a": 1}, "strict": True}}],
            "future_field": [{"nested": None}],
        },
        "delivery": {"attempt": 2},
    }, "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"a": 1}}]})
    c.add("status-update-minimal", r'{"message":{"type":"status-update","call":{"id":"c"}}}', "status-update", "ok",
          {"call_id": "c", "error": None, "customer_number": None})

    c.group("Common fields: wrong types and missing required fields (invalid_payload)")
    c.add("timestamp-number", message("status-update", timestamp=1765627200), "status-update", "invalid_payload")
    c.add("call-missing", message("status-update", call=ABSENT), "status-update", "invalid_payload")
    c.add("call-null", message("status-update", call=None), "status-update", "invalid_payload")
    c.add("call-array", message("assistant-request", call=[CALL_ID]), "assistant-request", "invalid_payload")
    c.add("call-id-missing", message("status-update", call={"type": "web_call", "status": "ended"}),
          "status-update", "invalid_payload")
    c.add("call-id-null", message("status-update", call={"id": None}), "status-update", "invalid_payload")
    c.add("call-id-number", message("status-update", call={"id": 12345}), "status-update", "invalid_payload")
    c.add("call-type-number", message("status-update", call={"id": "c", "type": 1}), "status-update",
          "invalid_payload")
    c.add("call-status-bool", message("status-update", call={"id": "c", "status": True}), "status-update",
          "invalid_payload")
    c.add("phone-number-string", message("status-update", phone_number="+31850835037"), "status-update",
          "invalid_payload")
    c.add("phone-number-number-is-number", message("status-update", phone_number={"number": 31850835037}),
          "status-update", "invalid_payload")
    c.add("phone-number-id-number", message("status-update", phone_number={"id": 7, "number": "+31850835037"}),
          "status-update", "invalid_payload")
    c.add("phone-number-name-array", message("status-update", phone_number={"number": None, "name": ["x"]}),
          "status-update", "invalid_payload")
    c.add("customer-array", message("status-update", customer=[]), "status-update", "invalid_payload")
    c.add("customer-number-is-number", message("status-update", customer={"number": 31612345678}),
          "status-update", "invalid_payload")
    c.add("assistant-string", message("assistant-request", assistant="Customer Support Assistant"),
          "assistant-request", "invalid_payload")
    c.add("assistant-array", message("end-of-call-report", assistant=[], duration_seconds=1, summary="s"),
          "end-of-call-report", "invalid_payload")

    c.group("Escaped strings, escaped keys and raw UTF-8")
    c.add("escapes-in-call-id-and-numbers",
          r'{"message":{"type":"status-update","call":{"id":"call-\"quoted\"-\\share\\path\/1","type":"web_call"},'
          r'"customer":{"number":"\u002b31612345678"},"phone_number":{"number":"+3185\u00e9"},'
          r'"error":"TTS \"voice\" not found:\n\tC:\\voices\\nl","end_reason":"caf\u00e9 \ud83d\ude00"}}',
          "status-update", "ok",
          {"call_id": "call-\"quoted\"-\\share\\path/1", "customer_number": "+31612345678",
           "error": "TTS \"voice\" not found:\n\tC:\\voices\\nl", "end_reason": "café 😀"})
    c.add("escapes-in-tool-call",
          r'{"message":{"type":"tool-calls","call":{"id":"c\u0031"},"tool_call_list":[{"id":"tool_\u00e9t\u00e9\"1\"",'
          r'"type":"function","function":{"name":"r\u00e9server_table\\v2","arguments":{"party":"Caf\u00e9 \"Le Bon\"",'
          r'"emoji":"\ud83c\udf7d","note":"line1\nline2","path":"a\\b\/c"}}}]}}',
          "tool-calls", "ok",
          {"call_id": "c1", "tool_calls": [{"id": "tool_été\"1\"", "name": "réserver_table\\v2", "arguments": {
              "party": "Café \"Le Bon\"", "emoji": "🍽", "note": "line1\nline2", "path": "a\\b/c"}}]})
    c.add("escapes-in-summary",
          r'{"message":{"type":"end-of-call-report","call":{"id":"c"},"duration_seconds":84,'
          r'"summary":"Caf\u00e9 \"Le Bon\" \\ booking\nconfirmed \ud83d\ude00","end_reason":"user\u005fhangup"}}',
          "end-of-call-report", "ok",
          {"summary": "Café \"Le Bon\" \\ booking\nconfirmed 😀", "end_reason": "user_hangup"})
    c.add("raw-utf8-text",
          '{"message":{"type":"end-of-call-report","call":{"id":"appel-é"},"duration_seconds":5,'
          '"summary":"Klant wil een afspraak — morgen om 10:00 ☕ 😀","analysis":{"taal":"Nederlands","µ":"ü"}}}',
          "end-of-call-report", "ok", {"call_id": "appel-é", "summary": "Klant wil een afspraak — morgen om 10:00 ☕ 😀"})
    c.add("escaped-type-is-known",
          r'{"message":{"type":"tool\u002dcalls","call":{"id":"c"},"tool_call_list":[]}}', "tool-calls", "ok",
          {"type": "tool-calls", "tool_calls": []})
    c.add("escaped-type-still-validated",
          r'{"message":{"type":"end-of-call\u002dreport","call":{"id":"c"},"summary":"s"}}', None, "invalid_payload")
    c.add("escaped-keys",
          r'{"m\u0065ssage":{"typ\u0065":"status-update","c\u0061ll":{"\u0069d":"c-2","status":"ended"},'
          r'"\u0065rror":"x"}}', "status-update", "ok", {"call_id": "c-2", "error": "x", "call_status": "ended"})

    c.group("Unknown event types: E is {\"type\": T}, the rest is not examined")
    c.add("unknown-type-transcript", message("transcript", transcript="Hello", role="user"), "transcript", "ok",
          {"type": "transcript"})
    c.add("unknown-type-no-header", message("speech-update", status="started"), None, "ok")
    c.add("unknown-type-broken-fields", {"message": {"type": "hang", "call": 5, "duration_seconds": "x",
          "tool_call_list": {}, "customer": "nobody"}}, "hang", "ok", {"type": "hang"})
    c.add("unknown-type-only-type", r'{"message":{"type":"conversation-update"}}', None, "ok")
    c.add("unknown-type-empty-string", r'{"message":{"type":""}}', "", "ok", {"type": ""})
    c.add("unknown-type-case-variant", message("Tool-Calls", tool_call_list=None), "Tool-Calls", "ok",
          {"type": "Tool-Calls"})
    c.add("unknown-type-trailing-space", r'{"message":{"type":"status-update ","call":null}}', None, "ok",
          {"type": "status-update "})
    c.add("unknown-type-unicode", r'{"message":{"type":"\u00fcbergabe \ud83d\udcde"}}', "übergabe 📞", "ok",
          {"type": "übergabe 📞"})

    c.group("Not a webhook (invalid_payload): top-level shape, message, message.type")
    for case_id, body in [
        ("top-level-array", "[" + DOC_STATUS_UPDATE + "]"),
        ("top-level-string", r'"status-update"'),
        ("top-level-number", "84"),
        ("top-level-null", "null"),
        ("top-level-true", "true"),
        ("empty-object", "{}"),
        ("message-null", r'{"message":null}'),
        ("message-array", r'{"message":[{"type":"status-update"}]}'),
        ("message-string", r'{"message":"status-update"}'),
        ("message-capitalised-key", r'{"Message":{"type":"status-update","call":{"id":"c"}}}'),
        ("type-missing", r'{"message":{"call":{"id":"c"}}}'),
        ("type-null", r'{"message":{"type":null,"call":{"id":"c"}}}'),
        ("type-number", r'{"message":{"type":3,"call":{"id":"c"}}}'),
        ("type-array", r'{"message":{"type":["status-update"],"call":{"id":"c"}}}'),
    ]:
        c.add(case_id, body, None, "invalid_payload")
    c.add("type-missing-with-header", r'{"message":{"call":{"id":"c"}}}', "status-update", "invalid_payload")

    c.group("Not JSON (invalid_json)")
    su = dumps(message("status-update"))
    c.add("empty-body", "", None, "invalid_json")
    c.add("whitespace-only-body", " \t\r\n", "status-update", "invalid_json")
    c.add("truncated", su[:-7], "status-update", "invalid_json")
    c.add("trailing-garbage", su + " x", "status-update", "invalid_json")
    c.add("trailing-second-object", su + "{}", "status-update", "invalid_json")
    c.add("single-quotes", su.replace('"', "'"), "status-update", "invalid_json")
    c.add("nan-duration", dumps(report(duration_seconds=RAW("NaN"))), "end-of-call-report", "invalid_json")
    c.add("infinity-duration", dumps(report(duration_seconds=RAW("Infinity"))), "end-of-call-report", "invalid_json")
    c.add("minus-infinity-in-analysis", dumps(report(analysis={"score": RAW("-Infinity")})), "end-of-call-report",
          "invalid_json")
    c.add("leading-zero-number", dumps(report(duration_seconds=RAW("084"))), "end-of-call-report", "invalid_json")
    c.add("trailing-dot-number", dumps(report(duration_seconds=RAW("84."))), "end-of-call-report", "invalid_json")
    c.add("trailing-comma", su[:-2] + ",}}", "status-update", "invalid_json")
    c.add("js-comment", "// status\n" + su, "status-update", "invalid_json")
    c.add("unquoted-key", su.replace('"message"', "message", 1), "status-update", "invalid_json")
    c.add("raw-tab-in-string", r'{"message":{"type":"status-update","call":{"id":"a' + "\t" + r'b"}}}',
          "status-update", "invalid_json")
    c.add("invalid-escape", r'{"message":{"type":"status-update","call":{"id":"\x41"}}}', "status-update",
          "invalid_json")
    c.add("non-utf8-latin1-byte", su.replace("+31612345678", "Jos\xe9").encode("latin-1"), "status-update",
          "invalid_json")
    c.add("non-utf8-overlong-slash", su.encode("utf-8").replace(b"+31612345678", b"\xc0\xaf"), "status-update",
          "invalid_json")
    c.add("non-utf8-encoded-surrogate", su.encode("utf-8").replace(b"+31612345678", b"\xed\xa0\x80"),
          "status-update", "invalid_json")
    c.add("utf8-bom", b"\xef\xbb\xbf" + su.encode("utf-8"), "status-update", "invalid_json")
    c.add("utf16le-no-bom", su.encode("utf-16-le"), "status-update", "invalid_json")
    c.add("utf16-with-bom", b"\xff\xfe" + su.encode("utf-16-le"), "status-update", "invalid_json")
    c.add("invalid-json-beats-header", "{", "tool-calls", "invalid_json")

    c.group("Surrounding whitespace is allowed")
    c.add("leading-and-trailing-whitespace", " \r\n\t" + su + "\n\n \t\r", "status-update", "ok")

    c.group("X-Webhook-Event header (event_mismatch only after the payload is valid)")
    tc_one = tool_calls(tool_call("t1", "lookup_contact", {"query": "John"}))
    c.add("header-other-known-type", tc_one, "status-update", "event_mismatch")
    c.add("header-case-differs", tc_one, "Tool-Calls", "event_mismatch")
    c.add("header-trailing-space", tc_one, "tool-calls ", "event_mismatch")
    c.add("header-empty-string", tc_one, "", "event_mismatch")
    c.add("header-absent", tc_one, None, "ok")
    c.add("header-matches", tc_one, "tool-calls", "ok")
    c.add("header-mismatch-unknown-type", message("transcript"), "status-update", "event_mismatch")
    c.add("header-mismatch-on-empty-type", r'{"message":{"type":""}}', "status-update", "event_mismatch")
    c.add("invalid-payload-beats-mismatch", message("tool-calls", tool_call_list=ABSENT), "status-update",
          "invalid_payload")
    c.add("invalid-duration-beats-mismatch", report(duration_seconds=-1), "status-update", "invalid_payload")
    c.add("header-is-not-unescaped", r'{"message":{"type":"status\u002dupdate","call":{"id":"c"}}}',
          "status\\u002dupdate", "event_mismatch")

    c.group("tool-calls: arguments as object, JSON string, absent or null; several calls")
    c.add("tool-calls-several", tool_calls(
        tool_call("call_1", "lookup_customer", {"phone": "+31612345678", "name": "John Smith"}),
        tool_call("call_2", "book_appointment", '{"date":"2025-12-20","time":"14:30","service":"Consultation"}'),
        tool_call("call_3", "end_call"),
        tool_call("call_4", "transfer_call", None),
    ), "tool-calls", "ok", {"tool_calls": [
        {"id": "call_1", "name": "lookup_customer", "arguments": {"phone": "+31612345678", "name": "John Smith"}},
        {"id": "call_2", "name": "book_appointment",
         "arguments": {"date": "2025-12-20", "time": "14:30", "service": "Consultation"}},
        {"id": "call_3", "name": "end_call", "arguments": {}},
        {"id": "call_4", "name": "transfer_call", "arguments": {}},
    ]})
    c.add("string-arguments-escaped-quotes",
          r'{"message":{"type":"tool-calls","call":{"id":"c"},"tool_call_list":[{"id":"t1","type":"function",'
          r'"function":{"name":"lookup_contact","arguments":"{\"query\":\"John \\\"Johnny\\\" Smith\",'
          r'\"city\":\"Z\\u00fcrich\",\"tags\":[\"vip\",null],\"nested\":{\"k\":\"a\\\\b\"}}"}}]}}',
          "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "lookup_contact", "arguments": {
              "query": "John \"Johnny\" Smith", "city": "Zürich", "tags": ["vip", None], "nested": {"k": "a\\b"}}}]})
    c.add("string-arguments-surrounding-whitespace", tool_calls(tool_call("t1", "f", ' \n {"a": 1} \t')),
          "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"a": 1}}]})
    c.add("string-arguments-empty-object", tool_calls(tool_call("t1", "f", "{}")), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {}}]})
    c.add("object-arguments-empty", tool_calls(tool_call("t1", "f", {})), "tool-calls", "ok")
    c.add("arguments-absent", tool_calls(tool_call("t1", "hang_up")), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "hang_up", "arguments": {}}]})
    c.add("arguments-null", tool_calls(tool_call("t1", "hang_up", None)), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "hang_up", "arguments": {}}]})
    c.add("tool-call-list-empty", tool_calls(), "tool-calls", "ok", {"tool_calls": []})
    c.add("tool-call-type-other-text", tool_calls(tool_call("t1", "f", {"x": [1, 2.5, "three"]}, "mcp")),
          "tool-calls", "ok")
    c.add("tool-call-type-null", tool_calls(tool_call("t1", "f", None, None)), "tool-calls", "ok")
    c.add("tool-call-type-absent", tool_calls(tool_call("t1", "f", None, ABSENT)), "tool-calls", "ok")
    c.add("tool-call-ids-not-unique", tool_calls(tool_call("same", "a"), tool_call("same", "b")), "tool-calls",
          "ok", {"tool_calls": [{"id": "same", "name": "a", "arguments": {}},
                                {"id": "same", "name": "b", "arguments": {}}]})

    c.group("tool-calls: invalid_payload")
    for case_id, args in [
        ("arguments-number", 42),
        ("arguments-array", [{"query": "John"}]),
        ("arguments-bool", True),
        ("arguments-string-null", "null"),
        ("arguments-string-array", "[]"),
        ("arguments-string-empty", ""),
        ("arguments-string-whitespace", "  "),
        ("arguments-string-not-json", "query=John Smith"),
        ("arguments-string-single-quotes", "{'query': 'John'}"),
        ("arguments-string-trailing-garbage", '{"a":1} x'),
        ("arguments-string-nan", '{"a":NaN}'),
        ("arguments-string-truncated", '{"a":'),
        ("arguments-string-double-encoded", '"{\\"a\\":1}"'),
        ("arguments-string-number", "42"),
        ("arguments-string-bom", "\ufeff{}"),
    ]:
        c.add(case_id, tool_calls(tool_call("t1", "f", args)), "tool-calls", "invalid_payload")
    c.add("one-bad-call-among-good", tool_calls(tool_call("t1", "f", {}), tool_call("t2", "g", 7)), "tool-calls",
          "invalid_payload")
    c.add("tool-call-list-missing", message("tool-calls"), "tool-calls", "invalid_payload")
    c.add("tool-call-list-null", message("tool-calls", tool_call_list=None), "tool-calls", "invalid_payload")
    c.add("tool-call-list-object", message("tool-calls", tool_call_list={"id": "t1"}), "tool-calls",
          "invalid_payload")
    c.add("tool-call-entry-string", message("tool-calls", tool_call_list=["t1"]), "tool-calls", "invalid_payload")
    c.add("tool-call-entry-null", message("tool-calls", tool_call_list=[None]), "tool-calls", "invalid_payload")
    c.add("tool-call-id-missing", message("tool-calls", tool_call_list=[{"function": {"name": "f"}}]),
          "tool-calls", "invalid_payload")
    c.add("tool-call-id-number", message("tool-calls", tool_call_list=[{"id": 1, "function": {"name": "f"}}]),
          "tool-calls", "invalid_payload")
    c.add("tool-call-type-number", tool_calls(tool_call("t1", "f", {}, 1)), "tool-calls", "invalid_payload")
    c.add("function-missing", message("tool-calls", tool_call_list=[{"id": "t1", "type": "function"}]),
          "tool-calls", "invalid_payload")
    c.add("function-null", message("tool-calls", tool_call_list=[{"id": "t1", "function": None}]), "tool-calls",
          "invalid_payload")
    c.add("function-string", message("tool-calls", tool_call_list=[{"id": "t1", "function": "lookup_contact"}]),
          "tool-calls", "invalid_payload")
    c.add("function-name-missing", message("tool-calls", tool_call_list=[{"id": "t1", "function": {
          "arguments": {}}}]), "tool-calls", "invalid_payload")
    c.add("function-name-null", message("tool-calls", tool_call_list=[{"id": "t1", "function": {"name": None}}]),
          "tool-calls", "invalid_payload")

    c.group("status-update: error and end_reason")
    c.add("status-ended-with-error-and-reason", message("status-update", call=call("ended-with-error"),
          error="LLM provider timeout", end_reason="error"), "status-update", "ok",
          {"error": "LLM provider timeout", "end_reason": "error"})
    c.add("status-ended-reason-only", message("status-update", call=call("ended"), end_reason="user_hangup"),
          "status-update", "ok", {"error": None, "end_reason": "user_hangup"})
    c.add("status-error-number", message("status-update", error=500), "status-update", "invalid_payload")
    c.add("status-end-reason-array", message("status-update", end_reason=["user_hangup"]), "status-update",
          "invalid_payload")
    c.add("status-error-object", message("status-update", error={"code": "stt"}), "status-update",
          "invalid_payload")

    c.group("end-of-call-report: duration_seconds (integer, or a number whose fractional part is zero)")
    for case_id, lit, value in [
        ("duration-integral-float", "84.0", 84),
        ("duration-exponent", "1e2", 100),
        ("duration-exponent-fraction", "8.4e1", 84),
        ("duration-negative-exponent", "840e-1", 84),
        ("duration-zero", "0", 0),
        ("duration-zero-float", "0.0", 0),
        ("duration-two-pow-53-float", "9007199254740992.0", 9007199254740992),
        ("duration-u64-max-integer", "18446744073709551615", 18446744073709551615),
    ]:
        c.add(case_id, dumps(report(duration_seconds=RAW(lit))), "end-of-call-report", "ok",
              {"duration_seconds": value})
    for case_id, lit in [
        ("duration-fractional", "84.5"),
        ("duration-small-fraction", "0.001"),
        ("duration-negative", "-1"),
        ("duration-negative-float", "-1.0"),
        ("duration-string", '"84"'),
        ("duration-null", "null"),
        ("duration-bool", "true"),
        ("duration-array", "[84]"),
        ("duration-float-above-two-pow-53", "9007199254740994.0"),
        ("duration-huge-float", "1e300"),
    ]:
        c.add(case_id, dumps(report(duration_seconds=RAW(lit))), "end-of-call-report", "invalid_payload")
    c.add("duration-missing", report(duration_seconds=ABSENT), "end-of-call-report", "invalid_payload")

    c.group("end-of-call-report: summary, analysis, messages, optional strings")
    c.add("summary-empty-string", report(summary=""), "end-of-call-report", "ok", {"summary": ""})
    c.add("summary-missing", report(summary=ABSENT), "end-of-call-report", "invalid_payload")
    c.add("summary-null", report(summary=None), "end-of-call-report", "invalid_payload")
    c.add("summary-number", report(summary=5), "end-of-call-report", "invalid_payload")
    c.add("analysis-absent", report(), "end-of-call-report", "ok",
          {"analysis": None, "message_count": 0, "end_reason": None})
    c.add("analysis-null", report(analysis=None), "end-of-call-report", "ok", {"analysis": None})
    c.add("analysis-array", report(analysis=[{"intent": "sales"}, 3]), "end-of-call-report", "ok",
          {"analysis": [{"intent": "sales"}, 3]})
    c.add("analysis-string", report(analysis="not structured"), "end-of-call-report", "ok",
          {"analysis": "not structured"})
    c.add("analysis-number", report(analysis=7), "end-of-call-report", "ok", {"analysis": 7})
    c.add("analysis-false", report(analysis=False), "end-of-call-report", "ok", {"analysis": False})
    c.add("analysis-empty-object", report(analysis={}), "end-of-call-report", "ok", {"analysis": {}})
    c.add("messages-null", report(messages=None), "end-of-call-report", "ok", {"message_count": 0})
    c.add("messages-empty", report(messages=[]), "end-of-call-report", "ok", {"message_count": 0})
    c.add("messages-content-null-or-absent", report(messages=[
        {"role": "assistant", "content": "Hello"}, {"role": "user", "content": None}, {"role": "tool"},
        {"role": "function_call", "content": "", "name": "lookup"}]), "end-of-call-report", "ok",
        {"message_count": 4})
    c.add("optional-strings-null", report(recording_url=None, end_reason=None, started_at=None, ended_at=None),
          "end-of-call-report", "ok", {"end_reason": None})
    c.add("end-reason-max-duration", report(end_reason="max_duration"), "end-of-call-report", "ok",
          {"end_reason": "max_duration"})
    c.add("messages-object", report(messages={"role": "user"}), "end-of-call-report", "invalid_payload")
    c.add("messages-element-string", report(messages=["Hello"]), "end-of-call-report", "invalid_payload")
    c.add("messages-role-missing", report(messages=[{"content": "Hello"}]), "end-of-call-report",
          "invalid_payload")
    c.add("messages-role-null", report(messages=[{"role": None, "content": "Hello"}]), "end-of-call-report",
          "invalid_payload")
    c.add("messages-role-number", report(messages=[{"role": 1, "content": "Hello"}]), "end-of-call-report",
          "invalid_payload")
    c.add("messages-content-number", report(messages=[{"role": "user", "content": 42}]), "end-of-call-report",
          "invalid_payload")
    c.add("recording-url-number", report(recording_url=1), "end-of-call-report", "invalid_payload")
    c.add("end-reason-number", report(end_reason=5), "end-of-call-report", "invalid_payload")
    c.add("started-at-number", report(started_at=1765627446), "end-of-call-report", "invalid_payload")
    c.add("ended-at-bool", report(ended_at=False), "end-of-call-report", "invalid_payload")

    c.group("A big realistic end-of-call-report (pretty-printed, with assistant, analysis and transcript)")
    c.add("big-realistic-report", pretty(BIG_REPORT) + "\n", "end-of-call-report", "ok", {
        "call_type": "outbound_phone_call", "duration_seconds": 312, "message_count": 9,
        "end_reason": "assistant_hangup", "analysis": BIG_REPORT["message"]["analysis"]})
    reading_event_cases(c)
    return c


# ---------------------------------------------------------------------------
# tool_response cases
# ---------------------------------------------------------------------------


def tool_response_cases() -> ToolResponseCases:
    c = ToolResponseCases("tool_response", "tool-response", [
        "tool_response cases. Expected results computed by reference_parse.py (an independent Python",
        "reference), not by the crate. Regenerate with: python3 tests/data/conformance/reference_parse.py",
        "Inputs: body | body_hex (the customer's answer), tool_call_ids (ids of the request's tool_call_list).",
    ])
    one = ["tool_abc123def456"]
    two = ["call_1", "call_2"]

    c.group("Examples from the vendor's webhook documentation, exact text")
    c.add("doc-object-format", DOC_TOOL_RESP_OBJECT, one, "object")
    c.add("doc-simple-format", DOC_TOOL_RESP_SIMPLE, one, "simple",
          {"outcomes": [{"tool_call_id": "tool_abc123def456",
                         "result": {"name": "John Smith", "email": "john@example.com"}}]})
    c.add("doc-direct-format", DOC_TOOL_RESP_DIRECT, one, "direct")
    c.add("doc-error-format", DOC_TOOL_RESP_ERROR, one, "error",
          {"outcomes": [{"tool_call_id": "tool_abc123def456", "error": "Contact not found"}]})
    c.add("doc-api-object", DOC_TOOL_API_OBJECT, ["tool_abc123"], "object")
    c.add("doc-api-simple", DOC_TOOL_API_SIMPLE, ["tool_abc123"], "simple")
    c.add("doc-api-direct", DOC_TOOL_API_DIRECT, ["tool_abc123"], "direct")
    c.add("doc-api-error", DOC_TOOL_API_ERROR, ["tool_abc123"], "error")
    c.add("doc-overview-object-placeholder", DOC_TOOL_OBJECT_PLACEHOLDER, ["..."], "invalid_json")
    c.add("doc-overview-simple-placeholder", DOC_TOOL_SIMPLE_PLACEHOLDER, one, "invalid_json")
    c.add("doc-overview-direct-placeholder", DOC_TOOL_DIRECT_PLACEHOLDER, one, "invalid_json")
    c.add("doc-overview-error-format", DOC_TOOL_ERROR, one, "error")
    c.add("doc-overview-object-filled-in", r'{"results": [{"tool_call_id": "...", "result": {}}]}', ["..."],
          "object", {"outcomes": [{"tool_call_id": "...", "result": {}}]})

    c.group("Empty body (empty or only space, tab, LF, CR)")
    for case_id, body in [("empty", ""), ("space", " "), ("newline", "\n"), ("crlf", "\r\n"),
                          ("mixed-whitespace", " \t\r\n \t")]:
        c.add(f"empty-body-{case_id}", body, one, "empty_body")

    c.group("Not JSON (invalid_json), including other whitespace-like characters")
    c.add("vertical-tab-only", "\u000b", one, "invalid_json")
    c.add("form-feed-only", "\u000c", one, "invalid_json")
    c.add("nbsp-only", "\u00a0", one, "invalid_json")
    c.add("plain-text-ok", "OK", one, "invalid_json")
    c.add("truncated", r'{"results":[{"tool_call_id":"call_1","result":', two, "invalid_json")
    c.add("trailing-garbage", r'{"result":"done"}}', one, "invalid_json")
    c.add("two-values", r'{"result":1} {"result":2}', one, "invalid_json")
    c.add("single-quotes", r"{'result': 'done'}", one, "invalid_json")
    c.add("nan", "NaN", one, "invalid_json")
    c.add("nan-in-result", r'{"result":NaN}', one, "invalid_json")
    c.add("infinity", r'{"temperature":Infinity}', one, "invalid_json")
    c.add("python-none", "None", one, "invalid_json")
    c.add("python-true", "True", one, "invalid_json")
    c.add("undefined", "undefined", one, "invalid_json")
    c.add("trailing-comma", r'{"result":"done",}', one, "invalid_json")
    c.add("unterminated-string", r'"done', one, "invalid_json")
    c.add("non-utf8", b'{"result":"Caf\xe9"}', one, "invalid_json")
    c.add("utf8-bom", b'\xef\xbb\xbf{"result":"done"}', one, "invalid_json")
    c.add("utf16le", '{"result":"done"}'.encode("utf-16-le"), one, "invalid_json")
    c.add("whitespace-then-garbage", " \n x", one, "invalid_json")

    c.group("Object shape: {\"results\": [...]}, matched by exact id; order of tool_call_ids")
    c.add("object-two-in-reverse-order",
          {"results": [{"tool_call_id": "call_2", "result": "slot booked"},
                       {"tool_call_id": "call_1", "result": {"name": "John Smith", "tier": "gold"}}]}, two, "object",
          {"outcomes": [{"tool_call_id": "call_1", "result": {"name": "John Smith", "tier": "gold"}},
                        {"tool_call_id": "call_2", "result": "slot booked"}],
           "missing_ids": [], "unknown_ids": []})
    c.add("object-missing-id", {"results": [{"tool_call_id": "call_2", "result": 1}]}, two, "object",
          {"outcomes": [{"tool_call_id": "call_2", "result": 1}], "missing_ids": ["call_1"], "unknown_ids": []})
    c.add("object-unknown-id", {"results": [{"tool_call_id": "call_1", "result": 1},
                                            {"tool_call_id": "call_2", "result": 2},
                                            {"tool_call_id": "call_9", "result": 9}]}, two, "object",
          {"missing_ids": [], "unknown_ids": ["call_9"]})
    c.add("object-missing-and-unknown", {"results": [{"tool_call_id": "zeta", "result": None},
                                                     {"tool_call_id": "call_2", "error": "timeout"},
                                                     {"tool_call_id": "alpha", "result": []}]},
          ["call_1", "call_2", "call_3"], "object",
          {"outcomes": [{"tool_call_id": "call_2", "error": "timeout"}],
           "missing_ids": ["call_1", "call_3"], "unknown_ids": ["zeta", "alpha"]})
    c.add("object-null-result", {"results": [{"tool_call_id": "call_1", "result": None}]}, ["call_1"], "object",
          {"outcomes": [{"tool_call_id": "call_1", "result": None}]})
    c.add("object-error-entries", {"results": [{"tool_call_id": "call_1", "error": "Contact not found"},
                                               {"tool_call_id": "call_2", "error": ""}]}, two, "object",
          {"outcomes": [{"tool_call_id": "call_1", "error": "Contact not found"},
                        {"tool_call_id": "call_2", "error": ""}]})
    c.add("object-mixed-result-and-error", {"results": [{"tool_call_id": "call_1", "result": False},
                                                        {"tool_call_id": "call_2", "error": "busy"}]}, two,
          "object")
    c.add("object-extra-keys-in-elements", {"results": [
        {"tool_call_id": "call_1", "result": 1, "name": "lookup", "latency_ms": 12},
        {"tool_call_id": "call_2", "error": "x", "code": 404, "result_hint": None}]}, two, "object",
          {"outcomes": [{"tool_call_id": "call_1", "result": 1}, {"tool_call_id": "call_2", "error": "x"}]})
    c.add("object-extra-top-level-keys", {"results": [{"tool_call_id": "call_1", "result": "a"}], "meta": {"v": 1},
                                          "error": "ignored", "result": "ignored"}, ["call_1"], "object")
    c.add("object-empty-results", {"results": []}, two, "object",
          {"outcomes": [], "missing_ids": ["call_1", "call_2"], "unknown_ids": []})
    c.add("object-no-request-ids", {"results": [{"tool_call_id": "call_1", "result": 1}]}, [], "object",
          {"outcomes": [], "missing_ids": [], "unknown_ids": ["call_1"]})
    c.add("object-id-case-sensitive", {"results": [{"tool_call_id": "CALL_1", "result": 1}]}, ["call_1"], "object",
          {"missing_ids": ["call_1"], "unknown_ids": ["CALL_1"]})
    c.add("object-escaped-ids",
          r'{"results":[{"tool_call_id":"id\"1","result":1},{"tool_call_id":"caf\u00e9","result":"\ud83d\ude00"},'
          r'{"tool_call_id":"tab\there","error":"bad \\ path\n"}]}', ["id\"1", "café", "tab\there"], "object",
          {"outcomes": [{"tool_call_id": "id\"1", "result": 1}, {"tool_call_id": "café", "result": "😀"},
                        {"tool_call_id": "tab\there", "error": "bad \\ path\n"}]})
    c.add("object-result-looks-like-other-shapes", {"results": [
        {"tool_call_id": "call_1", "result": {"results": [], "error": "inner"}},
        {"tool_call_id": "call_2", "result": {"error": "not an error outcome"}}]}, two, "object")
    c.add("object-pretty-printed", pretty({"results": [{"tool_call_id": "call_1", "result": {
        "slots": ["09:00", "10:30"], "price": 49.95}}]}) + "\n", ["call_1"], "object")

    c.group("Object shape: malformed elements or duplicated ids (invalid_response)")
    for case_id, results in [
        ("element-string", ["call_1"]),
        ("element-null", [None]),
        ("element-array", [["call_1", 1]]),
        ("tool-call-id-missing", [{"result": 1}]),
        ("tool-call-id-null", [{"tool_call_id": None, "result": 1}]),
        ("tool-call-id-number", [{"tool_call_id": 1, "result": 1}]),
        ("result-and-error", [{"tool_call_id": "call_1", "result": 1, "error": "x"}]),
        ("result-and-null-error", [{"tool_call_id": "call_1", "result": 1, "error": None}]),
        ("neither-result-nor-error", [{"tool_call_id": "call_1"}]),
        ("error-number", [{"tool_call_id": "call_1", "error": 500}]),
        ("error-null", [{"tool_call_id": "call_1", "error": None}]),
        ("error-object", [{"tool_call_id": "call_1", "error": {"message": "x"}}]),
        ("duplicate-id", [{"tool_call_id": "call_1", "result": 1}, {"tool_call_id": "call_1", "result": 2}]),
        ("duplicate-unknown-id", [{"tool_call_id": "call_9", "result": 1}, {"tool_call_id": "call_9", "error": "x"}]),
        ("bad-element-after-good", [{"tool_call_id": "call_1", "result": 1}, {"tool_call_id": "call_2"}]),
    ]:
        c.add(f"invalid-{case_id}", {"results": results}, two, "invalid_response")

    c.group("Error shape: an object whose only key is \"error\", a string")
    c.add("error-two-ids", {"error": "Calendar unavailable"}, two, "error",
          {"outcomes": [{"tool_call_id": "call_1", "error": "Calendar unavailable"},
                        {"tool_call_id": "call_2", "error": "Calendar unavailable"}]})
    c.add("error-empty-string", {"error": ""}, ["call_1"], "error")
    c.add("error-escaped-text", r'{"error":"Geen \"afspraak\" gevonden \u2014 bel later \ud83d\udcde"}', ["call_1"],
          "error", {"outcomes": [{"tool_call_id": "call_1", "error": "Geen \"afspraak\" gevonden — bel later 📞"}]})
    c.add("error-escaped-key", r'{"\u0065rror":"x"}', ["call_1"], "error")
    c.add("error-no-request-ids", {"error": "x"}, [], "error", {"outcomes": []})

    c.group("Simple shape: an object whose only key is \"result\"")
    c.add("simple-string", {"result": "The appointment is booked."}, two, "simple")
    c.add("simple-null", {"result": None}, ["call_1"], "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": None}]})
    c.add("simple-array", {"result": [1, "two", None]}, ["call_1"], "simple")
    c.add("simple-wrapping-results", {"result": {"results": [], "error": "inner"}}, ["call_1"], "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": {"results": [], "error": "inner"}}]})

    c.group("Direct shape: any other JSON value, whole body is the result")
    for case_id, body in [
        ("empty-object", "{}"),
        ("empty-array", "[]"),
        ("array-of-result-like-objects", r'[{"tool_call_id":"call_1","result":1}]'),
        ("string", r'"The weather is sunny"'),
        ("escaped-string", r'"line1\nline2 \"q\" \u00e9 \u0000"'),
        ("integer", "42"),
        ("float", "3.5"),
        ("negative", "-7"),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        ("error-number", r'{"error":5}'),
        ("error-null", r'{"error":null}'),
        ("error-object", r'{"error":{"message":"x"}}'),
        ("error-with-other-key", r'{"error":"x","code":404}'),
        ("error-and-result", r'{"error":"x","result":1}'),
        ("results-string", r'{"results":"x"}'),
        ("results-null", r'{"results":null}'),
        ("results-object", r'{"results":{"tool_call_id":"call_1","result":1}}'),
        ("result-with-extra-key", r'{"result":1,"extra":2}'),
        ("result-capitalised", r'{"Result":1}'),
        ("surrounded-by-whitespace", " \n\t{\"temp\": 21}\r\n "),
    ]:
        c.add(f"direct-{case_id}", body, ["call_1"], "direct")
    c.add("direct-two-ids", {"name": "John Smith", "email": "john@example.com"}, two, "direct",
          {"outcomes": [{"tool_call_id": "call_1", "result": {"name": "John Smith", "email": "john@example.com"}},
                        {"tool_call_id": "call_2", "result": {"name": "John Smith", "email": "john@example.com"}}]})
    c.add("direct-no-request-ids", r'{"a":1}', [], "direct", {"outcomes": []})
    reading_tool_response_cases(c)
    return c


# ---------------------------------------------------------------------------
# assistant_response cases
# ---------------------------------------------------------------------------


def assistant_response_cases() -> AssistantResponseCases:
    c = AssistantResponseCases("assistant_response", "assistant-response", [
        "assistant_response cases. Expected results computed by reference_parse.py (an independent Python",
        "reference), not by the crate. Regenerate with: python3 tests/data/conformance/reference_parse.py",
        "Input: body | body_hex (the answer to an assistant-request).",
    ])
    uuid = "17a0cb75-fa09-4bdd-9a44-92a70d829c88"

    c.group("Examples from the vendor's webhook documentation, exact text")
    c.add("doc-use-default", DOC_RESP_DEFAULT, "default")
    c.add("doc-personalize-greeting", DOC_RESP_GREETING, "transient")
    c.add("doc-override-llm", DOC_RESP_LLM, "transient")
    c.add("doc-call-duration-limit", DOC_RESP_DURATION, "default", {"max_duration_seconds": 300})
    c.add("doc-reject", DOC_RESP_REJECT, "reject",
          {"error": "Sorry, we are currently closed. Please call back during business hours."})
    c.add("doc-enable-call-analysis", DOC_RESP_ANALYSIS, "transient")
    c.add("doc-response-format-with-comments", DOC_RESP_FORMAT_COMMENTED, "invalid_json")
    c.add("doc-analysis-plan-at-top-level", DOC_ANALYSIS_PLAN, "default")
    c.add("doc-node-example-as-json", pretty({"assistant": {
        "first_message": "Hello John Smith, welcome back! How can I help?",
        "llm_config": {"messages": [{"role": "system", "content":
                                     "You are speaking with John Smith. Customer since 2019. Prefers mornings."}]}}}),
          "transient")

    c.group("default: empty or whitespace-only body, {}, unknown keys only")
    c.add("empty-body", "", "default", {"assistant_id": None, "error": None, "max_duration_seconds": None})
    c.add("whitespace-body", " \t\r\n", "default")
    c.add("newline-body", "\n", "default")
    c.add("empty-object-spaced", " { } ", "default")
    c.add("unknown-keys-only", {"first_message": "Hi", "metadata": {"crm_id": "1"}, "assistant_name": None},
          "default")
    c.add("default-with-max-duration", {"max_duration_seconds": 600, "note": "cap"}, "default",
          {"max_duration_seconds": 600})

    c.group("transient: {\"assistant\": {...}}")
    c.add("transient-empty", {"assistant": {}}, "transient", {"assistant_id": None, "max_duration_seconds": None})
    c.add("transient-full", {"assistant": {
        "name": "Night shift", "first_message": "Good evening!",
        "llm_config": {"provider": "openai", "model": "gpt-4o", "messages": [{"role": "system", "content": "Be brief."}]},
        "tts_config": None, "stt_config": {"provider": "deepgram", "model": "nova-3", "language": "nl"},
        "metadata": {"shift": "night"}}}, "transient")
    c.add("transient-with-max-duration", {"assistant": {"first_message": "Hi"}, "max_duration_seconds": 120},
          "transient", {"max_duration_seconds": 120})
    c.add("transient-with-float-max-duration", {"assistant": {}, "max_duration_seconds": RAW("300.0")}, "transient",
          {"max_duration_seconds": 300})

    c.group("reference: {\"assistant_id\": \"...\"}")
    c.add("reference", {"assistant_id": uuid}, "reference", {"assistant_id": uuid})
    c.add("reference-empty-id", {"assistant_id": ""}, "reference", {"assistant_id": ""})
    c.add("reference-escaped-id", r'{"assistant_id":"asst-\u00e9\"x\"\\y \ud83d\ude00"}', "reference",
          {"assistant_id": "asst-é\"x\"\\y 😀"})
    c.add("reference-with-max-duration", {"assistant_id": uuid, "max_duration_seconds": 900}, "reference",
          {"assistant_id": uuid, "max_duration_seconds": 900})

    c.group("hybrid: assistant_id + assistant_override")
    c.add("hybrid", {"assistant_id": uuid, "assistant_override": {"first_message": "Welcome back, John!"}},
          "hybrid", {"assistant_id": uuid, "max_duration_seconds": None})
    c.add("hybrid-empty-override", {"assistant_id": uuid, "assistant_override": {}}, "hybrid")
    c.add("hybrid-with-max-duration", {"assistant_override": {"llm_config": {"model": "gpt-4o"}},
                                       "assistant_id": uuid, "max_duration_seconds": 300}, "hybrid",
          {"max_duration_seconds": 300})

    c.group("reject: error is a string; it wins and nothing else is examined")
    c.add("reject", {"error": "We are closed."}, "reject",
          {"assistant_id": None, "error": "We are closed.", "max_duration_seconds": None})
    c.add("reject-empty-text", {"error": ""}, "reject", {"error": ""})
    c.add("reject-escaped-text", r'{"error":"Gesloten \u2014 bel later \"morgen\" \ud83d\udcde\n"}', "reject",
          {"error": "Gesloten — bel later \"morgen\" 📞\n"})
    c.add("reject-with-valid-rest", {"assistant_id": uuid, "error": "Closed", "max_duration_seconds": 300},
          "reject", {"assistant_id": None, "max_duration_seconds": None})
    c.add("reject-with-invalid-assistant", {"error": "Closed", "assistant": 5}, "reject")
    c.add("reject-with-invalid-max-duration", {"error": "Closed", "max_duration_seconds": -1}, "reject")
    c.add("reject-with-assistant-and-id", {"assistant": {}, "assistant_id": uuid, "error": "Closed"}, "reject")
    c.add("reject-with-override-alone", {"assistant_override": {}, "error": "Closed"}, "reject")
    c.add("reject-with-null-types", {"error": "Closed", "assistant": None, "assistant_id": None,
                                     "assistant_override": None, "max_duration_seconds": None}, "reject")

    c.group("max_duration_seconds: non-negative integer (a number with zero fractional part is accepted)")
    for case_id, lit, value in [
        ("zero", "0", 0),
        ("exponent", "1e3", 1000),
        ("float-two-pow-53", "9007199254740992.0", 9007199254740992),
        ("u64-max", "18446744073709551615", 18446744073709551615),
    ]:
        c.add(f"max-duration-{case_id}", dumps({"max_duration_seconds": RAW(lit)}), "default",
              {"max_duration_seconds": value})

    c.group("invalid_response: not an object")
    for case_id, body in [("array", "[]"), ("array-of-object", r'[{"assistant_id":"x"}]'),
                          ("string", r'"default"'), ("null", "null"), ("number", "0"), ("true", "true")]:
        c.add(f"not-object-{case_id}", body, "invalid_response")

    c.group("invalid_response: wrong JSON type (null counts as wrong)")
    for case_id, obj in [
        ("error-null", {"error": None}),
        ("error-number", {"error": 500}),
        ("error-object", {"error": {"message": "closed"}}),
        ("error-false", {"error": False}),
        ("error-null-with-valid-rest", {"error": None, "assistant_id": uuid}),
        ("assistant-null", {"assistant": None}),
        ("assistant-string", {"assistant": "Customer Support Assistant"}),
        ("assistant-array", {"assistant": []}),
        ("assistant-id-null", {"assistant_id": None}),
        ("assistant-id-number", {"assistant_id": 42}),
        ("assistant-id-object", {"assistant_id": {"id": uuid}}),
        ("assistant-override-null", {"assistant_id": uuid, "assistant_override": None}),
        ("assistant-override-string", {"assistant_id": uuid, "assistant_override": "{}"}),
        ("max-duration-null", {"max_duration_seconds": None}),
        ("max-duration-negative", {"max_duration_seconds": -1}),
        ("max-duration-fractional", {"max_duration_seconds": RAW("300.5")}),
        ("max-duration-negative-fraction", {"max_duration_seconds": RAW("-0.5")}),
        ("max-duration-string", {"max_duration_seconds": "300"}),
        ("max-duration-bool", {"max_duration_seconds": True}),
        ("max-duration-huge-float", {"max_duration_seconds": RAW("1e300")}),
        ("max-duration-float-above-two-pow-53", {"max_duration_seconds": RAW("9007199254740994.0")}),
        ("max-duration-bad-with-transient", {"assistant": {}, "max_duration_seconds": RAW("12.25")}),
    ]:
        c.add(f"wrong-type-{case_id}", obj, "invalid_response")

    c.group("invalid_response: forbidden combinations")
    c.add("assistant-with-assistant-id", {"assistant": {"first_message": "Hi"}, "assistant_id": uuid},
          "invalid_response")
    c.add("assistant-with-id-and-override", {"assistant": {}, "assistant_id": uuid, "assistant_override": {}},
          "invalid_response")
    c.add("override-without-id", {"assistant_override": {"first_message": "Hi"}}, "invalid_response")
    c.add("override-with-assistant-no-id", {"assistant": {}, "assistant_override": {}}, "invalid_response")
    c.add("override-without-id-with-max-duration", {"assistant_override": {}, "max_duration_seconds": 60},
          "invalid_response")

    c.group("invalid_json")
    c.add("truncated", r'{"assistant_id":"' + uuid, "invalid_json")
    c.add("trailing-garbage", r'{"assistant_id":"x"} ok', "invalid_json")
    c.add("single-quotes", r"{'assistant_id': 'x'}", "invalid_json")
    c.add("nan-max-duration", r'{"max_duration_seconds":NaN}', "invalid_json")
    c.add("infinity-max-duration", r'{"max_duration_seconds":Infinity}', "invalid_json")
    c.add("non-utf8", b'{"error":"Gesloten \x96 bel later"}', "invalid_json")
    c.add("utf8-bom", b"\xef\xbb\xbf{}", "invalid_json")
    c.add("vertical-tab-only", "\u000b", "invalid_json")
    c.add("nbsp-only", "\u00a0", "invalid_json")
    c.add("plain-text", "OK", "invalid_json")
    c.add("raw-newline-in-string", '{"error":"closed\nnow"}', "invalid_json")
    reading_assistant_response_cases(c)
    return c


# ---------------------------------------------------------------------------
# The JSON reading rules (PROTOCOL.md section 3): duplicate keys, lone
# surrogates, numbers of any magnitude, exact whole numbers, depth
# ---------------------------------------------------------------------------

FFFD = "\ufffd"
BIG_INT = "1234567890" * 40  # a 400-digit integer


def deep_array(n: int, inner: str = "1") -> str:
    return "[" * n + inner + "]" * n


def deep_object(n: int, inner: str = "1") -> str:
    return '{"d":' * n + inner + "}" * n


def deep_value(n: int, inner: str = "1") -> Any:
    v: Any = JInt(inner) if inner.isdigit() else inner
    for _ in range(n):
        v = [v]
    return v


SU = r'{"message":{"type":"status-update","call":{"id":"c1"}'  # + fields + '}}'
TC = r'{"message":{"type":"tool-calls","call":{"id":"c1"},"tool_call_list":['  # + entries + ']}}'
EOC = r'{"message":{"type":"end-of-call-report","call":{"id":"c1"},"duration_seconds":84,"summary":"s"'


def su(fields: str = "") -> str:
    return SU + ("," + fields if fields else "") + "}}"


def tc(*entries: str) -> str:
    return TC + ",".join(entries) + "]}}"


def eoc(fields: str = "") -> str:
    return EOC + ("," + fields if fields else "") + "}}"


def reading_event_cases(c: EventCases) -> None:
    c.group("JSON reading: duplicate keys, the last occurrence wins at every depth (earlier ones ignored)")
    c.add("dup-envelope-message-first-mistyped",
          r'{"message":5,"message":{"type":"status-update","call":{"id":"c1"}}}', "status-update", "ok",
          {"call_id": "c1"})
    c.add("dup-envelope-message-last-null",
          r'{"message":{"type":"status-update","call":{"id":"c1"}},"message":null}', None, "invalid_payload")
    c.add("dup-message-type-last-wins",
          r'{"message":{"type":"tool-calls","type":"status-update","call":{"id":"c1"}}}', "status-update", "ok",
          {"type": "status-update"})
    c.add("dup-message-type-first-mistyped",
          r'{"message":{"type":7,"call":{"id":"c1"},"type":"status-update"}}', "status-update", "ok")
    c.add("dup-message-error", su(r'"error":1,"error":"late text"'), "status-update", "ok",
          {"error": "late text"})
    c.add("dup-message-call", r'{"message":{"type":"status-update","call":{"id":"c0"},'
          r'"call":{"id":"c2","status":"ended"}}}', "status-update", "ok", {"call_id": "c2", "call_status": "ended"})
    c.add("dup-call-id-first-mistyped", r'{"message":{"type":"status-update","call":{"id":5,"id":"c3"}}}',
          "status-update", "ok", {"call_id": "c3"})
    c.add("dup-call-id-last-null", r'{"message":{"type":"status-update","call":{"id":"c3","id":null}}}',
          "status-update", "invalid_payload")
    c.add("dup-call-status-and-type", r'{"message":{"type":"status-update","call":{"id":"c","status":"ringing",'
          r'"type":"web_call","status":"ended","type":"outbound_phone_call"}}}', "status-update", "ok",
          {"call_status": "ended", "call_type": "outbound_phone_call"})
    c.add("dup-phone-number-number", su(r'"phone_number":{"number":31850835037,"number":"+31850835037"}'),
          "status-update", "ok", {"phone_number": "+31850835037"})
    c.add("dup-phone-number-object", su(r'"phone_number":"none","phone_number":{"number":"+3185"}'),
          "status-update", "ok", {"phone_number": "+3185"})
    c.add("dup-customer-number", su(r'"customer":{"number":"+1","number":"+2"}'), "status-update", "ok",
          {"customer_number": "+2"})
    c.add("dup-customer-last-mistyped", su(r'"customer":{"number":"+1"},"customer":[]'), "status-update",
          "invalid_payload")
    c.add("dup-tool-call-list", r'{"message":{"type":"tool-calls","call":{"id":"c1"},"tool_call_list":5,'
          r'"tool_call_list":[{"id":"t1","function":{"name":"f"}}]}}', "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {}}]})
    c.add("dup-tool-call-entry-id", tc(r'{"id":1,"id":"t2","function":{"name":"f"}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t2", "name": "f", "arguments": {}}]})
    c.add("dup-tool-call-entry-type", tc(r'{"id":"t1","type":5,"type":"function","function":{"name":"f"}}'),
          "tool-calls", "ok")
    c.add("dup-tool-call-entry-function", tc(r'{"id":"t1","function":"f","function":{"name":"g"}}'),
          "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "g", "arguments": {}}]})
    c.add("dup-function-name", tc(r'{"id":"t1","function":{"name":"a","name":"b"}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "b", "arguments": {}}]})
    c.add("dup-function-name-last-null", tc(r'{"id":"t1","function":{"name":"a","name":null}}'), "tool-calls",
          "invalid_payload")
    c.add("dup-function-arguments", tc(r'{"id":"t1","function":{"name":"f","arguments":"nope","arguments":{"k":1}}}'),
          "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"k": 1}}]})
    c.add("dup-function-arguments-last-null",
          tc(r'{"id":"t1","function":{"name":"f","arguments":{"k":1},"arguments":null}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {}}]})
    c.add("dup-inside-object-arguments", tc(r'{"id":"t1","function":{"name":"f","arguments":{"k":1,"k":[2]}}}'),
          "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"k": [2]}}]})
    c.add("dup-inside-string-arguments",
          tc(r'{"id":"t1","function":{"name":"f","arguments":"{\"k\":1,\"k\":\"two\"}"}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"k": "two"}}]})
    c.add("dup-transcript-turn-role", eoc(r'"messages":[{"role":5,"role":"user","content":"hi"}]'),
          "end-of-call-report", "ok", {"message_count": 1})
    c.add("dup-transcript-turn-content-last-mistyped",
          eoc(r'"messages":[{"role":"user","content":"a","content":7}]'), "end-of-call-report", "invalid_payload")
    c.add("dup-messages", eoc(r'"messages":[{"role":"user"},{"role":"user"},{"role":"user"}],'
          r'"messages":[{"role":"assistant","content":"bye"}]'), "end-of-call-report", "ok", {"message_count": 1})
    c.add("dup-duration-first-mistyped",
          r'{"message":{"type":"end-of-call-report","call":{"id":"c1"},"duration_seconds":"x","summary":"s",'
          r'"duration_seconds":84.0}}', "end-of-call-report", "ok", {"duration_seconds": 84})
    c.add("dup-duration-last-fractional", eoc(r'"duration_seconds":84.5'), "end-of-call-report", "invalid_payload")
    c.add("dup-summary", eoc(r'"summary":1,"summary":"final"'), "end-of-call-report", "ok", {"summary": "final"})
    c.add("dup-analysis", eoc(r'"analysis":{"a":1},"analysis":{"b":2}'), "end-of-call-report", "ok",
          {"analysis": {"b": 2}})
    c.add("dup-inside-analysis", eoc(r'"analysis":{"a":1,"nested":{"x":1,"x":2},"a":[3]}'), "end-of-call-report",
          "ok", {"analysis": {"a": [3], "nested": {"x": 2}}})
    c.add("dup-assistant-block", su(r'"assistant":5,"assistant":{"name":"n"}'), "status-update", "ok")
    c.add("dup-assistant-block-last-mistyped", su(r'"assistant":{},"assistant":"x"'), "status-update",
          "invalid_payload")
    c.add("dup-unknown-type-ignores-rest", r'{"message":{"type":"transcript","call":5,"call":"x"}}', None, "ok",
          {"type": "transcript"})

    c.group("JSON reading: lone surrogate escapes are JSON; ignored where unmodelled, U+FFFD in modelled text")
    c.add("surrogate-unknown-key-in-message", su(r'"\ud800":1'), "status-update", "ok", {"call_id": "c1"})
    c.add("surrogate-unknown-key-in-call", r'{"message":{"type":"status-update","call":{"id":"c1","\udc00x":true}}}',
          "status-update", "ok")
    c.add("surrogate-unknown-key-in-envelope", r'{"\ud83d":0,"message":{"type":"status-update","call":{"id":"c1"}}}',
          "status-update", "ok")
    c.add("surrogate-unknown-value", su(r'"x_trace":"\ud800","x_list":["\udfff",{"\udbff":"\ud800\ud800"}]'),
          "status-update", "ok")
    c.add("surrogate-in-unknown-event", r'{"message":{"type":"transcript","transcript":"cut \ud83d","\ud800":1}}',
          "transcript", "ok", {"type": "transcript"})
    c.add("surrogate-in-unknown-type-name", r'{"message":{"type":"speech\ud800"}}', None, "ok",
          {"type": "speech" + FFFD})
    c.add("surrogate-makes-type-unknown", r'{"message":{"type":"status-update\udfff","call":5}}', None, "ok",
          {"type": "status-update" + FFFD})
    c.add("surrogate-type-header-is-fffd", r'{"message":{"type":"x\ud800"}}', "x" + FFFD, "ok")
    c.add("surrogate-type-header-without-fffd", r'{"message":{"type":"x\ud800"}}', "x", "event_mismatch")
    c.add("surrogate-summary-cut-mid-emoji", eoc(r'"summary":"Booked for Monday \ud83d"'), "end-of-call-report",
          "ok", {"summary": "Booked for Monday " + FFFD})
    c.add("surrogate-summary-of-other-event", su(r'"summary":"Booked \ud83d"'), "status-update", "ok")
    c.add("surrogate-summary-reversed-pair", eoc(r'"summary":"\ude00\ud83d"'), "end-of-call-report", "ok",
          {"summary": FFFD + FFFD})
    c.add("surrogate-summary-high-before-pair", eoc(r'"summary":"\ud83d\ud83d\ude00!"'), "end-of-call-report", "ok",
          {"summary": FFFD + "\U0001f600!"})
    c.add("surrogate-summary-before-escape", eoc(r'"summary":"a\ud83d\n\u00e9"'), "end-of-call-report", "ok",
          {"summary": "a" + FFFD + "\n\u00e9"})
    c.add("surrogate-transcript-content-and-role",
          eoc(r'"messages":[{"role":"user","content":"\udc00"},{"role":"\ud800"}]'), "end-of-call-report", "ok",
          {"message_count": 2})
    c.add("surrogate-end-reason-and-optional-strings",
          eoc(r'"end_reason":"hang\ud800","recording_url":"\udfff","started_at":"\ud800","ended_at":"\ud800"'),
          "end-of-call-report", "ok", {"end_reason": "hang" + FFFD})
    c.add("surrogate-call-id", r'{"message":{"type":"status-update","call":{"id":"c\ud800"}}}', "status-update", "ok",
          {"call_id": "c" + FFFD})
    c.add("surrogate-call-type-and-status",
          r'{"message":{"type":"status-update","call":{"id":"c","type":"\ud800","status":"\udbff"}}}',
          "status-update", "ok", {"call_type": FFFD, "call_status": FFFD})
    c.add("surrogate-phone-and-customer-numbers",
          su(r'"phone_number":{"id":"\ud800","number":"+31\udc00","name":"\ud83d"},"customer":{"number":"\ud800"}'),
          "status-update", "ok", {"phone_number": "+31" + FFFD, "customer_number": FFFD})
    c.add("surrogate-status-error-and-end-reason", su(r'"error":"STT \ud83d","end_reason":"\udc00"'),
          "status-update", "ok", {"error": "STT " + FFFD, "end_reason": FFFD})
    c.add("surrogate-timestamp-and-assistant", su(r'"timestamp":"\ud800","assistant":{"\ud800":"\udc00"}'),
          "status-update", "ok")
    c.add("surrogate-tool-call-id-and-name", tc(r'{"id":"t\ud800","type":"\udc00","function":{"name":"f\ud83d"}}'),
          "tool-calls", "ok", {"tool_calls": [{"id": "t" + FFFD, "name": "f" + FFFD, "arguments": {}}]})
    c.add("surrogate-in-object-arguments",
          tc(r'{"id":"t1","function":{"name":"f","arguments":{"q":"\ud800","\udc00":1}}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"q": "\ud800", "\udc00": JInt("1")}}]})
    c.add("surrogate-escape-inside-string-arguments",
          tc(r'{"id":"t1","function":{"name":"f","arguments":"{\"q\":\"\\ud800\"}"}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"q": "\ud800"}}]})
    c.add("surrogate-in-string-arguments-text",
          tc(r'{"id":"t1","function":{"name":"f","arguments":"{\"q\":\"\ud800\"}"}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"q": FFFD}}]})
    c.add("surrogate-in-analysis", eoc(r'"analysis":{"sentiment":"happy \ud83d","\ud800":["\udc00"]}'),
          "end-of-call-report", "ok", {"analysis": {"sentiment": "happy \ud83d", "\ud800": ["\udc00"]}})
    c.add("surrogate-analysis-string", eoc(r'"analysis":"\udbff\udbff"'), "end-of-call-report", "ok",
          {"analysis": "\udbff\udbff"})
    c.add("surrogate-does-not-hide-a-payload-error", r'{"message":{"type":"status-update","\ud800":1}}',
          "status-update", "invalid_payload")

    c.group("JSON reading: numbers of any magnitude are JSON (ignored where unmodelled)")
    c.add("huge-exponent-in-unknown-field", su(r'"x_score":1e400,"x_tiny":-1e-400'), "status-update", "ok")
    c.add("huge-integer-in-unknown-field", su('"x_big":' + BIG_INT + ',"x_neg":-' + BIG_INT), "status-update", "ok")
    c.add("huge-number-in-call-and-phone", r'{"message":{"type":"status-update","call":{"id":"c","legs":1e999},'
          r'"phone_number":{"number":null,"score":-1E+400},"customer":{"x":' + BIG_INT + '}}}', "status-update", "ok")
    c.add("huge-number-in-assistant-block", su(r'"assistant":{"llm_config":{"temperature":1e400}}'),
          "status-update", "ok")
    c.add("huge-number-in-unknown-event", r'{"message":{"type":"speech-update","n":1e400,"m":' + BIG_INT + "}}",
          None, "ok")
    c.add("huge-number-in-tool-call-entry", tc(r'{"id":"t1","index":1e400,"function":{"name":"f","w":-1e400}}'),
          "tool-calls", "ok")
    c.add("huge-number-in-transcript-turn", eoc(r'"messages":[{"role":"user","time":1e400}]'),
          "end-of-call-report", "ok", {"message_count": 1})
    c.add("huge-number-in-analysis", eoc(r'"analysis":{"p":1e400,"q":-1e-400,"big":' + BIG_INT + "}"),
          "end-of-call-report", "ok", {"analysis": {"p": JFloat("1e400"), "q": JFloat("-1e-400"),
                                                    "big": JInt(BIG_INT)}})
    c.add("huge-number-in-object-arguments", tc(r'{"id":"t1","function":{"name":"f","arguments":{"n":1e400}}}'),
          "tool-calls", "ok", {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"n": JFloat("1e400")}}]})
    c.add("huge-number-in-string-arguments",
          tc(r'{"id":"t1","function":{"name":"f","arguments":"{\"n\":' + BIG_INT + r'}"}}'), "tool-calls", "ok",
          {"tool_calls": [{"id": "t1", "name": "f", "arguments": {"n": JInt(BIG_INT)}}]})
    c.add("huge-number-as-call-id", r'{"message":{"type":"status-update","call":{"id":1e400}}}', "status-update",
          "invalid_payload")
    c.add("huge-number-as-summary", eoc(r'"summary":' + BIG_INT), "end-of-call-report", "invalid_payload")
    c.add("huge-number-as-message-type", r'{"message":{"type":1e400}}', None, "invalid_payload")
    c.add("huge-number-as-arguments", tc(r'{"id":"t1","function":{"name":"f","arguments":1e400}}'), "tool-calls",
          "invalid_payload")

    c.group("JSON reading: duration_seconds, the exact whole-number rule (decided on the exact decimal value)")
    for case_id, lit, value in [
        ("duration-minus-zero-float", "-0.0", 0),
        ("duration-minus-zero-integer", "-0", 0),
        ("duration-exponent-uppercase", "1E2", 100),
        ("duration-exponent-plus", "1e+2", 100),
        ("duration-fraction-then-exponent", "1.5e1", 15),
        ("duration-trailing-zeros-negative-exponent", "15000e-3", 15),
        ("duration-zero-huge-exponent", "0e999", 0),
        ("duration-zero-point-long-zeros", "7." + "0" * 400, 7),
    ]:
        c.add(case_id, eoc('"duration_seconds":' + lit), "end-of-call-report", "ok", {"duration_seconds": value})
    for case_id, lit in [
        ("duration-tiny-fraction", "84.0000000000000001"),
        ("duration-tiny-positive", "1e-400"),
        ("duration-tiny-negative", "-1e-400"),
        ("duration-two-pow-53-plus-one-float", "9007199254740993.0"),
        ("duration-two-pow-53-plus-one-exponent", "9.007199254740993e15"),
        ("duration-huge-exponent", "1e400"),
        ("duration-400-digit-integer", BIG_INT),
        ("duration-u64-max-plus-one", "18446744073709551616"),
        ("duration-negative-huge", "-" + BIG_INT),
        ("duration-fraction-far-out", "9007199254740992." + "0" * 300 + "1"),
    ]:
        c.add(case_id, eoc('"duration_seconds":' + lit), "end-of-call-report", "invalid_payload")

    c.group("JSON reading: raw values have no nesting limit of the crate's own")
    c.add("analysis-129-deep", eoc('"analysis":' + deep_array(129)), "end-of-call-report", "ok",
          {"analysis": deep_value(129)})
    c.add("analysis-2000-deep-objects", eoc('"analysis":' + deep_object(2000)), "end-of-call-report", "ok")
    c.add("unknown-field-2000-deep", su('"x_deep":' + deep_array(2000)), "status-update", "ok")
    c.add("assistant-block-2000-deep", su('"assistant":' + deep_object(2000)), "status-update", "ok")
    c.add("unknown-event-2000-deep", r'{"message":{"type":"x","y":' + deep_array(2000) + "}}", None, "ok")
    c.add("object-arguments-300-deep", tc(r'{"id":"t1","function":{"name":"f","arguments":' + deep_object(300) + "}}"),
          "tool-calls", "ok")
    c.add("string-arguments-300-deep",
          tc(r'{"id":"t1","function":{"name":"f","arguments":"' + deep_object(300).replace('"', r'\"') + '"}}'),
          "tool-calls", "ok")


def reading_tool_response_cases(c: ToolResponseCases) -> None:
    one = ["call_1"]
    two = ["call_1", "call_2"]
    c.group("JSON reading: duplicate keys, the last occurrence wins at every depth")
    c.add("dup-results-first-mistyped", r'{"results":5,"results":[{"tool_call_id":"call_1","result":1}]}', one,
          "object", {"outcomes": [{"tool_call_id": "call_1", "result": JInt("1")}]})
    c.add("dup-results-last-not-array", r'{"results":[{"tool_call_id":"call_1","result":1}],"results":"x"}', one,
          "direct", {"outcomes": [{"tool_call_id": "call_1", "result": {"results": "x"}}]})
    c.add("dup-error-only-key", r'{"error":"first","error":"second"}', one, "error",
          {"outcomes": [{"tool_call_id": "call_1", "error": "second"}]})
    c.add("dup-error-first-mistyped", r'{"error":5,"error":"late"}', one, "error")
    c.add("dup-error-last-mistyped", r'{"error":"x","error":5}', one, "direct")
    c.add("dup-result-only-key", r'{"result":1,"result":{"v":2}}', one, "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": {"v": JInt("2")}}]})
    c.add("dup-element-tool-call-id", r'{"results":[{"tool_call_id":5,"tool_call_id":"call_1","result":1}]}', one,
          "object", {"missing_ids": []})
    c.add("dup-element-result", r'{"results":[{"tool_call_id":"call_1","result":1,"result":2}]}', one, "object",
          {"outcomes": [{"tool_call_id": "call_1", "result": JInt("2")}]})
    c.add("dup-element-error", r'{"results":[{"tool_call_id":"call_1","error":5,"error":"late"}]}', one, "object",
          {"outcomes": [{"tool_call_id": "call_1", "error": "late"}]})
    c.add("dup-element-error-last-null", r'{"results":[{"tool_call_id":"call_1","error":"x","error":null}]}', one,
          "invalid_response")
    c.add("dup-inside-result", r'{"result":{"a":1,"a":[2]}}', one, "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": {"a": [JInt("2")]}}]})
    c.add("dup-inside-direct-body", r'{"a":1,"b":{"c":1,"c":2},"a":3}', two, "direct",
          {"outcomes": [{"tool_call_id": i, "result": {"a": JInt("3"), "b": {"c": JInt("2")}}} for i in two]})

    c.group("JSON reading: lone surrogates (results kept raw, error text and ids get U+FFFD)")
    c.add("surrogate-in-simple-result", r'{"result":"cut \ud83d"}', one, "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": "cut \ud83d"}]})
    c.add("surrogate-in-object-result", r'{"results":[{"tool_call_id":"call_1","result":{"\udc00":"\ud83d"}}]}',
          one, "object", {"outcomes": [{"tool_call_id": "call_1", "result": {"\udc00": "\ud83d"}}]})
    c.add("surrogate-direct-string", r'"\ud83d"', one, "direct")
    c.add("surrogate-error-shape-text", r'{"error":"Fout \ud83d"}', one, "error",
          {"outcomes": [{"tool_call_id": "call_1", "error": "Fout " + FFFD}]})
    c.add("surrogate-element-error-text", r'{"results":[{"tool_call_id":"call_1","error":"\udfff"}]}', one,
          "object", {"outcomes": [{"tool_call_id": "call_1", "error": FFFD}]})
    c.add("surrogate-tool-call-id-matches-fffd", r'{"results":[{"tool_call_id":"call_\ud800","result":1}]}',
          ["call_" + FFFD], "object", {"missing_ids": [], "unknown_ids": []})
    c.add("surrogate-tool-call-id-unknown", r'{"results":[{"tool_call_id":"\ud800","result":1}]}', one, "object",
          {"missing_ids": ["call_1"], "unknown_ids": [FFFD]})
    c.add("surrogate-tool-call-ids-collide", r'{"results":[{"tool_call_id":"\ud800","result":1},'
          r'{"tool_call_id":"\udbff","result":2}]}', one, "invalid_response")
    c.add("surrogate-unknown-key-in-element",
          r'{"results":[{"tool_call_id":"call_1","\ud800":1,"result":true}],"\udc00":0}', one, "object")
    c.add("surrogate-key-makes-direct", r'{"result":1,"\ud800":2}', one, "direct")

    c.group("JSON reading: numbers of any magnitude (kept raw in results, ignored elsewhere)")
    c.add("huge-simple-result", r'{"result":1e400}', one, "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": JFloat("1e400")}]})
    c.add("huge-direct-exponent", "1e400", one, "direct")
    c.add("huge-direct-tiny-negative", "-1e-400", one, "direct")
    c.add("huge-direct-integer", BIG_INT, two, "direct")
    c.add("huge-object-result", r'{"results":[{"tool_call_id":"call_1","result":[' + BIG_INT + r',-1E+999]}]}',
          one, "object")
    c.add("huge-number-in-element-extra-key",
          r'{"results":[{"tool_call_id":"call_1","latency":1e400,"result":0}],"meta":-1e400}', one, "object")
    c.add("huge-number-as-tool-call-id", r'{"results":[{"tool_call_id":1e400,"result":0}]}', one,
          "invalid_response")
    c.add("huge-number-as-error", r'{"results":[{"tool_call_id":"call_1","error":' + BIG_INT + "}]}", one,
          "invalid_response")

    c.group("JSON reading: raw results have no nesting limit of the crate's own")
    c.add("deep-simple-result-129", r'{"result":' + deep_array(129) + "}", one, "simple",
          {"outcomes": [{"tool_call_id": "call_1", "result": deep_value(129)}]})
    c.add("deep-direct-2000", deep_array(2000), one, "direct")
    c.add("deep-object-result-2000", r'{"results":[{"tool_call_id":"call_1","result":' + deep_object(2000) + "}]}",
          one, "object")
    c.add("deep-unknown-key-2000", r'{"results":[],"x":' + deep_array(2000) + "}", one, "object")


def reading_assistant_response_cases(c: AssistantResponseCases) -> None:
    uuid = "17a0cb75-fa09-4bdd-9a44-92a70d829c88"
    c.group("JSON reading: duplicate keys, the last occurrence wins")
    c.add("dup-error-first-mistyped", r'{"error":5,"error":"Closed"}', "reject", {"error": "Closed"})
    c.add("dup-error-last-null", r'{"error":"Closed","error":null}', "invalid_response")
    c.add("dup-assistant-id", r'{"assistant_id":"a","assistant_id":"b"}', "reference", {"assistant_id": "b"})
    c.add("dup-assistant-id-first-null", r'{"assistant_id":null,"assistant_id":"' + uuid + '"}', "reference",
          {"assistant_id": uuid})
    c.add("dup-assistant", r'{"assistant":5,"assistant":{"first_message":"Hi"}}', "transient")
    c.add("dup-assistant-last-null", r'{"assistant":{},"assistant":null}', "invalid_response")
    c.add("dup-override", r'{"assistant_id":"a","assistant_override":"x","assistant_override":{}}', "hybrid")
    c.add("dup-max-duration", r'{"max_duration_seconds":-1,"max_duration_seconds":60}', "default",
          {"max_duration_seconds": 60})
    c.add("dup-max-duration-last-bad", r'{"max_duration_seconds":60,"max_duration_seconds":60.5}',
          "invalid_response")
    c.add("dup-inside-assistant", r'{"assistant":{"first_message":"a","first_message":"b"}}', "transient")

    c.group("JSON reading: lone surrogates (U+FFFD in error and assistant_id, ignored elsewhere)")
    c.add("surrogate-reject-text", r'{"error":"Gesloten \ud83d"}', "reject", {"error": "Gesloten " + FFFD})
    c.add("surrogate-assistant-id", r'{"assistant_id":"asst-\udc00"}', "reference", {"assistant_id": "asst-" + FFFD})
    c.add("surrogate-unknown-key", r'{"\ud800":1}', "default")
    c.add("surrogate-in-assistant-block", r'{"assistant":{"first_message":"Hoi \ud83d","\udc00":1}}', "transient")
    c.add("surrogate-in-override", r'{"assistant_id":"a","assistant_override":{"first_message":"\ud800"}}', "hybrid")
    c.add("surrogate-reject-wins-over-rest", r'{"error":"x","assistant":"\ud800","max_duration_seconds":"\ud800"}',
          "reject")

    c.group("JSON reading: numbers of any magnitude, max_duration_seconds under the exact whole-number rule")
    c.add("huge-unknown-key", r'{"x":1e400,"y":' + BIG_INT + "}", "default")
    c.add("huge-in-assistant-block", r'{"assistant":{"llm_config":{"temperature":1e400}}}', "transient")
    c.add("huge-with-reject", r'{"error":"x","max_duration_seconds":1e400}', "reject")
    for case_id, lit, value in [
        ("minus-zero-float", "-0.0", 0),
        ("minus-zero-integer", "-0", 0),
        ("exponent-1e2", "1e2", 100),
        ("trailing-zeros-negative-exponent", "300000e-3", 300),
    ]:
        c.add(f"max-duration-{case_id}", '{"max_duration_seconds":' + lit + "}", "default",
              {"max_duration_seconds": value})
    for case_id, lit in [
        ("tiny-fraction", "84.0000000000000001"),
        ("tiny-positive", "1e-400"),
        ("tiny-negative", "-1e-400"),
        ("two-pow-53-plus-one-float", "9007199254740993.0"),
        ("huge-exponent", "1e400"),
        ("400-digit-integer", BIG_INT),
        ("u64-max-plus-one", "18446744073709551616"),
    ]:
        c.add(f"max-duration-{case_id}", '{"max_duration_seconds":' + lit + "}", "invalid_response")

    c.group("JSON reading: no nesting limit of the crate's own for values it does not model")
    c.add("deep-assistant-2000", r'{"assistant":' + deep_object(2000) + "}", "transient")
    c.add("deep-override-2000", r'{"assistant_id":"a","assistant_override":' + deep_object(2000) + "}", "hybrid")
    c.add("deep-unknown-key-2000", r'{"x":' + deep_array(2000) + "}", "default")


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def build() -> dict[Path, CaseFile]:
    files = {
        EVENT_PATH: event_cases(),
        TOOL_RESPONSE_PATH: tool_response_cases(),
        ASSISTANT_RESPONSE_PATH: assistant_response_cases(),
    }
    # Every outcome of every op must be exercised.
    required = {
        EVENT_PATH: {"ok", INVALID_JSON, INVALID_PAYLOAD, EVENT_MISMATCH},
        TOOL_RESPONSE_PATH: {"object", "error", "simple", "direct", EMPTY_BODY, INVALID_JSON, INVALID_RESPONSE},
        ASSISTANT_RESPONSE_PATH: {"default", "transient", "reference", "hybrid", "reject", INVALID_JSON,
                                  INVALID_RESPONSE},
    }
    for path, cf in files.items():
        missing = required[path] - cf.outcomes
        if missing:
            raise SystemExit(f"{path.name}: no case for {sorted(missing)}")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files on disk are not up to date")
    args = parser.parse_args()
    files = build()
    stale = []
    for path, cf in files.items():
        text = cf.text()
        if args.check:
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current != text.encode("utf-8"):
                stale.append(path.name)
        else:
            path.write_bytes(text.encode("utf-8"))
        print(f"{path.name}: {cf.count} cases")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python3 tests/data/conformance/reference_parse.py)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
