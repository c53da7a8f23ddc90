//! The interactive REPL: line editing, history and tab completion
//! (rustyline), multi-line input (a form is evaluated once the reader says
//! it is complete), `*1 *2 *3 *e`, and errors that print without ending the
//! session.
//!
//! Nothing typed is lost: rustyline keeps its input buffer between lines
//! (the `buffer-redux` feature), so a multi-line paste without bracketed
//! paste, or lines typed ahead while a form runs, all arrive; every
//! complete form in the input runs in order, and an error in one form does
//! not drop the forms after it (as JVM Clojure's REPL). History is appended
//! to `~/.genera_history` after every entry, so a session that dies keeps
//! its history.

use genera_driver::{EvalError, Session};
use genera_reader::Reader;
use genera_runtime::{error, heap, ns, print, Value};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

pub fn run(session: &mut Session) -> u8 {
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            say_err!("genera: could not start the line editor: {e}");
            return 1;
        }
    };
    editor.set_helper(Some(ReplHelper));
    let history = history_file();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    say_out!("genera {} REPL. Ctrl-D to exit.", env!("CARGO_PKG_VERSION"));
    catch_ctrl_c();
    init_result_vars();
    refer_repl_tools(session);
    let mut buffer = String::new();
    loop {
        print::flush_out();
        let prompt = if buffer.is_empty() {
            format!("{}=> ", ns::current_ns())
        } else {
            format!(
                "{}#_=> ",
                " ".repeat(ns::current_ns().len().saturating_sub(2))
            )
        };
        match editor.readline(&prompt) {
            Ok(line) => {
                buffer.push_str(&line);
                buffer.push('\n');
                if is_incomplete(&buffer) {
                    continue;
                }
                let entry = buffer.trim_end();
                if !entry.is_empty() && editor.add_history_entry(entry).unwrap_or(false) {
                    if let Some(h) = &history {
                        let _ = editor.append_history(h);
                    }
                }
                genera_runtime::interrupt::clear();
                eval_buffer(session, &buffer);
                buffer.clear();
            }
            Err(ReadlineError::Interrupted) => buffer.clear(),
            Err(ReadlineError::Eof) => {
                if !buffer.trim().is_empty() {
                    // Ctrl-D inside an unfinished form: say so rather than
                    // leave silently (the form is not run).
                    print::flush_out();
                    say_err!(
                        "genera: input ended inside an unfinished form, which was not evaluated:\n{}",
                        buffer.trim_end()
                    );
                    return 1;
                }
                break;
            }
            Err(e) => {
                say_err!("genera: {e}");
                break;
            }
        }
    }
    0
}

/// Ctrl-C during an evaluation interrupts it: SIGINT sets the runtime's
/// interrupt flag, which the VM polls where it counts reductions and turns
/// into a catchable exception, so the REPL's state survives. (At the
/// prompt the terminal is in raw mode and rustyline reads Ctrl-C as a key.)
/// A second Ctrl-C before the first is taken (the evaluation is in native
/// code that does not poll) ends the process, as Ctrl-C did before.
fn catch_ctrl_c() {
    use signal_hook::consts::SIGINT;
    let flag = genera_runtime::interrupt::flag();
    let _ =
        signal_hook::flag::register_conditional_shutdown(SIGINT, 130, std::sync::Arc::clone(&flag));
    let _ = signal_hook::flag::register(SIGINT, flag);
}

fn history_file() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".genera_history"))
}

/// True if the input ends inside a form, so the REPL should read more lines.
fn is_incomplete(src: &str) -> bool {
    let mut reader = Reader::new(src, "<repl>");
    while let Some(form) = reader.next_form() {
        if let Err(e) = form {
            return e.incomplete;
        }
    }
    false
}

