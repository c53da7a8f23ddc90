//! Malformed input gets an error, never a panic or a stack overflow.

use super::support::{analyze_str, read_one, FakeEnv};
use crate::analyzer::Analyzer;
use genera_reader::{Form, FormKind, Name, Span};

#[test]
fn malformed_special_forms_do_not_panic() {
    let heads = [
        "def",
        "if",
        "do",
        "let*",
        "loop*",
        "recur",
        "fn*",
        "quote",
        "var",
        "throw",
        "try",
        "catch",
        "finally",
        "letfn*",
        "set!",
        "case*",
        "new",
        ".",
        "when",
        "fn",
        "defn",
        "Exception.",
        ".getMessage",
        "&",
        "nil",
    ];
    let args = [
        "",
        "x",
        "1",
        "[]",
        "[x]",
        "[x 1]",
        "[& x]",
        "[[x] 1]",
        "(catch)",
        "(finally)",
        "()",
        "[&]",
        "{}",
    ];
    for head in heads {
        for a in args {
            for b in args {
                let src = format!("({head} {a} {b})");
                let _ = analyze_str(&src, &mut FakeEnv::new());
                let src = format!("(loop* [] ({head} {a} {b}))");
                let _ = analyze_str(&src, &mut FakeEnv::new());
            }
        }
    }
}

fn nested_do(depth: usize) -> Form {
    let span = Span::synthetic("deep.clj");
    let mut form = Form::new(FormKind::Int(1), span.clone());
    for _ in 0..depth {
        let head = Form::new(FormKind::Symbol(Name::simple("do")), span.clone());
        form = Form::new(FormKind::List(vec![head, form]), span.clone());
    }
    form
}

/// Runs `f` on a thread with an 8 MiB stack (a main thread's), which is
/// what `analyzer::MAX_DEPTH` is chosen for.
fn on_main_sized_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

/// Analyze without printing (printing deep HIR is slow).
fn analyzes(src: &str, env: &mut FakeEnv) -> bool {
    Analyzer::new(env).analyze_top(&read_one(src)).is_ok()
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    on_main_sized_stack(|| {
        let mut env = FakeEnv::new();
        let err = Analyzer::new(&mut env)
            .analyze_top(&nested_do(5_000))
            .unwrap_err();
        assert!(
            err.message.starts_with("Form is nested too deeply"),
            "{}",
            err.message
        );
        // Just under the limit is fine, macro expansions included (a `when`
        // here is three levels: itself, its `if` and the `do` in that).
        let ok = Analyzer::new(&mut env).analyze_top(&nested_do(990));
        assert!(ok.is_ok());
        let mut src = String::new();
        for _ in 0..320 {
            src.push_str("(when 1 ");
        }
        src.push_str(&")".repeat(320));
        assert!(analyzes(&src, &mut env));
        let nestings = [
            ("(+ 1 ", ")"),
            ("(let* [a 1] ", ")"),
            ("(fn* [a] ", ")"),
            ("[", "]"),
            ("{:k ", "}"),
        ];
        for (open, close) in nestings {
            let src = format!("{}1{}", open.repeat(990), close.repeat(990));
            assert!(analyzes(&src, &mut env), "{open}");
        }
        // A quoted constant is not analyzed level by level, but still bounded.
        let src = format!("{}1{}", "'(".repeat(495), ")".repeat(495));
        assert!(analyzes(&src, &mut env));
        // A macro that nests itself forever.
        let err = analyze_str("(nest)", &mut env).unwrap_err();
        assert!(
            err.message.starts_with("Form is nested too deeply"),
            "{}",
            err.message
        );
    });
}
