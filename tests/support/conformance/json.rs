//! The runner's own JSON: results it writes (with raw pass-through) and the values it compares.
//!
//! A result may hold any JSON the case's body held — a lone surrogate escape, `1e400`, thousands
//! of levels of nesting — which `serde_json::Value` cannot represent. So results are built as
//! [`Out`] (raw parts are the crate's exact JSON text, written verbatim), and `--check` compares
//! a printed result with the case's `expect` as [`Json`] values read under the protocol's reading
//! rules: object keys unordered with the last duplicate winning, strings as UTF-16 code units
//! (lone surrogates kept), numbers by their exact decimal value (`1.0` = `1` = `1e0`, `-0` = `0`),
//! and no depth limit.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A result being written: typed parts, and raw parts that are already JSON text.
#[derive(Debug)]
pub(crate) enum Out {
    Null,
    Bool(bool),
    U64(u64),
    Str(String),
    /// Exact JSON text, written verbatim (a raw value from the crate).
    Raw(String),
    Array(Vec<Out>),
    Object(Vec<(&'static str, Out)>),
}

impl Out {
    pub(crate) fn str(text: &str) -> Self {
        Self::Str(text.to_owned())
    }

    pub(crate) fn opt_str(text: Option<&str>) -> Self {
        text.map_or(Self::Null, Self::str)
    }

    pub(crate) fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Self {
        Self::Array(items.into_iter().map(Self::str).collect())
    }

    /// Compact JSON text.
    pub(crate) fn to_json(&self) -> String {
        let mut text = String::new();
        self.write(&mut text);
        text
    }

    fn write(&self, text: &mut String) {
        match self {
            Self::Null => text.push_str("null"),
            Self::Bool(value) => text.push_str(if *value { "true" } else { "false" }),
            Self::U64(value) => {
                let _ = write!(text, "{value}");
            }
            Self::Str(value) => write_str(text, value),
            Self::Raw(raw) => write_compact(text, raw),
            Self::Array(items) => {
                text.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    item.write(text);
                }
                text.push(']');
            }
            Self::Object(fields) => {
                text.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        text.push(',');
                    }
                    write_str(text, key);
                    text.push(':');
                    value.write(text);
                }
                text.push('}');
            }
        }
    }
}

/// Writes valid JSON text without the whitespace between tokens, so that a result stays on one
/// line; strings (escapes included) are copied unchanged, so the value is the same.
fn write_compact(text: &mut String, raw: &str) {
    let (mut in_string, mut escaped) = (false, false);
    for ch in raw.chars() {
        if in_string {
            text.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if !matches!(ch, ' ' | '\t' | '\n' | '\r') {
            in_string = ch == '"';
            text.push(ch);
        }
    }
}

fn write_str(text: &mut String, value: &str) {
    text.push('"');
    for ch in value.chars() {
        match ch {
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(text, "\\u{:04x}", u32::from(c));
            }
            c => text.push(c),
        }
    }
    text.push('"');
}

/// A JSON value as the reading rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(Number),
    /// UTF-16 code units, so lone surrogates are kept and compared exactly.
    String(Vec<u16>),
    Array(Vec<Json>),
    /// Last duplicate wins; key order does not matter.
    Object(BTreeMap<Vec<u16>, Json>),
}

/// A number by its exact decimal value: `digits × 10^exponent`, no leading or trailing zeros in
/// `digits` (zero is `digits` empty, sign ignored). An exponent too large for `i128` keeps the
/// literal's text instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Number {
    Exact { negative: bool, digits: String, exponent: i128 },
    Text(String),
}

