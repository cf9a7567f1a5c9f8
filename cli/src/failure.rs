//! How a command fails, and the exit code each failure maps to.

use std::fmt;
use std::process::ExitCode;

/// A command's failure: a one-line message and the class that picks the exit code.
///
/// Messages never contain a secret: they are built from the commands' own text, the crate's
/// error types (which carry no key material) and the receiver's answers.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Exit 1: the receiver broke the protocol, or a signature is invalid. The details were
    /// printed already; the message is the one-line summary.
    Violation(String),
    /// Exit 2: the command line, an input file or an environment variable is not usable.
    Usage(String),
    /// Exit 2: no HTTP exchange happened (connection refused, DNS, TLS, port in use).
    Connection(String),
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::Violation(_) => ExitCode::from(1),
            Self::Usage(_) | Self::Connection(_) => ExitCode::from(2),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Violation(message) | Self::Usage(message) | Self::Connection(message) => {
                f.write_str(message)
            }
        }
    }
}

/// Reads a whole file, or standard input for `-`.
pub(crate) fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| Failure::usage(format!("cannot read standard input: {error}")))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|error| Failure::usage(format!("cannot read {path}: {error}")))
    }
}
