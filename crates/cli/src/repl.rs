//! The interactive REPL: line editing and history (rustyline), multi-line
//! input (a form is evaluated once the reader says it is complete), `*1 *2
//! *3 *e`, and errors that print without ending the session.

use genera_driver::Session;
use genera_reader::Reader;
use genera_runtime::{heap, ns, print, Value};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

pub fn run(session: &mut Session) -> u8 {
    let mut editor = match DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            say_err!("genera: could not start the line editor: {e}");
            return 1;
        }
    };
    let history = history_file();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    say_out!("genera {} REPL. Ctrl-D to exit.", env!("CARGO_PKG_VERSION"));
    init_result_vars();
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
                let _ = editor.add_history_entry(buffer.trim_end());
                eval_buffer(session, &buffer);
                buffer.clear();
            }
            Err(ReadlineError::Interrupted) => buffer.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                say_err!("genera: {e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
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

/// Evaluates each form in the input, printing each value or error.
fn eval_buffer(session: &mut Session, src: &str) {
    let mut reader = Reader::new(src, "<repl>");
    while let Some(form) = reader.next_form() {
        let result = match form {
            Ok(form) => session.eval_form(&form),
            Err(e) => Err(e.into()),
        };
        match result {
            Ok(v) => {
                print::write_out(&print::pr_str(v));
                print::write_out("\n");
                remember_value(v);
            }
            Err(mut e) => {
                let exn = e.take_exception();
                if let Some(exn) = exn {
                    print::flush_out();
                    say_err!("{}", genera_runtime::error::format_uncaught(exn));
                    set_root("*e", exn);
                } else {
                    crate::report(e, Some(src));
                }
                // The rest of this input is dropped, as Clojure's REPL does.
                return;
            }
        }
    }
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
