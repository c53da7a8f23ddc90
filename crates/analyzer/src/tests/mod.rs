//! Analyzer tests: source text in, compact HIR (or an error message) out.
//! See `support.rs` for the fake `Env` and the printer's notation.

mod basics;
mod fns;
mod interop;
mod macros;
mod robustness;
mod special_forms;
mod support;
mod syntax_quote;