impl Json {
    /// Reads one JSON text (whitespace around it allowed).
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let mut reader = Reader { bytes: text.as_bytes(), pos: 0 };
        reader.ws();
        let value = reader.value()?;
        reader.ws();
        if reader.pos != reader.bytes.len() {
            return Err(format!("trailing characters at byte {}", reader.pos));
        }
        Ok(value)
    }

    /// The string's text, if this is a string without lone surrogates.
    pub(crate) fn as_str(&self) -> Option<String> {
        match self {
            Self::String(units) => String::from_utf16(units).ok(),
            _ => None,
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(fields) => fields.get(&key.encode_utf16().collect::<Vec<u16>>()),
            _ => None,
        }
    }

    pub(crate) fn insert(&mut self, key: &str, value: Json) {
        if let Self::Object(fields) = self {
            fields.insert(key.encode_utf16().collect(), value);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.pos))
    }

    fn eat(&mut self, byte: u8) -> Result<(), String> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.error(&format!("expected {:?}", byte as char))
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            self.error("invalid literal")
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut fields = BTreeMap::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(Json::Object(fields));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    self.eat(b':')?;
                    self.ws();
                    let value = self.value()?;
                    fields.insert(key, value);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Json::Object(fields));
                        }
                        _ => return self.error("expected ',' or '}'"),
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    self.ws();
                    items.push(self.value()?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return self.error("expected ',' or ']'"),
                    }
                }
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.error("expected a value"),
        }
    }

    fn hex4(&mut self) -> Result<u16, String> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or("truncated \\u escape")?;
        let text = std::str::from_utf8(digits).map_err(|_| "bad \\u escape")?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return self.error("bad \\u escape");
        }
        self.pos += 4;
        u16::from_str_radix(text, 16).map_err(|e| e.to_string())
    }

    fn string(&mut self) -> Result<Vec<u16>, String> {
        self.eat(b'"')?;
        let mut units = Vec::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = std::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| "invalid UTF-8")?;
            units.extend(run.encode_utf16());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(units);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek().ok_or("truncated escape")?;
                    self.pos += 1;
                    units.push(match escaped {
                        b'"' => 0x22,
                        b'\\' => 0x5c,
                        b'/' => 0x2f,
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => 0x0a,
                        b'r' => 0x0d,
                        b't' => 0x09,
                        b'u' => self.hex4()?,
                        _ => return self.error("invalid escape"),
                    });
                }
                _ => return self.error("unterminated string or control character"),
            }
        }
    }

    fn digits(&mut self) -> &str {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("")
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int = self.digits().to_owned();
        if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
            return self.error("invalid number");
        }
        let mut frac = String::new();
        if self.peek() == Some(b'.') {
            self.pos += 1;
            frac = self.digits().to_owned();
            if frac.is_empty() {
                return self.error("invalid number");
            }
        }
        let mut exponent_text = String::from("0");
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            let sign = match self.peek() {
                Some(b'-') => {
                    self.pos += 1;
                    "-"
                }
                Some(b'+') => {
                    self.pos += 1;
                    ""
                }
                _ => "",
            };
            let digits = self.digits();
            if digits.is_empty() {
                return self.error("invalid number");
            }
            exponent_text = format!("{sign}{digits}");
        }
        let literal = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("").to_owned();
        let Ok(exponent) = exponent_text.parse::<i128>() else {
            return Ok(Json::Number(Number::Text(literal)));
        };
        let all = format!("{int}{frac}");
        let trimmed_front = all.trim_start_matches('0');
        let digits = trimmed_front.trim_end_matches('0');
        if digits.is_empty() {
            return Ok(Json::Number(Number::Exact { negative: false, digits: String::new(), exponent: 0 }));
        }
        let trailing = (trimmed_front.len() - digits.len()) as i128;
        let Some(exponent) = exponent.checked_sub(frac.len() as i128).and_then(|e| e.checked_add(trailing))
        else {
            return Ok(Json::Number(Number::Text(literal)));
        };
        Ok(Json::Number(Number::Exact { negative, digits: digits.to_owned(), exponent }))
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn reading_rules() {
        let same =
            |a: &str, b: &str| assert_eq!(Json::parse(a).unwrap(), Json::parse(b).unwrap(), "{a} vs {b}");
        same(r#"{"a":1,"a":2}"#, r#"{"a":2.0}"#);
        same("1e2", "100");
        same("-0.0", "0");
        same("15000e-3", "15");
        same(r#""\ud800\u0041""#, r#""\uD800A""#);
        assert_ne!(Json::parse("1e400").unwrap(), Json::parse("1e399").unwrap());
        assert_ne!(Json::parse(r#""\ud800""#).unwrap(), Json::parse(r#""\ufffd""#).unwrap());
        assert_ne!(Json::parse("84.0000000000000001").unwrap(), Json::parse("84").unwrap());
    }
}
