//! Namespaces as files: the source path, `require`, `load-file`, and the
//! core library embedded in the binary.
//!
//! `require` is a native function that runs inside the VM and re-enters the
//! pipeline to load a file, so the state it needs (options, source path,
//! which namespaces are loaded) lives here in thread-locals rather than in a
//! `Session` borrowed by the caller.

use crate::error::EvalError;
use crate::session::{eval_source, SessionOptions};
use genera_reader::{Form, FormKind, Span};
use genera_runtime::{callable, constant, error, heap, ns, Res, Thrown, Value};
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::PathBuf;

/// Namespaces whose source is compiled into the binary, loaded on demand
/// (clojure.core at start-up). A namespace may have several entries: they
/// are loaded in this order.
const EMBEDDED: &[(&str, &str, &str)] = &[
    (
        "clojure.core",
        "lib/clojure/core.clj",
        include_str!("../../../lib/clojure/core.clj"),
    ),
    (
        "clojure.core",
        "lib/clojure/core_types.clj",
        include_str!("../../../lib/clojure/core_types.clj"),
    ),
    (
        "clojure.core",
        "lib/clojure/core_more.clj",
        include_str!("../../../lib/clojure/core_more.clj"),
    ),
    (
        "clojure.java.io",
        "lib/clojure/java/io.clj",
        include_str!("../../../lib/clojure/java/io.clj"),
    ),
    (
        "clojure.set",
        "lib/clojure/set.clj",
        include_str!("../../../lib/clojure/set.clj"),
    ),
    (
        "clojure.walk",
        "lib/clojure/walk.clj",
        include_str!("../../../lib/clojure/walk.clj"),
    ),
    (
        "clojure.repl",
        "lib/clojure/repl.clj",
        include_str!("../../../lib/clojure/repl.clj"),
    ),
    (
        "clojure.test",
        "lib/clojure/test.clj",
        include_str!("../../../lib/clojure/test.clj"),
    ),
    (
        "clojure.template",
        "lib/clojure/template.clj",
        include_str!("../../../lib/clojure/template.clj"),
    ),
    (
        "clojure.edn",
        "lib/clojure/edn.clj",
        include_str!("../../../lib/clojure/edn.clj"),
    ),
    (
        "clojure.instant",
        "lib/clojure/instant.clj",
        include_str!("../../../lib/clojure/instant.clj"),
    ),
    (
        "clojure.zip",
        "lib/clojure/zip.clj",
        include_str!("../../../lib/clojure/zip.clj"),
    ),
    (
        "clojure.data",
        "lib/clojure/data.clj",
        include_str!("../../../lib/clojure/data.clj"),
    ),
    (
        "clojure.pprint",
        "lib/clojure/pprint.clj",
        include_str!("../../../lib/clojure/pprint.clj"),
    ),
    (
        "genera.actors",
        "lib/genera/actors.clj",
        include_str!("../../../lib/genera/actors.clj"),
    ),
    (
        "genera.server",
        "lib/genera/server.clj",
        include_str!("../../../lib/genera/server.clj"),
    ),
    (
        "genera.supervisor",
        "lib/genera/supervisor.clj",
        include_str!("../../../lib/genera/supervisor.clj"),
    ),
];

/// Namespaces the runtime provides natively (no source to load).
const NATIVE_NAMESPACES: &[&str] = &["clojure.string", "genera.image"];

thread_local! {
    static OPTIONS: RefCell<SessionOptions> = RefCell::new(SessionOptions::default());
    static SOURCE_PATH: RefCell<Vec<PathBuf>> = const { RefCell::new(Vec::new()) };
    static LOADED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// While recording (`record_sources`): every source file read from disk
    /// to be evaluated, as (path, text), in the order they were read.
    static SOURCES: RefCell<Option<Vec<(PathBuf, String)>>> = const { RefCell::new(None) };
    /// While recording: the namespaces loaded from the source path.
    static LOADED_FROM_PATH: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Starts (`true`) or stops recording the source files loaded from disk
/// and the namespaces loaded from the source path; stopping returns what
/// was recorded. For native builds, which bundle those namespaces, and the
/// compiled-program cache, which keys a build by every file it loaded.
pub(crate) fn record_sources(on: bool) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let namespaces = LOADED_FROM_PATH.with(|l| std::mem::take(&mut *l.borrow_mut()));
    SOURCES.with(|s| {
        let mut s = s.borrow_mut();
        let taken = s.take().unwrap_or_default();
        if on {
            *s = Some(Vec::new());
        }
        (taken, namespaces)
    })
}

