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

/// The namespace where the runtime binds its equivalents of `java.lang`
/// static methods, under their Java names (`Math/sqrt`): see
/// `genera_runtime::natives::interop`.
pub(crate) const INTEROP_NS: &str = "genera.interop";

/// The value of a `java.lang` static field genera knows, as a constant.
pub(crate) fn static_field(class: &str, field: &str) -> Option<FormKind> {
    let class = class.strip_prefix("java.lang.").unwrap_or(class);
    Some(match (class, field) {
        ("Math", "PI") => FormKind::Float(std::f64::consts::PI),
        ("Math", "E") => FormKind::Float(std::f64::consts::E),
        ("Long", "MAX_VALUE") => FormKind::Int(i64::MAX),
        ("Long", "MIN_VALUE") => FormKind::Int(i64::MIN),
        ("Integer", "MAX_VALUE") => FormKind::Int(i32::MAX.into()),
        ("Integer", "MIN_VALUE") => FormKind::Int(i32::MIN.into()),
        ("Short", "MAX_VALUE") => FormKind::Int(i16::MAX.into()),
        ("Short", "MIN_VALUE") => FormKind::Int(i16::MIN.into()),
        ("Byte", "MAX_VALUE") => FormKind::Int(i8::MAX.into()),
        ("Byte", "MIN_VALUE") => FormKind::Int(i8::MIN.into()),
        ("Double", "MAX_VALUE") => FormKind::Float(f64::MAX),
        ("Double", "MIN_VALUE") => FormKind::Float(f64::from_bits(1)),
        ("Double", "POSITIVE_INFINITY") => FormKind::Float(f64::INFINITY),
        ("Double", "NEGATIVE_INFINITY") => FormKind::Float(f64::NEG_INFINITY),
        ("Double", "NaN") => FormKind::Float(f64::NAN),
        ("Boolean", "TRUE") => FormKind::Bool(true),
        ("Boolean", "FALSE") => FormKind::Bool(false),
        _ => return None,
    })
}

/// The var standing for static method `class/member`, in `INTEROP_NS`.
pub(crate) fn static_method_var(class: &str, member: &str) -> Name {
    let class = class.strip_prefix("java.lang.").unwrap_or(class);
    Name::qualified(INTEROP_NS, &format!("{class}/{member}"))
}

/// What to use instead of a piece of Java genera does not have.
fn equivalent(what: &str) -> Option<&'static str> {
    let member = what.rsplit(['/', '.']).next().unwrap_or(what);
    Some(match member {
        "length" | "size" => "count",
        "toUpperCase" => "clojure.string/upper-case",
        "toLowerCase" => "clojure.string/lower-case",
        "trim" | "strip" => "clojure.string/trim",
        "substring" | "subSequence" => "subs",
        "indexOf" => "clojure.string/index-of",
        "lastIndexOf" => "clojure.string/last-index-of",
        "startsWith" => "clojure.string/starts-with?",
        "endsWith" => "clojure.string/ends-with?",
        "contains" => "clojure.string/includes?",
        "split" => "clojure.string/split",
        "replace" | "replaceAll" => "clojure.string/replace",
        "charAt" => "nth",
        "isEmpty" => "empty?",
        "equals" => "=",
        "hashCode" => "hash",
        "toString" | "valueOf" if what.starts_with("String") => "str",
        "toString" => "str",
        "format" => "format",
        "join" => "clojure.string/join",
        "exit" => "(genera exits when the program ends; throw to exit non-zero)",
        _ => return None,
    })
}

/// The var holding the descriptor of a `defrecord`/`deftype` written by its
/// class name (`user.R` -> the var `user/R`), if there is one. Only a last
/// segment that starts with an uppercase letter counts, as for classes.
pub(crate) fn user_type_var(env: &dyn crate::Env, sym: &Name) -> Option<Name> {
    if sym.ns.is_some() {
        return None;
    }
    let (ns, name) = sym.name.rsplit_once('.')?;
    if ns.is_empty() || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    env.resolve_var(&Name::qualified(ns, name))
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
    unsupported_with(form, what, what)
}

