//! The little of Java that genera understands: exception classes (for
//! `catch` and `(Foo. msg)`) and the exception accessors `.getMessage`,
//! `.getData` and `.getCause`. Any other interop is an error that says so.

use crate::analyzer::Analyzer;
use crate::{AnalyzeError, Result};
use genera_hir::{Expr, ExprKind};
use genera_reader::{Form, FormKind, Name};

/// The exception classes of `docs/contracts.md`, by canonical name.
const EXCEPTION_CLASSES: &[&str] = &[
    "Throwable",
    "Exception",
    "RuntimeException",
    "Error",
    "ExceptionInfo",
    "ArithmeticException",
    "IllegalArgumentException",
    "IllegalStateException",
    "ClassCastException",
    "NullPointerException",
    "IndexOutOfBoundsException",
    "UnsupportedOperationException",
    "StackOverflowError",
    "NumberFormatException",
    "AssertionError",
    "ArrayIndexOutOfBoundsException",
    "NegativeArraySizeException",
    "IOException",
    "FileNotFoundException",
    "ExecutionException",
];

/// The canonical name of an exception class as written in source
/// (`java.lang.Exception` -> `Exception`), or None if genera has no such class.
pub(crate) fn canonical_class(written: &str) -> Option<&'static str> {
    let bare = if let Some(rest) = written.strip_prefix("java.lang.") {
        rest
    } else if let Some(rest) = written
        .strip_prefix("java.io.")
        .or_else(|| written.strip_prefix("java.util.concurrent."))
    {
        rest
    } else if written == "clojure.lang.ExceptionInfo" {
        "ExceptionInfo"
    } else {
        written
    };
    EXCEPTION_CLASSES.iter().copied().find(|c| *c == bare)
}

/// Classes of `java.lang` other than exceptions that a program may name as
/// values (`(instance? String x)`): auto-imported, as in Clojure.
const JAVA_LANG_CLASSES: &[&str] = &[
    "Object",
    "Number",
    "Long",
    "Integer",
    "Short",
    "Byte",
    "Double",
    "Float",
    "String",
    "CharSequence",
    "Character",
    "Boolean",
    "Comparable",
    "Iterable",
    "Runnable",
    "Class",
];

/// The full name of the class an unqualified or fully qualified symbol
/// names, if it names one: `String` -> `java.lang.String`, `ExceptionInfo`
/// -> `clojure.lang.ExceptionInfo`, `java.util.regex.Pattern` as written.
/// genera's runtime represents classes by such symbols (what `class` and
/// `type` return, what `instance?` takes).
pub(crate) fn class_value_name(sym: &Name) -> Option<String> {
    if sym.ns.is_some() {
        return None;
    }
    let name = sym.name.as_str();
    if name.contains('.') {
        let last = name.rsplit('.').next().unwrap_or(name);
        let qualified_class = last.starts_with(|c: char| c.is_ascii_uppercase())
            && ["java.", "javax.", "clojure.lang.", "genera.lang."]
                .iter()
                .any(|p| name.starts_with(p));
        return qualified_class.then(|| name.to_string());
    }
    match canonical_class(name) {
        Some("ExceptionInfo") => Some("clojure.lang.ExceptionInfo".to_string()),
        Some(class) => Some(format!("java.lang.{class}")),
        None => JAVA_LANG_CLASSES
            .contains(&name)
            .then(|| format!("java.lang.{name}")),
    }
}

/// True if `ns` in `ns/name` looks like a Java class rather than a namespace
/// (`Math`, `System`, `java.util.UUID`), so that an unresolved `Math/abs`
/// is reported as interop rather than as a missing var.
pub(crate) fn looks_like_class(ns: &str) -> bool {
    let last = ns.rsplit('.').next().unwrap_or(ns);
    last.starts_with(|c: char| c.is_ascii_uppercase())
        || ns.starts_with("java.")
        || ns.starts_with("javax.")
}

/// The stream classes a program may construct (`(java.io.StringWriter.)`),
/// as the runtime's stream natives (crates/runtime/src/io.rs).
fn stream_constructor(class: &str) -> Option<&'static str> {
    match class.strip_prefix("java.io.").unwrap_or(class) {
        "StringWriter" => Some("%string-writer"),
        "StringReader" => Some("%string-reader"),
        // Wrapping a reader adds nothing: genera's readers push back and
        // read lines already.
        "PushbackReader" | "BufferedReader" => Some("identity"),
        _ => None,
    }
}

/// The methods of readers and writers genera understands, as the natives
/// that take the stream first.
fn stream_method(method: &str) -> Option<&'static str> {
    Some(match method {
        "write" | "append" => "%write",
        "close" => "%close",
        "flush" => "%flush",
        "readLine" => "%read-line",
        "read" => "%read-char",
        "toString" => "str",
        _ => return None,
    })
}

