//! nREPL sessions and evaluation, on the interpreter thread.
//!
//! A session is its own set of values for the dynamic vars a REPL keeps
//! per user (`*ns*`, `*1 *2 *3 *e`, the printing and checking flags), as
//! in nREPL, where a session is a map of thread bindings. Each request of
//! a session runs inside a binding frame made from that map
//! (`push-thread-bindings`), so `in-ns`, `set!` and the result vars change
//! only the session's values, which are read back when the request ends.

use super::bencode::Bencode;
use super::lock;
use super::{ops, status, Request, Shared};
use genera_driver::{EvalError, Session};
use genera_reader::Reader;
use genera_runtime::{coll, error, heap, interrupt, ns, print, string, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The dynamic vars of clojure.core each session has its own value of.
const SESSION_VARS: &[&str] = &[
    "*ns*",
    "*1",
    "*2",
    "*3",
    "*e",
    "*print-length*",
    "*print-level*",
    "*print-meta*",
    "*print-readably*",
    "*assert*",
    "*unchecked-math*",
    "*warn-on-reflection*",
];

/// One session: `(var, value)` pairs, the values owned.
struct State {
    bindings: Vec<(Value, Value)>,
}

impl State {
    /// A new session: every session var at its root value.
    fn fresh() -> State {
        let bindings = SESSION_VARS
            .iter()
            .filter_map(|name| ns::find_var("clojure.core", name))
            .filter(|&var| ns::var_is_dynamic(var))
            .map(|var| {
                let v = ns::var_get_opt(var).unwrap_or(Value::NIL);
                (var, v)
            })
            .collect();
        State { bindings }
    }

    /// A copy of this session (`clone` of an existing session).
    fn copy(&self) -> State {
        let bindings = self
            .bindings
            .iter()
            .map(|&(var, v)| {
                heap::dup(v);
                (var, v)
            })
            .collect();
        State { bindings }
    }

    fn release(self) {
        for (_, v) in self.bindings {
            heap::drop(v);
        }
    }

    /// Pushes a binding frame with the session's values (plus `extra`,
    /// owned values); returns the binding depth to unwind to.
    fn enter(&self, extra: Vec<(Value, Value)>) -> usize {
        let depth = ns::binding_depth();
        let mut kvs = Vec::new();
        for &(var, v) in &self.bindings {
            heap::dup(v);
            kvs.extend([var, v]);
        }
        for (var, v) in extra {
            kvs.extend([var, v]);
        }
        match coll::map_from_kvs(&kvs) {
            Ok(m) => {
                if let Err(e) = ns::push_thread_bindings(m) {
                    heap::drop(e.0);
                }
                heap::drop(m);
            }
            Err(e) => heap::drop(e.0),
        }
        depth
    }

    /// Reads the session's values back from the frame `enter` pushed and
    /// pops it.
    fn leave(&mut self, depth: usize) {
        ns::unwind_bindings_to(depth + 1);
        for (var, v) in &mut self.bindings {
            if let Some(now) = ns::var_get_opt(*var) {
                heap::drop(std::mem::replace(v, now));
            }
        }
        ns::unwind_bindings_to(depth);
    }
}

/// Every session, by id.
pub struct Sessions {
    by_id: BTreeMap<String, State>,
}

impl Sessions {
    pub fn new() -> Sessions {
        Sessions {
            by_id: BTreeMap::new(),
        }
    }

    /// Releases every session's values (at shutdown).
    pub fn close_all(&mut self) {
        for (_, s) in std::mem::take(&mut self.by_id) {
            s.release();
        }
    }

    fn publish(&self, shared: &Shared) {
        shared.set_sessions(self.by_id.keys().cloned().collect());
    }

    /// Handles one request (every op but `interrupt`).
    pub fn handle(&mut self, session: &mut Session, req: &Request, shared: &Shared) {
        let op = req.str("op").unwrap_or_default();
        let sid = req.str("session");
        if let Some(id) = &sid {
            if !self.by_id.contains_key(id) {
                return req.reply(vec![status(&["error", "unknown-session", "done"])]);
            }
        }
        match op.as_str() {
            "clone" => self.clone_session(req, sid.as_deref(), shared),
            "close" => self.close(req, sid.as_deref(), shared),
            "ls-sessions" => req.reply(vec![
                ("sessions", Bencode::strs(&self.by_id.keys().collect::<Vec<_>>())),
                status(&["done"]),
            ]),
            "describe" => req.reply(ops::describe(req.msg.get_int("verbose?").is_some())),
            "eval" | "load-file" => self.eval(session, req, sid.as_deref(), shared),
            "completions" | "complete" | "lookup" | "info" | "eldoc" => {
                self.with_session(sid.as_deref(), None, || ops::lookup_op(&op, req))
            }
            "stdin" => req.reply(vec![
                (
                    "err",
                    Bencode::str(
                        "genera has no *in* yet (read-line is not built), so stdin input is not read\n",
                    ),
                ),
                status(&["error", "done"]),
            ]),
            "" => req.reply(vec![status(&["error", "no-op", "done"])]),
            _ => req.reply(vec![status(&["error", "unknown-op", "done"])]),
        }
    }

    fn clone_session(&mut self, req: &Request, from: Option<&str>, shared: &Shared) {
        let state = match from.and_then(|id| self.by_id.get(id)) {
            Some(s) => s.copy(),
            None => State::fresh(),
        };
        let id = new_session_id();
        self.by_id.insert(id.clone(), state);
        self.publish(shared);
        req.reply(vec![("new-session", Bencode::str(&id)), status(&["done"])]);
    }

    fn close(&mut self, req: &Request, sid: Option<&str>, shared: &Shared) {
        match sid.and_then(|id| self.by_id.remove(id)) {
            Some(s) => {
                s.release();
                self.publish(shared);
                req.reply(vec![status(&["done", "session-closed"])]);
            }
            None => req.reply(vec![status(&["error", "unknown-session", "done"])]),
        }
    }

    /// Runs `f` inside the session's bindings (a fresh session's when
    /// `sid` is None), with `extra` bindings.
    fn with_session<T>(
        &mut self,
        sid: Option<&str>,
        extra: Option<Vec<(Value, Value)>>,
        f: impl FnOnce() -> T,
    ) -> T {
        let mut ephemeral = None;
        let state = match sid.and_then(|id| self.by_id.get_mut(id)) {
            Some(s) => s,
            None => ephemeral.insert(State::fresh()),
        };
        let depth = state.enter(extra.unwrap_or_default());
        let out = f();
        state.leave(depth);
        if let Some(s) = ephemeral {
            s.release();
        }
        out
    }

    /// `eval` (`code`, optional `ns`, `file`, `line`, `column`) and
    /// `load-file` (`file` is the content, `file-path`/`file-name` name it).
    fn eval(&mut self, session: &mut Session, req: &Request, sid: Option<&str>, shared: &Shared) {
        let load = req.str("op").as_deref() == Some("load-file");
        let (code, file) = if load {
            let name = req
                .str("file-path")
                .or_else(|| req.str("file-name"))
                .unwrap_or_else(|| "NO_SOURCE_FILE".into());
            (req.str("file"), name)
        } else {
            let file = req.str("file").unwrap_or_else(|| "<nrepl>".into());
            (req.str("code"), file)
        };
        let Some(code) = code else {
            return req.reply(vec![status(&["error", "no-code", "done"])]);
        };
        let explicit_ns = req.str("ns").filter(|n| !n.is_empty());
        if let Some(n) = &explicit_ns {
            if ns::find_ns(n).is_none() {
                return req.reply(vec![
                    ("ns", Bencode::str(n)),
                    status(&["error", "namespace-not-found", "done"]),
                ]);
            }
        }
        let src = positioned(&code, req.msg.get_int("line"), req.msg.get_int("column"));
        let mut extra = Vec::new();
        if let Some(var) = ns::find_var("clojure.core", "*file*").filter(|&v| ns::var_is_dynamic(v))
        {
            extra.push((var, string::make_str(&file)));
        }
        let running = (
            sid.unwrap_or_default().to_string(),
            req.str("id").unwrap_or_default(),
            req.conn.id,
        );
        let interrupted = self.with_session(sid, Some(extra), || {
            let original = ns::current_ns();
            if let Some(n) = &explicit_ns {
                ns::set_current_ns(n);
            }
            let out = OutStream::start(req);
            shared.set_running(Some(running));
            let interrupted = run_forms(session, req, &out, &src, &file, load);
            shared.set_running(None);
            out.finish();
            if explicit_ns.is_some() {
                // As nREPL: an explicit `ns` is for this request only.
                ns::set_current_ns(&original);
            }
            interrupted
        });
        if interrupted {
            req.reply(vec![status(&["interrupted", "done"])]);
        } else {
            req.reply(vec![status(&["done"])]);
        }
    }
}

/// `code` preceded by blank lines and spaces so that its forms' positions
/// (in errors and in `def`s' `:line`) are those of the editor's buffer.
fn positioned(code: &str, line: Option<i64>, column: Option<i64>) -> String {
    let lines = line.unwrap_or(1).clamp(1, 1 << 20) as usize - 1;
    let cols = column.unwrap_or(1).clamp(1, 1 << 16) as usize - 1;
    let mut src = String::with_capacity(lines + cols + code.len());
    src.extend(std::iter::repeat_n('\n', lines));
    src.extend(std::iter::repeat_n(' ', cols));
    src.push_str(code);
    src
}

/// Evaluates each form of `src`, replying with each value (for
/// `load-file`, only the last) or error; an error goes on with the next
/// form, as nREPL's REPL loop does, except a reader error (where the next
/// form starts is unknowable). Returns true if interrupted.
fn run_forms(
    session: &mut Session,
    req: &Request,
    out: &OutStream,
    src: &str,
    file: &str,
    last_only: bool,
) -> bool {
    let mut reader = Reader::new(src, file);
    let mut last = None;
    while let Some(form) = reader.next_form() {
        let depth = ns::binding_depth();
        let result = match form {
            Ok(form) => session.eval_form(&form),
            Err(e) => Err(e.into()),
        };
        let read_failed = matches!(result, Err(EvalError::Read { .. }));
        let outcome = result.and_then(|v| printed(v).map_err(EvalError::Thrown));
        // What the form (or printing its value) wrote comes first.
        out.flush();
        match outcome {
            Ok(text) if last_only => last = Some(text),
            Ok(text) => send_value(req, text),
            Err(e) => {
                ns::unwind_bindings_to(depth);
                if report_error(req, e, src) {
                    return true;
                }
                if read_failed || last_only {
                    return false;
                }
            }
        }
    }
    if let Some(text) = last {
        out.flush();
        send_value(req, text);
    }
    false
}

/// Prints `v` (owned) readably and makes it `*1`.
fn printed(v: Value) -> Result<String, Value> {
    match print::pr_str_res(v) {
        Ok(text) => {
            remember_value(v);
            Ok(text)
        }
        Err(e) => {
            heap::drop(v);
            Err(e.0)
        }
    }
}

fn send_value(req: &Request, text: String) {
    req.reply(vec![
        ("value", Bencode::Bytes(text.into_bytes())),
        ("ns", Bencode::str(&ns::current_ns())),
    ]);
}

/// Shifts `*1 *2 *3` (the session's bindings) and stores `v` (owned).
fn remember_value(v: Value) {
    let var = |name: &str| ns::intern("clojure.core", name);
    let get = |name: &str| ns::var_get_opt(var(name)).unwrap_or(Value::NIL);
    let (one, two) = (get("*1"), get("*2"));
    set_binding("*3", two);
    set_binding("*2", one);
    set_binding("*1", v);
}

fn set_binding(name: &str, v: Value) {
    if let Err(e) = ns::var_set_binding(ns::intern("clojure.core", name), v) {
        heap::drop(e.0);
    }
}

/// Sends an error as nREPL does (`err` with the text, then `ex`/`root-ex`
/// with status `eval-error`) and makes it `*e`; for an interrupt sends
/// nothing and returns true.
fn report_error(req: &Request, mut e: EvalError, src: &str) -> bool {
    let exn = match e.take_exception() {
        Some(exn) if interrupt::is_interrupted(exn) => {
            heap::drop(exn);
            return true;
        }
        Some(exn) => {
            send_err(req, &error::format_uncaught(exn));
            exn
        }
        None => {
            let text = e.render(Some(src));
            send_err(req, &text);
            let kind = if matches!(e, EvalError::Read { .. }) {
                "ReaderException"
            } else {
                "CompilerException"
            };
            error::throw(kind, &text).0
        }
    };
    let mut root = exn;
    let mut hops = 0;
    while error::is_exception(error::cause_of(root)) && hops < 100 {
        root = error::cause_of(root);
        hops += 1;
    }
    let class = |x: Value| format!("class {}", error::class_name(error::kind_of(x)));
    req.reply(vec![
        ("ex", Bencode::str(&class(exn))),
        ("root-ex", Bencode::str(&class(root))),
        status(&["eval-error"]),
    ]);
    set_binding("*e", exn);
    false
}

fn send_err(req: &Request, text: &str) {
    let mut text = text.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    req.reply(vec![("err", Bencode::Bytes(text.into_bytes()))]);
}

/// A session id in the UUID form nREPL clients expect.
fn new_session_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    let a = h.finish();
    h.write_u64(a);
    let b = h.finish();
    let x = ((a as u128) << 64) | b as u128;
    let s = format!("{x:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &s[..8],
        &s[8..12],
        &s[12..16],
        &s[16..20],
        &s[20..]
    )
}

