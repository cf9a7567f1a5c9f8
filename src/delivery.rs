//! The configuration rules that decide where, whether and with what a webhook is delivered: URL
//! precedence, the event subscription filter, and the analysis plan's threshold and templates.
//!
//! These are the sender's rules, as pure functions: for platforms, proxies and test harnesses
//! that deliver webhooks, and for receivers that want to predict what they will get. None of them
//! needs an allocator except [`TemplateValues::render`].

use core::fmt;

use crate::EventType;

/// The webhook URLs that may be configured for a call, from the most to the least specific.
///
/// The protocol's precedence: a tool's own `url`, then the tool's `server.url`, then the
/// assistant's `webhook_url`, then the account webhook. The two tool levels only route that
/// tool's `tool-calls`; every other event goes to the assistant's URL or the account's. A number
/// with no linked assistant has no assistant URL, so its `assistant-request` goes to the account
/// webhook — which is how the account webhook chooses the configuration for such calls.
///
/// An empty URL counts as not set.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{EventType, UrlSource, WebhookUrls};
///
/// let urls = WebhookUrls::new()
///     .with_tool_url(Some("https://crm.example.com/lookup"))
///     .with_assistant_webhook_url(Some("https://api.example.com/hooks"))
///     .with_account_webhook_url(Some("https://ops.example.com/hooks"));
/// let target = urls.resolve(EventType::ToolCalls).unwrap();
/// assert_eq!((target.url, target.source), ("https://crm.example.com/lookup", UrlSource::ToolUrl));
/// assert_eq!(urls.resolve(EventType::StatusUpdate).unwrap().source, UrlSource::AssistantWebhook);
///
/// // A number with no linked assistant: the account webhook is asked for the configuration.
/// let unlinked = WebhookUrls::new().with_account_webhook_url(Some("https://ops.example.com/hooks"));
/// assert_eq!(unlinked.resolve(EventType::AssistantRequest).unwrap().source, UrlSource::AccountWebhook);
/// assert_eq!(WebhookUrls::new().resolve(EventType::AssistantRequest), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WebhookUrls<'a> {
    tool_url: Option<&'a str>,
    tool_server_url: Option<&'a str>,
    assistant_webhook_url: Option<&'a str>,
    account_webhook_url: Option<&'a str>,
}

/// Which configuration level a webhook URL came from, most specific first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UrlSource {
    /// The tool's own `url` (only for that tool's `tool-calls`).
    ToolUrl,
    /// The tool's `server.url` (only for that tool's `tool-calls`).
    ToolServerUrl,
    /// The assistant's `webhook_url`.
    AssistantWebhook,
    /// The account (organization) webhook.
    AccountWebhook,
}

/// Where a webhook goes: the URL and the level it was configured at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WebhookTarget<'a> {
    /// The URL to `POST` to.
    pub url: &'a str,
    /// The configuration level it came from.
    pub source: UrlSource,
}

impl<'a> WebhookUrls<'a> {
    /// No URL configured at any level.
    #[must_use]
    pub const fn new() -> Self {
        Self { tool_url: None, tool_server_url: None, assistant_webhook_url: None, account_webhook_url: None }
    }

    /// The tool's own `url`.
    #[must_use]
    pub const fn with_tool_url(mut self, url: Option<&'a str>) -> Self {
        self.tool_url = url;
        self
    }

    /// The tool's `server.url`.
    #[must_use]
    pub const fn with_tool_server_url(mut self, url: Option<&'a str>) -> Self {
        self.tool_server_url = url;
        self
    }

    /// The assistant's `webhook_url` (`None` for a number with no linked assistant).
    #[must_use]
    pub const fn with_assistant_webhook_url(mut self, url: Option<&'a str>) -> Self {
        self.assistant_webhook_url = url;
        self
    }

    /// The account's webhook.
    #[must_use]
    pub const fn with_account_webhook_url(mut self, url: Option<&'a str>) -> Self {
        self.account_webhook_url = url;
        self
    }

