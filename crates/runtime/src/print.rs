//! Printing (`pr`, `print`, `str`) exactly as Clojure prints, and the
//! buffered output every printing function writes through.
//!
//! `pr` prints readably (strings quoted and escaped, chars as `\a`,
//! `\newline`); `print` prints for people (strings and chars raw, also
//! inside collections). `str` of a value is Java's `toString`: like `print`
//! for strings, chars, numbers (`(str 1N)` is "1"), keywords and symbols,
//! like `pr` for collections, and nil is "".
//!
//! Output goes to a thread-local buffer flushed to stdout when it grows,
//! by `flush_out` (the driver calls it at exit and before reading REPL
//! input), or captured: `push_out` starts capturing into a string (for
//! `with-out-str`), `pop_out` ends it and returns the text.

use crate::callable;
use crate::coll::{self, dupd};
use crate::error;
use crate::num;
use crate::object::{field, tag_of};
use crate::seq::{self, SeqIter};
use crate::string;
use crate::tag::Tag;
use crate::value::Value;
use crate::{heap, Res};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write as _;

// ---------------------------------------------------------------------------
// Output

struct Out {
    buf: String,
    captures: Vec<String>,
}

thread_local! {
    static OUT: RefCell<Out> = const { RefCell::new(Out { buf: String::new(), captures: Vec::new() }) };
}

const FLUSH_AT: usize = 1 << 13;

/// Where uncaptured output goes instead of stdout (`set_out_sink`).
pub type Sink = Box<dyn FnMut(&str)>;

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

/// Writes `s` to the current output: the stream `*out*` is bound to, else
/// stdout (or the innermost capture). A failing stream (closed) drops the
/// text; `write_out_res` reports it.
pub fn write_out(s: &str) {
    if let Err(e) = write_out_res(s) {
        heap::drop(e.0);
    }
}

/// `write_out`, with the error of a failing `*out*` stream.
pub fn write_out_res(s: &str) -> Res<()> {
    match crate::io::bound_out() {
        Some(w) => {
            let r = crate::io::write_str(w, s);
            heap::drop(w);
            r
        }
        None => {
            write_out_stdout(s);
            Ok(())
        }
    }
}

/// Writes `s` to stdout's buffer (or the innermost capture).
pub fn write_out_stdout(s: &str) {
    let full = OUT.with(|o| {
        let mut o = o.borrow_mut();
        if let Some(c) = o.captures.last_mut() {
            c.push_str(s);
            Some(false)
        } else if SINK.with(|k| k.borrow().is_some()) {
            None
        } else {
            o.buf.push_str(s);
            Some(o.buf.len() >= FLUSH_AT)
        }
    });
    match full {
        Some(true) => flush_out(),
        Some(false) => {}
        None => SINK.with(|k| {
            if let Some(f) = k.borrow_mut().as_mut() {
                f(s)
            }
        }),
    }
}

/// Sends this thread's uncaptured output to `sink` instead of stdout (None:
/// back to stdout), e.g. to an nREPL client as `out` messages; returns the
/// sink it replaces. Captures (`with-out-str`) still take precedence. The
/// sink must not print (it would re-enter itself).
pub fn set_out_sink(sink: Option<Sink>) -> Option<Sink> {
    flush_out();
    SINK.with(|k| std::mem::replace(&mut *k.borrow_mut(), sink))
}

