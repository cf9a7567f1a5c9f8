//! The analysis plan's rules: whether the analysis runs for a conversation (the message threshold)
//! and how its prompt templates are filled (`{{schema}}`, `{{transcript}}`, `{{ended_reason}}`).
//!
//! No allocator is needed except for [`TemplateValues::render`], the one function gated on `alloc`.

use core::fmt;

/// The `min_messages_threshold` of an analysis plan when it is not set.
pub const DEFAULT_MIN_MESSAGES_THRESHOLD: u64 = 2;

/// Whether a call's analysis runs: only when the conversation has at least
/// `min_messages_threshold` messages ([`DEFAULT_MIN_MESSAGES_THRESHOLD`], 2, when unset).
///
/// `message_count` is the number of messages of the conversation, as the caller counts them
/// (e.g. the length of the report's `messages`).
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::analysis_threshold_met;
///
/// assert!(analysis_threshold_met(2, None));
/// assert!(!analysis_threshold_met(1, None));
/// assert!(!analysis_threshold_met(4, Some(5)));
/// assert!(analysis_threshold_met(0, Some(0)));
/// ```
#[must_use]
pub const fn analysis_threshold_met(message_count: u64, min_messages_threshold: Option<u64>) -> bool {
    let threshold = match min_messages_threshold {
        Some(threshold) => threshold,
        None => DEFAULT_MIN_MESSAGES_THRESHOLD,
    };
    message_count >= threshold
}

/// The values of the placeholders in an analysis plan's message templates.
///
/// A template may contain `{{schema}}` (the plan's JSON Schema), `{{transcript}}` (the call's
/// transcript) and `{{ended_reason}}` (why the call ended — the value the `end-of-call-report`
/// carries as `end_reason`; the placeholder's name differs from the field's).
///
/// Rendering is one left-to-right pass, in time linear in the template's length whatever it holds
/// (each byte is looked at a bounded number of times):
/// - a placeholder is exactly `{{name}}`: lowercase, no spaces inside the braces;
/// - anything else between `{{` and `}}` (an unknown name, `{{ schema }}`, `{{Schema}}`) is kept
///   verbatim, so a template written for a newer platform loses nothing;
/// - substituted values are not scanned again: a transcript containing `{{schema}}` stays as the
///   caller said it.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::TemplateValues;
///
/// let values = TemplateValues::new(r#"{"type":"object"}"#, "user: hi", "user_hangup");
/// let mut out = heapless::String::<128>::new();
/// values.write("Schema: {{schema}} / {{ended_reason}} / {{call_id}}", &mut out)?;
/// assert_eq!(out, r#"Schema: {"type":"object"} / user_hangup / {{call_id}}"#);
/// # Ok::<(), core::fmt::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TemplateValues<'a> {
    schema: &'a str,
    transcript: &'a str,
    ended_reason: &'a str,
}

impl<'a> TemplateValues<'a> {
    /// The values of `{{schema}}`, `{{transcript}}` and `{{ended_reason}}`.
    #[must_use]
    pub const fn new(schema: &'a str, transcript: &'a str, ended_reason: &'a str) -> Self {
        Self { schema, transcript, ended_reason }
    }

    /// Writes `template` with its placeholders replaced to `out` (no allocation).
    ///
    /// Linear time: one left-to-right pass in which each byte is looked at a bounded number of
    /// times (a `{{` is followed by a look of at most 14 bytes for a known name, never by a
    /// search for the next `}}`), and the text between substitutions is written in one piece.
    ///
    /// # Errors
    ///
    /// Whatever `out` returns, e.g. a fixed-capacity string that is full.
    pub fn write<W: fmt::Write + ?Sized>(&self, template: &str, out: &mut W) -> fmt::Result {
        // `written`: template text up to here is already out; `from`: where to look for `{`.
        let bytes = template.as_bytes();
        let (mut written, mut from) = (0usize, 0usize);
        while let Some(offset) = bytes.get(from..).and_then(|rest| rest.iter().position(|&b| b == b'{')) {
            let open = from.saturating_add(offset);
            if bytes.get(open.saturating_add(1)) != Some(&b'{') {
                // A lone `{`: the next byte is not one, so no `{{` starts before the one after it.
                from = open.saturating_add(2);
                continue;
            }
            let after_open = template.get(open.saturating_add(2)..).unwrap_or("");
            match self.placeholder_at(after_open) {
                Some((value, length)) => {
                    out.write_str(template.get(written..open).unwrap_or(""))?;
                    out.write_str(value)?;
                    written = open.saturating_add(2).saturating_add(length);
                    from = written;
                }
                // Not a placeholder: look again from the second `{`, so that `{{{schema}}}` still
                // finds `{{schema}}`; the first `{` is written with the text around it.
                None => from = open.saturating_add(1),
            }
        }
        out.write_str(template.get(written..).unwrap_or(""))
    }

