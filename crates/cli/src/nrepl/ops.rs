//! The ops that describe the server or look things up, answered from the
//! runtime's namespaces: `describe`, `completions`, `lookup`/`info`
//! (var metadata, as nREPL's lookup and cider-nrepl's info) and `eldoc`.

use super::bencode::Bencode;
use super::{status, Request};
use genera_runtime::{callable, coll, heap, ns, print, string, Value};

/// The ops this server implements, with their docs, for `describe`. (The
/// docs are sent even without `verbose?`: an empty dictionary per op, as
/// nREPL sends, ends a list early in some clients' decoders, e.g. PyPI's
/// nrepl-python-client, which stops a list at a falsy element.)
pub const OPS: &[(&str, &str)] = &[
    (
        "clone",
        "Clones a session (or makes a fresh one): new-session.",
    ),
    ("close", "Closes a session."),
    ("completions", "Completion candidates for prefix in ns."),
    ("describe", "The server's ops and versions."),
    ("eldoc", "The arglists and doc of sym in ns, for eldoc."),
    (
        "eval",
        "Evaluates code (in ns; file, line, column locate it): value per form, out, err, ex.",
    ),
    (
        "info",
        "The metadata of sym in ns, flattened (as cider-nrepl).",
    ),
    (
        "interrupt",
        "Interrupts the session's running eval (interrupt-id: only that one).",
    ),
    (
        "load-file",
        "Loads file (its content; file-path, file-name name it): the last value.",
    ),
    ("lookup", "The metadata of sym in ns: info."),
    ("ls-sessions", "The ids of the live sessions."),
    (
        "stdin",
        "Input for the running eval (genera has no *in* yet: refused).",
    ),
];

/// The nREPL protocol version whose ops and replies this server follows.
const NREPL_VERSION: (i64, i64, i64) = (1, 0, 0);

/// The Clojure version whose behaviour genera follows.
const CLOJURE_VERSION: (i64, i64, i64) = (1, 11, 1);

fn version(major: i64, minor: i64, incremental: i64) -> Bencode {
    Bencode::dict([
        ("major", Bencode::Int(major)),
        ("minor", Bencode::Int(minor)),
        ("incremental", Bencode::Int(incremental)),
        (
            "version-string",
            Bencode::str(&format!("{major}.{minor}.{incremental}")),
        ),
    ])
}

/// The `describe` reply: ops, versions, and the current namespace.
pub fn describe(_verbose: bool) -> Vec<(&'static str, Bencode)> {
    let ops = Bencode::dict(
        OPS.iter()
            .map(|(op, doc)| (*op, Bencode::dict([("doc", Bencode::str(doc))]))),
    );
    let genera = env!("CARGO_PKG_VERSION");
    let mut parts = genera.split('.').map(|p| p.parse::<i64>().unwrap_or(0));
    let (ma, mi, inc) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let (n1, n2, n3) = NREPL_VERSION;
    let (c1, c2, c3) = CLOJURE_VERSION;
    vec![
        ("ops", ops),
        (
            "versions",
            Bencode::dict([
                ("nrepl", version(n1, n2, n3)),
                ("clojure", version(c1, c2, c3)),
                ("genera", version(ma, mi, inc)),
            ]),
        ),
        (
            "aux",
            Bencode::dict([("current-ns", Bencode::str(&ns::current_ns()))]),
        ),
        status(&["done"]),
    ]
}

/// `completions`, `lookup`, `info` and `eldoc`, run inside the session's
/// bindings (so the namespace is the session's unless `ns` says).
pub fn lookup_op(op: &str, req: &Request) {
    let current = req
        .str("ns")
        .filter(|n| ns::find_ns(n).is_some())
        .unwrap_or_else(ns::current_ns);
    match op {
        "completions" | "complete" => completions(req, &current),
        _ => {
            let sym = req
                .str("sym")
                .or_else(|| req.str("symbol"))
                .unwrap_or_default();
            let info = var_of(&current, &sym).map(info_of);
            match (op, info) {
                ("lookup", Some(info)) => {
                    req.reply(vec![("info", Bencode::dict(info)), status(&["done"])])
                }
                ("lookup", None) => req.reply(vec![
                    ("info", Bencode::dict([])),
                    status(&["done", "lookup-error"]),
                ]),
                ("info", Some(mut info)) => {
                    info.push(status(&["done"]));
                    req.reply(info);
                }
                ("info", None) => req.reply(vec![status(&["done", "no-info"])]),
                (_, Some(info)) => req.reply(eldoc(info)),
                (_, None) => req.reply(vec![status(&["done", "no-eldoc"])]),
            }
        }
    }
}