/// Writes buffered output to stdout.
pub fn flush_out() {
    let text = OUT.with(|o| std::mem::take(&mut o.borrow_mut().buf));
    let mut stdout = std::io::stdout().lock();
    // A closed stdout (a pipe whose reader exited) is not the program's error.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Starts capturing output (`with-out-str`).
pub fn push_out() {
    OUT.with(|o| o.borrow_mut().captures.push(String::new()));
}

/// Ends the innermost capture and returns what was written to it.
pub fn pop_out() -> String {
    OUT.with(|o| o.borrow_mut().captures.pop().unwrap_or_default())
}

// ---------------------------------------------------------------------------
// Printing to strings

/// `(pr-str v)`. Printing a lazy seq realizes it; if that throws, the text
/// ends with `#<error: ...>` (use `pr_str_res` to get the exception).
pub fn pr_str(v: Value) -> String {
    let mut out = String::new();
    if let Err(e) = pr_into(&mut out, v, true) {
        let _ = write!(
            out,
            "#<error: {}>",
            error::exception_message(e.0).unwrap_or_default()
        );
        heap::drop(e.0);
    }
    out
}

/// `(print-str v)` (see `pr_str` for errors).
pub fn print_str(v: Value) -> String {
    let mut out = String::new();
    if let Err(e) = pr_into(&mut out, v, false) {
        let _ = write!(
            out,
            "#<error: {}>",
            error::exception_message(e.0).unwrap_or_default()
        );
        heap::drop(e.0);
    }
    out
}

pub fn pr_str_res(v: Value) -> Res<String> {
    let mut out = String::new();
    pr_into(&mut out, v, true)?;
    Ok(out)
}

pub fn print_str_res(v: Value) -> Res<String> {
    let mut out = String::new();
    pr_into(&mut out, v, false)?;
    Ok(out)
}

/// Appends `(str v)` to `out`.
pub fn str_into(out: &mut String, v: Value) -> Res<()> {
    let _depth = crate::equiv::DepthGuard::enter()?;
    if v.is_nil() {
        return Ok(());
    }
    if num::is_number(v) {
        out.push_str(&num::str_num(v));
        return Ok(());
    }
    if let Some(c) = v.as_char() {
        out.push(c);
        return Ok(());
    }
    match tag_of(v) {
        Some(Tag::String) => out.push_str(string::str_of(v)),
        // Pattern.toString() is its source; pr keeps the #"..." form.
        Some(Tag::Regex) => out.push_str(crate::regex::source(v)),
        Some(Tag::Uuid) => out.push_str(&crate::tagged::uuid_string(v)),
        Some(Tag::Inst) => out.push_str(&crate::tagged::date_string(crate::tagged::inst_ms(v))),
        // Object.toString over TaggedLiteral's own hashCode.
        Some(Tag::TaggedLiteral) => {
            let h = crate::equiv::java_hash_code(v)?;
            let _ = write!(out, "clojure.lang.TaggedLiteral@{:x}", h as u32);
        }
        // Namespace.toString() is its name; pr keeps the #object form.
        Some(Tag::Namespace) => out.push_str(crate::ns::ns_object_name(v)),
        Some(Tag::LazySeq) => {
            let _ = write!(out, "clojure.lang.LazySeq@{:x}", crate::equiv::hash(v)?);
        }
        Some(Tag::Exception) => {
            let _ = write!(out, "{}: ", error::class_name(error::kind_of(v)));
            str_into(out, error::message_of(v))?;
            let data = error::data_of(v);
            if !data.is_nil() {
                out.push(' ');
                pr_into(out, data, true)?;
            }
        }
        Some(Tag::TypeDesc) => {
            out.push_str("class ");
            out.push_str(&coll::record::desc_name(v));
        }
        // Object.toString, as on the JVM (records hash by value there too,
        // though the JVM's hashCode differs from `hash`).
        Some(Tag::Record | Tag::Deftype | Tag::Reify) => {
            if let Some(text) = instance_to_string(v)? {
                out.push_str(&text);
                return Ok(());
            }
            let h = if coll::record::is_record(v) {
                coll::record::record_hash(v)?
            } else {
                crate::equiv::identity_hash(v)
            };
            let _ = write!(out, "{}@{:x}", coll::record::type_name(v), h as u32);
        }
        Some(Tag::Stream) if crate::io::string_writer_text(v).is_some() => {
            out.push_str(&crate::io::string_writer_text(v).unwrap_or_default())
        }
        Some(Tag::Atom | Tag::Volatile | Tag::Delay | Tag::Reduced) => {
            let _ = write!(
                out,
                "{}@{:x}",
                error::class_name_of(v),
                crate::equiv::identity_hash(v)
            );
        }
        _ => pr_into(out, v, true)?,
    }
    Ok(())
}

/// `(str v)` of one value.
pub fn str_of_value(v: Value) -> Res<String> {
    let mut out = String::new();
    str_into(&mut out, v)?;
    Ok(out)
}

fn addr(v: Value) -> String {
    format!("0x{:x}", (crate::equiv::identity_hash(v) as u32))
}

/// Appends the printed form of `v` to `out`: readably (`pr`) or not (`print`).
pub fn pr_into(out: &mut String, v: Value, readably: bool) -> Res<()> {
    let _depth = crate::equiv::DepthGuard::enter()?;
    if ANY_CLASS_PRINTED.load(std::sync::atomic::Ordering::Relaxed) && pr_by_print_method(out, v)? {
        return Ok(());
    }
    if v.is_nil() {
        out.push_str("nil");
        return Ok(());
    }
    if v == Value::TRUE {
        out.push_str("true");
        return Ok(());
    }
    if v == Value::FALSE {
        out.push_str("false");
        return Ok(());
    }
    if v.is_fixnum() {
        let _ = write!(out, "{}", v.as_fixnum());
        return Ok(());
    }
    if let Some(c) = v.as_char() {
        if readably {
            out.push('\\');
            match c {
                '\n' => out.push_str("newline"),
                ' ' => out.push_str("space"),
                '\t' => out.push_str("tab"),
                '\u{8}' => out.push_str("backspace"),
                '\u{c}' => out.push_str("formfeed"),
                '\r' => out.push_str("return"),
                c => out.push(c),
            }
        } else {
            out.push(c);
        }
        return Ok(());
    }
    if !v.is_ptr() {
        out.push_str(if v == Value::UNBOUND {
            "#<unbound>"
        } else {
            "#<internal>"
        });
        return Ok(());
    }
    let Some(tag) = tag_of(v) else {
        out.push_str("#<corrupt object>");
        return Ok(());
    };
    match tag {
        Tag::Long | Tag::Double | Tag::BigInt | Tag::Ratio | Tag::BigDecimal => {
            out.push_str(&num::pr_num(v))
        }
        Tag::String => {
            let s = string::str_of(v);
            if readably {
                pr_string(out, s)
            } else {
                out.push_str(s)
            }
        }
        Tag::Symbol => out.push_str(&string::full_name(v)),
        Tag::Keyword => {
            out.push(':');
            out.push_str(&string::full_name(v));
        }
        Tag::Vector | Tag::SubVector | Tag::MapEntry => {
            let mut items = coll::vector_iter(v);
            pr_coll(
                out,
                "[",
                " ",
                "]",
                &mut || Ok(items.next().map(|x| (dupd(x), None))),
                readably,
            )?;
        }
        Tag::Map => {
            let mut entries = coll::map_entries(v).into_iter();
            pr_coll(
                out,
                "{",
                ", ",
                "}",
                &mut || Ok(entries.next().map(|(k, x)| (dupd(k), Some(dupd(x))))),
                readably,
            )?;
        }
        Tag::Set => {
            let mut items = coll::set_members(v).into_iter();
            pr_coll(
                out,
                "#{",
                " ",
                "}",
                &mut || Ok(items.next().map(|x| (dupd(x), None))),
                readably,
            )?;
        }
        Tag::SortedMap | Tag::SortedSet => {
            let set = tag == Tag::SortedSet;
            out.push_str(if set { "#{" } else { "{" });
            let mut first = true;
            coll::sorted_for_each(v, |k, x| {
                if !first {
                    out.push_str(if set { " " } else { ", " });
                }
                first = false;
                pr_into(out, k, readably)?;
                if !set {
                    out.push(' ');
                    pr_into(out, x, readably)?;
                }
                Ok(())
            })?;
            out.push('}');
        }
        Tag::EmptyList
        | Tag::List
        | Tag::Cons
        | Tag::LazySeq
        | Tag::Range
        | Tag::ArraySeq
        | Tag::TreeSeq
        | Tag::ChunkedCons => {
            let mut it = SeqIter::new(v)?;
            pr_coll(
                out,
                "(",
                " ",
                ")",
                &mut || Ok(it.next_item()?.map(|x| (x, None))),
                readably,
            )?;
        }
        Tag::Var => {
            let (ns, name) = crate::ns::var_name(v);
            let _ = write!(out, "#'{ns}/{name}");
        }
        Tag::Namespace => {
            let _ = write!(
                out,
                "#object[clojure.lang.Namespace {} \"{}\"]",
                addr(v),
                crate::ns::ns_object_name(v)
            );
        }
        Tag::Closure | Tag::NativeFn | Tag::MetaFn => {
            let _ = write!(
                out,
                "#object[genera.lang.Fn {} \"{}\"]",
                addr(v),
                callable::fn_name(v)
            );
        }
        Tag::Atom | Tag::Volatile | Tag::Reduced => {
            let _ = write!(
                out,
                "#object[{} {} {{:status :ready, :val ",
                tag.name(),
                addr(v)
            );
            pr_into(out, field(v, 0), readably)?;
            out.push_str("}]");
        }
        Tag::Delay => {
            let realized = crate::atom::delay_is_realized(v);
            let _ = write!(
                out,
                "#object[clojure.lang.Delay {} {{:status {}, :val ",
                addr(v),
                if realized { ":ready" } else { ":pending" }
            );
            pr_into(
                out,
                if realized {
                    crate::atom::delay_value(v)
                } else {
                    Value::NIL
                },
                readably,
            )?;
            out.push_str("}]");
        }
        Tag::Exception => pr_exception(out, v)?,
        Tag::Uuid => {
            out.push_str("#uuid ");
            pr_string(out, &crate::tagged::uuid_string(v));
        }
        Tag::Inst => {
            out.push_str("#inst ");
            pr_string(
                out,
                &crate::tagged::timestamp_string(crate::tagged::inst_ms(v)),
            );
        }
        Tag::TaggedLiteral => {
            let (tag, form) = crate::tagged::tagged_parts(v);
            out.push('#');
            pr_into(out, tag, readably)?;
            out.push(' ');
            pr_into(out, form, readably)?;
        }
        Tag::Regex => {
            out.push_str("#\"");
            out.push_str(crate::regex::source(v));
            out.push('"');
        }
        Tag::ObjectArray | Tag::PrimArray => {
            // As the JVM prints an array: its class and identity, twice.
            let (class, a) = (coll::array_class_name(v), addr(v));
            let _ = write!(out, "#object[\"{class}\" {a} \"{class}@{}\"]", &a[2..]);
        }
        Tag::Stream => {
            let _ = write!(out, "#object[{} {} ", crate::io::class_name(v), addr(v));
            pr_string(out, &crate::io::string_writer_text(v).unwrap_or_default());
            out.push(']');
        }
        Tag::Promise => {
            let (status, val) = if !field(v, 1).is_nil() {
                (":failed", field(v, 1))
            } else if crate::promise::is_delivered(v) {
                (":ready", field(v, 0))
            } else {
                (":pending", Value::NIL)
            };
            let class = crate::promise::class_name(v);
            let _ = write!(out, "#object[{class} {} {{:status {status}, :val ", addr(v));
            pr_into(out, val, readably)?;
            out.push_str("}]");
        }
        Tag::Code
        | Tag::Transient
        | Tag::VectorNode
        | Tag::TransientVector
        | Tag::TreeNode
        | Tag::TransientMap
        | Tag::TransientSet
        | Tag::BitmapNode
        | Tag::ArrayNode
        | Tag::CollisionNode
        | Tag::ArrayChunk
        | Tag::ChunkBuffer
        | Tag::Matcher
        | Tag::ProtoCache => {
            let _ = write!(out, "#object[{} {}]", tag.name(), addr(v));
        }
        Tag::TypeDesc => out.push_str(&coll::record::desc_name(v)),
        Tag::Record | Tag::Deftype | Tag::Reify => pr_instance(out, v, readably)?,
        Tag::Pid => {
            let _ = write!(out, "#pid<0.{}>", crate::actor::pid_number(v));
        }
        Tag::Ref => {
            let _ = write!(out, "#ref<0.{}>", crate::actor::pid_number(v));
        }
    }
    Ok(())
}

thread_local! {
    /// The built-in classes (`java.util.UUID`) that have a `print-method`
    /// of their own (`defmethod print-method java.util.UUID ...`); values
    /// of other built-in classes print without calling into genera code.
    static CLASS_PRINTED: std::cell::RefCell<Vec<String>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether any class is in `CLASS_PRINTED`: the one load `pr_into` pays
/// per value when none is.
static ANY_CLASS_PRINTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notes whether built-in class `class` has its own `print-method`.
pub fn set_class_printed(class: &str, on: bool) {
    CLASS_PRINTED.with(|c| {
        let mut c = c.borrow_mut();
        c.retain(|x| x != class);
        if on {
            c.push(class.to_string());
        }
        ANY_CLASS_PRINTED.store(!c.is_empty(), std::sync::atomic::Ordering::Relaxed);
    });
}

/// Prints `v` through the `print-method` multimethod if its class has a
/// method of its own; `Ok(false)` if not.
fn pr_by_print_method(out: &mut String, v: Value) -> Res<bool> {
    let class = error::class_name_of(v);
    if !CLASS_PRINTED.with(|c| c.borrow().contains(&class)) {
        return Ok(false);
    }
    let Some(f) =
        crate::ns::find_var("clojure.core", "print-method").and_then(crate::ns::var_get_opt)
    else {
        return Ok(false);
    };
    push_out();
    let r = callable::invoke(f, &[v, Value::NIL]);
    heap::drop(f);
    let text = pop_out();
    heap::drop(r?);
    out.push_str(&text);
    Ok(true)
}

/// The result of the `toString` an instance's type defines (`Object
/// (toString [this] ...)` in its body), if it defines one.
fn instance_to_string(v: Value) -> Res<Option<String>> {
    let methods = coll::record::inline_methods(v);
    if !coll::is_map(methods) {
        return Ok(None);
    }
    let key = string::keyword(Some("java.lang.Object"), "toString");
    let Some(f) = coll::map_lookup(methods, key)? else {
        return Ok(None);
    };
    let r = callable::invoke(f, &[v])?;
    let text = str_of_value(r);
    heap::drop(r);
    text.map(Some)
}

/// Prints a record, deftype or reify instance: through the printer its
/// type registered (`defmethod print-method`), else records as
/// `#user.R{:a 1, :b 2}` and the others as `#object[user.T 0x... "user.T@..."]`.
fn pr_instance(out: &mut String, v: Value, readably: bool) -> Res<()> {
    use coll::record;
    let printer = field(record::desc_of(v), record::DESC_PRINTER);
    if !printer.is_nil() {
        push_out();
        let r = callable::invoke(printer, &[v, Value::NIL]);
        let text = pop_out();
        heap::drop(r?);
        out.push_str(&text);
        return Ok(());
    }
    let name = record::type_name(v);
    if !record::is_record(v) {
        let a = addr(v);
        let _ = write!(out, "#object[{name} {a} ");
        match instance_to_string(v)? {
            Some(text) => pr_string(out, &text),
            None => {
                let _ = write!(out, "\"{name}@{}\"", &a[2..]);
            }
        }
        out.push(']');
        return Ok(());
    }
    let _ = write!(out, "#{name}{{");
    let entries = record::record_seq(v);
    let mut it = SeqIter::new_owned(entries)?;
    let mut first = true;
    while let Some(e) = it.next_item()? {
        if !first {
            out.push_str(", ");
        }
        first = false;
        let r = pr_into(out, field(e, 0), readably).and_then(|_| {
            out.push(' ');
            pr_into(out, field(e, 1), readably)
        });
        heap::drop(e);
        r?;
    }
    out.push('}');
    Ok(())
}

/// An item of a collection being printed: a value, or a map's key and
/// value (both owned).
type Item = (Value, Option<Value>);

thread_local! {
    /// How many collections deep the printer is (for `*print-level*`).
    static PRINT_DEPTH: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
    static PRINT_VARS: std::cell::Cell<(Value, Value)> =
        const { std::cell::Cell::new((Value::NIL, Value::NIL)) };
}

/// The values of `*print-length*` and `*print-level*` (None when nil or
/// not a number).
fn print_limits() -> (Option<i64>, Option<i64>) {
    let (mut len_var, mut level_var) = PRINT_VARS.with(|c| c.get());
    if len_var.is_nil() {
        len_var = crate::ns::intern("clojure.core", "*print-length*");
        level_var = crate::ns::intern("clojure.core", "*print-level*");
        PRINT_VARS.with(|c| c.set((len_var, level_var)));
    }
    let get = |var: Value| {
        let v = crate::ns::var_get_opt(var)?;
        let n = num::as_long(v);
        heap::drop(v);
        n
    };
    (get(len_var), get(level_var))
}

/// Prints a collection: `open`, the items separated by `sep`, `close`,
/// honouring `*print-length*` (`...` after that many items) and
/// `*print-level*` (`#` for a collection nested deeper), as Clojure's
/// `print-sequential` does. `next` yields the items (owned).
fn pr_coll(
    out: &mut String,
    open: &str,
    sep: &str,
    close: &str,
    next: &mut dyn FnMut() -> Res<Option<Item>>,
    readably: bool,
) -> Res<()> {
    let (length, level) = print_limits();
    let depth = PRINT_DEPTH.with(|d| d.get());
    if level.is_some_and(|l| depth >= l) {
        out.push('#');
        return Ok(());
    }
    PRINT_DEPTH.with(|d| d.set(depth + 1));
    let r = pr_items(out, open, sep, close, next, readably, length);
    PRINT_DEPTH.with(|d| d.set(depth));
    r
}

fn pr_items(
    out: &mut String,
    open: &str,
    sep: &str,
    close: &str,
    next: &mut dyn FnMut() -> Res<Option<Item>>,
    readably: bool,
    length: Option<i64>,
) -> Res<()> {
    out.push_str(open);
    let mut printed: i64 = 0;
    while let Some((x, y)) = next()? {
        // Printing an infinite seq never ends: let Ctrl-C (or nREPL's
        // interrupt) stop it as it stops a loop in the VM.
        if crate::interrupt::take() {
            heap::drop(x);
            if let Some(y) = y {
                heap::drop(y);
            }
            return Err(crate::interrupt::interrupted());
        }
        if printed > 0 {
            out.push_str(sep);
        }
        if length.is_some_and(|n| printed >= n) {
            heap::drop(x);
            if let Some(y) = y {
                heap::drop(y);
            }
            out.push_str("...");
            break;
        }
        let mut r = pr_into(out, x, readably);
        heap::drop(x);
        if let Some(y) = y {
            if r.is_ok() {
                out.push(' ');
                r = pr_into(out, y, readably);
            }
            heap::drop(y);
        }
        r?;
        printed += 1;
    }
    out.push_str(close);
    Ok(())
}

fn pr_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            '\u{8}' => out.push_str("\\b"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `#error {...}` in the shape of Clojure's `Throwable->map` printing.
fn pr_exception(out: &mut String, e: Value) -> Res<()> {
    let mut chain = vec![e];
    let mut c = error::cause_of(e);
    while error::is_exception(c) && chain.len() < 50 {
        chain.push(c);
        c = error::cause_of(c);
    }
    let root = *chain.last().expect("non-empty chain");
    out.push_str("#error {\n :cause ");
    pr_into(out, error::message_of(root), true)?;
    if !error::data_of(root).is_nil() {
        out.push_str("\n :data ");
        pr_into(out, error::data_of(root), true)?;
    }
    out.push_str("\n :via\n [");
    for (i, x) in chain.iter().enumerate() {
        if i > 0 {
            out.push_str("\n  ");
        }
        let _ = write!(out, "{{:type {}", error::class_name(error::kind_of(*x)));
        if !error::message_of(*x).is_nil() {
            out.push_str("\n   :message ");
            pr_into(out, error::message_of(*x), true)?;
        }
        if !error::data_of(*x).is_nil() {
            out.push_str("\n   :data ");
            pr_into(out, error::data_of(*x), true)?;
        }
        out.push('}');
    }
    out.push_str("]\n :trace\n ");
    let trace = error::trace_of(e);
    if trace.is_nil() {
        out.push_str("[]");
    } else {
        pr_into(out, trace, true)?;
    }
    out.push('}');
    Ok(())
}

/// Is this value printed as a seq (for callers that need to know)?
pub fn prints_as_seq(v: Value) -> bool {
    seq::is_seq(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, read};

    fn check(src: &str, pr: &str, print: &str, str_: &str) {
        check_leaks(|| {
            let v = read(src);
            assert_eq!(pr_str(v), pr, "pr of {src}");
            assert_eq!(print_str(v), print, "print of {src}");
            assert_eq!(str_of_value(v).unwrap(), str_, "str of {src}");
            heap::drop(v);
        });
    }

    #[test]
    fn prints_like_clojure() {
        check("\"a\\nb\\\"\"", "\"a\\nb\\\"\"", "a\nb\"", "a\nb\"");
        check("\\a", "\\a", "a", "a");
        check("\\newline", "\\newline", "\n", "\n");
        check("\\space", "\\space", " ", " ");
        check("[1 \"a\" \\b]", "[1 \"a\" \\b]", "[1 a b]", "[1 \"a\" \\b]");
        check(
            "{:a 1 :b 2}",
            "{:a 1, :b 2}",
            "{:a 1, :b 2}",
            "{:a 1, :b 2}",
        );
        check("#{1}", "#{1}", "#{1}", "#{1}");
        check("()", "()", "()", "()");
        check("(1 (2 3))", "(1 (2 3))", "(1 (2 3))", "(1 (2 3))");
        check("nil", "nil", "nil", "");
        check("1N", "1N", "1N", "1");
        check("1.5M", "1.5M", "1.5M", "1.5");
        check("2/4", "1/2", "1/2", "1/2");
        check("1.0", "1.0", "1.0", "1.0");
        check("##Inf", "##Inf", "##Inf", "Infinity");
        check("##NaN", "##NaN", "##NaN", "NaN");
        check(":a/b", ":a/b", ":a/b", ":a/b");
        check("foo/bar", "foo/bar", "foo/bar", "foo/bar");
        check("true", "true", "true", "true");
    }

    #[test]
    fn namespace_str_is_its_name() {
        check_leaks(|| {
            let ns = crate::ns::create_ns("print.test.ns");
            assert_eq!(str_of_value(ns).unwrap(), "print.test.ns");
            let printed = pr_str(ns);
            assert!(printed.starts_with("#object[clojure.lang.Namespace 0x"));
            assert!(printed.ends_with(" \"print.test.ns\"]"), "{printed}");
            assert_eq!(print_str(ns), printed);
        });
    }

    #[test]
    fn capture_stack() {
        push_out();
        write_out("a");
        push_out();
        write_out("b");
        assert_eq!(pop_out(), "b");
        write_out("c");
        assert_eq!(pop_out(), "ac");
    }
}

/// The printer's per-actor state: the `with-out-str` captures and the
/// `*print-level*` depth. `swap_actor_state` installs `s` and returns what
/// was there (the scheduler keeps one per actor).
#[derive(Default)]
pub(crate) struct ActorPrintState {
    captures: Vec<String>,
    depth: i64,
}

pub(crate) fn swap_actor_state(s: ActorPrintState) -> ActorPrintState {
    let captures = OUT.with(|o| std::mem::replace(&mut o.borrow_mut().captures, s.captures));
    let depth = PRINT_DEPTH.with(|d| d.replace(s.depth));
    ActorPrintState { captures, depth }
}