/// "Java interop is not supported: WHAT", with the genera equivalent of
/// `key` (a method or `Class/member`) when there is one.
fn unsupported_with(form: &Form, what: &str, key: &str) -> AnalyzeError {
    let hint = match equivalent(key) {
        Some(e) if e.starts_with('(') => format!(" {e}"),
        Some(e) => format!("; use {e} instead"),
        None => String::new(),
    };
    AnalyzeError::new(
        &form.span,
        format!("Java interop is not supported: {what}{hint}"),
    )
}

/// The error for `Class/member` that genera has no equivalent of.
pub(crate) fn unsupported_static(form: &Form, sym: &Name) -> AnalyzeError {
    unsupported(form, &sym.to_string())
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

    /// `(.getMessage e)` and friends become calls to the core accessor.
    fn method_call(&mut self, form: &Form, method: &str, args: &[Form]) -> Result<Expr> {
        if let Some(field) = method.strip_prefix('-').filter(|f| !f.is_empty()) {
            return self.field_access(form, field, args);
        }
        if let Some(core_fn) = stream_method(method) {
            return self.core_call(form, core_fn, args);
        }
        let core_fn = match method {
            "getMessage" | "getLocalizedMessage" => "ex-message",
            "getData" => "ex-data",
            "getCause" => "ex-cause",
            // java.util.Date
            "getTime" => "inst-ms",
            _ => {
                return Err(unsupported_with(
                    form,
                    &format!(".{method} in {form}"),
                    method,
                ))
            }
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

    /// `(.-field x)`: a field of a record or deftype instance, read by
    /// name at run time (`(clojure.core/%dot-field x "field")`).
    fn field_access(&mut self, form: &Form, field: &str, args: &[Form]) -> Result<Expr> {
        if args.len() != 1 {
            return Err(AnalyzeError::new(
                &form.span,
                format!("(.-{field} x) takes exactly one argument"),
            ));
        }
        let f = Expr {
            kind: ExprKind::Var(Name::qualified("clojure.core", "%dot-field")),
            span: form.span.clone(),
        };
        let name = Expr {
            kind: ExprKind::Const(Form::new(
                FormKind::Str(field.to_string()),
                form.span.clone(),
            )),
            span: form.span.clone(),
        };
        let target = self.form(&args[0], false)?;
        Ok(Expr {
            kind: ExprKind::Invoke {
                f: Box::new(f),
                args: vec![target, name],
            },
            span: form.span.clone(),
        })
    }

    /// `(R. a b)` for a `defrecord`/`deftype` R (a var holding its
    /// descriptor): `(clojure.core/%new R a b)`.
    fn new_user_type(&mut self, form: &Form, class_form: &Form, args: &[Form]) -> Result<Expr> {
        let mut call_args = vec![self.form(class_form, false)?];
        for arg in args {
            call_args.push(self.form(arg, false)?);
        }
        let f = Expr {
            kind: ExprKind::Var(Name::qualified("clojure.core", "%new")),
            span: form.span.clone(),
        };
        Ok(Expr {
            kind: ExprKind::Invoke {
                f: Box::new(f),
                args: call_args,
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
        if matches!(class, "java.util.Date" | "Date") {
            return self.core_call(form, "%date", args);
        }
        let Some(canonical) = canonical_class(class) else {
            let sym = Name::simple(class);
            let is_type =
                self.env.resolve_var(&sym).is_some() || user_type_var(&*self.env, &sym).is_some();
            if is_type
                && class
                    .rsplit('.')
                    .next()
                    .is_some_and(|c| c.starts_with(|c: char| c.is_ascii_uppercase()))
            {
                let class_sym = Form::new(FormKind::Symbol(sym), class_form.span.clone());
                return self.new_user_type(form, &class_sym, args);
            }
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
