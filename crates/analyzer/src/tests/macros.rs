//! Macro expansion: what expands, what shadows a macro, errors and limits.

use super::support::{analyze_str, check, check_err, error_of, read_one, FakeEnv};

#[test]
fn macros_expand_in_head_position() {
    check("(when x 1 2)", "(if user/x (do 1 2) nil)");
    check("(when (when x 1) 2)", "(if (if user/x 1 nil) 2 nil)");
    check(
        "(str/join (when x 1))",
        "(clojure.string/join (if user/x 1 nil))",
    );
}

#[test]
fn locals_shadow_macros() {
    check(
        "(let* [when (fn* [a] a)] (when 1))",
        "(let* [when#1 (fn* \"user/fn--1\" (L0 [a#0] a#0))] (when#1 1))",
    );
}

#[test]
fn special_forms_win_over_locals_and_vars() {
    check(
        "(let* [if 1] (if true 2 3))",
        "(let* [if#0 1] (if true 2 3))",
    );
    check("(let* [if 1] if)", "(let* [if#0 1] if#0)");
    let mut env = FakeEnv::new();
    analyze_str("(def if 1)", &mut env).unwrap();
    assert_eq!(
        analyze_str("(if true 2 3)", &mut env).unwrap(),
        "(if true 2 3)"
    );
    // A qualified symbol is never a special form.
    check_err(
        "(clojure.core/if 1 2)",
        "Unable to resolve symbol: clojure.core/if in this context",
    );
}

#[test]
fn expansion_errors_name_the_macro() {
    check_err("(boom 1)", "Error expanding macro clojure.core/boom: boom!");
    let e = error_of("[1\n (boom)]");
    assert_eq!((e.span.line, e.span.col), (2, 2));
}

#[test]
fn endless_expansion_is_an_error() {
    check_err(
        "(forever)",
        "Macro expansion did not terminate: more than 1000 expansions in a row",
    );
}

#[test]
fn macros_see_the_locals_in_scope() {
    let mut env = FakeEnv::new();
    analyze_str("(let* [a 1] (fn* f [b] (locals)))", &mut env).unwrap();
    analyze_str("(let* [a 1] (locals))", &mut env).unwrap();
    let expected: Vec<Vec<String>> =
        vec![vec!["a".into(), "f".into(), "b".into()], vec!["a".into()]];
    assert_eq!(env.seen_locals, expected);
}

#[test]
fn expansions_may_contain_reader_syntax() {
    check("(quoted-sq)", "'user/a");
}

#[test]
fn macroexpand_expands_only_the_head() {
    let mut env = FakeEnv::new();
    let expand = |src: &str, env: &mut FakeEnv| {
        format!("{}", crate::macroexpand(&read_one(src), env).unwrap())
    };
    assert_eq!(
        expand("(when x (when y 1))", &mut env),
        "(if x (do (when y 1)))"
    );
    assert_eq!(expand("(defn f [] 1)", &mut env), "(def f (fn [] 1))");
    assert_eq!(expand("(if 1 2)", &mut env), "(if 1 2)");
    assert_eq!(expand("(+ 1 2)", &mut env), "(+ 1 2)");
    assert_eq!(expand("x", &mut env), "x");
    assert_eq!(expand("`(a ~b)", &mut env), "(clojure.core/seq (clojure.core/concat (clojure.core/list (quote user/a)) (clojure.core/list b)))");
    let err = crate::macroexpand(&read_one("(boom)"), &mut env).unwrap_err();
    assert_eq!(
        err.message,
        "Error expanding macro clojure.core/boom: boom!"
    );
}