fn completions(req: &Request, current: &str) {
    let prefix = req.str("prefix").unwrap_or_default();
    let mut names = if prefix.is_empty() {
        Vec::new()
    } else {
        crate::completion::completions(&prefix, current)
    };
    names.sort();
    names.dedup();
    let items = names
        .into_iter()
        .map(|name| {
            let kind = kind_of(current, &name);
            Bencode::dict([
                ("candidate", Bencode::str(&name)),
                ("type", Bencode::str(kind)),
            ])
        })
        .collect();
    req.reply(vec![
        ("completions", Bencode::List(items)),
        status(&["done"]),
    ]);
}

/// The kind of a completion candidate, as nREPL names them.
fn kind_of(current: &str, name: &str) -> &'static str {
    if name.starts_with(':') {
        return "keyword";
    }
    if crate::completion::SPECIAL_FORMS.contains(&name) {
        return "special-form";
    }
    if let Some(var) = var_of(current, name) {
        if ns::var_is_macro(var) {
            return "macro";
        }
        return match ns::var_get_opt(var) {
            Some(v) => {
                let f = callable::is_fn(v);
                heap::drop(v);
                if f {
                    "function"
                } else {
                    "var"
                }
            }
            None => "var",
        };
    }
    "namespace"
}

/// The var `sym` names in namespace `current` (`ns/name`, `alias/name`).
fn var_of(current: &str, sym: &str) -> Option<Value> {
    let sym = sym.trim();
    if sym.is_empty() {
        return None;
    }
    match sym
        .split_once('/')
        .filter(|(q, n)| !q.is_empty() && !n.is_empty())
    {
        Some((qual, name)) => {
            let target = ns::resolve_alias(current, qual).unwrap_or_else(|| qual.to_string());
            ns::resolve_var(current, Some(&target), name)
        }
        None => ns::resolve_var(current, None, sym),
    }
}

/// A var's metadata as nREPL's `info`: name, ns, doc, arglists-str, file,
/// line, column, macro.
fn info_of(var: Value) -> Vec<(&'static str, Bencode)> {
    let (ns_name, name) = ns::var_name(var);
    let mut out = vec![
        ("name", Bencode::str(&name)),
        ("ns", Bencode::str(&ns_name)),
    ];
    let meta = coll::meta(var);
    for (key, field) in [
        ("doc", "doc"),
        ("arglists-str", "arglists"),
        ("file", "file"),
        ("line", "line"),
        ("column", "column"),
    ] {
        if let Some(v) = meta_entry(meta, field) {
            out.push((key, v));
        }
    }
    heap::drop(meta);
    if ns::var_is_macro(var) {
        out.push(("macro", Bencode::str("true")));
    }
    out
}

/// `(get meta :field)` as bencode: strings as text, integers as integers,
/// anything else printed.
fn meta_entry(meta: Value, field: &str) -> Option<Bencode> {
    if meta.is_nil() {
        return None;
    }
    let v = match coll::get(meta, string::keyword(None, field)) {
        Ok(v) => v,
        Err(e) => {
            heap::drop(e.0);
            return None;
        }
    };
    let out = if v.is_nil() {
        None
    } else if let Some(s) = string::as_str(v) {
        Some(Bencode::str(s))
    } else if v.is_fixnum() {
        Some(Bencode::Int(v.as_fixnum()))
    } else {
        Some(Bencode::str(&print::pr_str(v)))
    };
    heap::drop(v);
    out
}

/// cider-nrepl's `eldoc` reply from `info`: the arglists as lists of
/// parameter names.
fn eldoc(info: Vec<(&'static str, Bencode)>) -> Vec<(&'static str, Bencode)> {
    let mut out = Vec::new();
    let mut arglists = Vec::new();
    let mut kind = "function";
    for (k, v) in info {
        match k {
            "arglists-str" => arglists = parse_arglists(&v.as_str().unwrap_or_default()),
            "doc" => out.push(("docstring", v)),
            "name" | "ns" => out.push((k, v)),
            "macro" => kind = "macro",
            _ => {}
        }
    }
    if arglists.is_empty() {
        kind = "variable";
    }
    out.push((
        "eldoc",
        Bencode::List(arglists.iter().map(|a| Bencode::strs(a)).collect()),
    ));
    out.push(("type", Bencode::str(kind)));
    out.push(status(&["done"]));
    out
}

/// `([x] [x & more])` → `[["x"], ["x", "&", "more"]]`, reading the printed
/// arglists with genera's reader.
fn parse_arglists(text: &str) -> Vec<Vec<String>> {
    use genera_reader::{FormKind, Reader};
    let mut reader = Reader::new(text, "<arglists>");
    let Some(Ok(form)) = reader.next_form() else {
        return Vec::new();
    };
    let lists = match &form.kind {
        FormKind::List(items) | FormKind::Vector(items) => items,
        _ => return Vec::new(),
    };
    lists
        .iter()
        .filter_map(|l| match &l.kind {
            FormKind::Vector(params) => Some(params.iter().map(|p| p.to_string()).collect()),
            _ => None,
        })
        .collect()
}
