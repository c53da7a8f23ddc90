//! Literals, symbols, `::kw`, collections and invocation.

use super::support::{check, check_err, error_of};

#[test]
fn literals_are_constants() {
    check("1", "1");
    check("-2.5", "-2.5");
    check("1/3", "1/3");
    check("\"s\"", "\"s\"");
    check("nil", "nil");
    check("true", "true");
    check(":a", ":a");
    check(":a/b", ":a/b");
    check("\\a", "\\a");
    check("#\"a+\"", "#\"a+\"");
    check("()", "'()");
}

#[test]
fn auto_keywords_resolve() {
    check("::foo", ":user/foo");
    check("::str/foo", ":clojure.string/foo");
    check("[::a {::b 1}]", "'[:user/a {:user/b 1}]");
    check_err("::nope/foo", "Invalid token: ::nope/foo");
}

#[test]
fn symbols_resolve_to_vars() {
    check("x", "user/x");
    check("+", "clojure.core/+");
    check("user/x", "user/x");
    check("str/join", "clojure.string/join");
    check("clojure.string/join", "clojure.string/join");
}

#[test]
fn unresolvable_symbols() {
    check_err("nope", "Unable to resolve symbol: nope in this context");
    check_err(
        "foo.bar/baz",
        "Unable to resolve symbol: foo.bar/baz in this context",
    );
    check_err("str/nope", "No such var: str/nope");
    check_err("Math/TAU", "Java interop is not supported: Math/TAU");
    check_err(
        "java.util.UUID/randomUUID",
        "Java interop is not supported: java.util.UUID/randomUUID",
    );
    check_err("x#", "Unable to resolve symbol: x# in this context");
}

#[test]
fn errors_point_at_the_offending_form() {
    let e = error_of("(+ 1\n   nope)");
    assert_eq!((e.span.line, e.span.col), (2, 4));
    assert_eq!(&*e.span.file, "test.clj");
}

#[test]
fn macro_as_value_is_an_error() {
    check_err("when", "Can't take value of a macro: #'clojure.core/when");
    check_err(
        "(map when [1])",
        "Can't take value of a macro: #'clojure.core/when",
    );
}

#[test]
fn locals_shadow_vars() {
    check("(let* [x 1] x)", "(let* [x#0 1] x#0)");
    check(
        "(let* [+ -] (+ 1 2))",
        "(let* [+#0 clojure.core/-] (+#0 1 2))",
    );
    // A qualified symbol never names a local.
    check("(let* [x 1] user/x)", "(let* [x#0 1] user/x)");
}

#[test]
fn constant_collections() {
    check("[1 2]", "'[1 2]");
    check("[1 [2 3] 'a]", "'[1 [2 3] a]");
    check("{:a 1 \"b\" [2]}", "'{:a 1, \"b\" [2]}");
    check("#{1 2}", "'#{1 2}");
    check("[]", "'[]");
    check("{}", "'{}");
}

#[test]
fn collections_with_expressions() {
    check("[1 x]", "[1 user/x]");
    check("{:a x}", "{:a user/x}");
    check("{x 1}", "{user/x 1}");
    check("#{x}", "#{user/x}");
    check("[[1] [x]]", "['[1] [user/x]]");
    check(
        "(let* [a 1] [a (+ a 1)])",
        "(let* [a#0 1] [a#0 (clojure.core/+ a#0 1)])",
    );
}

#[test]
fn literal_metadata() {
    check("^:foo [1]", "'^{:foo true} [1]");
    check("^{:k x} [1]", "(with-meta '[1] {:k user/x})");
    check("^:foo [x]", "(with-meta [user/x] '{:foo true})");
    check("^:foo {:a x}", "(with-meta {:a user/x} '{:foo true})");
    check("^::m #{1}", "'^{:user/m true} #{1}");
}

#[test]
fn invocation() {
    check("(+ 1 2)", "(clojure.core/+ 1 2)");
    check("(:a {:a 1})", "(:a '{:a 1})");
    check("((fn* [] 1))", "((fn* \"user/fn--1\" (L0 [] 1)))");
    check("(x)", "(user/x)");
    check_err("(nil 1)", "Can't call nil");
}