/// Notes that `path`'s `text` is about to be evaluated (when recording).
pub(crate) fn note_source(path: &str, text: &str) {
    SOURCES.with(|s| {
        if let Some(list) = s.borrow_mut().as_mut() {
            let p = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
            list.push((p, text.to_string()));
        }
    });
}

pub(crate) fn install(options: SessionOptions) {
    OPTIONS.with(|o| *o.borrow_mut() = options);
    LOADED.with(|l| {
        let mut l = l.borrow_mut();
        for n in NATIVE_NAMESPACES {
            l.insert(n.to_string());
        }
    });
    bind_native("require", require_native);
    bind_native("load-file", load_file_native);
    bind_native("%source-at", source_at_native);
    bind_native("eval", eval_native);
    bind_native("load-string", load_string_native);
    bind_native("load", load_native);
    bind_native("loaded-libs", loaded_libs_native);
    crate::image::install();
}

pub(crate) fn options() -> SessionOptions {
    OPTIONS.with(|o| o.borrow().clone())
}

fn bind_native(name: &'static str, f: callable::NativeFnPtr) {
    let var = ns::intern("clojure.core", name);
    let fun = callable::make_native_fn(name, f);
    heap::make_immortal(fun);
    ns::var_set_root(var, fun);
}

/// Sets where `require` looks for namespaces: the directories in order.
pub fn set_source_path(dirs: Vec<PathBuf>) {
    SOURCE_PATH.with(|p| *p.borrow_mut() = dirs);
}

pub fn source_path() -> Vec<PathBuf> {
    SOURCE_PATH.with(|p| p.borrow().clone())
}

/// Loads the embedded core library into clojure.core, then switches to `user`.
pub(crate) fn load_core() -> Result<(), EvalError> {
    load_embedded("clojure.core")?;
    // `user` was created (and referred clojure.core's natives) before the
    // Clojure half of the core library existed; refer it all again.
    ns::refer_all("clojure.core", "user");
    ns::set_current_ns("user");
    Ok(())
}

/// Loads an embedded namespace: every `EMBEDDED` entry of that name, in
/// table order (clojure.core comes in several files, as on the JVM).
fn load_embedded(name: &str) -> Result<bool, EvalError> {
    let parts: Vec<_> = EMBEDDED.iter().filter(|(n, _, _)| *n == name).collect();
    if parts.is_empty() {
        return Ok(false);
    }
    mark_loaded(name);
    let saved = ns::current_ns();
    for (_, file, src) in parts {
        ns::set_current_ns(name);
        let result = eval_source(src, file);
        if result.is_err() {
            ns::set_current_ns(&saved);
        }
        heap::drop(result?);
    }
    ns::set_current_ns(&saved);
    Ok(true)
}

/// Every namespace loaded so far (for images).
pub(crate) fn loaded_namespaces() -> Vec<String> {
    LOADED.with(|l| l.borrow().iter().cloned().collect())
}

/// Marks namespace `name` loaded, so `require` does not load it again.
pub fn mark_loaded(name: &str) {
    LOADED.with(|l| l.borrow_mut().insert(name.to_string()));
}

fn is_loaded(name: &str) -> bool {
    LOADED.with(|l| l.borrow().contains(name))
}

/// The relative file paths a namespace may live in: `a.b-c` → `a/b_c.clj(c)`.
fn candidate_files(ns_name: &str) -> Vec<String> {
    let base = ns_name.replace('.', "/").replace('-', "_");
    vec![format!("{base}.clj"), format!("{base}.cljc")]
}

/// Loads namespace `name` unless it is loaded already.
pub(crate) fn load_ns(name: &str) -> Result<(), EvalError> {
    if is_loaded(name) || load_embedded(name)? {
        return Ok(());
    }
    let path = find_ns_file(name)?;
    mark_loaded(name);
    let shown = path.display().to_string();
    let src = crate::source::read_source(&shown)?;
    note_source(&shown, &src);
    if SOURCES.with(|s| s.borrow().is_some()) {
        LOADED_FROM_PATH.with(|l| l.borrow_mut().push(name.to_string()));
    }
    let saved = ns::current_ns();
    let result = crate::session::loading_file(&shown, || eval_source(&src, &shown));
    ns::set_current_ns(&saved);
    heap::drop(result?);
    Ok(())
}

