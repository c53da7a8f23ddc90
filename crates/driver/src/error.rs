//! Everything that can go wrong evaluating source, in one type.

use genera_reader::{render_diagnostic, Span};
use genera_runtime::{heap, Value};

/// An evaluation error. `Thrown` owns the exception object.
#[derive(Debug)]
pub enum EvalError {
    /// Malformed source. `incomplete` means the input ended inside a form.
    Read {
        span: Span,
        message: String,
        incomplete: bool,
    },
    /// A form that is not valid code (bad special form, unresolvable symbol, ...).
    Analyze { span: Span, message: String },
    /// The compiler itself failed (an internal error: a bug in genera).
    Compile { message: String },
    /// An exception thrown by the program and not caught.
    Thrown(Value),
    /// Something else with a message (a missing file, an unsupported tier).
    Other(String),
}

impl EvalError {
    /// The text to show a person. `src` is the source the span points into,
    /// when the caller still has it (for the caret excerpt).
    pub fn render(&self, src: Option<&str>) -> String {
        match self {
            EvalError::Read { span, message, .. } | EvalError::Analyze { span, message } => {
                let kind = if matches!(self, EvalError::Read { .. }) {
                    "Syntax error reading source"
                } else {
                    "Syntax error compiling"
                };
                match src {
                    Some(src) if span.line > 0 => render_diagnostic(src, span, message),
                    _ => format!("{kind} at ({span}).\n{message}"),
                }
            }
            EvalError::Compile { message } => format!("Internal compiler error: {message}"),
            EvalError::Thrown(exn) => genera_runtime::error::format_uncaught(*exn),
            EvalError::Other(message) => message.clone(),
        }
    }

    /// Takes the exception out of a `Thrown` error (leaving an empty
    /// `Other`), so it can be rethrown or kept without being dropped.
    pub fn take_exception(&mut self) -> Option<Value> {
        if let EvalError::Thrown(exn) = self {
            let taken = std::mem::replace(exn, Value::NIL);
            *self = EvalError::Other(String::new());
            Some(taken)
        } else {
            None
        }
    }

    pub fn is_incomplete(&self) -> bool {
        matches!(
            self,
            EvalError::Read {
                incomplete: true,
                ..
            }
        )
    }
}

impl Drop for EvalError {
    fn drop(&mut self) {
        if let EvalError::Thrown(exn) = self {
            heap::drop(*exn);
        }
    }
}

impl From<genera_reader::ReadError> for EvalError {
    fn from(e: genera_reader::ReadError) -> Self {
        EvalError::Read {
            span: e.span,
            message: e.message,
            incomplete: e.incomplete,
        }
    }
}

impl From<genera_analyzer::AnalyzeError> for EvalError {
    fn from(e: genera_analyzer::AnalyzeError) -> Self {
        EvalError::Analyze {
            span: e.span,
            message: e.message,
        }
    }
}

impl From<genera_runtime::Thrown> for EvalError {
    fn from(t: genera_runtime::Thrown) -> Self {
        EvalError::Thrown(t.0)
    }
}