    /// The value of the placeholder whose name and `}}` start `after_open`, and their length.
    fn placeholder_at(&self, after_open: &str) -> Option<(&'a str, usize)> {
        [("schema}}", self.schema), ("transcript}}", self.transcript), ("ended_reason}}", self.ended_reason)]
            .into_iter()
            .find(|(name, _)| after_open.starts_with(name))
            .map(|(name, value)| (value, name.len()))
    }

    /// `template` with its placeholders replaced.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::TemplateValues;
    ///
    /// let values = TemplateValues::new("{}", "user: I'd like an appointment", "user_hangup");
    /// assert_eq!(
    ///     values.render("Transcript: {{transcript}}\n\nCall ended because: {{ended_reason}}"),
    ///     "Transcript: user: I'd like an appointment\n\nCall ended because: user_hangup"
    /// );
    /// ```
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn render(&self, template: &str) -> alloc::string::String {
        let mut out = alloc::string::String::with_capacity(template.len());
        // Writing to a `String` cannot fail.
        let _ = self.write(template, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> heapless::String<256> {
        let mut out = heapless::String::new();
        TemplateValues::new("S", "T", "E").write(template, &mut out).unwrap();
        out
    }

    #[test]
    fn templates() {
        for (template, want) in [
            ("", ""),
            ("plain", "plain"),
            ("{{schema}}{{transcript}}{{ended_reason}}", "STE"),
            ("a {{schema}} b {{schema}}", "a S b S"),
            ("{{end_reason}}", "{{end_reason}}"),
            ("{{ schema }}", "{{ schema }}"),
            ("{{Schema}}", "{{Schema}}"),
            ("{{{schema}}}", "{S}"),
            ("{{x}} {{schema}}", "{{x}} S"),
            ("{{ {{schema}} }}", "{{ S }}"),
            ("{{schema", "{{schema"),
            ("{{schema} }}", "{{schema} }}"),
            ("}}{{", "}}{{"),
            ("{{}}", "{{}}"),
            ("é{{schema}}ü", "éSü"),
        ] {
            assert_eq!(render(template), want, "{template:?}");
        }
    }

    #[test]
    #[cfg(feature = "alloc")]
    fn adversarial_templates_render_exactly() {
        let values = TemplateValues::new("S", "T", "E");
        // 1 MiB natively; under Miri, whose interpreter is far slower, 1 KiB exercises the same paths.
        let n = if cfg!(miri) { 1 << 10 } else { 1 << 20 };
        // `{` × (n − 2) + `}}`: every `{{` opens a placeholder that names nothing.
        let template = "{".repeat(n - 2) + "}}";
        assert_eq!(values.render(&template), template);
        // The same with a real placeholder at the very end: only it is replaced.
        let template = "{".repeat(n) + "schema}}";
        assert_eq!(values.render(&template), "{".repeat(n - 2) + "S");
        // Unclosed openings, and a run of near-misses.
        let template = "{{".repeat(n / 2);
        assert_eq!(values.render(&template), template);
        let template = "{{schema}".repeat(n / 9) + "}";
        let want = "{{schema}".repeat(n / 9 - 1) + "S";
        assert_eq!(values.render(&template), want);
    }

    #[test]
    fn values_are_not_rescanned() {
        let mut out = heapless::String::<64>::new();
        TemplateValues::new("S", "say {{schema}}", "E").write("{{transcript}}", &mut out).unwrap();
        assert_eq!(out, "say {{schema}}");
    }

    #[test]
    fn write_errors_propagate() {
        let mut out = heapless::String::<3>::new();
        assert_eq!(TemplateValues::new("long schema", "", "").write("{{schema}}", &mut out), Err(fmt::Error));
    }

    #[test]
    fn threshold() {
        assert_eq!(DEFAULT_MIN_MESSAGES_THRESHOLD, 2);
        assert!(!analysis_threshold_met(0, None));
        assert!(analysis_threshold_met(3, None));
        assert!(analysis_threshold_met(5, Some(5)));
        assert!(!analysis_threshold_met(u64::MAX - 1, Some(u64::MAX)));
    }
}