/// The file namespace `name` is loaded from: the first candidate file
/// (`a.b-c` → `a/b_c.clj`, then `.cljc`) in the first source-path
/// directory that has one.
///
/// Errors: no directory has one (the message lists where it looked).
pub fn find_ns_file(name: &str) -> Result<PathBuf, EvalError> {
    let dirs = source_path();
    for dir in &dirs {
        for rel in candidate_files(name) {
            let path = dir.join(&rel);
            if path.is_file() {
                return Ok(path);
            }
        }
    }
    let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    Err(EvalError::Other(format!(
        "Could not locate {} or {} on the source path ({})",
        candidate_files(name)[0],
        candidate_files(name)[1],
        searched.join(", ")
    )))
}

/// Turns a load error into an exception that can travel through the VM.
fn to_thrown(mut e: EvalError) -> Thrown {
    match e.take_exception() {
        Some(exn) => Thrown(exn),
        None => error::throw("Exception", &e.render(None)),
    }
}

/// `(require 'a.b '[c.d :as d :refer [x y]] '[e.f :refer :all])`
fn require_native(args: &[Value]) -> Res {
    for &arg in args {
        let spec = constant::value_to_form(arg, &Span::synthetic("require"))
            .map_err(|m| error::throw("IllegalArgumentException", &m))?;
        require_spec(&spec, arg)?;
    }
    Ok(Value::NIL)
}

