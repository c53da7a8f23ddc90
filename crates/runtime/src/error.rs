//! Exceptions: the objects, the class hierarchy `catch` matches against, the
//! errors the runtime itself throws, and the report of an uncaught one.
//!
//! ```text
//! Exception  header | message (string or nil) | data (map or nil)
//!                   | cause (exception or nil) | trace (vector or nil)
//!                   | kind (keyword named by the class, e.g. :ArithmeticException)
//! ```
//! The trace is a vector of frames `[fn-name file line]` (two strings and a
//! long), innermost first, appended by `push_trace` as a tier unwinds.
//!
//! Classes are the JVM's names without their package (`ArithmeticException`,
//! `ExceptionInfo`); `exception_is` implements the hierarchy of
//! `docs/contracts.md`, and `class_name` gives the full name for printing.

use crate::heap;
use crate::object::{alloc_fields, field, has_tag, replace_field};
use crate::string::{self, make_str};
use crate::tag::Tag;
use crate::value::Value;
use crate::{Res, Thrown};

const F_MESSAGE: usize = 0;
const F_DATA: usize = 1;
const F_CAUSE: usize = 2;
const F_TRACE: usize = 3;
const F_KIND: usize = 4;

/// Frames kept per exception; deeper traces (a stack overflow) keep the
/// innermost frames and count the rest.
const MAX_TRACE: usize = 1024;

/// Makes an exception object (owned). `data` and `cause` are owned (nil for
/// none).
pub fn make_exception(kind: &str, msg: &str, data: Value, cause: Value) -> Value {
    make_exception_v(kind, make_str(msg), data, cause)
}

/// Like `make_exception` with the message as a value (owned; a string or nil).
pub fn make_exception_v(kind: &str, msg: Value, data: Value, cause: Value) -> Value {
    let kind = string::keyword(None, strip_package(kind));
    alloc_fields(Tag::Exception, &[msg, data, cause, Value::NIL, kind], 0)
}

/// An exception of class `kind` with message `msg`, ready to return as `Err`.
pub fn throw(kind: &str, msg: &str) -> Thrown {
    Thrown(make_exception(kind, msg, Value::NIL, Value::NIL))
}

/// `ex-info`: an `ExceptionInfo` with `data` and `cause` (owned).
pub fn ex_info(msg: Value, data: Value, cause: Value) -> Value {
    make_exception_v("ExceptionInfo", msg, data, cause)
}

/// "Wrong number of args (N) passed to: user/foo" (an `ArityException`,
/// which is an `IllegalArgumentException`).
pub fn arity_error(fn_name: &str, nargs: usize) -> Thrown {
    throw(
        "ArityException",
        &format!("Wrong number of args ({nargs}) passed to: {fn_name}"),
    )
}

pub fn stack_overflow() -> Thrown {
    Thrown(make_exception_v(
        "StackOverflowError",
        Value::NIL,
        Value::NIL,
        Value::NIL,
    ))
}

pub fn illegal_state(msg: &str) -> Thrown {
    throw("IllegalStateException", msg)
}

pub fn illegal_arg(msg: &str) -> Thrown {
    throw("IllegalArgumentException", msg)
}

pub fn unsupported(msg: &str) -> Thrown {
    throw("UnsupportedOperationException", msg)
}

pub fn arithmetic(msg: &str) -> Thrown {
    throw("ArithmeticException", msg)
}

pub fn index_out_of_bounds(msg: &str) -> Thrown {
    throw("IndexOutOfBoundsException", msg)
}

