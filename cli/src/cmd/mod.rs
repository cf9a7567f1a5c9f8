//! One module per subcommand.

pub(crate) mod call;
pub(crate) mod demo;
pub(crate) mod listen;
pub(crate) mod sign;
pub(crate) mod trigger;
pub(crate) mod verify;
