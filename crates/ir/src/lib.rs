//! The middle of the compiler: HIR is lowered to Core IR (`lower`), then the
//! Perceus pass makes reference counting explicit (`perceus`). `print` shows
//! the IR as text and `verify` checks its invariants after every pass.
//!
//! This crate knows nothing about the runtime heap or any backend.
//!
//! | phase | entry point | tests |
//! | --- | --- | --- |
//! | HIR -> Core IR | `lower::lower` | `tests/snapshots.rs` (`== lowered ==` sections) |
//! | dup/drop/unwind/reuse insertion | `perceus::run` (`reuse` last) | `tests/snapshots.rs`, `tests/corpus.rs` (random programs), `tests/analyzed.rs` (from source) |
//! | invariants | `verify::verify` | run after every pass by all tests; `tests/verify.rs` (mutations) |
//! | text | `print::print_module` | the snapshots in `tests/snapshots/*.ir` |
//!
//! Recursion depth in every pass follows control-flow nesting (nested
//! `if`s, join bodies, tries), not the length of straight-line code: about
//! 2.5 KB of stack per level over all passes.

pub mod core;
mod locals;
pub mod lower;
mod ops;
pub mod perceus;
pub mod prim;
pub mod print;
mod reuse;
pub mod verify;

pub use crate::core::*;
