//! What the extractor needs from the app's state.

use hmsovereign_webhooks::Verifier;

/// The largest body accepted by default: 1 MiB.
///
/// A signature can only be checked once the whole body is in memory, so until then the sender is
/// unauthenticated: this limit bounds the memory anyone who can reach the server makes it spend
/// per request. The platform's largest webhook is an `end-of-call-report` carrying the whole
/// transcript of a call: tens of KiB for a short call, hundreds for an hour-long one, plus the
/// `analysis`. A limit below that loses the report of exactly the longest calls (as a framework
/// default such as Express's 100 KB does), so the default is 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// The verifier and the body-size limit of a webhook route: put it in the router's state (as
/// `Arc<WebhookConfig>`, or in a state struct that gives one out through `FromRef`).
///
/// axum's `DefaultBodyLimit` layer does not apply to the [`Webhook`](crate::Webhook) extractor;
/// this limit does.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::Verifier;
/// use hmsovereign_webhooks_axum::WebhookConfig;
///
/// let config = WebhookConfig::new(Verifier::new("whsec_demo")?).with_body_limit(64 * 1024);
/// assert_eq!(config.body_limit(), 64 * 1024);
/// # Ok::<(), hmsovereign_webhooks::KeyError>(())
/// ```
#[derive(Debug)]
pub struct WebhookConfig {
    verifier: Verifier,
    body_limit: usize,
}

impl WebhookConfig {
    /// Verifies with `verifier` and accepts bodies up to [`DEFAULT_BODY_LIMIT`].
    #[must_use]
    pub const fn new(verifier: Verifier) -> Self {
        Self { verifier, body_limit: DEFAULT_BODY_LIMIT }
    }

    /// Sets the largest body accepted, in bytes; a larger one is refused with 413.
    #[must_use]
    pub const fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The verifier.
    #[must_use]
    pub const fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The largest body accepted, in bytes.
    #[must_use]
    pub const fn body_limit(&self) -> usize {
        self.body_limit
    }
}
