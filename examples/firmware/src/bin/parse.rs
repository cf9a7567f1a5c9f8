//! Verifies and parses webhooks into typed events on a Cortex-M4 with a small heap, checking every
//! value against what the signed bodies say; exits 0 only if all hold.
//!
//! `cargo run --release --features alloc --bin parse` (from `examples/firmware`) runs it under
//! QEMU. The signatures below are known answers: HMAC-SHA256 with the secret, of
//! `1700000000.` followed by the body, computed independently of this crate.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::hprintln;
use hmsovereign_webhooks::{EndReason, Event, Headers, Role, UnixTime, Verifier, VerifyError, WebhookError};
use hmsovereign_webhooks_firmware::{HEAP_SIZE, check, exit, heap_in_use, heap_peak, init_heap, show};

const SECRET: &str = "whsec_test_secret_12345";
const TIMESTAMP: &str = "1700000000";
const CALL_ID: &str = "5c4d030f-43e3-4e65-899e-8148521e660f";

/// Two tool calls: the first with arguments as an object, the second as a JSON string holding one.
const TOOL_CALLS: &[u8] = br#"{"message":{"type":"tool-calls","timestamp":"2025-12-13T12:00:40.000Z","call":{"id":"5c4d030f-43e3-4e65-899e-8148521e660f","type":"inbound_phone_call","status":"in-progress"},"customer":{"number":"+31612345678"},"tool_call_list":[{"id":"tool_7f3a9c21","type":"function","function":{"name":"check_availability","arguments":{"date":"2025-12-20","service":"check-up"}}},{"id":"tool_b4e8d605","type":"function","function":{"name":"book_appointment","arguments":"{\"date\":\"2025-12-20\",\"time\":\"14:30\"}"}}]}}"#;
const TOOL_CALLS_SIGNATURE: &str = "sha256=64c6b7e0935794a57e2abbb6b70dfd606f5522e8b025f5ea7a440a9cf1e50a5f";

const REPORT: &[u8] = br#"{"message":{"type":"end-of-call-report","timestamp":"2025-12-13T12:05:30.000Z","call":{"id":"5c4d030f-43e3-4e65-899e-8148521e660f","status":"ended"},"duration_seconds":84,"summary":"Jan asked for a check-up on 20 December.","analysis":{"sentiment":8,"question_answered":true},"messages":[{"role":"assistant","content":"Hello Jan!"},{"role":"user","content":"Can I come in for a check-up?"}],"end_reason":"user_hangup"}}"#;
const REPORT_SIGNATURE: &str = "sha256=c4a34b66f1d3d7a166c0e062dca145338983be68761ebf2abd21806a7daa452d";

#[entry]
fn main() -> ! {
    init_heap();
    hprintln!("hmsovereign-webhooks on a Cortex-M4: verify_event with a {} KiB heap", HEAP_SIZE / 1024);
    // Inputs go through `black_box`, as if they came over the network and the clock from an RTC.
    let Ok(verifier) = Verifier::new(black_box(SECRET)) else {
        check("verifier set up", false);
        exit(false);
    };
    let now = UnixTime::from_secs(black_box(1_700_000_042));
    let mut all = true;

    let body = black_box(TOOL_CALLS);
    let headers = Headers::new()
        .with_timestamp(black_box(TIMESTAMP))
        .with_signature(black_box(TOOL_CALLS_SIGNATURE))
        .with_event(black_box("tool-calls"));
    match verifier.verify_event(&headers, body, now) {
        Ok(Event::ToolCalls(event)) => {
            all &= check("tool-calls verifies and parses", true);
            show("call.id: ", &event.common.call.id);
            all &= check("call id", event.common.call.id == CALL_ID);
            all &= check("customer number", event.common.customer_number() == Some("+31612345678"));
            all &= check("two tool calls", event.tool_calls.len() == 2);
            for call in &event.tool_calls {
                show("tool: ", call.name());
                show("  id: ", &call.id);
                show("  arguments: ", call.function.arguments.as_str());
            }
            if let [availability, booking] = event.tool_calls.as_slice() {
                all &= check(
                    "check_availability, object arguments borrowed from the body",
                    availability.id == "tool_7f3a9c21"
                        && availability.name() == "check_availability"
                        && availability.function.arguments.as_str()
                            == r#"{"date":"2025-12-20","service":"check-up"}"#
                        && availability.function.arguments.is_borrowed(),
                );
                all &= check(
                    "book_appointment, string arguments decoded to the object",
                    booking.id == "tool_b4e8d605"
                        && booking.name() == "book_appointment"
                        && booking.function.arguments.as_str() == r#"{"date":"2025-12-20","time":"14:30"}"#
                        && !booking.function.arguments.is_borrowed(),
                );
            }
        }
        _ => all &= check("tool-calls verifies and parses", false),
    }
    all &= check("all of the event's memory is freed", heap_in_use() == 0);

    let mut tampered = [0u8; TOOL_CALLS.len()];
    tampered.copy_from_slice(TOOL_CALLS);
    // "14:30" becomes "14:31" in the booking's arguments.
    if let Some(position) = tampered.windows(5).position(|window| window == b"14:30")
        && let Some(digit) = tampered.get_mut(position + 4)
    {
        *digit = b'1';
    }
    all &= check(
        "a tampered body gives SignatureMismatch, unparsed",
        verifier.verify_event(&headers, black_box(&tampered), now)
            == Err(WebhookError::Verify(VerifyError::SignatureMismatch)),
    );

    let body = black_box(REPORT);
    let headers = Headers::new()
        .with_timestamp(black_box(TIMESTAMP))
        .with_signature(black_box(REPORT_SIGNATURE))
        .with_event(black_box("end-of-call-report"));
    match verifier.verify_event(&headers, body, now) {
        Ok(Event::EndOfCallReport(report)) => {
            all &= check("end-of-call-report verifies and parses", true);
            show("summary: ", &report.summary);
            all &= check("call id", report.common.call.id == CALL_ID);
            all &= check("duration 84 s", report.duration_seconds == 84);
            all &= check("summary", report.summary == "Jan asked for a check-up on 20 December.");
            all &= check("end reason user_hangup", report.end_reason == Some(EndReason::UserHangup));
            all &= check(
                "analysis kept raw",
                report.analysis.as_ref().map(|raw| raw.as_str())
                    == Some(r#"{"sentiment":8,"question_answered":true}"#),
            );
            all &= check(
                "transcript of two turns",
                matches!(report.messages.as_slice(), [first, second]
                    if first.role == Role::Assistant && first.content.as_deref() == Some("Hello Jan!")
                        && second.role == Role::User
                        && second.content.as_deref() == Some("Can I come in for a check-up?")),
            );
        }
        _ => all &= check("end-of-call-report verifies and parses", false),
    }
    all &= check(
        "the header must name the body's event",
        matches!(
            verifier.verify_event(&headers.with_event("status-update"), body, now),
            Err(WebhookError::Parse(_))
        ),
    );
    all &= check("all memory is freed", heap_in_use() == 0);
    // `core::fmt` is linked by the parser's error messages anyway, so a number may be formatted.
    hprintln!("      heap peak: {} of {} bytes", heap_peak(), HEAP_SIZE);
    exit(all)
}
