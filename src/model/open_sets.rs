//! The open sets of the protocol: enumerated strings whose unknown values are kept, never errors.
//!
//! The platform may add a call type, a status, an end reason or a message role at any time; a
//! receiver built today must keep working. Each enum here has a case per value the protocol
//! documents and an `Other` case holding any other text as received.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;
use core::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        ///
        /// Equality, hashing and [`as_str`](Self::as_str) go by the text, so `Other` holding a
        /// known text equals the named case; [`From`] always picks the named case.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum $name<'a> {
            $( $(#[$vmeta])* $variant, )+
            /// Any other text, as received (unescaped).
            Other(Cow<'a, str>),
        }

        impl<'a> $name<'a> {
            /// The value's text, as it appears in the payload.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Other(text) => text,
                }
            }

            /// The same value, with its text copied if it was borrowed, so it outlives the body.
            #[must_use]
            pub fn into_owned(self) -> $name<'static> {
                match self {
                    $( Self::$variant => $name::$variant, )+
                    Self::Other(text) => $name::Other(Cow::Owned(text.into_owned())),
                }
            }
        }

        impl<'a> From<Cow<'a, str>> for $name<'a> {
            fn from(text: Cow<'a, str>) -> Self {
                match &*text {
                    $( $text => Self::$variant, )+
                    _ => Self::Other(text),
                }
            }
        }

        impl<'a> From<&'a str> for $name<'a> {
            fn from(text: &'a str) -> Self {
                Self::from(Cow::Borrowed(text))
            }
        }

        impl From<String> for $name<'static> {
            fn from(text: String) -> Self {
                Self::from(Cow::Owned(text))
            }
        }

        impl PartialEq for $name<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for $name<'_> {}

        impl Hash for $name<'_> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

open_enum! {
    /// How a call reached the assistant: `message.call.type`, an open set.
    pub enum CallType {
        /// `inbound_phone_call`: a caller dialled one of the account's numbers.
        InboundPhoneCall => "inbound_phone_call",
        /// `outbound_phone_call`: the platform dialled the customer.
        OutboundPhoneCall => "outbound_phone_call",
        /// `web_call`: a browser or app session; such calls carry no phone numbers.
        WebCall => "web_call",
    }
}

open_enum! {
    /// Where a call stands: `message.call.status`, an open set.
    ///
    /// An `assistant-request` arrives while the call is `ringing`; a `status-update` reports
    /// `in-progress`, `ended` or `ended-with-error`.
    pub enum CallStatus {
        /// `ringing`: not answered yet.
        Ringing => "ringing",
        /// `in-progress`: answered and running.
        InProgress => "in-progress",
        /// `ended`: over, normally.
        Ended => "ended",
        /// `ended-with-error`: over because something failed; the event's `error` says what.
        EndedWithError => "ended-with-error",
    }
}

open_enum! {
    /// Why a call ended: `end_reason` of a `status-update` or an `end-of-call-report`, an open set.
    pub enum EndReason {
        /// `user_hangup`: the caller hung up.
        UserHangup => "user_hangup",
        /// `assistant_hangup`: the assistant ended the call.
        AssistantHangup => "assistant_hangup",
        /// `max_duration`: the call reached its maximum duration.
        MaxDuration => "max_duration",
    }
}

open_enum! {
    /// Who spoke a turn of the transcript: `role` of an end-of-call report's `messages`, an open set.
    pub enum Role {
        /// `system`: the assistant's instructions.
        System => "system",
        /// `user`: the caller.
        User => "user",
        /// `assistant`: the voice assistant.
        Assistant => "assistant",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn known_texts_map_to_named_cases_and_back() {
        for (text, value) in [
            ("inbound_phone_call", CallType::InboundPhoneCall),
            ("outbound_phone_call", CallType::OutboundPhoneCall),
            ("web_call", CallType::WebCall),
        ] {
            assert!(matches!((CallType::from(text), &value), (a, b) if a.as_str() == b.as_str()));
            assert_eq!(value.as_str(), text);
        }
        assert!(matches!(CallStatus::from("ended-with-error"), CallStatus::EndedWithError));
        assert!(matches!(EndReason::from("max_duration"), EndReason::MaxDuration));
        assert!(matches!(Role::from("assistant"), Role::Assistant));
    }

    #[test]
    fn unknown_text_is_kept() {
        let status = CallStatus::from("on-hold");
        assert!(matches!(&status, CallStatus::Other(Cow::Borrowed("on-hold"))));
        assert_eq!(status.as_str(), "on-hold");
        assert_eq!(status.to_string(), "on-hold");
        assert_eq!(serde_json::to_string(&status).unwrap(), r#""on-hold""#);
        let owned = status.clone().into_owned();
        assert!(matches!(&owned, CallStatus::Other(Cow::Owned(text)) if text == "on-hold"));
        assert_eq!(owned, status);
        // Case matters: the platform's values are lowercase.
        assert!(matches!(Role::from("User"), Role::Other(_)));
    }

    #[test]
    fn equality_goes_by_text() {
        assert_eq!(EndReason::Other(Cow::Borrowed("user_hangup")), EndReason::UserHangup);
        assert_ne!(EndReason::UserHangup, EndReason::MaxDuration);
        assert_eq!(CallType::from(String::from("web_call")), CallType::WebCall);
    }
}
