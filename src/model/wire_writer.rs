//! Writing an event back in wire form: `{"message": {"type": …, …}}`, each field under the key its
//! [`event_fields!`] row declares, the same key the reader reads.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::model::event::Event;

impl Serialize for Event<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut envelope = serializer.serialize_struct("Webhook", 1)?;
        match self {
            Self::Unknown(unknown) => envelope.serialize_field("message", &unknown.message)?,
            known => envelope.serialize_field("message", &KnownMessage(known))?,
        }
        envelope.end()
    }
}

/// The `message` object of a known event, in wire form; absent optional fields are left out.
struct KnownMessage<'e, 'a>(&'e Event<'a>);

impl Serialize for KnownMessage<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", self.0.event_type().as_str())?;
        match self.0 {
            Event::AssistantRequest(event) => event.write_fields(&mut map)?,
            Event::ToolCalls(event) => event.write_fields(&mut map)?,
            Event::StatusUpdate(event) => event.write_fields(&mut map)?,
            Event::EndOfCallReport(event) => event.write_fields(&mut map)?,
            Event::Unknown(_) => {}
        }
        map.end()
    }
}
