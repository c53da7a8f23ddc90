//! def, if, do, let*, loop*, recur, quote, var, throw, try, set!, case*.

use super::support::{analyze_str, check, check_err, FakeEnv};

#[test]
fn def_forms() {
    check("(def y 1)", "(def user/y 1)");
    check("(def y)", "(def user/y)");
    check("(def y \"doc\" 1)", "(def ^{:doc \"doc\"} user/y 1)");
    check("(def y \"not a doc\")", "(def user/y \"not a doc\")");
    check("(def user/y 1)", "(def user/y 1)");
    check("(def ^:dynamic *y* 1)", "(def ^{:dynamic true} user/*y* 1)");
}

#[test]
fn def_can_refer_to_itself() {
    check(
        "(def f (fn* [n] (f n)))",
        "(def user/f (fn* \"user/f\" (L0 [n#0] (user/f n#0))))",
    );
}

#[test]
fn def_metadata_is_evaluated_except_tag_hints() {
    check("(def ^{:tag String} y 1)", "(def ^{:tag String} user/y 1)");
    check(
        "(def ^{:k (+ 1 2)} y 1)",
        "(def ^{:k (clojure.core/+ 1 2) :line 1 :column 1 :file \"test.clj\"} user/y 1)",
    );
}

#[test]
fn def_metadata_has_position_and_file() {
    let got = analyze_str("\n  (def y \"d\" 1)", &mut FakeEnv::new()).unwrap();
    assert_eq!(got, "(def ^{:doc \"d\"} user/y 1)");
    let form = super::support::read_one("\n  (def y \"d\" 1)");
    let expr = crate::analyze(&form, &mut FakeEnv::new()).unwrap();
    let genera_hir::ExprKind::Def {
        meta: Some(meta), ..
    } = expr.kind
    else {
        panic!("not a def")
    };
    let genera_hir::ExprKind::Const(meta) = meta.kind else {
        panic!("meta not constant")
    };
    assert_eq!(
        format!("{meta}"),
        "{:line 2, :column 3, :file \"test.clj\", :doc \"d\"}"
    );
}

#[test]
fn def_interns_in_the_env() {
    let mut env = FakeEnv::new();
    analyze_str("(def fresh 1)", &mut env).unwrap();
    assert_eq!(analyze_str("fresh", &mut env).unwrap(), "user/fresh");
}

#[test]
fn def_errors() {
    check_err("(def)", "Too few arguments to def");
    check_err("(def a 1 2)", "Too many arguments to def");
    check_err("(def a \"d\" 1 2)", "Too many arguments to def");
    check_err("(def 1 2)", "First argument to def must be a Symbol");
    check_err(
        "(def other/y 1)",
        "Can't create defs outside of current ns: other/y",
    );
    check_err("(def unwritable 1)", "Can't intern unwritable");
}

#[test]
fn if_forms() {
    check("(if x 1)", "(if user/x 1 nil)");
    check("(if x 1 2)", "(if user/x 1 2)");
    check_err("(if x)", "Too few arguments to if");
    check_err("(if)", "Too few arguments to if");
    check_err("(if 1 2 3 4)", "Too many arguments to if");
}

#[test]
fn do_forms() {
    check("(do)", "nil");
    check("(do 1)", "1");
    check("(do 1 x 2)", "(do 1 user/x 2)");
}

#[test]
fn let_forms() {
    check("(let* [x 1 y x] y)", "(let* [x#0 1 y#1 x#0] y#1)");
    check(
        "(let* [x 1 x (+ x 1)] x)",
        "(let* [x#0 1 x#1 (clojure.core/+ x#0 1)] x#1)",
    );
    check("(let* [] 1)", "(let* [] 1)");
    check("(let* [a 1])", "(let* [a#0 1] nil)");
    check("(let* [a 1] a a)", "(let* [a#0 1] (do a#0 a#0))");
    // Scope ends with the let*.
    check("(do (let* [y 1] y) x)", "(do (let* [y#0 1] y#0) user/x)");
}

