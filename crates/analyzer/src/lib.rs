//! The analyzer: forms to HIR.
//!
//! It turns one top-level [`Form`] into a [`hir::Expr`]: macros expanded,
//! every symbol resolved to a local or a namespace-qualified var, syntax-quote
//! expanded, `::kw` resolved, the special forms checked (argument counts,
//! binding forms, `recur` only in tail position with the right number of
//! arguments), and locals and recur targets numbered.
//!
//! What it knows, and what it does not:
//! - It never touches the runtime heap. Everything it learns about namespaces
//!   and vars comes through the [`Env`] trait, which the driver implements;
//!   macros run behind [`Env::expand_macro`], and constants stay [`Form`]s.
//! - It knows the special forms and the exception classes of
//!   `docs/contracts.md`, and little else about Java: a class name used as a
//!   value (`(instance? String x)`) is the symbol of its full name
//!   (`java.lang.String`), which is how the runtime represents classes; other
//!   interop (`(.foo x)`, `Math/abs`) is reported as unsupported, never
//!   guessed at.
//! - It bounds its recursion (`MAX_DEPTH` levels of nesting, counting macro
//!   expansions) so that no input overflows an 8 MiB stack, and never panics.
//! - It does nothing that needs run-time values: no constant folding, no
//!   inlining. It interns the var of a `def` while analyzing (through
//!   [`Env::intern`]) so that a definition can refer to itself, as Clojure does.
//! - Each call to [`analyze`] starts fresh: `LocalId`s and `LoopId`s are
//!   unique within that one top-level form, and the analyzer keeps no state
//!   between calls except the counter for syntax-quote's auto-gensyms, which
//!   is global so that `x#` never means the same name in two templates.
//!
//! A top-level `(do ...)` is analyzed as one form here; a driver that wants
//! Clojure's behaviour (each subform of a top-level `do` evaluated before the
//! next is analyzed) splits it after [`macroexpand`].

mod analyzer;
mod fns;
mod interop;
mod special;
mod syntax_quote;

#[cfg(test)]
mod tests;

use std::fmt;

pub use genera_hir as hir;
pub use genera_reader::{Form, FormKind, Name, Span};

pub use syntax_quote::syntax_quote;

/// An error found while analyzing: where, and what.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalyzeError {
    pub span: Span,
    pub message: String,
}

impl AnalyzeError {
    pub(crate) fn new(span: &Span, message: impl Into<String>) -> AnalyzeError {
        AnalyzeError {
            span: span.clone(),
            message: message.into(),
        }
    }
}

impl fmt::Display for AnalyzeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.span, self.message)
    }
}

impl std::error::Error for AnalyzeError {}

pub(crate) type Result<T> = std::result::Result<T, AnalyzeError>;

/// What the analyzer needs to know about namespaces, vars and macros.
/// The driver implements it over the runtime; tests implement it over maps.
pub trait Env {
    fn current_ns(&self) -> String;
    /// Resolve a non-local symbol to the qualified name of an existing var:
    /// `foo` via the current ns's mappings (own vars and refers, including
    /// clojure.core), `alias/foo` and `full.ns/foo` via aliases/namespaces.
    fn resolve_var(&self, sym: &Name) -> Option<Name>;
    /// The namespace an alias names in the current ns (`str` -> `clojure.string`).
    fn resolve_alias(&self, alias: &str) -> Option<String>;
    fn is_macro(&self, var: &Name) -> bool;
    /// Intern `name` in the current namespace (for `def`); returns its qualified name.
    fn intern(&mut self, name: &str) -> std::result::Result<Name, String>;
    /// Call macro `var` with (&form, &env, args...) and return its expansion.
    /// `locals` are the names of the locals in scope (for &env).
    fn expand_macro(
        &mut self,
        var: &Name,
        form: &Form,
        locals: &[String],
    ) -> std::result::Result<Form, String>;
    /// The expansion of `form`, a call of `var`, by the var's `:inline`
    /// function (Clojure's `:inline` meta, limited by `:inline-arities`
    /// when present: `definline`, record factories); `None` when the var
    /// has no inline expander for this many arguments. Errors are the
    /// expander's message.
    fn expand_inline(
        &mut self,
        _var: &Name,
        _form: &Form,
    ) -> std::result::Result<Option<Form>, String> {
        Ok(None)
    }
}

/// Expand macros at the head of `form` until it is not a macro call.
///
/// Syntax-quotes and `::kw` anywhere in `form` are expanded first, as
/// Clojure's reader would have done. No locals are in scope.
pub fn macroexpand(form: &Form, env: &mut dyn Env) -> std::result::Result<Form, AnalyzeError> {
    analyzer::Analyzer::new(env).macroexpand_top(form)
}

/// Analyze one top-level form.
pub fn analyze(form: &Form, env: &mut dyn Env) -> std::result::Result<hir::Expr, AnalyzeError> {
    analyzer::Analyzer::new(env).analyze_top(form)
}