fn require_spec(spec: &Form, spec_value: Value) -> Res<()> {
    let bad = || {
        error::throw(
            "IllegalArgumentException",
            &format!(
                "Bad require spec: {}: expected a symbol or [ns :as alias :refer [names]]",
                genera_runtime::print::pr_str(spec_value)
            ),
        )
    };
    let (name, opts): (&str, &[Form]) = match &spec.kind {
        FormKind::Symbol(n) if n.ns.is_none() => (&n.name, &[]),
        FormKind::Vector(items) | FormKind::List(items) => match items.first().map(|f| &f.kind) {
            Some(FormKind::Symbol(n)) if n.ns.is_none() => (&n.name, &items[1..]),
            _ => return Err(bad()),
        },
        FormKind::Keyword { .. } => return Ok(()), // :reload, :verbose: nothing to do
        _ => return Err(bad()),
    };
    load_ns(name).map_err(to_thrown)?;
    let current = ns::current_ns();
    let mut opts = opts.iter();
    while let Some(key) = opts.next() {
        let FormKind::Keyword { name: k, .. } = &key.kind else {
            return Err(bad());
        };
        let value = opts.next().ok_or_else(bad)?;
        match (k.name.as_str(), &value.kind) {
            ("as", FormKind::Symbol(alias)) => ns::add_alias(&current, &alias.name, name),
            ("refer", FormKind::Keyword { name: all, .. }) if all.name == "all" => {
                ns::refer_all(name, &current)
            }
            ("refer", FormKind::Vector(syms)) => {
                for s in syms {
                    let FormKind::Symbol(sym) = &s.kind else {
                        return Err(bad());
                    };
                    ns::refer(name, &sym.name, &current)?;
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(())
}

/// `(load-file "path.clj")`
fn load_file_native(args: &[Value]) -> Res {
    let [path] = args else {
        return Err(error::arity_error("clojure.core/load-file", args.len()));
    };
    let Some(path) = genera_runtime::string::as_str(*path) else {
        return Err(error::throw(
            "IllegalArgumentException",
            "load-file takes a path string",
        ));
    };
    let path = path.to_string();
    let src = crate::source::read_source(&path).map_err(to_thrown)?;
    note_source(&path, &src);
    let saved = ns::current_ns();
    let result = eval_source(&src, &path);
    ns::set_current_ns(&saved);
    result.map_err(to_thrown)
}

/// The text of the source file `file` as a var's `:file` metadata names
/// it: an embedded library file, or a file read from disk (as given, or
/// relative to a source-path directory).
fn source_text(file: &str) -> Option<String> {
    if let Some((_, _, src)) = EMBEDDED.iter().find(|(_, f, _)| *f == file) {
        return Some(src.to_string());
    }
    let direct = PathBuf::from(file);
    std::iter::once(direct)
        .chain(source_path().into_iter().map(|d| d.join(file)))
        .find_map(|p| std::fs::read_to_string(p).ok())
}

/// The text of the first form that starts on 1-based line `line` of
/// `src`, exactly as written.
fn form_text_at(src: &str, line: usize) -> Option<String> {
    let start: usize = src
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = src.get(start..)?;
    let mut reader = genera_reader::Reader::new(rest, "<source>");
    let form = reader.next_form()?.ok()?;
    rest.get(form.span.start as usize..form.span.end as usize)
        .map(str::to_string)
}

/// `(%source-at file line)`: the source text of the form at that place, or
/// nil (the engine of `clojure.repl/source`).
fn source_at_native(args: &[Value]) -> Res {
    let [file, line] = args else {
        return Err(error::arity_error("clojure.core/%source-at", args.len()));
    };
    let (Some(file), Some(line)) = (
        genera_runtime::string::as_str(*file),
        genera_runtime::num::as_long(*line),
    ) else {
        return Ok(Value::NIL);
    };
    let text = usize::try_from(line)
        .ok()
        .and_then(|line| form_text_at(&source_text(file)?, line));
    Ok(text.map_or(Value::NIL, |t| genera_runtime::string::make_str(&t)))
}

/// `(eval form)`: analyzes, compiles and runs a form (a value), as the
/// top level does: a `do` is evaluated form by form.
fn eval_native(args: &[Value]) -> Res {
    let [form] = args else {
        return Err(error::arity_error("clojure.core/eval", args.len()));
    };
    let form = constant::value_to_form(*form, &Span::synthetic("NO_SOURCE_FILE"))
        .map_err(|m| error::throw("IllegalArgumentException", &m))?;
    // A value is not read: a TaggedLiteral in it stays one.
    crate::session::eval_read_form(&form).map_err(to_thrown)
}

/// Evaluates `src` as a file would be loaded: every form in turn, the
/// value of the last returned, `*ns*` restored afterwards.
fn load_text(src: &str, file: &str) -> Res {
    let saved = ns::current_ns();
    let result = eval_source(src, file);
    ns::set_current_ns(&saved);
    result.map_err(to_thrown)
}

/// `(load-string "forms")`.
/// `(loaded-libs)`: a sorted set of the symbols of every namespace loaded
/// so far (the core library's and those loaded by `require`/`load`).
fn loaded_libs_native(args: &[Value]) -> Res {
    if !args.is_empty() {
        return Err(error::arity_error("clojure.core/loaded-libs", args.len()));
    }
    // As on the JVM, clojure.core is not a lib (it is not loaded by `load`).
    let syms: Vec<Value> = loaded_namespaces()
        .iter()
        .filter(|n| *n != "clojure.core")
        .map(|n| genera_runtime::string::symbol(None, n))
        .collect();
    let set = genera_runtime::coll::sorted_set_from(Value::NIL, &syms);
    for s in syms {
        heap::drop(s);
    }
    set
}

fn load_string_native(args: &[Value]) -> Res {
    let [s] = args else {
        return Err(error::arity_error("clojure.core/load-string", args.len()));
    };
    let Some(src) = genera_runtime::string::as_str(*s) else {
        return Err(error::cast_error(*s, "java.lang.String"));
    };
    let src = src.to_string();
    load_text(&src, "NO_SOURCE_FILE")
}

/// `(load "a/b" ...)`: each path, without extension, relative to the
/// source path (a leading `/` is taken from the root of the source path,
/// as Clojure takes it from the classpath root).
fn load_native(args: &[Value]) -> Res {
    let mut last = Value::NIL;
    for arg in args {
        let Some(p) = genera_runtime::string::as_str(*arg) else {
            heap::drop(last);
            return Err(error::cast_error(*arg, "java.lang.String"));
        };
        let rel = p.trim_start_matches('/').to_string();
        let found = source_path().iter().find_map(|dir| {
            ["clj", "cljc"]
                .iter()
                .map(|ext| dir.join(format!("{rel}.{ext}")))
                .find(|f| f.is_file())
        });
        let Some(path) = found else {
            heap::drop(last);
            return Err(error::throw(
                "FileNotFoundException",
                &format!("Could not locate {rel}.clj or {rel}.cljc on the source path"),
            ));
        };
        let shown = path.display().to_string();
        let src = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                heap::drop(last);
                return Err(error::throw("IOException", &format!("{shown}: {e}")));
            }
        };
        heap::drop(last);
        note_source(&shown, &src);
        last = load_text(&src, &shown)?;
    }
    heap::drop(last);
    Ok(Value::NIL)
}

#[cfg(test)]
mod tests {
    use super::form_text_at;

    #[test]
    fn finds_the_form_on_a_line() {
        let src = "(ns a)\n\n(defn f\n  [x] x) ; after\n(def y 1)\n";
        assert_eq!(form_text_at(src, 3).as_deref(), Some("(defn f\n  [x] x)"));
        assert_eq!(form_text_at(src, 5).as_deref(), Some("(def y 1)"));
        assert_eq!(form_text_at(src, 0), None);
        assert_eq!(form_text_at(src, 40), None);
    }
}