/// The JVM class name of any value, as `type` and error messages report it.
pub fn class_name_of(v: Value) -> String {
    if v.is_fixnum() {
        return "java.lang.Long".into();
    }
    if v.is_nil() {
        return "nil".into();
    }
    if v == Value::TRUE || v == Value::FALSE {
        return "java.lang.Boolean".into();
    }
    if v.is_char() {
        return "java.lang.Character".into();
    }
    match crate::object::tag_of(v) {
        Some(Tag::Exception) => class_name(kind_of(v)).to_string(),
        Some(Tag::Record | Tag::Deftype | Tag::Reify) => crate::coll::record::type_name(v),
        Some(Tag::ObjectArray | Tag::PrimArray) => crate::coll::array_class_name(v).to_string(),
        Some(Tag::Stream) => crate::io::class_name(v).to_string(),
        Some(Tag::Promise) => crate::promise::class_name(v).to_string(),
        Some(Tag::Map) if crate::coll::is_hash_map(v) => "clojure.lang.PersistentHashMap".into(),
        Some(Tag::TransientMap) => crate::coll::transient_map_class(v).into(),
        Some(t) => t.name().to_string(),
        None => "genera.lang.Internal".into(),
    }
}

/// The class name without its package (`Long`, `PersistentVector`).
pub fn simple_class_name_of(v: Value) -> String {
    let full = class_name_of(v);
    match full.rfind('.') {
        Some(i) => full[i + 1..].to_string(),
        None => full,
    }
}

/// ClassCastException "class java.lang.String cannot be cast to class
/// java.lang.Number"; a NullPointerException when `v` is nil.
pub fn cast_error(v: Value, target: &str) -> Thrown {
    if v.is_nil() {
        return throw(
            "NullPointerException",
            &format!("Cannot cast nil to {target}"),
        );
    }
    throw(
        "ClassCastException",
        &format!(
            "class {} cannot be cast to class {target}",
            class_name_of(v)
        ),
    )
}

/// Invoking something that is not a function.
pub fn not_callable(f: Value) -> Thrown {
    cast_error(f, "clojure.lang.IFn")
}

fn strip_package(kind: &str) -> &str {
    for p in ["java.lang.", "clojure.lang.", "java.util.", "java.io."] {
        if let Some(rest) = kind.strip_prefix(p) {
            return rest;
        }
    }
    kind
}

/// The full JVM name of an exception class given its short name.
pub fn class_name(kind: &str) -> String {
    match kind {
        "ExceptionInfo" | "ArityException" => format!("clojure.lang.{kind}"),
        "IOException" | "FileNotFoundException" => format!("java.io.{kind}"),
        "ExecutionException" => format!("java.util.concurrent.{kind}"),
        _ => format!("java.lang.{kind}"),
    }
}

/// The superclass of an exception class (`None` for Throwable). Classes not
/// in the table are taken to be RuntimeExceptions.
fn parent(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Throwable" => return None,
        "Exception" | "Error" => "Throwable",
        "RuntimeException" => "Exception",
        "IOException" | "ExecutionException" => "Exception",
        "ArrayIndexOutOfBoundsException" | "StringIndexOutOfBoundsException" => {
            "IndexOutOfBoundsException"
        }
        "FileNotFoundException" => "IOException",
        "NumberFormatException" | "ArityException" | "PatternSyntaxException" => {
            "IllegalArgumentException"
        }
        "StackOverflowError" | "AssertionError" | "OutOfMemoryError" | "IllegalAccessError" => {
            "Error"
        }
        _ => "RuntimeException",
    })
}

/// True if `exn` is an exception that a `catch` of `class` catches.
pub fn exception_is(exn: Value, class: &str) -> bool {
    if !is_exception(exn) {
        return matches!(strip_package(class), "Object" | "Throwable");
    }
    let want = strip_package(class);
    if want == "Object" {
        return true;
    }
    let mut k: &str = kind_of(exn);
    loop {
        if k == want {
            return true;
        }
        match parent(k) {
            Some(p) => k = p,
            None => return false,
        }
    }
}

pub fn is_exception(v: Value) -> bool {
    has_tag(v, Tag::Exception)
}

/// The short class name of an exception (`ArithmeticException`).
pub fn kind_of<'a>(exn: Value) -> &'a str {
    string::name_parts(field(exn, F_KIND)).1
}

