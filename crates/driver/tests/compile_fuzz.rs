//! Fuzzing the front and middle of the compiler: random token soup is read,
//! macroexpanded, analyzed, lowered, given reference counts by Perceus,
//! verified, and compiled to bytecode, but never run. Whatever the input,
//! every stage must either succeed or report an error: no panic, and no IR
//! that fails verification (the session verifies after every pass).

use genera_driver::{EvalError, Session, SessionOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const TOKENS: &[&str] = &[
    "(",
    "(",
    "(",
    ")",
    ")",
    ")",
    "[",
    "]",
    "{",
    "}",
    "#{",
    "'",
    "`",
    "~",
    "~@",
    "@",
    "^:m",
    "#(",
    "%",
    "%1",
    "%&",
    "#_",
    "x",
    "y",
    "f",
    "n",
    "xs",
    "1",
    "-2",
    "3.5",
    "1/2",
    "7N",
    "\"s\"",
    "\\a",
    ":k",
    "::q",
    "nil",
    "true",
    "false",
    "fn*",
    "fn",
    "let",
    "let*",
    "loop",
    "loop*",
    "recur",
    "if",
    "do",
    "def",
    "defn",
    "quote",
    "var",
    "throw",
    "try",
    "catch",
    "finally",
    "Exception",
    "e",
    "letfn",
    "case",
    "cond",
    "when",
    "and",
    "or",
    "->",
    "->>",
    "+",
    "-",
    "*",
    "inc",
    "first",
    "rest",
    "cons",
    "conj",
    "assoc",
    "map",
    "reduce",
    "&",
    ":as",
    ":keys",
    "set!",
    "new",
    ".getMessage",
    "Exception.",
    "doseq",
    "for",
    "dotimes",
    "binding",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 1..40).prop_map(|t| t.join(" "))
}

/// Balanced soup: wrap the tokens so most inputs read, and the analyzer,
/// not the reader, does the rejecting.
fn balanced() -> impl Strategy<Value = String> {
    soup().prop_map(|s| {
        let opens = s.matches(['(', '[', '{']).count();
        let closes = s.matches([')', ']', '}']).count();
        format!("({s}{})", ")".repeat(opens.saturating_sub(closes)))
    })
}

/// Compiles every form of `src`; returns how many compiled successfully.
fn compile_everything(session: &mut Session, src: &str) -> usize {
    let mut reader = genera_reader::Reader::new(src, "fuzz");
    let mut compiled = 0;
    while let Some(Ok(form)) = reader.next_form() {
        match session.compile_form(&form) {
            Ok(()) => compiled += 1,
            Err(EvalError::Compile { ref message }) => {
                panic!("internal compiler error on {src:?}:\n{message}")
            }
            Err(_) => {}
        }
    }
    compiled
}

#[test]
fn the_compiler_never_panics_on_token_soup() {
    let session = Session::new(SessionOptions {
        verify_ir: true,
        ..Default::default()
    })
    .expect("session starts");
    let session = std::cell::RefCell::new(session);
    let compiled = std::cell::Cell::new(0);
    let cases = std::env::var("GENERA_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    runner
        .run(&prop_oneof![soup(), balanced()], |src| {
            compiled.set(compiled.get() + compile_everything(&mut session.borrow_mut(), &src));
            Ok(())
        })
        .unwrap();
    eprintln!(
        "compile fuzz: {} of {cases} inputs compiled",
        compiled.get()
    );
    // Guard against a generator that never gets past the reader and analyzer.
    assert!(
        compiled.get() * 20 > cases as usize,
        "only {} of {cases} inputs compiled",
        compiled.get()
    );
}
