//! Which URL a webhook goes to: the most specific configured level wins (tool, tool server,
//! assistant, account).

use crate::delivery::event_type::EventType;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
