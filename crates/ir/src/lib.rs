//! The middle of the compiler: HIR is lowered to Core IR (`lower`), then the
//! Perceus pass makes reference counting explicit (`perceus`). `print` shows
//! the IR as text and `verify` checks its invariants after every pass.
//!
//! This crate knows nothing about the runtime heap or any backend.

pub mod core;
pub mod prim;

pub use crate::core::*;
