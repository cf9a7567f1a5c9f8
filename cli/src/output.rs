//! Human-readable or JSON-lines output, with colour only on a terminal.

use std::io::{IsTerminal, Write};

use serde_json::Value;

/// How text is highlighted on a terminal.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Style {
    Good,
    Bad,
    Warn,
    Bold,
}

impl Style {
    const fn code(self) -> &'static str {
        match self {
            Self::Good => "32",
            Self::Bad => "31;1",
            Self::Warn => "33",
            Self::Bold => "1",
        }
    }
}

/// Where a command's results go: standard output, as text lines or as one JSON object per line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Out {
    json: bool,
    color: bool,
    color_stderr: bool,
}

/// Whether the `NO_COLOR` convention (<https://no-color.org>) asks for no colour.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

impl Out {
    pub(crate) fn new(json: bool) -> Self {
        let allowed = !no_color();
        Self {
            json,
            color: allowed && !json && std::io::stdout().is_terminal(),
            color_stderr: allowed && std::io::stderr().is_terminal(),
        }
    }

    /// Whether results are JSON lines.
    pub(crate) const fn json(&self) -> bool {
        self.json
    }

    /// `text` in `style` when colour is on, else as is.
    pub(crate) fn paint(&self, style: Style, text: &str) -> String {
        paint(self.color, style, text)
    }

    /// One human-readable line (ignored in JSON mode).
    pub(crate) fn line(&self, text: &str) {
        if !self.json {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = writeln!(stdout, "{text}");
            let _ = stdout.flush();
        }
    }

    /// One JSON object on a line of its own (ignored in human mode).
    pub(crate) fn object(&self, value: &Value) {
        if self.json {
            let mut stdout = std::io::stdout().lock();
            let _ = writeln!(stdout, "{value}");
            let _ = stdout.flush();
        }
    }

    /// The one-line error of a failed command, on standard error (and, in JSON mode, as an
    /// `{"error": …}` object on standard output).
    pub(crate) fn error(&self, kind: &str, message: &str) {
        self.object(&serde_json::json!({ "error": message, "kind": kind }));
        let label = paint(self.color_stderr, Style::Bad, "error:");
        eprintln!("hms-webhooks: {label} {message}");
    }
}

fn paint(on: bool, style: Style, text: &str) -> String {
    if on { format!("\u{1b}[{}m{text}\u{1b}[0m", style.code()) } else { text.to_owned() }
}

/// `text` cut to at most `max` characters, with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A duration in milliseconds or seconds, for people.
pub(crate) fn human_duration(duration: std::time::Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.2} s", duration.as_secs_f64())
    }
}