fn unsupported(form: &Form, what: &str) -> AnalyzeError {
    AnalyzeError::new(&form.span, format!("Java interop is not supported: {what}"))
}

impl Analyzer<'_> {
    /// `(Foo. args)`, `(.method x args)`, or None if the head is not interop.
    #[inline(never)]
    pub(crate) fn interop_call(&mut self, form: &Form, items: &[Form]) -> Result<Option<Expr>> {
        let Some(head) = items[0].symbol() else {
            return Ok(None);
        };
        if head.ns.is_some() || head.name.len() < 2 {
            return Ok(None);
        }
        if let Some(method) = head.name.strip_prefix('.') {
            return self.method_call(form, method, &items[1..]).map(Some);
        }
        if let Some(class) = head.name.strip_suffix('.') {
            return self
                .new_exception(form, &items[0], class, &items[1..])
                .map(Some);
        }
        Ok(None)
    }

    /// `(new Foo args)`.
    #[inline(never)]
    pub(crate) fn new_form(&mut self, form: &Form, items: &[Form]) -> Result<Expr> {
        let Some(class_form) = items.get(1) else {
            return Err(AnalyzeError::new(
                &form.span,
                "Wrong number of args (0) passed to new",
            ));
        };
        let Some(class) = class_form.symbol() else {
            return Err(AnalyzeError::new(
                &class_form.span,
                format!("Unable to resolve classname: {}", class_form),
            ));
        };
        self.new_exception(form, class_form, &class.to_string(), &items[2..])
    }

    /// `(.getMessage e)` and friends become calls to the core accessor;
    /// the stream methods (`.write`, `.close`, ...) to the stream natives.
    fn method_call(&mut self, form: &Form, method: &str, args: &[Form]) -> Result<Expr> {
        if let Some(core_fn) = stream_method(method) {
            return self.core_call(form, core_fn, args);
        }
        let core_fn = match method {
            "getMessage" | "getLocalizedMessage" => "ex-message",
            "getData" => "ex-data",
            "getCause" => "ex-cause",
            _ => return Err(unsupported(form, &format!(".{method} in {}", form))),
        };
        if args.len() != 1 {
            return Err(AnalyzeError::new(
                &form.span,
                format!(
                    "(.{method} e) takes exactly one argument, got: {}",
                    args.len()
                ),
            ));
        }
        let f = Expr {
            kind: ExprKind::Var(Name::qualified("clojure.core", core_fn)),
            span: form.span.clone(),
        };
        let target = self.form(&args[0], false)?;
        Ok(Expr {
            kind: ExprKind::Invoke {
                f: Box::new(f),
                args: vec![target],
            },
            span: form.span.clone(),
        })
    }

    /// `(clojure.core/f args...)` with the args analyzed.
    fn core_call(&mut self, form: &Form, core_fn: &str, args: &[Form]) -> Result<Expr> {
        let f = Expr {
            kind: ExprKind::Var(Name::qualified("clojure.core", core_fn)),
            span: form.span.clone(),
        };
        let mut call_args = Vec::with_capacity(args.len());
        for arg in args {
            call_args.push(self.form(arg, false)?);
        }
        Ok(Expr {
            kind: ExprKind::Invoke {
                f: Box::new(f),
                args: call_args,
            },
            span: form.span.clone(),
        })
    }

    /// `(Exception. "msg")` -> `(clojure.core/%new-exception "Exception" "msg")`.
    fn new_exception(
        &mut self,
        form: &Form,
        class_form: &Form,
        class: &str,
        args: &[Form],
    ) -> Result<Expr> {
        if let Some(core_fn) = stream_constructor(class) {
            return self.core_call(form, core_fn, args);
        }
        let Some(canonical) = canonical_class(class) else {
            return Err(AnalyzeError::new(
                &class_form.span,
                format!("Unable to resolve classname: {class}"),
            ));
        };
        let span = &form.span;
        let f = Expr {
            kind: ExprKind::Var(Name::qualified("clojure.core", "%new-exception")),
            span: span.clone(),
        };
        let name = Form::new(
            FormKind::Str(canonical.to_string()),
            class_form.span.clone(),
        );
        let mut call_args = vec![Expr {
            kind: ExprKind::Const(name),
            span: class_form.span.clone(),
        }];
        for arg in args {
            call_args.push(self.form(arg, false)?);
        }
        Ok(Expr {
            kind: ExprKind::Invoke {
                f: Box::new(f),
                args: call_args,
            },
            span: span.clone(),
        })
    }

    /// `(. x foo)`: the general interop form.
    #[inline(never)]
    pub(crate) fn dot_form(&mut self, form: &Form) -> Result<Expr> {
        Err(unsupported(form, &form.to_string()))
    }
}