/// The message of an exception, if it is one and has a message.
pub fn exception_message(exn: Value) -> Option<String> {
    if !is_exception(exn) {
        return None;
    }
    string::as_str(field(exn, F_MESSAGE)).map(str::to_string)
}

/// Message, data, cause (borrowed fields; nil when absent).
pub fn message_of(exn: Value) -> Value {
    field(exn, F_MESSAGE)
}
pub fn data_of(exn: Value) -> Value {
    field(exn, F_DATA)
}
pub fn cause_of(exn: Value) -> Value {
    field(exn, F_CAUSE)
}
pub fn trace_of(exn: Value) -> Value {
    field(exn, F_TRACE)
}

/// Appends the frame `fn_name (file:line)` to the trace of `exn` (borrowed),
/// as a tier unwinds through that frame.
pub fn push_trace(exn: Value, fn_name: &str, file: &str, line: u32) {
    if !is_exception(exn) {
        return;
    }
    let trace = field(exn, F_TRACE);
    if !trace.is_nil() && crate::coll::vector_len(trace) >= MAX_TRACE {
        return;
    }
    let frame = crate::coll::make_vector(&[
        make_str(fn_name),
        make_str(file),
        Value::fixnum(line as i64),
    ]);
    let trace = if trace.is_nil() {
        crate::coll::make_vector(&[frame])
    } else {
        heap::dup(trace);
        crate::coll::vector_push(trace, frame)
    };
    replace_field(exn, F_TRACE, trace);
}

/// What `throw` does with a value (owned): an exception is thrown as it is;
/// anything else becomes the ClassCastException the JVM would throw.
pub fn coerce_thrown(v: Value) -> Thrown {
    if is_exception(v) {
        return Thrown(v);
    }
    let t = cast_error(v, "java.lang.Throwable");
    heap::drop(v);
    t
}

fn frame_text(frame: Value) -> String {
    let items = crate::coll::vector_items(frame);
    let name = string::as_str(items[0]).unwrap_or("?");
    let file = string::as_str(items[1]).unwrap_or("?");
    let line = items[2].as_fixnum();
    format!("{name} ({file}:{line})")
}

fn frames(exn: Value) -> Vec<String> {
    let trace = trace_of(exn);
    if trace.is_nil() {
        return Vec::new();
    }
    crate::coll::vector_items(trace)
        .iter()
        .map(|f| frame_text(*f))
        .collect()
}

/// The report the command line prints for an uncaught exception:
/// ```text
/// Execution error (ExceptionInfo) at user/foo (prog.clj:3).
/// boom
/// {:a 1}
/// Caused by: (ArithmeticException) Divide by zero
///   at user/foo (prog.clj:3)
/// ```
pub fn format_uncaught(exn: Value) -> String {
    if !is_exception(exn) {
        return format!("Execution error: {}", crate::print::pr_str(exn));
    }
    let mut out = String::new();
    let fr = frames(exn);
    match fr.first() {
        Some(top) => out.push_str(&format!("Execution error ({}) at {}.\n", kind_of(exn), top)),
        None => out.push_str(&format!("Execution error ({}).\n", kind_of(exn))),
    }
    append_message_and_data(&mut out, exn);
    let mut cause = cause_of(exn);
    let mut depth = 0;
    while is_exception(cause) && depth < 50 {
        out.push_str(&format!("Caused by: ({}) ", kind_of(cause)));
        append_message_and_data(&mut out, cause);
        cause = cause_of(cause);
        depth += 1;
    }
    append_trace(&mut out, &fr);
    while out.ends_with('\n') {
        out.pop();
    }
    out
}

