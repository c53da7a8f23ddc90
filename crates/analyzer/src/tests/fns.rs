//! fn*, letfn* and the display names of fns.

use super::support::{check, check_err};

#[test]
fn single_arity() {
    check("(fn* [a] a)", "(fn* \"user/fn--1\" (L0 [a#0] a#0))");
    check("(fn* [] 1 2)", "(fn* \"user/fn--1\" (L0 [] (do 1 2)))");
    check("(fn* [])", "(fn* \"user/fn--1\" (L0 [] nil))");
    check("(fn* [& r] r)", "(fn* \"user/fn--1\" (L0 [& r#0] r#0))");
    check(
        "(fn* [a & r] (recur 1 2))",
        "(fn* \"user/fn--1\" (L0 [a#0 & r#1] (recur L0 1 2)))",
    );
}

#[test]
fn named_fn_binds_itself() {
    check(
        "(fn* f [a] (f a))",
        "(fn* \"user/f--1\" f#0 (L0 [a#1] (f#0 a#1)))",
    );
    // A param of the same name shadows it.
    check("(fn* f [f] f)", "(fn* \"user/f--1\" f#0 (L0 [f#1] f#1))");
}

#[test]
fn multiple_arities() {
    check(
        "(fn* ([] 0) ([a] a) ([a & r] r))",
        "(fn* \"user/fn--1\" (L0 [] 0) (L1 [a#0] a#0) (L2 [a#1 & r#2] r#2))",
    );
    check(
        "(fn* f ([a] (f a 1)) ([a b] b))",
        "(fn* \"user/f--1\" f#0 (L0 [a#1] (f#0 a#1 1)) (L1 [a#2 b#3] b#3))",
    );
}

#[test]
fn arity_errors() {
    check_err(
        "(fn* ([a] 1) ([b] 2))",
        "Can't have 2 overloads with same arity",
    );
    check_err(
        "(fn* ([& a] 1) ([x & b] 2))",
        "Can't have more than 1 variadic overload",
    );
    check_err(
        "(fn* ([a b] 1) ([a & r] 2))",
        "Can't have fixed arity function with more params than variadic function",
    );
    check(
        "(fn* ([a] 1) ([a & r] 2))",
        "(fn* \"user/fn--1\" (L0 [a#0] 1) (L1 [a#1 & r#2] 2))",
    );
    check_err(
        "(fn* [a & r] (recur 1))",
        "Mismatched argument count to recur, expected: 2 args, got: 1",
    );
}

#[test]
fn parameter_errors() {
    check_err("(fn* [[a]] a)", "fn params must be Symbols, got: [a]");
    check_err(
        "(fn* [a/b] 1)",
        "Can't use qualified name as parameter: a/b",
    );
    check_err("(fn* [a &] 1)", "Invalid parameter list: [a &]");
    check_err("(fn* [& a b] 1)", "Invalid parameter list: [& a b]");
    check_err("(fn* [& & a] 1)", "Invalid parameter list: [& & a]");
    check_err("(fn*)", "Parameter declaration missing");
    check_err("(fn* f)", "Parameter declaration missing");
    check_err("(fn* (1))", "Parameter declaration missing");
    check_err(
        "(fn* ([a] 1) 2)",
        "Invalid fn* arity, expected ([params] body*), got: 2",
    );
    check_err("(fn* a/f [] 1)", "Can't use qualified name as fn name: a/f");
    // Params are scoped to their arity.
    check_err(
        "(fn* ([a] 1) ([b c] a))",
        "Unable to resolve symbol: a in this context",
    );
}

#[test]
fn closures_see_enclosing_locals() {
    check(
        "(let* [n 1] (fn* [x] (+ x n)))",
        "(let* [n#0 1] (fn* \"user/fn--1\" (L0 [x#1] (clojure.core/+ x#1 n#0))))",
    );
}

#[test]
fn display_names() {
    // A fn that is a def's init is named after the def.
    check(
        "(def adder (fn* [n] (fn* [x] (fn* inner [] x))))",
        "(def user/adder (fn* \"user/adder\" (L0 [n#0] (fn* \"user/adder/fn--1\" (L1 [x#1] \
         (fn* \"user/adder/fn--1/inner--2\" inner#2 (L2 [] x#1)))))))",
    );
    // Also through a macro, and whatever name the fn* itself has.
    check(
        "(def f (fn [] 1))",
        "(def user/f (fn* \"user/f\" (L0 [] 1)))",
    );
    check(
        "(def f (fn* g [] 1))",
        "(def user/f (fn* \"user/f\" g#0 (L0 [] 1)))",
    );
    check(
        "(defn sq [x] (* x x))",
        "(def user/sq (fn* \"user/sq\" (L0 [x#0] (clojure.core/* x#0 x#0))))",
    );
    // Not when the fn is only somewhere inside the init.
    check(
        "(def f (let* [a 1] (fn* [] a)))",
        "(def user/f (let* [a#0 1] (fn* \"user/fn--1\" (L0 [] a#0))))",
    );
}

#[test]
fn fn_metadata_is_attached_at_run_time() {
    check(
        "^{:k 1} (fn* [] 1)",
        "(with-meta (fn* \"user/fn--1\" (L0 [] 1)) '{:k 1})",
    );
}

#[test]
fn letfn_forms() {
    check(
        "(letfn* [f (fn* f [n] (g n)) g (fn* g [n] (f n))] (f 1))",
        "(letfn* [f#0 (fn* \"user/f\" f#2 (L0 [n#3] (g#1 n#3))) g#1 (fn* \"user/g\" g#4 (L1 [n#5] (f#0 n#5)))] (f#0 1))",
    );
    check(
        "(letfn* [f (fn [] 1)] (f))",
        "(letfn* [f#0 (fn* \"user/f\" (L0 [] 1))] (f#0))",
    );
    check("(letfn* [] 1)", "(letfn* [] 1)");
    check_err("(letfn* [f 1] f)", "letfn* binding must be a fn, got: 1");
    check_err(
        "(letfn* [f (when 1 2)] f)",
        "letfn* binding must be a fn, got: (when 1 2)",
    );
    check_err(
        "(letfn* [f] 1)",
        "Bad binding form, expected matched symbol expression pairs",
    );
    check_err("(letfn* f 1)", "Bad binding form, expected vector");
    check_err(
        "(letfn* [[f] (fn* [] 1)] 1)",
        "Bad binding form, expected symbol, got: [f]",
    );
}