/// Evaluates each form in the input, printing each value or error. An
/// error in evaluation goes on with the next form; a malformed form ends
/// the input (where the next form starts is unknowable).
fn eval_buffer(session: &mut Session, src: &str) {
    let mut reader = Reader::new(src, "<repl>");
    while let Some(form) = reader.next_form() {
        let (result, read_failed) = match form {
            Ok(form) => (session.eval_form(&form), false),
            Err(e) => (Err(e.into()), true),
        };
        match result {
            Ok(v) => match print::pr_str_res(v) {
                Ok(text) => {
                    print::write_out(&text);
                    print::write_out("\n");
                    remember_value(v);
                }
                // Printing failed (interrupted while printing an infinite
                // seq, or a print-method threw): report it as an error.
                Err(t) => {
                    remember_value(v);
                    report_error(EvalError::Thrown(t.0), src);
                    return;
                }
            },
            Err(e) => {
                let interrupted = matches!(&e, EvalError::Thrown(x) if genera_runtime::interrupt::is_interrupted(*x));
                report_error(e, src);
                // Ctrl-C stops the whole entry, not just the form it hit.
                if read_failed || interrupted {
                    return;
                }
            }
        }
    }
}

/// Prints an error and stores it in `*e`: the exception itself, or for a
/// reader or compiler error an exception carrying its message.
fn report_error(mut e: EvalError, src: &str) {
    print::flush_out();
    let exn = match e.take_exception() {
        Some(exn) => {
            say_err!("{}", error::format_uncaught(exn));
            exn
        }
        None => {
            let text = e.render(Some(src));
            say_err!("{text}");
            let kind = if matches!(e, EvalError::Read { .. }) {
                "ReaderException"
            } else {
                "CompilerException"
            };
            error::throw(kind, &text).0
        }
    };
    set_root("*e", exn);
}

/// Shifts `*1 *2 *3` and stores `v` (owned) in `*1`.
fn remember_value(v: Value) {
    let get = |name: &str| match ns::var_get(ns::intern("clojure.core", name)) {
        Ok(v) => v,
        Err(t) => {
            heap::drop(t.0);
            Value::NIL
        }
    };
    let (one, two) = (get("*1"), get("*2"));
    set_root("*3", two);
    set_root("*2", one);
    set_root("*1", v);
}

fn set_root(name: &str, v: Value) {
    let var = ns::intern("clojure.core", name);
    ns::var_set_root(var, v);
}

/// Creates `*1 *2 *3 *e` as nil and makes them visible in the current namespace.
fn init_result_vars() {
    for name in REPL_VARS {
        set_root(name, Value::NIL);
        let _ = ns::refer("clojure.core", name, &ns::current_ns());
    }
}

const REPL_VARS: [&str; 4] = ["*1", "*2", "*3", "*e"];

/// Refers clojure.repl's tools into the current namespace, as JVM
/// Clojure's REPL does (`clojure.main/repl-requires`).
fn refer_repl_tools(session: &mut Session) {
    const REQUIRE: &str = "(require '[clojure.repl :refer [source apropos dir pst doc find-doc]])";
    match session.eval_source(REQUIRE, "<repl-init>") {
        Ok(v) => heap::drop(v),
        Err(e) => report_error(e, REQUIRE),
    }
}

// ---------------------------------------------------------------------------
// Completion

/// Tab completion of the symbol or keyword before the cursor: vars
/// visible in the current namespace, `alias/` and `ns/` qualified vars,
/// namespace names, special forms, and interned keywords.
struct ReplHelper;

impl Helper for ReplHelper {}
impl Hinter for ReplHelper {
    type Hint = String;
}
impl Highlighter for ReplHelper {}
impl Validator for ReplHelper {}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_delimiter(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let prefix = &line[start..pos];
        if prefix.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let mut names = crate::completion::completions(prefix, &ns::current_ns());
        names.sort();
        names.dedup();
        let pairs = names
            .into_iter()
            .map(|n| Pair {
                display: n.clone(),
                replacement: n,
            })
            .collect();
        Ok((start, pairs))
    }
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || "()[]{}\"',`~@^;".contains(c)
}
