//! The reader.
mod form;
pub use form::{Form, FormKind, Name, Span};
