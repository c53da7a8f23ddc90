//! Syntax-quote, compared with what Clojure's reader produces (with
//! Clojure's `clojure.core/` written `c/` here for brevity). Parts without
//! an unquote are folded to a quoted constant, where Clojure would build them.

use super::support::{check, check_err, expand_str, read_one, FakeEnv};
use crate::syntax_quote::expand_reader_syntax;

#[track_caller]
fn sq(src: &str, expected: &str) {
    assert_eq!(
        expand_str(src),
        expected.replace("c/", "clojure.core/"),
        "\n  source: {src}"
    );
}

#[test]
fn symbols() {
    sq("`a", "(quote user/a)");
    sq("`x", "(quote user/x)");
    sq("`+", "(quote c/+)");
    sq("`str/join", "(quote clojure.string/join)");
    sq("`str/nope", "(quote clojure.string/nope)");
    sq("`foo/bar", "(quote foo/bar)");
    sq("`Math/abs", "(quote Math/abs)");
}

#[test]
fn symbols_that_stay_as_written() {
    sq("`if", "(quote if)");
    sq("`fn*", "(quote fn*)");
    sq("`&", "(quote &)");
    sq("`.foo", "(quote .foo)");
    sq("`Foo.", "(quote Foo.)");
    sq("`Exception.", "(quote java.lang.Exception.)");
    sq("`ExceptionInfo.", "(quote clojure.lang.ExceptionInfo.)");
    sq("`a.b", "(quote a.b)");
    sq("`java.lang.Foo", "(quote java.lang.Foo)");
}

#[test]
fn class_names_are_fully_qualified() {
    sq("`Exception", "(quote java.lang.Exception)");
    sq("`String", "(quote java.lang.String)");
    sq("`ExceptionInfo", "(quote clojure.lang.ExceptionInfo)");
    sq("`Foo", "(quote user/Foo)");
}

#[test]
fn literals() {
    sq("`:a", ":a");
    sq("`::k", ":user/k");
    sq("`::str/k", ":clojure.string/k");
    sq("`1", "1");
    sq("`\"s\"", "\"s\"");
    sq("`\\a", "\\a");
    sq("`nil", "(quote nil)");
    sq("`true", "(quote true)");
    sq("`#\"re\"", "(quote #\"re\")");
}

#[test]
fn constant_collections_fold() {
    sq("`(a b)", "(quote (user/a user/b))");
    sq("`()", "(quote ())");
    sq("`[1 a]", "(quote [1 user/a])");
    sq("`{:a b}", "(quote {:a user/b})");
    sq("`#{a}", "(quote #{user/a})");
    sq("`[a & b]", "(quote [user/a & user/b])");
    sq("`(when (if a b))", "(quote (c/when (if user/a user/b)))");
}

#[test]
fn unquote() {
    sq("`~a", "a");
    sq(
        "`(a ~b)",
        "(c/seq (c/concat (c/list (quote user/a)) (c/list b)))",
    );
    sq(
        "`(1 :k ~b)",
        "(c/seq (c/concat (c/list 1) (c/list :k) (c/list b)))",
    );
    sq(
        "`(nil ~b)",
        "(c/seq (c/concat (c/list (quote nil)) (c/list b)))",
    );
    sq(
        "`((a b) ~c)",
        "(c/seq (c/concat (c/list (quote (user/a user/b))) (c/list c)))",
    );
    sq(
        "`(::k ~a)",
        "(c/seq (c/concat (c/list :user/k) (c/list a)))",
    );
}

#[test]
fn unquote_splicing() {
    sq(
        "`(a ~@b c)",
        "(c/seq (c/concat (c/list (quote user/a)) b (c/list (quote user/c))))",
    );
    sq("`(~@a)", "(c/seq (c/concat a))");
    sq(
        "`[a ~@b]",
        "(c/apply c/vector (c/seq (c/concat (c/list (quote user/a)) b)))",
    );
    sq("`#{~@b}", "(c/apply c/hash-set (c/seq (c/concat b)))");
}

