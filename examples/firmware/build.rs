//! Links the binaries with `cortex-m-rt`'s `link.x` and puts `memory.x` where it finds it.
//!
//! The linker script is passed here rather than in `.cargo/config.toml`'s `rustflags`, which a
//! `RUSTFLAGS` variable in the environment would replace.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("memory.x is copied to OUT_DIR");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
}
