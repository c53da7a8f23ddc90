//! genera's runtime: the object model, memory and data every tier shares.
//!
//! What it guarantees to its callers:
//! - one value word (`Value`) and one object header (`object::Header`), whose
//!   layout constants are defined here once and read by every code generator;
//! - reference counting (`heap::dup`, `heap::drop`, `heap::drop_reuse`) with
//!   iterative freeing and a live-object count for `--check-leaks`;
//! - Clojure's data (numbers, strings, symbols, keywords, collections, seqs),
//!   equality, hashing and printing, and the primitive functions over them;
//! - `callable::invoke`, the generic apply used by every tier.
//!
//! What it does not know: how code is compiled or run. A tier stores its
//! compiled code in `Code` objects as an opaque payload and installs itself
//! with `callable::set_closure_invoker`. The runtime never sees source text,
//! forms (except to build constants from them in `constant`), HIR or IR.
//!
//! Ownership convention (after Lean's `lean_obj_arg`/`b_lean_obj_arg`): a
//! function taking `Value`s borrows them unless its name or doc says it
//! consumes them (`_owned` suffix or "(owned)" in the doc). Returned values
//! are always owned by the caller.

pub mod actor;
pub mod atom;
pub mod cabi;
pub mod callable;
pub mod coll;
pub mod constant;
pub mod equiv;
pub mod error;
pub mod finalize;
pub mod ifn;
pub mod image;
pub mod interrupt;
pub mod io;
pub mod mem;
#[cfg(test)]
mod model_tests;
pub mod murmur;
pub mod natives;
pub mod ns;
pub mod num;
pub mod prim;
pub mod print;
pub mod promise;
pub mod regex;
pub mod seq;
pub mod string;
pub mod tagged;
#[cfg(test)]
mod test_util;
pub mod thunk;

pub use mem::{heap, object, tag, value};
pub use value::Value;

/// An exception in flight: the owned exception object (`Tag::Exception`).
#[derive(Debug)]
pub struct Thrown(pub Value);

/// The result of anything that can throw. `Err` owns the exception.
pub type Res<T = Value> = Result<T, Thrown>;

/// Creates `clojure.core` (every native bound, plus `*ns*`,
/// `*command-line-args*` and the other dynamic vars), `clojure.string` and
/// `user`; refers clojure.core into user; makes user current. Safe to call
/// more than once: only the first call does anything.
pub fn init() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(natives::install);
}

/// What a process starting from an image needs before loading it: the
/// native function objects and the standard streams, but no namespace or
/// var (the image brings those). `init` may still be called afterwards (if
/// the image cannot be loaded) and binds everything as usual.
pub fn init_for_image() {
    natives::make_all();
}