#[test]
fn collections_with_unquotes() {
    sq(
        "`[a ~b]",
        "(c/apply c/vector (c/seq (c/concat (c/list (quote user/a)) (c/list b))))",
    );
    sq(
        "`{:a ~b}",
        "(c/apply c/hash-map (c/seq (c/concat (c/list :a) (c/list b))))",
    );
    sq(
        "`#{~a}",
        "(c/apply c/hash-set (c/seq (c/concat (c/list a))))",
    );
    sq(
        "`(let [x ~v] [x])",
        "(c/seq (c/concat (c/list (quote user/let)) (c/list (c/apply c/vector (c/seq (c/concat \
         (c/list (quote user/x)) (c/list v))))) (c/list (quote [user/x]))))",
    );
}

#[test]
fn splice_outside_a_list_is_an_error() {
    let err = expand_reader_syntax(&read_one("`~@a"), &FakeEnv::new()).unwrap_err();
    assert_eq!(err.message, "splice not in list");
    check_err("`~@a", "splice not in list");
}

#[test]
fn metadata() {
    sq("`^:m a", "(quote ^{:m true} user/a)");
    sq("`^:m [a]", "(quote ^{:m true} [user/a])");
    sq(
        "`^{:k ~v} [a]",
        "(c/with-meta (quote [user/a]) (c/apply c/hash-map (c/seq (c/concat (c/list :k) (c/list v)))))",
    );
    sq(
        "`^:m [~a]",
        "(c/with-meta (c/apply c/vector (c/seq (c/concat (c/list a)))) (quote {:m true}))",
    );
}

#[test]
fn auto_gensyms() {
    sq(
        "`(when [x# 1] x#)",
        "(quote (c/when [x__N__auto__ 1] x__N__auto__))",
    );
    // The same within one syntax-quote...
    let text = format!(
        "{}",
        expand_reader_syntax(&read_one("`(x# x# y#)"), &FakeEnv::new())
            .unwrap()
            .unwrap()
    );
    let names: Vec<&str> = text
        .trim_start_matches("(quote (")
        .trim_end_matches("))")
        .split(' ')
        .collect();
    assert_eq!(names.len(), 3);
    assert_eq!(names[0], names[1]);
    assert_ne!(names[0], names[2]);
    assert!(
        names[0].starts_with("x__") && names[0].ends_with("__auto__"),
        "{text}"
    );
    // ...different in another.
    let text = format!(
        "{}",
        expand_reader_syntax(&read_one("[`x# `x#]"), &FakeEnv::new())
            .unwrap()
            .unwrap()
    );
    let names: Vec<&str> = text
        .trim_matches(|c| c == '[' || c == ']')
        .split(' ')
        .collect();
    assert_ne!(names[0], names[1], "{text}");
}

#[test]
fn nested_syntax_quote() {
    sq(
        "`(a `(b ~c))",
        "(quote (user/a (c/seq (c/concat (c/list (quote user/b)) (c/list user/c)))))",
    );
    let bcode = "(c/seq (c/concat (c/list (quote c/list)) (c/list c)))";
    let xcode = format!(
        "(c/seq (c/concat (c/list (quote c/concat)) (c/list (quote (c/list (quote user/b)))) (c/list {bcode})))"
    );
    let inner = format!("(c/seq (c/concat (c/list (quote c/seq)) (c/list {xcode})))");
    sq(
        "`(a `(b ~~c))",
        &format!("(c/seq (c/concat (c/list (quote user/a)) (c/list {inner})))"),
    );
}

#[test]
fn syntax_quote_inside_an_unquote() {
    sq(
        "`(a ~(b `c ::k))",
        "(c/seq (c/concat (c/list (quote user/a)) (c/list (b (quote user/c) :user/k))))",
    );
    sq(
        "`(a ~@(map (fn [x] `(f ~x)) xs))",
        "(c/seq (c/concat (c/list (quote user/a)) (map (fn [x] (c/seq (c/concat (c/list (quote user/f)) \
         (c/list x)))) xs)))",
    );
}

#[test]
fn anonymous_fn_params_become_gensyms() {
    let text = expand_str("`#(+ % 1)");
    assert!(text.starts_with("(quote (fn* [p1__"), "{text}");
    assert!(
        text.contains(
            "__auto__] (c/+ p1__"
                .replace("c/", "clojure.core/")
                .as_str()
        ),
        "{text}"
    );
}

#[test]
fn analyzed_syntax_quote() {
    check(
        "(let* [b 1] `(a ~b))",
        "(let* [b#0 1] (clojure.core/seq (clojure.core/concat (clojure.core/list 'user/a) (clojure.core/list b#0))))",
    );
    check("`(a b)", "'(user/a user/b)");
    check("`[:a]", "'[:a]");
}
