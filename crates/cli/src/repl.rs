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
use genera_runtime::{error, heap, ns, print, string, Value};
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
            Ok(v) => {
                print::write_out(&print::pr_str(v));
                print::write_out("\n");
                remember_value(v);
            }
            Err(e) => {
                report_error(e, src);
                if read_failed {
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
        let mut names = completions(prefix, &ns::current_ns());
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

const SPECIAL_FORMS: &[&str] = &[
    "def",
    "if",
    "do",
    "let*",
    "quote",
    "var",
    "fn*",
    "loop*",
    "recur",
    "throw",
    "try",
    "catch",
    "finally",
    "letfn*",
    "case*",
    "new",
    "set!",
    "monitor-enter",
    "monitor-exit",
];

/// The candidates starting with `prefix` in namespace `current`.
fn completions(prefix: &str, current: &str) -> Vec<String> {
    if let Some(rest) = prefix.strip_prefix("::") {
        let qualified = format!(":{current}/{rest}");
        return string::interned_keyword_names()
            .into_iter()
            .filter(|k| k.starts_with(&qualified))
            .map(|k| format!("::{}", &k[current.len() + 2..]))
            .collect();
    }
    if prefix.starts_with(':') {
        return string::interned_keyword_names()
            .into_iter()
            .filter(|k| k.starts_with(prefix))
            .collect();
    }
    if let Some((qual, name)) = prefix.split_once('/') {
        let target = ns::resolve_alias(current, qual).unwrap_or_else(|| qual.to_string());
        return ns::ns_publics(&target)
            .into_iter()
            .filter(|(n, _)| n.starts_with(name))
            .map(|(n, _)| format!("{qual}/{n}"))
            .collect();
    }
    let mut out: Vec<String> = ns::ns_mappings(current)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with(prefix))
        .collect();
    out.extend(
        ns::all_ns()
            .into_iter()
            .chain(ns::aliases(current).into_iter().map(|(a, _)| a))
            .chain(SPECIAL_FORMS.iter().map(|s| s.to_string()))
            .filter(|n| n.starts_with(prefix)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_vars_aliases_and_keywords() {
        genera_runtime::init();
        let got = completions("redu", "user");
        assert!(got.contains(&"reduce".to_string()), "{got:?}");
        let got = completions("clojure.string/up", "user");
        assert_eq!(got, vec!["clojure.string/upper-case".to_string()]);
        let _ = string::keyword(None, "genera-completion-test");
        let got = completions(":genera-compl", "user");
        assert_eq!(got, vec![":genera-completion-test".to_string()]);
        let got = completions("clojure.str", "user");
        assert!(got.contains(&"clojure.string".to_string()), "{got:?}");
    }
}
