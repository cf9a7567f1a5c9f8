//! A small RFC 8259 grammar check, written from the RFC and independent of the crate and of
//! `serde_json`: the judge of "grammatical JSON is never `InvalidJson`".
//!
//! It accepts exactly one JSON text over strict UTF-8 (no byte order mark), surrounded only by the
//! four whitespace bytes. Per the RFC's grammar it accepts lone surrogate escapes (`"\ud800"`:
//! §8.2 calls them grammatical, only their meaning is unpredictable), numbers of any magnitude
//! (`1e400`, 400-digit integers: §6 leaves range to implementations), duplicate keys (§4: names
//! "SHOULD" be unique) and any depth (an explicit stack, no recursion).

/// Whether `bytes` is one grammatical JSON text.
#[must_use]
pub fn is_json(bytes: &[u8]) -> bool {
    if core::str::from_utf8(bytes).is_err() {
        return false;
    }
    let mut p = Parser { bytes, pos: 0 };
    p.ws();
    if !p.document() {
        return false;
    }
    p.ws();
    p.pos == bytes.len()
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// What an open container expects next.
#[derive(Clone, Copy)]
enum Frame {
    Array,
    Object,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// One value, containers handled with an explicit stack.
    fn document(&mut self) -> bool {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            // A value starts here.
            self.ws();
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.ws();
                    if self.eat(b'}') {
                        // empty object: a complete value
                    } else {
                        stack.push(Frame::Object);
                        if !self.member_name() {
                            return false;
                        }
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.ws();
                    if self.eat(b']') {
                        // empty array
                    } else {
                        stack.push(Frame::Array);
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    if !self.string() {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                Some(b't') => {
                    if !self.word(b"true") {
                        return false;
                    }
                }
                Some(b'f') => {
                    if !self.word(b"false") {
                        return false;
                    }
                }
                Some(b'n') => {
                    if !self.word(b"null") {
                        return false;
                    }
                }
                _ => return false,
            }
            // A value ended: close containers or move to the next element.
            loop {
                let Some(&frame) = stack.last() else { return true };
                self.ws();
                match (frame, self.peek()) {
                    (_, Some(b',')) => {
                        self.pos += 1;
                        if let Frame::Object = frame {
                            self.ws();
                            if !self.member_name() {
                                return false;
                            }
                        }
                        continue 'value;
                    }
                    (Frame::Array, Some(b']')) | (Frame::Object, Some(b'}')) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    _ => return false,
                }
            }
        }
    }

    /// `string ws ':'` of an object member.
    fn member_name(&mut self) -> bool {
        if self.peek() != Some(b'"') || !self.string() {
            return false;
        }
        self.ws();
        self.eat(b':')
    }

    fn word(&mut self, word: &[u8]) -> bool {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn string(&mut self) -> bool {
        self.pos += 1; // the opening quote
        loop {
            match self.peek() {
                None => return false,
                Some(b'"') => {
                    self.pos += 1;
                    return true;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => {
                            self.pos += 1;
                            // Any four hex digits: lone surrogates are grammatical.
                            for _ in 0..4 {
                                if !matches!(self.peek(), Some(b) if b.is_ascii_hexdigit()) {
                                    return false;
                                }
                                self.pos += 1;
                            }
                        }
                        _ => return false,
                    }
                }
                Some(0x00..=0x1f) => return false,
                Some(_) => self.pos += 1, // UTF-8 was checked up front
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> bool {
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return false,
        }
        if self.eat(b'.') && self.digits() == 0 {
            return false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn accepts_and_rejects() {
        for ok in [
            "0",
            "-0",
            "1e400",
            "-1e-400",
            "1E+2",
            "\"\\ud800\"",
            "{\"a\":1,\"a\":2}",
            " [ ] ",
            "{}",
            "[[[[1]]]]",
            "\"\\u00e9é\"",
            "{\"\\udc00\":[true,false,null]}",
            "123456789012345678901234567890",
        ] {
            assert!(is_json(ok.as_bytes()), "{ok}");
        }
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(is_json(deep.as_bytes()));
        for bad in [
            "",
            " ",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "-",
            "NaN",
            "Infinity",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "{1:2}",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\tb\"",
            "[1 2]",
            "{} {}",
            "\u{feff}{}",
            "tru",
            "[",
            "]",
            "{\"a\":}",
        ] {
            assert!(!is_json(bad.as_bytes()), "{bad:?}");
        }
        assert!(!is_json(b"\"\xed\xa0\x80\""), "an encoded surrogate is not UTF-8");
        assert!(!is_json(b"\"\xff\""));
        assert!(!is_json(b"\x0b"), "vertical tab is not whitespace");
    }
}