    /// Where an event of type `event` goes: the most specific URL set for it, or `None` if none
    /// is. The tool levels apply to `tool-calls` only.
    #[must_use]
    pub fn resolve(&self, event: EventType<'_>) -> Option<WebhookTarget<'a>> {
        let tool_levels = matches!(event, EventType::ToolCalls);
        [
            (self.tool_url.filter(|_| tool_levels), UrlSource::ToolUrl),
            (self.tool_server_url.filter(|_| tool_levels), UrlSource::ToolServerUrl),
            (self.assistant_webhook_url, UrlSource::AssistantWebhook),
            (self.account_webhook_url, UrlSource::AccountWebhook),
        ]
        .into_iter()
        .find_map(|(url, source)| url.filter(|url| !url.is_empty()).map(|url| WebhookTarget { url, source }))
    }
}

/// The events an assistant subscribes to (`webhook_events`).
///
/// Absent or `null` means every event the protocol defines (`assistant-request`, `tool-calls`,
/// `status-update`, `end-of-call-report`); an event type this crate does not know is not among
/// them. A list names its events exactly: types this crate does not know are kept and matched by
/// their name (case-sensitive), and an empty list subscribes to nothing.
///
/// `S` is any string type (`&str`, `String`, …), so the list can be borrowed from a parsed
/// configuration as is.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{EventType, WebhookEvents};
///
/// assert!(WebhookEvents::<&str>::from_option(None).includes(EventType::EndOfCallReport));
/// assert!(!WebhookEvents::<&str>::All.includes(EventType::Other("transcript")));
///
/// let list = ["tool-calls", "transcript"];
/// let events = WebhookEvents::from_option(Some(&list[..]));
/// assert!(events.includes(EventType::ToolCalls));
/// assert!(events.includes(EventType::Other("transcript")));
/// assert!(!events.includes(EventType::StatusUpdate));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum WebhookEvents<'a, S = &'a str> {
    /// No list: the four event types the protocol defines.
    #[default]
    All,
    /// Exactly the events named in the list.
    Only(&'a [S]),
}

impl<'a, S> WebhookEvents<'a, S> {
    /// The filter for a `webhook_events` value: `None` (absent or `null`) is [`All`](Self::All).
    #[must_use]
    pub const fn from_option(list: Option<&'a [S]>) -> Self {
        match list {
            Some(list) => Self::Only(list),
            None => Self::All,
        }
    }
}

impl<S: AsRef<str>> WebhookEvents<'_, S> {
    /// Whether events of type `event` are delivered.
    #[must_use]
    pub fn includes(&self, event: EventType<'_>) -> bool {
        match self {
            Self::All => !matches!(event, EventType::Other(_)),
            Self::Only(list) => list.iter().any(|name| name.as_ref() == event.as_str()),
        }
    }
}

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
        // `written`: template text up to here is already out; `from`: where to look for `{{`.
        let (mut written, mut from) = (0, 0);
        while let Some(open) = template.get(from..).and_then(|rest| rest.find("{{")) {
            let open = from.saturating_add(open);
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
        let n = 1 << 20;
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
    fn url_precedence() {
        let all = WebhookUrls::new()
            .with_tool_url(Some("t"))
            .with_tool_server_url(Some("s"))
            .with_assistant_webhook_url(Some("a"))
            .with_account_webhook_url(Some("o"));
        fn source<'a>(urls: WebhookUrls<'a>, event: EventType<'_>) -> Option<(&'a str, UrlSource)> {
            urls.resolve(event).map(|t| (t.url, t.source))
        }
        assert_eq!(source(all, EventType::ToolCalls), Some(("t", UrlSource::ToolUrl)));
        assert_eq!(
            source(all.with_tool_url(Some("")), EventType::ToolCalls),
            Some(("s", UrlSource::ToolServerUrl))
        );
        assert_eq!(
            source(all.with_tool_url(None), EventType::ToolCalls),
            Some(("s", UrlSource::ToolServerUrl))
        );
        let no_tool = all.with_tool_url(None).with_tool_server_url(None);
        assert_eq!(source(no_tool, EventType::ToolCalls), Some(("a", UrlSource::AssistantWebhook)));
        for event in [
            EventType::AssistantRequest,
            EventType::StatusUpdate,
            EventType::EndOfCallReport,
            EventType::Other("x"),
        ] {
            assert_eq!(source(all, event), Some(("a", UrlSource::AssistantWebhook)));
            assert_eq!(
                source(all.with_assistant_webhook_url(None), event),
                Some(("o", UrlSource::AccountWebhook))
            );
        }
        assert_eq!(source(WebhookUrls::new().with_account_webhook_url(Some("")), EventType::ToolCalls), None);
    }

    #[test]
    fn event_filter() {
        for event in EventType::KNOWN {
            assert!(WebhookEvents::<&str>::All.includes(event));
            assert!(!WebhookEvents::<&str>::Only(&[]).includes(event));
        }
        let list = ["status-update", "Tool-Calls", "transcript"];
        let only = WebhookEvents::from_option(Some(&list[..]));
        assert!(only.includes(EventType::StatusUpdate));
        assert!(!only.includes(EventType::ToolCalls));
        assert!(only.includes(EventType::Other("transcript")));
        assert!(!only.includes(EventType::Other("transcripts")));
        assert_eq!(WebhookEvents::<&str>::from_option(None), WebhookEvents::All);
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