/// The evaluation's output, sent to the client as `out` messages as it is
/// printed: the interpreter thread appends to a buffer that a flusher
/// thread sends every 50 ms (at once when it grows large, and before each
/// value or error, so replies keep the order of the evaluation). Output
/// so streams even from a loop that prints without newlines, and a burst
/// of lines becomes a few messages rather than one per line.
struct OutStream {
    pending: Arc<Mutex<Pending>>,
    previous: Option<print::Sink>,
}

struct Pending {
    text: String,
    /// The evaluation has ended: the flusher thread stops.
    done: bool,
    req_msg: Bencode,
    conn: Arc<super::Conn>,
}

impl Pending {
    fn send(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        self.conn.send(&super::response(
            &self.req_msg,
            vec![("out", Bencode::Bytes(text.into_bytes()))],
        ));
    }
}

impl OutStream {
    fn start(req: &Request) -> OutStream {
        let pending = Arc::new(Mutex::new(Pending {
            text: String::new(),
            done: false,
            req_msg: req.msg.clone(),
            conn: Arc::clone(&req.conn),
        }));
        let sink = Arc::clone(&pending);
        let previous = print::set_out_sink(Some(Box::new(move |s: &str| {
            let mut p = lock(&sink);
            p.text.push_str(s);
            if p.text.len() >= 1 << 14 {
                p.send();
            }
        })));
        let flusher = Arc::clone(&pending);
        // Without the thread (it could not start) output still goes out
        // when large, before values and at the end.
        let _ = std::thread::Builder::new()
            .name("nrepl-out".into())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_millis(50));
                let mut p = lock(&flusher);
                if p.done {
                    break;
                }
                p.send();
            });
        OutStream { pending, previous }
    }

    /// Sends what has been printed so far.
    fn flush(&self) {
        lock(&self.pending).send();
    }

    fn finish(self) {
        print::set_out_sink(self.previous);
        let mut p = lock(&self.pending);
        p.send();
        p.done = true;
    }
}