#[test]
fn let_errors() {
    check_err("(let* x 1)", "Bad binding form, expected vector");
    check_err("(let*)", "Bad binding form, expected vector");
    check_err(
        "(let* [a] 1)",
        "Bad binding form, expected matched symbol expression pairs",
    );
    check_err(
        "(let* [[a] 1] a)",
        "Bad binding form, expected symbol, got: [a]",
    );
    check_err("(let* [a/b 1] 1)", "Can't let qualified name: a/b");
    check_err(
        "(let* [a 1] b)",
        "Unable to resolve symbol: b in this context",
    );
}

#[test]
fn loop_and_recur() {
    check(
        "(loop* [i 0] (if (< i 10) (recur (inc i)) i))",
        "(loop* L0 [i#0 0] (if (clojure.core/< i#0 10) (recur L0 (clojure.core/inc i#0)) i#0))",
    );
    check(
        "(loop* [a 1] (let* [b 2] (recur b)))",
        "(loop* L0 [a#0 1] (let* [b#1 2] (recur L0 b#1)))",
    );
    check(
        "(loop* [a 1] (do 1 (recur 2)))",
        "(loop* L0 [a#0 1] (do 1 (recur L0 2)))",
    );
    check(
        "(loop* [a 1] (case* a [[1] (recur 2)] (recur 3)))",
        "(loop* L0 [a#0 1] (case* a#0 [[1] (recur L0 2)] (recur L0 3)))",
    );
    check(
        "(loop* [] (letfn* [f (fn* f [] 1)] (recur)))",
        "(loop* L0 [] (letfn* [f#0 (fn* \"user/f\" f#1 (L1 [] 1))] (recur L0)))",
    );
    // The innermost loop is the target.
    check(
        "(loop* [a 1] (loop* [b 2] (recur 3)))",
        "(loop* L0 [a#0 1] (loop* L1 [b#1 2] (recur L1 3)))",
    );
    // A loop inside a try is fine.
    check("(try (loop* [] (recur)))", "(loop* L0 [] (recur L0))");
}

#[test]
fn recur_errors() {
    check_err(
        "(loop* [i 0] (recur))",
        "Mismatched argument count to recur, expected: 1 args, got: 0",
    );
    check_err(
        "(loop* [i 0] (recur 1 2))",
        "Mismatched argument count to recur, expected: 1 args, got: 2",
    );
    check_err(
        "(loop* [i 0] (+ 1 (recur 1)))",
        "Can only recur from tail position",
    );
    check_err(
        "(loop* [i 0] (if (recur 1) 1 2))",
        "Can only recur from tail position",
    );
    check_err(
        "(loop* [i 0] (do (recur 1) 2))",
        "Can only recur from tail position",
    );
    check_err(
        "(loop* [i 0] [(recur 1)])",
        "Can only recur from tail position",
    );
    check_err("(recur 1)", "Can only recur from tail position");
    check_err(
        "(loop* [a (recur 1)] a)",
        "Can only recur from tail position",
    );
    check_err(
        "(fn* [a] (loop* [b (recur 1)] b))",
        "Can only recur from tail position",
    );
    check_err("(loop* [] (try (recur)))", "Cannot recur across try");
    check_err(
        "(loop* [] (try (recur) (catch Exception e 1)))",
        "Cannot recur across try",
    );
    check_err(
        "(loop* [] (try 1 (catch Exception e (recur))))",
        "Cannot recur from catch/finally",
    );
    check_err(
        "(loop* [] (try 1 (finally (recur))))",
        "Cannot recur from catch/finally",
    );
    check_err("(fn* [] (try (recur)))", "Cannot recur across try");
}

#[test]
fn quote_forms() {
    check("'x", "'x");
    check("'(1 a \"s\")", "'(1 a \"s\")");
    check("''a", "'(quote a)");
    check("'::foo", ":user/foo");
    check("'^:m [a]", "'^{:m true} [a]");
    check("'`a", "'(quote user/a)");
    check_err("(quote)", "Wrong number of args (0) passed to quote");
    check_err("(quote 1 2)", "Wrong number of args (2) passed to quote");
}

#[test]
fn var_forms() {
    check("#'x", "#'user/x");
    check("#'when", "#'clojure.core/when");
    check("#'str/join", "#'clojure.string/join");
    check("(let* [x 1] #'x)", "(let* [x#0 1] #'user/x)");
    check_err("#'nope", "Unable to resolve var: nope in this context");
    check_err("(var 1)", "var expects a symbol, got: 1");
    check_err("(var)", "Wrong number of args (0) passed to var");
}

