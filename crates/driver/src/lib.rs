//! The pipeline, end to end: read → analyze (with macroexpansion) → lower →
//! Perceus → compile for a tier → run. Also namespaces-as-files (`require`,
//! the source path) and the core library loaded at start-up.
//!
//! The driver is the only crate that knows every stage. It owns no heap
//! state of its own beyond what the runtime holds (namespaces, vars) and a
//! small thread-local table of loaded namespaces and the source path, which
//! `require` (a native function running inside the VM) needs to reach.
//!
//! It does no terminal IO: errors are returned as `EvalError`, which the CLI
//! renders.

mod env;
mod error;
mod image;
mod load;
mod session;
mod source;

pub use error::EvalError;
pub use image::{core_image_file, save as save_image, ImageSource};
pub use load::{find_ns_file, mark_loaded, set_source_path, source_path};
pub use session::{Listing, Program, Session, SessionOptions, Tier, Unit};
pub use source::{decode_source, read_source};