/// The trace, with runs of one repeated frame (deep recursion) folded into
/// one line, and at most `SHOWN` lines.
fn append_trace(out: &mut String, frames: &[String]) {
    const SHOWN: usize = 40;
    let mut lines = 0;
    let mut i = 0;
    while i < frames.len() && lines < SHOWN {
        let run = frames[i..].iter().take_while(|f| **f == frames[i]).count();
        if run > 1 {
            out.push_str(&format!("  at {} (repeated {run} times)\n", frames[i]));
        } else {
            out.push_str(&format!("  at {}\n", frames[i]));
        }
        i += run;
        lines += 1;
    }
    if i < frames.len() {
        out.push_str(&format!("  ... {} more\n", frames.len() - i));
    }
}

fn append_message_and_data(out: &mut String, exn: Value) {
    match string::as_str(message_of(exn)) {
        Some(m) => out.push_str(m),
        None => out.push_str("(no message)"),
    }
    out.push('\n');
    let data = data_of(exn);
    if !data.is_nil() {
        out.push_str(&crate::print::pr_str(data));
        out.push('\n');
    }
}

/// Throws unless `args` has exactly `n` elements (the native is `name`).
#[inline]
pub fn check_arity(args: &[Value], n: usize, name: &str) -> Res<()> {
    if args.len() == n {
        Ok(())
    } else {
        Err(arity_error(&qualify(name), args.len()))
    }
}

/// Throws unless `lo <= args.len() <= hi`.
#[inline]
pub fn check_arity_range(args: &[Value], lo: usize, hi: usize, name: &str) -> Res<()> {
    if args.len() >= lo && args.len() <= hi {
        Ok(())
    } else {
        Err(arity_error(&qualify(name), args.len()))
    }
}

fn qualify(name: &str) -> String {
    if name.contains('/') && name != "/" {
        name.to_string()
    } else {
        format!("clojure.core/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_leaks;

    #[test]
    fn hierarchy() {
        check_leaks(|| {
            let e = make_exception(
                "ArithmeticException",
                "Divide by zero",
                Value::NIL,
                Value::NIL,
            );
            assert!(exception_is(e, "ArithmeticException"));
            assert!(exception_is(e, "java.lang.RuntimeException"));
            assert!(exception_is(e, "Exception"));
            assert!(exception_is(e, "Throwable"));
            assert!(!exception_is(e, "Error"));
            assert!(!exception_is(e, "IllegalArgumentException"));
            heap::drop(e);
            let Thrown(e) = arity_error("user/f", 3);
            assert!(exception_is(e, "IllegalArgumentException"));
            assert_eq!(
                exception_message(e).unwrap(),
                "Wrong number of args (3) passed to: user/f"
            );
            heap::drop(e);
            let Thrown(e) = stack_overflow();
            assert!(exception_is(e, "Error") && !exception_is(e, "Exception"));
            heap::drop(e);
        });
    }

    #[test]
    fn uncaught_report() {
        check_leaks(|| {
            let cause = make_exception(
                "ArithmeticException",
                "Divide by zero",
                Value::NIL,
                Value::NIL,
            );
            let data =
                crate::coll::make_map(&[string::keyword(None, "a"), Value::fixnum(1)]).unwrap();
            let e = make_exception("ExceptionInfo", "boom", data, cause);
            push_trace(e, "user/foo", "prog.clj", 3);
            push_trace(e, "user/main", "prog.clj", 9);
            let text = format_uncaught(e);
            assert_eq!(
                text,
                "Execution error (ExceptionInfo) at user/foo (prog.clj:3).\nboom\n{:a 1}\n\
                 Caused by: (ArithmeticException) Divide by zero\n  at user/foo (prog.clj:3)\n  at user/main (prog.clj:9)"
            );
            heap::drop(e);
        });
    }

    #[test]
    fn throwing_a_non_exception() {
        check_leaks(|| {
            let Thrown(e) = coerce_thrown(Value::fixnum(1));
            assert!(exception_is(e, "ClassCastException"));
            assert_eq!(
                exception_message(e).unwrap(),
                "class java.lang.Long cannot be cast to class java.lang.Throwable"
            );
            heap::drop(e);
        });
    }
}