#[test]
fn throw_forms() {
    check("(throw x)", "(throw user/x)");
    check_err(
        "(throw)",
        "Too few arguments to throw, throw expects a single Throwable instance",
    );
    check_err(
        "(throw 1 2)",
        "Too many arguments to throw, throw expects a single Throwable instance",
    );
}

#[test]
fn try_forms() {
    check(
        "(try 1 (catch Exception e e) (finally 2))",
        "(try 1 (catch Exception e#0 e#0) (finally 2))",
    );
    check(
        "(try 1 (catch java.lang.ArithmeticException e 2) (catch clojure.lang.ExceptionInfo e 3))",
        "(try 1 (catch ArithmeticException e#0 2) (catch ExceptionInfo e#1 3))",
    );
    check(
        "(try 1 (catch :default e 2))",
        "(try 1 (catch Throwable e#0 2))",
    );
    check(
        "(try 1 (finally (println 2) 3))",
        "(try 1 (finally (do (clojure.core/println 2) 3)))",
    );
    check(
        "(try 1 2 (catch Error e))",
        "(try (do 1 2) (catch Error e#0 nil))",
    );
    check("(try 1 2)", "(do 1 2)");
    check("(try)", "nil");
    // The catch local is scoped to its clause.
    check_err(
        "(try 1 (catch Exception e 2) (finally e))",
        "Unable to resolve symbol: e in this context",
    );
}

#[test]
fn try_errors() {
    check_err("(try (catch Foo e 1))", "Unable to resolve classname: Foo");
    check_err(
        "(try (catch \"Foo\" e 1))",
        "Unable to resolve classname: \"Foo\"",
    );
    check_err(
        "(try (finally 1) (catch Exception e 2))",
        "finally clause must be last in try expression",
    );
    check_err(
        "(try 1 (finally 2) (finally 3))",
        "finally clause must be last in try expression",
    );
    check_err(
        "(try (catch Exception e 1) 2)",
        "Only catch or finally clause can follow catch in try expression",
    );
    check_err(
        "(try (catch Exception))",
        "Malformed catch clause, expected (catch Class name body*)",
    );
    check_err(
        "(try (catch Exception a/e 1))",
        "Can't bind qualified name: a/e",
    );
    check_err(
        "(try (catch Exception [e] 1))",
        "Bad binding form, expected symbol, got: [e]",
    );
    check_err(
        "(catch Exception e 1)",
        "catch is only allowed at the end of a try form",
    );
    check_err(
        "(finally 1)",
        "finally is only allowed at the end of a try form",
    );
}

#[test]
fn set_forms() {
    check(
        "(set! *warn-on-reflection* true)",
        "(set! clojure.core/*warn-on-reflection* true)",
    );
    check_err("(let* [a 1] (set! a 2))", "Cannot assign to non-mutable: a");
    check_err(
        "(set! nope 1)",
        "Unable to resolve symbol: nope in this context",
    );
    check_err(
        "(set! x)",
        "Malformed assignment, expecting (set! target val)",
    );
    check_err("(set! (.-f o) 1)", "Invalid assignment target: (.-f o)");
}

#[test]
fn case_forms() {
    check(
        "(case* x [[1 2] :a [:k] :b] :c)",
        "(case* user/x [[1 2] :a [:k] :b] :c)",
    );
    check(
        "(case* x [[a [1 b]] 1] 2)",
        "(case* user/x [[a [1 b]] 1] 2)",
    );
    check("(case* x [[::k] 1] 2)", "(case* user/x [[:user/k] 1] 2)");
    check("(case* x [] 2)", "(case* user/x [] 2)");
    check_err(
        "(case* x [[(1 2)] :a] :c)",
        "Invalid case* test constant (a list): (1 2)",
    );
    check_err(
        "(case* x [1 :a] :c)",
        "case* test constants must be a vector, got: 1",
    );
    check_err(
        "(case* x [[1]] :c)",
        "case* clauses must be pairs of [constants] and an expression",
    );
    check_err("(case* x (1) :c)", "case* clauses must be a vector");
    check_err(
        "(case* x)",
        "Malformed case*, expected (case* expr [[constants] then ...] default)",
    );
}
