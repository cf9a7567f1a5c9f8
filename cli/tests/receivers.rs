//! In-process receivers on 127.0.0.1 that behave well or badly, for the CLI's tests.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hmsovereign_webhooks::{Event, Headers, ToolResultsBuilder, UnixTime, Verifier, parse_event};

/// The secret every test receiver verifies with.
pub const SECRET: &str = "whsec_cli_test_secret_4f2a9c";

/// How a receiver answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Verifies, and answers every event correctly.
    Good,
    /// Answers tool-calls for the first call only.
    DropsToolCallId,
    /// Answers tool-calls with an extra id the request did not contain.
    ExtraToolCallId,
    /// Answers with `{"results": [` (not JSON).
    InvalidJson,
    /// Answers 500 to everything.
    ServerError,
    /// Answers correctly after 11 s.
    Slow,
    /// Answers with the wrong shape: a results entry without `result` or `error`, and an
    /// assistant response with both `assistant` and `assistant_id`.
    WrongShape,
}

/// One request as the receiver saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Whether the crate's `Verifier` accepted it with [`SECRET`].
    pub verified: bool,
}

#[derive(Debug)]
struct Shared {
    behaviour: Behaviour,
    verifier: Verifier,
    seen: Mutex<Vec<Seen>>,
}

/// A running receiver: its URL and what it has seen.
#[derive(Debug, Clone)]
pub struct Receiver {
    pub url: String,
    shared: Arc<Shared>,
}

impl Receiver {
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }
}

/// Starts a receiver on a free port of 127.0.0.1, serving on its own thread until the test
/// process ends.
pub fn start(behaviour: Behaviour) -> Receiver {
    let shared = Arc::new(Shared {
        behaviour,
        verifier: Verifier::new(SECRET).unwrap(),
        seen: Mutex::new(Vec::new()),
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let listener =
        runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
    std::thread::spawn(move || runtime.block_on(async move { axum::serve(listener, app).await.unwrap() }));
    Receiver { url: format!("http://{addr}/webhooks"), shared }
}

fn now() -> UnixTime {
    UnixTime::try_from(std::time::SystemTime::now()).unwrap()
}

async fn handle(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let verified = shared.verifier.verify(&Headers::from_http(&headers), &body, now()).is_ok();
    shared.seen.lock().unwrap().push(Seen { headers: headers.clone(), body: body.to_vec(), verified });
    if !verified {
        return (StatusCode::UNAUTHORIZED, "not verified").into_response();
    }
    let event = match parse_event(&body, Headers::from_http(&headers).event()) {
        Ok(event) => event,
        Err(error) => return (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    };
    match shared.behaviour {
        Behaviour::ServerError => return (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response(),
        Behaviour::InvalidJson => return (StatusCode::OK, r#"{"results": ["#).into_response(),
        Behaviour::Slow => tokio::time::sleep(Duration::from_secs(11)).await,
        _ => {}
    }
    match event {
        Event::ToolCalls(calls) => {
            if shared.behaviour == Behaviour::WrongShape {
                let id = &calls.tool_calls[0].id;
                return (StatusCode::OK, format!(r#"{{"results":[{{"tool_call_id":"{id}"}}]}}"#))
                    .into_response();
            }
            let mut builder = ToolResultsBuilder::new();
            for (index, call) in calls.tool_calls.iter().enumerate() {
                if shared.behaviour == Behaviour::DropsToolCallId && index > 0 {
                    continue;
                }
                builder.result(&call.id, &format!("{} done", call.name())).unwrap();
            }
            if shared.behaviour == Behaviour::ExtraToolCallId {
                builder.error("tool_not_requested", "who asked?").unwrap();
            }
            (StatusCode::OK, builder.finish()).into_response()
        }
        Event::AssistantRequest(_) => {
            if shared.behaviour == Behaviour::WrongShape {
                return (StatusCode::OK, r#"{"assistant":{"first_message":"Hi"},"assistant_id":"asst_1"}"#)
                    .into_response();
            }
            (StatusCode::OK, r#"{"assistant_id":"asst_dental_7","max_duration_seconds":300}"#).into_response()
        }
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}
