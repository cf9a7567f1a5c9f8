//! TEMPORARY: stand-ins for `UnixTime::now()` and `WebhookError::status_code()` until the core
//! crate has them (after the layout merge); removed then.

use hmsovereign_webhooks::{UnixTime, VerifyError, WebhookError};

pub(crate) fn now() -> UnixTime {
    UnixTime::try_from(std::time::SystemTime::now()).unwrap_or(UnixTime::EPOCH)
}

pub(crate) fn status_code(error: &WebhookError) -> u16 {
    match error {
        WebhookError::Verify(
            VerifyError::EmptySecret | VerifyError::NoSecret | VerifyError::TooManySecrets { .. },
        ) => 500,
        WebhookError::Verify(_) => 401,
        _ => 400,
    }
}
