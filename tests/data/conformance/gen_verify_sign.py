#!/usr/bin/env python3
"""Generate the `verify` and `sign` conformance cases.

The expected results are computed here, by a small reference implementation
written from the protocol rules with Python's standard library (`hmac`,
`hashlib`, `json`). They are never produced by the Rust crate under test.

Usage (from the repository root or anywhere else):

    python3 tests/data/conformance/gen_verify_sign.py          # (re)write the files
    python3 tests/data/conformance/gen_verify_sign.py --check  # exit 1 if they are stale

Output is deterministic: no clock, no randomness, fixed case order.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERIFY_PATH = HERE / "verify.jsonl"
SIGN_PATH = HERE / "sign.jsonl"

U64_MAX = 2**64 - 1

# Rust's `u8::is_ascii_whitespace` set: space, tab, LF, form feed, CR.
# (Vertical tab 0x0B is deliberately NOT in it.)
ASCII_WS = " \t\n\x0c\r"
ASCII_DIGITS = frozenset("0123456789")
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
PREFIX = "sha256="

# Error kinds, in check order.
INVALID_SECRET = "invalid_secret"
MISSING_SIGNATURE = "missing_signature"
MISSING_TIMESTAMP = "missing_timestamp"
MALFORMED_TIMESTAMP = "malformed_timestamp"
MALFORMED_SIGNATURE = "malformed_signature"
SIGNATURE_MISMATCH = "signature_mismatch"
TIMESTAMP_TOO_OLD = "timestamp_too_old"
TIMESTAMP_IN_FUTURE = "timestamp_in_future"
ALL_KINDS = [
    INVALID_SECRET,
    MISSING_SIGNATURE,
    MISSING_TIMESTAMP,
    MALFORMED_TIMESTAMP,
    MALFORMED_SIGNATURE,
    SIGNATURE_MISMATCH,
    TIMESTAMP_TOO_OLD,
    TIMESTAMP_IN_FUTURE,
]


# --------------------------------------------------------------------------
# Reference implementation
# --------------------------------------------------------------------------

def _key(secret: str | bytes) -> bytes:
    return secret if isinstance(secret, bytes) else secret.encode("utf-8")


def _ts_bytes(ts: str | bytes) -> bytes:
    return ts if isinstance(ts, bytes) else ts.encode("utf-8")


def mac(secret: str | bytes, ts_text: str | bytes, body: bytes) -> bytes:
    """HMAC-SHA256(secret bytes, timestamp text bytes || "." || body bytes)."""
    return hmac.new(_key(secret), _ts_bytes(ts_text) + b"." + body, hashlib.sha256).digest()


def mac_hex(secret: str | bytes, ts_text: str | bytes, body: bytes) -> str:
    return mac(secret, ts_text, body).hex()


def _manual_hmac_sha256(key: bytes, msg: bytes) -> bytes:
    """RFC 2104 spelled out with hashlib only: a cross-check of the hmac module."""
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\x00")
    ipad = bytes(b ^ 0x36 for b in key)
    opad = bytes(b ^ 0x5C for b in key)
    inner = hashlib.sha256(ipad + msg).digest()
    return hashlib.sha256(opad + inner).digest()


def parse_timestamp(text: str) -> int | None:
    """1+ ASCII digits, value fits in u64. Nothing trimmed, no sign."""
    if text == "" or any(c not in ASCII_DIGITS for c in text):
        return None
    value = int(text)
    return value if value <= U64_MAX else None


def parse_signature(text: str) -> bytes | None:
    """Trim ASCII whitespace, drop one optional exact `sha256=`, then 64 hex digits."""
    s = text.strip(ASCII_WS)
    if s.startswith(PREFIX):
        s = s[len(PREFIX):]
    if len(s) != 64 or any(c not in HEX_DIGITS for c in s):
        return None
    return bytes.fromhex(s)


def verify(secrets, timestamp, signature, body: bytes, now: int, tolerance) -> dict:
    # 1. at least one secret, none empty
    if len(secrets) == 0 or any(s == "" for s in secrets):
        return {"ok": False, "error": INVALID_SECRET}
    # 2. signature header present
    if signature is None:
        return {"ok": False, "error": MISSING_SIGNATURE}
    # 3. timestamp header present
    if timestamp is None:
        return {"ok": False, "error": MISSING_TIMESTAMP}
    # 4. timestamp syntax
    ts = parse_timestamp(timestamp)
    if ts is None:
        return {"ok": False, "error": MALFORMED_TIMESTAMP}
    # 5. signature syntax
    given = parse_signature(signature)
    if given is None:
        return {"ok": False, "error": MALFORMED_SIGNATURE}
    # 6. MAC over the verbatim timestamp text, any secret may match
    matched = False
    for secret in secrets:
        expected = mac(secret, timestamp, body)
        assert expected == _manual_hmac_sha256(_key(secret), _ts_bytes(timestamp) + b"." + body)
        if hmac.compare_digest(expected, given):
            matched = True
    if not matched:
        return {"ok": False, "error": SIGNATURE_MISMATCH}
    # 7./8. age window; Python integers are unbounded, so this is the
    # mathematical comparison that saturating u64 arithmetic must reproduce.
    if tolerance is not None:
        if now - ts > tolerance:
            return {"ok": False, "error": TIMESTAMP_TOO_OLD}
        if ts - now > tolerance:
            return {"ok": False, "error": TIMESTAMP_IN_FUTURE}
    return {"ok": True}


def sign(secret: str, timestamp: int, body: bytes) -> dict:
    assert 0 <= timestamp <= U64_MAX
    digest = mac(secret, str(timestamp), body)
    assert digest == _manual_hmac_sha256(_key(secret), str(timestamp).encode() + b"." + body)
    return {"ok": True, "signature": PREFIX + digest.hex()}


# --------------------------------------------------------------------------
# Known answers (from the protocol description)
# --------------------------------------------------------------------------

SDK_SECRET = "whsec_test_secret_12345"
TS = "1700000000"
TSN = 1700000000
KNOWN_ANSWERS = [
    (SDK_SECRET, TS, b'{"test":true}',
     "b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"),
    (SDK_SECRET, TS, b'{"message":{"type":"status-update"}}',
     "09a6634fdc9688fdc77b1b2997e7d4abbeef50439bee0292c555d21be39b1675"),
    ("It's a Secret to Everybody", TS, b"Hello, World!",
     "76c83fd0acdf22faed320674fe8e04d528cfe8a17905e720a9611e40677c03b7"),
]
for _s, _t, _b, _want in KNOWN_ANSWERS:
    assert mac_hex(_s, _t, _b) == _want, (_s, _b)
    assert _manual_hmac_sha256(_s.encode(), _t.encode() + b"." + _b).hex() == _want
    assert sign(_s, int(_t), _b) == {"ok": True, "signature": PREFIX + _want}
    assert verify([_s], _t, PREFIX + _want, _b, TSN, 300) == {"ok": True}


# --------------------------------------------------------------------------
# Case building
# --------------------------------------------------------------------------

class Cases:
    def __init__(self, op: str):
        self.op = op
        self.lines: list[str] = []
        self.ids: set[str] = set()
        self.count = 0
        self.kinds: dict[str, int] = {}

    def comment(self, text: str) -> None:
        self.lines.append("// " + text)

    def _body_fields(self, body: bytes, as_hex: bool | None) -> dict:
        if as_hex is None:
            try:
                body.decode("utf-8")
                as_hex = False
            except UnicodeDecodeError:
                as_hex = True
        if as_hex:
            return {"body_hex": body.hex()}
        return {"body": body.decode("utf-8")}

    def _add(self, case: dict) -> None:
        cid = case["id"]
        assert cid.startswith(self.op + "-"), cid
        assert cid not in self.ids, f"duplicate id {cid}"
        self.ids.add(cid)
        self.count += 1
        self.lines.append(json.dumps(case, ensure_ascii=False, separators=(",", ":")))

    def verify(self, cid, secrets, timestamp, signature, body: bytes, now, tolerance,
               want: str | None, as_hex: bool | None = None) -> None:
        """`want` is the intended outcome (None = ok); it must agree with the reference."""
        assert all(isinstance(s, str) for s in secrets)
        assert isinstance(now, int) and 0 <= now <= U64_MAX, cid
        assert tolerance is None or (isinstance(tolerance, int) and 0 <= tolerance <= U64_MAX)
        expect = verify(secrets, timestamp, signature, body, now, tolerance)
        intended = {"ok": True} if want is None else {"ok": False, "error": want}
        assert expect == intended, f"{cid}: reference says {expect}, case meant {intended}"
        self.kinds[want or "ok"] = self.kinds.get(want or "ok", 0) + 1
        case = {"id": f"verify-{cid}", "op": "verify", "secrets": list(secrets),
                "timestamp": timestamp, "signature": signature}
        case.update(self._body_fields(body, as_hex))
        case.update({"now": now, "tolerance": tolerance, "expect": expect})
        self._add(case)

    def sign(self, cid, secret: str, timestamp: int, body: bytes,
             as_hex: bool | None = None, want_hex: str | None = None) -> None:
        expect = sign(secret, timestamp, body)
        if want_hex is not None:
            assert expect["signature"] == PREFIX + want_hex, cid
        # Round trip through the reference verifier.
        assert verify([secret], str(timestamp), expect["signature"], body, timestamp, 0) == {"ok": True}
        case = {"id": f"sign-{cid}", "op": "sign", "secret": secret, "timestamp": timestamp}
        case.update(self._body_fields(body, as_hex))
        case["expect"] = expect
        self._add(case)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def filler(n: int, alphabet: bytes = b"abcdefghijklmnopqrstuvwxyz0123456789") -> bytes:
    """Deterministic ASCII body of exactly n bytes."""
    return (alphabet * (n // len(alphabet) + 1))[:n]


def binary_filler(n: int) -> bytes:
    """Deterministic arbitrary bytes (not UTF-8) of exactly n bytes."""
    return bytes((i * 7 + 3) % 256 for i in range(n))


def text_filler(n: int) -> bytes:
    out = []
    i = 0
    size = 0
    while size < n:
        line = f"line {i:05d}: the quick brown fox jumps over the lazy dog\n"
        out.append(line)
        size += len(line)
        i += 1
    return "".join(out).encode("ascii")[:n]


def build_verify() -> Cases:
    c = Cases("verify")
    S = SDK_SECRET
    B = b'{"test":true}'
    H = mac_hex(S, TS, B)          # valid lowercase hex for (S, TS, B)
    SIG = PREFIX + H
    WRONG = PREFIX + mac_hex("some-other-secret", TS, B)
    ZERO = PREFIX + "0" * 64
    OK = None

    c.comment("Known answers from the protocol description (HMAC-SHA256 over timestamp + '.' + body).")
    for i, (s, t, b, h) in enumerate(KNOWN_ANSWERS, 1):
        c.verify(f"known-answer-{i}", [s], t, PREFIX + h, b, TSN, 300, OK)
    for i, (s, t, b, h) in enumerate(KNOWN_ANSWERS, 1):
        c.verify(f"known-answer-{i}-no-prefix", [s], t, h, b, TSN, 300, OK)
    c.verify("known-answer-1-wrong-secret", ["whsec_test_secret_12346"], TS, SIG, B, TSN, 300,
             SIGNATURE_MISMATCH)

    c.comment("Check order: the first failing check names the error.")
    c.verify("order-no-secrets-all-broken", [], None, None, b"\xff", U64_MAX, 0, INVALID_SECRET)
    c.verify("order-no-secrets-malformed-headers", [], "12x", "sha1=zz", B, 0, 0, INVALID_SECRET)
    c.verify("order-no-secrets-valid-request", [], TS, SIG, B, TSN, 300, INVALID_SECRET)
    c.verify("order-empty-secret-alone", [""], TS, SIG, B, TSN, 300, INVALID_SECRET)
    c.verify("order-empty-secret-among-valid-first", ["", S], TS, SIG, B, TSN, 300, INVALID_SECRET)
    c.verify("order-empty-secret-among-valid-last", [S, "k2", ""], TS, SIG, B, TSN, 300,
             INVALID_SECRET)
    c.verify("order-empty-secret-and-missing-headers", [S, ""], None, None, B, TSN, 300,
             INVALID_SECRET)
    c.verify("order-both-headers-missing", [S], None, None, B, TSN, 300, MISSING_SIGNATURE)
    c.verify("order-missing-signature-malformed-timestamp", [S], "abc", None, B, TSN, 300,
             MISSING_SIGNATURE)
    c.verify("order-missing-signature-valid-timestamp", [S], TS, None, B, TSN, 300,
             MISSING_SIGNATURE)
    c.verify("order-missing-timestamp", [S], None, SIG, B, TSN, 300, MISSING_TIMESTAMP)
    c.verify("order-missing-timestamp-malformed-signature", [S], None, "garbage", B, TSN, 300,
             MISSING_TIMESTAMP)
    c.verify("order-empty-signature-header-is-present", [S], TS, "", B, TSN, 300,
             MALFORMED_SIGNATURE)
    c.verify("order-empty-timestamp-header-is-present", [S], "", SIG, B, TSN, 300,
             MALFORMED_TIMESTAMP)
    c.verify("order-malformed-timestamp-and-signature", [S], "1.7e9", "sha256=xyz", B, TSN, 300,
             MALFORMED_TIMESTAMP)
    c.verify("order-malformed-signature-and-stale", [S], TS, PREFIX + H[:-1], B, TSN + 10_000,
             300, MALFORMED_SIGNATURE)
    c.verify("order-malformed-signature-and-future", [S], TS, PREFIX + H + "0", B, TSN - 10_000,
             300, MALFORMED_SIGNATURE)
    c.verify("order-mismatch-and-stale", [S], TS, WRONG, B, TSN + 10_000, 300, SIGNATURE_MISMATCH)
    c.verify("order-mismatch-and-future", [S], TS, WRONG, B, TSN - 10_000, 300, SIGNATURE_MISMATCH)
    c.verify("order-valid-and-stale", [S], TS, SIG, B, TSN + 10_000, 300, TIMESTAMP_TOO_OLD)
    c.verify("order-valid-and-future", [S], TS, SIG, B, TSN - 10_000, 300, TIMESTAMP_IN_FUTURE)
    c.verify("order-whitespace-only-secret-is-not-empty", [" "], TS, PREFIX + mac_hex(" ", TS, B),
             B, TSN, 300, OK)

    c.comment("Age window boundaries: ok when |now - ts| <= tolerance, as mathematical integers.")
    c.verify("window-age-equals-tolerance", [S], TS, SIG, B, TSN + 300, 300, OK)
    c.verify("window-age-tolerance-plus-1", [S], TS, SIG, B, TSN + 301, 300, TIMESTAMP_TOO_OLD)
    c.verify("window-future-equals-tolerance", [S], TS, SIG, B, TSN - 300, 300, OK)
    c.verify("window-future-tolerance-plus-1", [S], TS, SIG, B, TSN - 301, 300, TIMESTAMP_IN_FUTURE)
    c.verify("window-same-second", [S], TS, SIG, B, TSN, 300, OK)
    c.verify("window-tolerance-60-age-60", [S], TS, SIG, B, TSN + 60, 60, OK)
    c.verify("window-tolerance-60-age-61", [S], TS, SIG, B, TSN + 61, 60, TIMESTAMP_TOO_OLD)
    c.verify("window-tolerance-0-equal", [S], TS, SIG, B, TSN, 0, OK)
    c.verify("window-tolerance-0-one-second-old", [S], TS, SIG, B, TSN + 1, 0, TIMESTAMP_TOO_OLD)
    c.verify("window-tolerance-0-one-second-ahead", [S], TS, SIG, B, TSN - 1, 0,
             TIMESTAMP_IN_FUTURE)
    c.verify("window-disabled-huge-age", [S], TS, SIG, B, U64_MAX, None, OK)
    c.verify("window-disabled-huge-future", [S], TS, SIG, B, 0, None, OK)
    t0 = "0"
    c.verify("window-disabled-ts-0-now-max", [S], t0, PREFIX + mac_hex(S, t0, B), B, U64_MAX, None,
             OK)
    c.verify("window-milliseconds-timestamp-is-future", [S], "1700000000000",
             PREFIX + mac_hex(S, "1700000000000", B), B, TSN, 300, TIMESTAMP_IN_FUTURE)
    c.verify("window-now-0-ts-small", [S], "5", PREFIX + mac_hex(S, "5", B), B, 0, 300, OK)
    c.verify("window-now-0-ts-300", [S], "300", PREFIX + mac_hex(S, "300", B), B, 0, 300, OK)
    c.verify("window-now-0-ts-301", [S], "301", PREFIX + mac_hex(S, "301", B), B, 0, 300,
             TIMESTAMP_IN_FUTURE)
    sig0 = PREFIX + mac_hex(S, t0, B)
    c.verify("window-ts-0-now-0", [S], t0, sig0, B, 0, 0, OK)
    c.verify("window-ts-0-age-equals-tolerance", [S], t0, sig0, B, 300, 300, OK)
    c.verify("window-ts-0-age-tolerance-plus-1", [S], t0, sig0, B, 301, 300, TIMESTAMP_TOO_OLD)
    c.verify("window-ts-0-realistic-now", [S], t0, sig0, B, TSN, 300, TIMESTAMP_TOO_OLD)
    tmax = str(U64_MAX)
    sigmax = PREFIX + mac_hex(S, tmax, B)
    c.verify("window-ts-u64-max-tolerance-u64-max", [S], tmax, sigmax, B, TSN, U64_MAX, OK)
    c.verify("window-ts-u64-max-future-equals-tolerance", [S], tmax, sigmax, B, TSN,
             U64_MAX - TSN, OK)
    c.verify("window-ts-u64-max-future-tolerance-plus-1", [S], tmax, sigmax, B, TSN,
             U64_MAX - TSN - 1, TIMESTAMP_IN_FUTURE)
    c.verify("window-ts-u64-max-now-0-tolerance-u64-max", [S], tmax, sigmax, B, 0, U64_MAX, OK)
    c.verify("window-ts-u64-max-default-tolerance", [S], tmax, sigmax, B, TSN, 300,
             TIMESTAMP_IN_FUTURE)
    c.verify("window-now-u64-max-ts-u64-max-tolerance-0", [S], tmax, sigmax, B, U64_MAX, 0, OK)
    tmax1 = str(U64_MAX - 1)
    c.verify("window-now-u64-max-ts-one-less-tolerance-0", [S], tmax1,
             PREFIX + mac_hex(S, tmax1, B), B, U64_MAX, 0, TIMESTAMP_TOO_OLD)
    c.verify("window-now-u64-max-ts-0-tolerance-u64-max", [S], t0, sig0, B, U64_MAX, U64_MAX, OK)
    c.verify("window-now-u64-max-ts-0-tolerance-u64-max-minus-1", [S], t0, sig0, B, U64_MAX,
             U64_MAX - 1, TIMESTAMP_TOO_OLD)
    c.verify("window-now-u64-max-realistic-ts", [S], TS, SIG, B, U64_MAX, 300, TIMESTAMP_TOO_OLD)

    c.comment("Timestamp header syntax: 1+ ASCII digits, value fits u64, nothing trimmed; "
              "the MAC covers the header text verbatim.")
    for cid, t in [
        ("leading-zeros", "0001700000000"),
        ("many-leading-zeros", "0" * 30 + "1700000000"),
        ("single-zero", "0"),
        ("all-zeros", "0000000000"),
        ("u64-max", str(U64_MAX)),
        ("u64-max-leading-zero", "0" + str(U64_MAX)),
    ]:
        value = int(t)
        c.verify(f"timestamp-{cid}", [S], t, PREFIX + mac_hex(S, t, B), B, value, 300, OK)
    c.verify("timestamp-leading-zeros-signed-over-canonical-text", [S], "0001700000000", SIG, B, TSN,
             300, SIGNATURE_MISMATCH)
    c.verify("timestamp-canonical-header-signed-over-leading-zeros", [S], TS,
             PREFIX + mac_hex(S, "0001700000000", B), B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("timestamp-leading-zeros-age-uses-value", [S], "0001700000000",
             PREFIX + mac_hex(S, "0001700000000", B), B, TSN + 301, 300, TIMESTAMP_TOO_OLD)
    for cid, t in [
        ("plus-sign", "+1700000000"),
        ("minus-one", "-1"),
        ("negative", "-1700000000"),
        ("exponent", "1.7e9"),
        ("fraction", "1700000000.5"),
        ("trailing-dot", "1700000000."),
        ("leading-space", " 1700000000"),
        ("trailing-space", "1700000000 "),
        ("leading-tab", "\t1700000000"),
        ("trailing-newline", "1700000000\n"),
        ("trailing-crlf", "1700000000\r\n"),
        ("inner-space", "1700 000000"),
        ("underscores", "1_700_000_000"),
        ("comma-grouping", "1,700,000,000"),
        ("empty", ""),
        ("only-space", " "),
        ("letters-suffix", "123abc"),
        ("letters-only", "abc"),
        ("hex-literal", "0x10"),
        ("u64-max-plus-1", "18446744073709551616"),
        ("twenty-nines", "99999999999999999999"),
        ("u64-max-plus-1-leading-zeros", "00018446744073709551616"),
        ("25-digits", "1234567890123456789012345"),
        ("arabic-indic-digits", "١٧٠٠٠٠٠٠٠٠"),
        ("fullwidth-digits", "１７００００００００"),
        ("superscript-digit", "170000000²"),
        ("nul-suffix", "1700000000\x00"),
        ("rfc2822-date", "Tue, 14 Nov 2023 22:13:20 GMT"),
        ("iso8601-date", "2023-11-14T22:13:20Z"),
    ]:
        # Signed over the verbatim text, so only the syntax is at fault.
        c.verify(f"timestamp-{cid}", [S], t, PREFIX + mac_hex(S, t, B), B, TSN, 300,
                 MALFORMED_TIMESTAMP)

    c.comment("Signature header syntax: optional exact 'sha256=' prefix, exactly 64 hex digits of "
              "either case, surrounding ASCII whitespace (space, tab, LF, FF, CR) ignored.")
    for cid, s in [
        ("lowercase-with-prefix", SIG),
        ("uppercase-hex", PREFIX + H.upper()),
        ("mixed-case-hex", PREFIX + "".join(ch.upper() if i % 2 else ch for i, ch in enumerate(H))),
        ("no-prefix", H),
        ("no-prefix-uppercase", H.upper()),
        ("leading-space", " " + SIG),
        ("trailing-space", SIG + " "),
        ("spaces-both-sides", "   " + SIG + "  "),
        ("leading-tab", "\t" + SIG),
        ("trailing-tab", SIG + "\t"),
        ("trailing-lf", SIG + "\n"),
        ("trailing-cr", SIG + "\r"),
        ("trailing-crlf", SIG + "\r\n"),
        ("leading-crlf", "\r\n" + SIG),
        ("leading-form-feed", "\x0c" + SIG),
        ("mixed-whitespace-both-sides", " \t\r\n\x0c" + SIG + "\x0c\n\r\t "),
        ("whitespace-around-no-prefix", "\t " + H + " \n"),
    ]:
        c.verify(f"signature-{cid}", [S], TS, s, B, TSN, 300, OK)
    for cid, s in [
        ("uppercase-prefix", "SHA256=" + H),
        ("capitalized-prefix", "Sha256=" + H),
        ("colon-prefix", "sha256:" + H),
        ("prefix-without-equals", "sha256" + H),
        ("space-before-equals", "sha256 =" + H),
        ("space-after-prefix", "sha256= " + H),
        ("tab-after-prefix", "sha256=\t" + H),
        ("space-inside-hex", PREFIX + H[:32] + " " + H[32:]),
        ("63-hex-digits", PREFIX + H[:63]),
        ("65-hex-digits", PREFIX + H + "0"),
        ("63-hex-digits-no-prefix", H[:63]),
        ("65-hex-digits-no-prefix", H + "a"),
        ("128-hex-digits", PREFIX + H + H),
        ("non-hex-g", PREFIX + H[:63] + "g"),
        ("non-hex-z-first", PREFIX + "z" + H[1:]),
        ("double-prefix", PREFIX + PREFIX + H),
        ("empty", ""),
        ("only-prefix", PREFIX),
        ("only-prefix-with-whitespace", " sha256= "),
        ("only-whitespace", " \t\r\n"),
        ("non-ascii-letter", PREFIX + H[:63] + "é"),
        ("fullwidth-hex-digit", PREFIX + H[:63] + "ａ"),
        ("arabic-indic-digit", PREFIX + H[:63] + "٣"),
        ("trailing-nbsp", SIG + "\u00a0"),
        ("leading-bom", "\ufeff" + SIG),
        ("leading-vertical-tab", "\x0b" + SIG),
        ("sha1-prefix-40-hex", "sha1=" + H[:40]),
        ("sha1-prefix-64-hex", "sha1=" + H),
        ("sha512-prefix", "sha512=" + H),
        ("v1-prefix", "v1=" + H),
        ("hex-0x-prefix", PREFIX + "0x" + H),
        ("two-signatures-comma", SIG + "," + WRONG),
        ("two-signatures-space", WRONG + " " + SIG),
        ("base64-digest", PREFIX + base64.b64encode(bytes.fromhex(H)).decode("ascii")),
        ("quoted", '"' + SIG + '"'),
    ]:
        c.verify(f"signature-{cid}", [S], TS, s, B, TSN, 300, MALFORMED_SIGNATURE)
    c.verify("signature-all-zero", [S], TS, ZERO, B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("signature-all-zero-no-prefix", [S], TS, "0" * 64, B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("signature-all-f-uppercase", [S], TS, "F" * 64, B, TSN, 300, SIGNATURE_MISMATCH)
    last = "0" if H[-1] != "0" else "1"
    c.verify("signature-last-digit-changed", [S], TS, SIG[:-1] + last, B, TSN, 300,
             SIGNATURE_MISMATCH)
    first = "0" if H[0] != "0" else "1"
    c.verify("signature-first-digit-changed", [S], TS, PREFIX + first + H[1:], B, TSN, 300,
             SIGNATURE_MISMATCH)
    c.verify("signature-other-secret", [S], TS, WRONG, B, TSN, 300, SIGNATURE_MISMATCH)

    c.comment("Secret rotation: the request is authentic when any configured secret matches "
              "(any number of secrets: the runner has no cap).")
    pool = ["whsec_rotation_old", "whsec_rotation_mid_1", "whsec_rotation_mid_2",
            "whsec_rotation_new"]
    positions = {2: [("first", 0), ("last", 1)],
                 3: [("first", 0), ("middle", 1), ("last", 2)],
                 4: [("first", 0), ("middle", 1), ("middle-2", 2), ("last", 3)]}
    for n, where in positions.items():
        keys = pool[:n]
        for name, idx in where:
            c.verify(f"rotation-{n}-secrets-match-{name}", keys, TS,
                     PREFIX + mac_hex(keys[idx], TS, B), B, TSN, 300, OK)
    c.verify("rotation-2-secrets-no-match", pool[:2], TS, SIG, B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("rotation-4-secrets-no-match", pool, TS, SIG, B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("rotation-duplicate-secrets", [S, S], TS, SIG, B, TSN, 300, OK)
    many = [f"whsec_rotation_{i:03}" for i in range(40)]
    c.verify("rotation-17-secrets-match-last", many[:17], TS, PREFIX + mac_hex(many[16], TS, B), B, TSN, 300,
             OK)
    c.verify("rotation-40-secrets-match-last", many, TS, PREFIX + mac_hex(many[39], TS, B), B, TSN, 300, OK)
    c.verify("rotation-40-secrets-no-match", many, TS, SIG, B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("rotation-40-secrets-one-empty", many[:39] + [""], TS, PREFIX + mac_hex(many[0], TS, B), B, TSN,
             300, INVALID_SECRET)
    c.verify("rotation-match-last-but-stale", pool, TS, PREFIX + mac_hex(pool[3], TS, B), B,
             TSN + 301, 300, TIMESTAMP_TOO_OLD)
    c.verify("rotation-match-with-uppercase-hex", pool[:3], TS,
             PREFIX + mac_hex(pool[2], TS, B).upper(), B, TSN, 300, OK)

    c.comment("Secrets: the UTF-8 bytes of the configured string are the HMAC key, used as is.")
    secrets = [
        ("unicode", "sécret-🔑-秘密"),
        ("one-byte", "k"),
        ("64-bytes", filler(64).decode()),
        ("65-bytes", filler(65).decode()),
        ("200-bytes", filler(200).decode()),
        ("whsec-prefixed-base64-looking", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        ("surrounding-spaces", "  spaced secret  "),
    ]
    for cid, s in secrets:
        c.verify(f"secret-{cid}", [s], TS, PREFIX + mac_hex(s, TS, B), B, TSN, 300, OK)
    c.verify("secret-65-bytes-signed-with-first-64", [filler(65).decode()], TS,
             PREFIX + mac_hex(filler(64), TS, B), B, TSN, 300, SIGNATURE_MISMATCH)
    long_key = filler(200)
    c.verify("secret-200-bytes-signed-with-its-sha256", [long_key.decode()], TS,
             PREFIX + mac_hex(hashlib.sha256(long_key).digest(), TS, B), B, TSN, 300, OK)
    c.verify("secret-64-bytes-signed-with-its-sha256", [filler(64).decode()], TS,
             PREFIX + mac_hex(hashlib.sha256(filler(64)).digest(), TS, B), B, TSN, 300,
             SIGNATURE_MISMATCH)
    whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    decoded = base64.b64decode(whsec[len("whsec_"):])
    c.verify("secret-whsec-signed-with-base64-decoded-key", [whsec], TS,
             PREFIX + mac_hex(decoded, TS, B), B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("secret-whsec-signed-without-prefix", [SDK_SECRET], TS,
             PREFIX + mac_hex(SDK_SECRET[len("whsec_"):], TS, B), B, TSN, 300, SIGNATURE_MISMATCH)
    c.verify("secret-surrounding-spaces-signed-with-trimmed", ["  spaced secret  "], TS,
             PREFIX + mac_hex("spaced secret", TS, B), B, TSN, 300, SIGNATURE_MISMATCH)
    nfc = unicodedata.normalize("NFC", "clé-é")
    nfd = unicodedata.normalize("NFD", "clé-é")
    assert nfc != nfd
    c.verify("secret-nfc-signed-with-nfd", [nfc], TS, PREFIX + mac_hex(nfd, TS, B), B, TSN, 300,
             SIGNATURE_MISMATCH)
    c.verify("secret-nfd", [nfd], TS, PREFIX + mac_hex(nfd, TS, B), B, TSN, 300, OK)
    c.verify("secret-case-differs", [S.upper()], TS, SIG, B, TSN, 300, SIGNATURE_MISMATCH)

    c.comment("Bodies: the raw bytes as received (never re-serialized, need not be UTF-8).")
    prefix_len = len(TS) + 1  # MAC input = timestamp + "." + body

    def body_case(cid, body, as_hex=None, want=OK):
        c.verify(f"body-{cid}", [S], TS, PREFIX + mac_hex(S, TS, body), body, TSN, 300, want,
                 as_hex=as_hex)

    body_case("empty", b"")
    body_case("empty-as-hex", b"", as_hex=True)
    body_case("one-byte", b"x")
    body_case("one-byte-0xff", b"\xff")
    for n in (55, 56, 63, 64, 65, 119, 120, 128):
        body_case(f"length-{n}", filler(n))
    for n in (55, 56, 63, 64, 65, 119, 120, 128):
        body_case(f"mac-input-length-{n}", filler(n - prefix_len))
    body_case("10-kib-binary", binary_filler(10 * 1024), as_hex=True)
    body_case("100-kib-text", text_filler(100 * 1024))
    body_case("non-utf8-bytes", bytes.fromhex("fffe0080"))
    body_case("lone-continuation-byte", b'{"a":"\x80"}')
    body_case("nul-bytes-as-string", b'{"a":"\x00\x00"}')
    body_case("nul-bytes-as-hex", b"\x00abc\x00\x00def\x00", as_hex=True)
    body_case("utf8-multibyte", '{"message":"héllo wörld 你好 🎉"}'.encode("utf-8"))
    body_case("utf8-multibyte-as-hex", '{"message":"héllo 🎉"}'.encode("utf-8"), as_hex=True)
    body_case("utf8-bom", b"\xef\xbb\xbf" + B)
    body_case("crlf-line-endings", b'{\r\n  "test": true\r\n}\r\n')
    body_case("trailing-newline", B + b"\n")
    body_case("only-whitespace", b" \t\r\n")
    body_case("not-json", b"definitely not json")

    def mismatch(cid, signed_body, sent_body, as_hex=None):
        c.verify(f"body-{cid}", [S], TS, PREFIX + mac_hex(S, TS, signed_body), sent_body, TSN, 300,
                 SIGNATURE_MISMATCH, as_hex=as_hex)

    mismatch("trailing-newline-added", B, B + b"\n")
    mismatch("trailing-newline-removed", B + b"\n", B)
    flipped = bytearray(B)
    flipped[2] ^= 0x01  # 't' -> 'u'
    mismatch("one-bit-flipped", B, bytes(flipped))
    big = binary_filler(10 * 1024)
    big_flipped = bytearray(big)
    big_flipped[-1] ^= 0x80
    mismatch("10-kib-last-bit-flipped", big, bytes(big_flipped), as_hex=True)
    mismatch("reserialized-json-with-space", B, b'{"test": true}')
    mismatch("reserialized-json-key-order", b'{"a":1,"b":2}', b'{"b":2,"a":1}')
    mismatch("crlf-vs-lf", b"a\nb", b"a\r\nb")
    mismatch("bom-stripped", b"\xef\xbb\xbf" + B, B)
    mismatch("truncated-by-one-byte", B, B[:-1])
    mismatch("extra-nul-byte", B, B + b"\x00", as_hex=True)
    mismatch("empty-vs-signed-nonempty", B, b"")
    body_case("starts-with-dot", b".." + B)
    return c


def build_sign() -> Cases:
    c = Cases("sign")
    S = SDK_SECRET
    B = b'{"test":true}'

    c.comment("Known answers from the protocol description.")
    for i, (s, t, b, h) in enumerate(KNOWN_ANSWERS, 1):
        c.sign(f"known-answer-{i}", s, int(t), b, want_hex=h)
    c.sign("known-answer-1-body-as-hex", S, TSN, KNOWN_ANSWERS[0][2], as_hex=True,
           want_hex=KNOWN_ANSWERS[0][3])

    c.comment("Bodies.")
    c.sign("empty-body", S, TSN, b"")
    c.sign("one-byte-body", S, TSN, b"x")
    c.sign("non-utf8-body", S, TSN, bytes.fromhex("fffe0080"))
    c.sign("nul-bytes-body", S, TSN, b"\x00abc\x00", as_hex=True)
    c.sign("utf8-multibyte-body", S, TSN, '{"message":"héllo 你好 🎉"}'.encode("utf-8"))
    c.sign("trailing-newline-body", S, TSN, B + b"\n")
    c.sign("status-update-payload", S, TSN,
           b'{"message":{"type":"status-update","call":{"id":"c-1","status":"ended"}}}')
    for n in (55, 56, 64, 119, 120):
        c.sign(f"mac-input-length-{n}", S, TSN, filler(n - (len(TS) + 1)))
    c.sign("body-10-kib-binary", S, TSN, binary_filler(10 * 1024), as_hex=True)

    c.comment("Timestamps: an integer; the signed text is its canonical decimal form.")
    for cid, t in [("timestamp-0", 0), ("timestamp-1", 1), ("timestamp-9", 9), ("timestamp-10", 10),
                   ("timestamp-milliseconds", 1700000000000), ("timestamp-2-pow-32", 2**32),
                   ("timestamp-u64-max-minus-1", U64_MAX - 1), ("timestamp-u64-max", U64_MAX)]:
        c.sign(cid, S, t, B)

    c.comment("Secrets: UTF-8 bytes used as is.")
    for cid, s in [
        ("secret-one-byte", "k"),
        ("secret-64-bytes", filler(64).decode()),
        ("secret-65-bytes", filler(65).decode()),
        ("secret-200-bytes", filler(200).decode()),
        ("secret-unicode", "sécret-🔑-秘密"),
        ("secret-whsec-base64-looking", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        ("secret-surrounding-spaces", "  spaced secret  "),
    ]:
        c.sign(cid, s, TSN, B)
    return c


def render() -> tuple[str, str, Cases, Cases]:
    v = build_verify()
    s = build_sign()
    header_v = (
        "// verify cases. Expected results computed by gen_verify_sign.py (Python hmac/hashlib),\n"
        "// independently of the crate. Regenerate with: python3 tests/data/conformance/gen_verify_sign.py\n"
    )
    header_s = (
        "// sign cases. Expected results computed by gen_verify_sign.py (Python hmac/hashlib),\n"
        "// independently of the crate. Regenerate with: python3 tests/data/conformance/gen_verify_sign.py\n"
    )
    # Self-checks on coverage.
    missing = [k for k in ALL_KINDS if k not in v.kinds]
    assert not missing, f"error kinds without a case: {missing}"
    assert "ok" in v.kinds
    assert s.count >= 20
    assert v.count + s.count >= 130
    return header_v + v.text(), header_s + s.text(), v, s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the files on disk differ from what would be written")
    args = ap.parse_args()
    verify_text, sign_text, v, s = render()
    outputs = [(VERIFY_PATH, verify_text.encode("utf-8")), (SIGN_PATH, sign_text.encode("utf-8"))]
    if args.check:
        stale = [p for p, data in outputs if not p.exists() or p.read_bytes() != data]
        for p in stale:
            print(f"stale: {p.name} differs from gen_verify_sign.py output", file=sys.stderr)
        if stale:
            return 1
        print(f"up to date: verify {v.count} cases, sign {s.count} cases")
        return 0
    for p, data in outputs:
        p.write_bytes(data)
    print(f"wrote verify.jsonl ({v.count} cases), sign.jsonl ({s.count} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
