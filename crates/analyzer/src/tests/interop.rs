//! Exception classes, `.getMessage` and friends, and unsupported interop.

use super::support::{check, check_err};

#[test]
fn constructing_exceptions() {
    check(
        "(Exception. \"boom\")",
        "(clojure.core/%new-exception \"Exception\" \"boom\")",
    );
    check(
        "(let* [e 1] (java.lang.IllegalArgumentException. \"x\" e))",
        "(let* [e#0 1] (clojure.core/%new-exception \"IllegalArgumentException\" \"x\" e#0))",
    );
    check(
        "(new Exception \"m\")",
        "(clojure.core/%new-exception \"Exception\" \"m\")",
    );
    check(
        "(clojure.lang.ExceptionInfo. \"m\" {})",
        "(clojure.core/%new-exception \"ExceptionInfo\" \"m\" '{})",
    );
    check(
        "(throw (Error.))",
        "(throw (clojure.core/%new-exception \"Error\"))",
    );
    check_err("(Foo. 1)", "Unable to resolve classname: Foo");
    check_err(
        "(java.util.Scanner.)",
        "Unable to resolve classname: java.util.Scanner",
    );
    check_err("(new Foo)", "Unable to resolve classname: Foo");
    check_err("(new)", "Wrong number of args (0) passed to new");
}

#[test]
fn exception_accessors() {
    check(
        "(let* [e 1] (.getMessage e))",
        "(let* [e#0 1] (clojure.core/ex-message e#0))",
    );
    check("(.getData x)", "(clojure.core/ex-data user/x)");
    check("(.getCause x)", "(clojure.core/ex-cause user/x)");
    check_err(
        "(.getMessage)",
        "(.getMessage e) takes exactly one argument, got: 0",
    );
}

#[test]
fn other_interop_is_an_error() {
    check_err(
        "(.toUpperCase \"a\")",
        "Java interop is not supported: .toUpperCase in (.toUpperCase \"a\"); use clojure.string/upper-case instead",
    );
    check_err(
        "(String/valueOf 1)",
        "Java interop is not supported: String/valueOf; use str instead",
    );
    check_err("(Math/abs -1)", "Java interop is not supported: Math/abs");
    check_err(
        "(System/exit 0)",
        "Java interop is not supported: System/exit (genera exits when the program ends; throw to exit non-zero)",
    );
    check_err("(. x foo)", "Java interop is not supported: (. x foo)");
    check_err(
        "(deftype* Foo [])",
        "The special form deftype* is not supported",
    );
}

#[test]
fn namespace_qualified_calls_are_not_interop() {
    check("(str/join \", \" [1])", "(clojure.string/join \", \" '[1])");
    check("(clojure.string/join [1])", "(clojure.string/join '[1])");
}

#[test]
fn class_names_are_symbol_values() {
    check("String", "'java.lang.String");
    check(
        "IllegalArgumentException",
        "'java.lang.IllegalArgumentException",
    );
    check("ExceptionInfo", "'clojure.lang.ExceptionInfo");
    check("clojure.lang.ExceptionInfo", "'clojure.lang.ExceptionInfo");
    check("java.util.regex.Pattern", "'java.util.regex.Pattern");
    check(
        "(instance? Long x)",
        "(clojure.core/instance? 'java.lang.Long user/x)",
    );
    check_err("Foo", "Unable to resolve symbol: Foo in this context");
    check_err(
        "java.util.Nope.x",
        "Unable to resolve symbol: java.util.Nope.x in this context",
    );
    // A local or a var of the same name wins.
    check("(let* [String 1] String)", "(let* [String#0 1] String#0)");
}

#[test]
fn class_names_in_catch_from_macros() {
    check(
        "(try 1 (catch java.lang.Exception e 2))",
        "(try 1 (catch Exception e#0 2))",
    );
    check(
        "(java.lang.Exception. \"m\")",
        "(clojure.core/%new-exception \"Exception\" \"m\")",
    );
}
