//! End-to-end tests: source text through the reader, analyzer, lowering,
//! Perceus and the verifier into the VM, checking the printed result and
//! that every run is garbage-free. (No core library here: only special
//! forms and the runtime's natives.)

use crate::{install, load};
use genera_analyzer::Env;
use genera_ir::{lower, perceus, verify};
use genera_reader::{Form, FormKind, Name};
use genera_runtime::{callable, error, heap, ns, print, Thrown, Value};

/// The analyzer's view of the runtime's namespaces, without macros.
struct TestEnv;

impl Env for TestEnv {
    fn current_ns(&self) -> String {
        ns::current_ns()
    }
    fn resolve_var(&self, sym: &Name) -> Option<Name> {
        ns::resolve(&ns::current_ns(), sym).map(|(ns, name)| Name { ns: Some(ns), name })
    }
    fn resolve_alias(&self, alias: &str) -> Option<String> {
        ns::resolve_alias(&ns::current_ns(), alias)
    }
    fn is_macro(&self, _var: &Name) -> bool {
        false
    }
    fn intern(&mut self, name: &str) -> Result<Name, String> {
        let current = ns::current_ns();
        ns::intern(&current, name);
        Ok(Name {
            ns: Some(current),
            name: name.to_string(),
        })
    }
    fn expand_macro(
        &mut self,
        var: &Name,
        _form: &Form,
        _locals: &[String],
    ) -> Result<Form, String> {
        Err(format!("no macros in these tests: {var}"))
    }
}

/// Evaluates every form of `src`; returns the printed value of the last
/// one, or "throw: Class: message" for an uncaught exception.
fn eval(src: &str) -> String {
    genera_runtime::init();
    install();
    let forms =
        genera_reader::read_all(src, "e2e.clj").unwrap_or_else(|e| panic!("read: {}", e.message));
    let mut out = String::new();
    for form in &forms {
        let hir = genera_analyzer::analyze(form, &mut TestEnv)
            .unwrap_or_else(|e| panic!("analyze: {}", e.message));
        let mut m = lower::lower(&hir);
        perceus::run(&mut m);
        if let Err(errs) = verify::verify(&m, true) {
            panic!("verify: {errs:?}\n{}", genera_ir::print::print_module(&m));
        }
        let entry = load(&m).unwrap_or_else(|e| panic!("load: {e}"));
        let result = callable::invoke(entry, &[]);
        heap::drop(entry);
        match result {
            Ok(v) => {
                out = print::pr_str(v);
                heap::drop(v);
            }
            Err(Thrown(e)) => {
                let msg = error::exception_message(e).unwrap_or_default();
                out = format!("throw: {}: {}", error::kind_of(e), msg);
                heap::drop(e);
                break;
            }
        }
    }
    // Release what the program stored in the vars it defined.
    for form in &forms {
        if let FormKind::List(items) = &form.kind {
            if items.len() >= 2 && items[0].is_symbol("def") {
                if let Some(name) = items[1].symbol() {
                    let var = ns::intern(&ns::current_ns(), &name.name);
                    ns::var_set_root(var, Value::UNBOUND);
                    ns::var_set_meta(var, Value::NIL);
                }
            }
        }
    }
    out
}

/// Runs `src` and checks its printed result and that it left no garbage.
#[track_caller]
fn check(src: &str, expected: &str) {
    genera_runtime::init();
    let before = heap::leaked_objects();
    let got = eval(src);
    assert_eq!(got, expected, "for {src}");
    assert_eq!(
        heap::leaked_objects(),
        before,
        "leaked objects running {src}"
    );
}

#[test]
fn arithmetic_and_literals() {
    check("(+ 1 2)", "3");
    check("(let* [x 10 y 20] (* x y))", "200");
    check("[1 (+ 1 1) \"three\" :four]", "[1 2 \"three\" :four]");
    check("(let* [x 1] {:a x :b [x x]})", "{:a 1, :b [1 1]}");
    check("(let* [x 1] #{x})", "#{1}");
    check("(quote (1 2 3))", "(1 2 3)");
}

#[test]
fn fib_through_a_var() {
    check("(def e2e-fib (fn* e2e-fib [n] (if (< n 2) n (+ (e2e-fib (- n 1)) (e2e-fib (- n 2)))))) (e2e-fib 20)", "6765");
}

#[test]
fn loops_and_recur() {
    check(
        "(loop* [i 0 acc 0] (if (< i 1000000) (recur (inc i) (+ acc i)) acc))",
        "499999500000",
    );
    check(
        "(loop* [a 1 b 2 i 0] (if (< i 5) (recur b a (inc i)) [a b]))",
        "[2 1]",
    );
}

#[test]
fn closures() {
    check("(let* [k 10 f (fn* [x] (+ x k))] (f 5))", "15");
    check("(let* [v [1 2] f (fn* [] v)] (f))", "[1 2]");
    check("((fn* [& xs] xs) 1 2 3)", "(1 2 3)");
    check("((fn* [& xs] xs))", "nil");
    check(
        "((fn* ([] 0) ([a] a) ([a b & more] [a b more])) 1 2 3 4)",
        "[1 2 (3 4)]",
    );
}

#[test]
fn exceptions() {
    check(
        "(try (/ 1 0) (catch ArithmeticException e :caught))",
        ":caught",
    );
    check(
        "(try (throw (ex-info \"boom\" {:a 1})) (catch Exception e (ex-data e)))",
        "{:a 1}",
    );
    check(
        "(let* [v [1 2 3]] (try (/ 1 0) (catch Exception e v)))",
        "[1 2 3]",
    );
    check("(/ 1 0)", "throw: ArithmeticException: Divide by zero");
    check(
        "((fn* [x] x))",
        "throw: ArityException: Wrong number of args (0) passed to: user/fn--1",
    );
}

#[test]
fn case_dispatch() {
    check("(let* [x :b] (case* x [[:a] 1 [:b :c] 2] 3))", "2");
    check("(let* [x \"s\"] (case* x [[\"s\"] 1 [\"t\"] 2] 3))", "1");
    check(
        "(let* [x 7] (case* x [[1 2] :low [7] :seven] :other))",
        ":seven",
    );
    check("(let* [x [1 2]] (case* x [[[1 2]] :vec] :other))", ":vec");
    check("(let* [x 99] (case* x [[1 2] :low] :other))", ":other");
}

#[test]
fn case_scrutinee_that_throws_while_hashed_unwinds_the_frame() {
    // Owned values live across the case (v, w, the scrutinee) are dropped
    // by its unwind list or handed to the handler; `check` finds leaks.
    check(
        "(let* [v [1 2] w (str \"a\" 1)] \
           (try (case* (%make-lazy-seq (fn* [] (/ 1 0))) [[\"x\"] w [[1]] 2] 3) \
                (catch ArithmeticException e [:caught v])))",
        "[:caught [1 2]]",
    );
    // Uncaught: the whole frame unwinds.
    check(
        "(let* [v [1 2]] (case* (%make-lazy-seq (fn* [] (/ 1 0))) [[:k] v] 3))",
        "throw: ArithmeticException: Divide by zero",
    );
    // Integer-only cases (the JVM's :int mode) do not hash a non-number.
    check(
        "(let* [v [1 2]] (case* (%make-lazy-seq (fn* [] (/ 1 0))) [[1] v [2] 2] :default))",
        ":default",
    );
}

#[test]
fn letfn_groups() {
    check(
        "(letfn* [ev? (fn* ev? [n] (if (zero? n) true (od? (dec n)))) od? (fn* od? [n] (if (zero? n) false (ev? (dec n))))] (ev? 100001))",
        "false",
    );
    // A member closure outliving the code that made it, then making its
    // sibling again from a dead code object.
    check(
        "(let* [f (letfn* [a (fn* a [n] (if (zero? n) :done (b n))) b (fn* b [n] (a (dec n)))] a)] (f 3))",
        ":done",
    );
}

#[test]
fn try_finally_and_nesting() {
    check(
        "(let* [a (atom [])] (try (swap! a conj 1) (finally (swap! a conj 2))) (deref a))",
        "[1 2]",
    );
    check(
        "(let* [a (atom [])] (try (try (/ 1 0) (finally (swap! a conj :inner))) (catch ArithmeticException e (swap! a conj :outer))) (deref a))",
        "[:inner :outer]",
    );
    check("(try (try (throw (ex-info \"x\" {})) (catch ArithmeticException e 1)) (catch ExceptionInfo e 2))", "2");
}

#[test]
fn deep_recursion_from_source() {
    check(
        "(def e2e-down (fn* e2e-down [n] (if (zero? n) 0 (inc (e2e-down (dec n)))))) (e2e-down 100000)",
        "100000",
    );
    check(
        "(def e2e-forever (fn* e2e-forever [n] (inc (e2e-forever n)))) (e2e-forever 0)",
        "throw: StackOverflowError: ",
    );
}

#[test]
fn natives_calling_closures() {
    check("(reduce (fn* [a b] (+ a b)) 0 [1 2 3 4])", "10");
    check("(apply (fn* [& xs] (count xs)) 1 2 [3 4])", "4");
    check(
        "(let* [a (atom 0)] (swap! a (fn* [x] (+ x 10))) (deref a))",
        "10",
    );
    check(
        "(reduce (fn* [a b] (if (= b 3) (throw (ex-info \"stop\" {:at b})) (+ a b))) 0 [1 2 3 4])",
        "throw: ExceptionInfo: stop",
    );
    check(
        "(try (reduce (fn* [a b] (/ a 0)) 1 [1]) (catch ArithmeticException e :caught))",
        ":caught",
    );
}

#[test]
fn consuming_natives_and_owned_calls() {
    // The native reduce consumes its collection and init and hands its
    // closure the accumulator owned (invoke_owned -> invoke_closure_owned).
    check(
        "(reduce (fn* [v x] (conj v x)) [] (range 5))",
        "[0 1 2 3 4]",
    );
    check(
        "(count (reduce (fn* [v x] (conj v x)) [] (range 100000)))",
        "100000",
    );
    check(
        "(reduce (fn* [a x] (if (= x 3) (reduced [a x]) (+ a x))) 0 (range 10))",
        "[3 3]",
    );
    check(
        "(reduce (fn* e2e-reduce-one [a] a) [1] [1 2])",
        "throw: ArityException: Wrong number of args (2) passed to: user/e2e-reduce-one--1",
    );
    check(
        "(reduce (fn* [a x] (if (= x 2) (throw (ex-info \"stop\" {:acc a})) (conj a x))) [] [0 1 2 3])",
        "throw: ExceptionInfo: stop",
    );
    check(
        "(let* [v [1 2]] [(reduce (fn* [a x] (conj a x)) v [3]) v])",
        "[[1 2 3] [1 2]]",
    );
    // Consuming natives called directly, as values, and on a borrowed
    // argument that stays live after the call.
    check(
        "(let* [v [1 2 3]] [(count v) (nth v 1) (into v [4]) (vec v) (count v)])",
        "[3 2 [1 2 3 4] [1 2 3] 3]",
    );
    check(
        "(let* [c count n nth s (range 5)] [(c s) (n s 4) (n s 9 :nf) (c s)])",
        "[5 4 :nf 5]",
    );
    check(
        "(nth (range 3) 5)",
        "throw: IndexOutOfBoundsException: Index 5 out of bounds for length 3",
    );
    // `dup x; count x` compiles to a borrowing count (x live after), also
    // when it throws.
    check(
        "(let* [s (range 3)] [(try (nth s 5) (catch IndexOutOfBoundsException e :oob)) (count s)])",
        "[:oob 3]",
    );
    check(
        "(let* [s 5] [(try (count s) (catch UnsupportedOperationException e :no)) s])",
        "[:no 5]",
    );
    check(
        "(count 1 2)",
        "throw: ArityException: Wrong number of args (2) passed to: clojure.core/count",
    );
    check("(apply + 1 (range 5))", "11");
    check("(apply count [[1 2]])", "2");
}

#[test]
fn tail_calls_through_vars() {
    check(
        "(def e2e-pong) (def e2e-ping (fn* [n] (if (zero? n) :ping (e2e-pong (dec n))))) \
         (def e2e-pong (fn* [n] (if (zero? n) :pong (e2e-ping (dec n))))) \
         (e2e-ping 1000001)",
        ":pong",
    );
}

#[test]
fn keywords_maps_and_strings_as_functions() {
    check("(let* [m {:a 1}] (:a m))", "1");
    check("(let* [m {:a 1}] (m :a))", "1");
    check("(let* [k :b m {:a 1}] (k m 7))", "7");
    check("(str \"a\" 1 :b)", "\"a1:b\"");
}

#[test]
fn collections_and_keywords_as_functions_fast_and_slow_paths() {
    // Vectors: in range (tail and trie), out of range, a non-integer key.
    check("(let* [v [10 20 30]] [(v 0) (v 2)])", "[10 30]");
    check(
        "(let* [v (vec (range 100))] [(v 31) (v 32) (v 99) (nth v 64) (get v 33)])",
        "[31 32 99 64 33]",
    );
    check(
        "(let* [v [10]] (v 5))",
        "throw: IndexOutOfBoundsException: Index 5 out of bounds for length 1",
    );
    check(
        "(nth [1] 5)",
        "throw: IndexOutOfBoundsException: Index 5 out of bounds for length 1",
    );
    check("(let* [v [1]] (nth v 5 :d))", ":d");
    check(
        "(let* [v [1]] (v :a))",
        "throw: IllegalArgumentException: Key must be integer",
    );
    check(
        "(let* [v [1 2]] [(get v 1) (get v 5) (get v -1) (get v :a)])",
        "[2 nil nil nil]",
    );
    // Maps and keywords: present, missing (nil), defaults, nil as a map.
    check(
        "(let* [m {:a 1}] [(m :b) (:b m) (:b m 2) (m :b 3) (:a nil) (:a 5)])",
        "[nil nil 2 3 nil nil]",
    );
    check(
        "(let* [m {:a 1 \"k\" 2}] [(m \"k\") (get m :a) (get nil :a) (get m :z 9)])",
        "[2 1 nil 9]",
    );
    check(
        "(let* [m {0 0 1 1 2 2 3 3 4 4 5 5 6 6 7 7 8 8 19 19} m (assoc m :k 7)] [(:k m) (m :k) (m 19) (:q m)])",
        "[7 7 19 nil]",
    );
    // Sets and sorted collections go the generic way.
    check("(let* [s #{1 :x}] [(s 1) (s :x) (s 2)])", "[1 :x nil]");
    check(
        "(let* [m (sorted-map :b 2 :a 1)] [(m :a) (:b m) (m :c)])",
        "[1 2 nil]",
    );
    check("(let* [e (first {:a 1})] [(e 0) (e 1)])", "[:a 1]");
    check(
        "(let* [v [1]] (v))",
        "throw: ArityException: Wrong number of args (0) passed to: clojure.lang.PersistentVector",
    );
}

#[test]
fn calls_through_vars_are_borrowed_and_survive_redefinition() {
    // The running closure is the var's root when the var is redefined: it
    // is retired, not freed, until the run ends.
    check(
        "(def e2e-redef (fn* [n] (def e2e-redef (fn* [n] (* 100 n))) (+ n (count (str \"running\" n))))) [(e2e-redef 1) (e2e-redef 1)]",
        "[9 100]",
    );
    check(
        "(def e2e-cv (fn* [x] (inc x))) (def e2e-cvloop (fn* [n] (loop* [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (e2e-cv i))) acc)))) (e2e-cvloop 1000)",
        "500500",
    );
    check("(def e2e-vv [5 6 7]) (e2e-vv 1)", "6");
    check("(def e2e-kv :a) (e2e-kv {:a 3})", "3");
    check(
        "(def e2e-unbound) (e2e-unbound 1)",
        "throw: IllegalStateException: Attempting to call unbound fn: #'user/e2e-unbound",
    );
}

#[test]
fn immediate_operands_fast_and_slow_paths() {
    check(
        "(let* [x 5] [(+ x 1) (- x 2) (< x 10) (<= x 5) (> x 5) (>= x 6) (== x 5)])",
        "[6 3 true true false false true]",
    );
    check("(let* [x 5] (if (< x 10) :lt :ge))", ":lt");
    check(
        "(let* [x 1.5] [(+ x 1) (- x 2) (< x 2) (if (> x 1) :gt :le) (== x 1)])",
        "[2.5 -0.5 true :gt false]",
    );
    // Past the fixnum range: the runtime boxes, then overflows as Clojure does.
    check(
        "(let* [x 4611686018427387903] (- (+ x 1) 1))",
        "4611686018427387903",
    );
    check(
        "(let* [x 9223372036854775807] (+ x 1))",
        "throw: ArithmeticException: long overflow",
    );
    check(
        "(let* [x -9223372036854775808] (- x 1))",
        "throw: ArithmeticException: long overflow",
    );
    check(
        "(let* [x nil] (+ x 1))",
        "throw: NullPointerException: Cannot cast nil to java.lang.Number",
    );
    check(
        "(loop* [i 0 acc 0] (if (< i 10) (recur (+ i 1) (+ acc 2)) acc))",
        "20",
    );
}

#[test]
fn case_with_default_error() {
    check("(let* [x 5] (case* x [[1] :one] (throw (IllegalArgumentException. (str \"No matching clause: \" x)))))", "throw: IllegalArgumentException: No matching clause: 5");
}

/// Compiles one form and returns its disassembly (for eyeballing).
fn disassemble_src(src: &str) -> String {
    genera_runtime::init();
    install();
    let forms = genera_reader::read_all(src, "e2e.clj").unwrap();
    let hir = genera_analyzer::analyze(&forms[0], &mut TestEnv).unwrap();
    let mut m = lower::lower(&hir);
    perceus::run(&mut m);
    let entry = load(&m).unwrap();
    let text = crate::disassemble(entry);
    heap::drop(entry);
    format!("{}\n{}", genera_ir::print::print_module(&m), text)
}

#[test]
#[ignore]
fn show_fib() {
    println!(
        "{}",
        disassemble_src("(fn* fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))")
    );
    println!("{}", disassemble_src("(def tak (fn* tak [x y z] (if (not (< y x)) z (tak (tak (- x 1) y z) (tak (- y 1) z x) (tak (- z 1) x y)))))"));
}

/// `cargo test -p genera-vm --release -- --ignored --nocapture e2e_bench`
#[test]
#[ignore]
fn e2e_bench() {
    for (name, src) in [
        ("fib 30 (var)", "(def bfib (fn* [n] (if (< n 2) n (+ (bfib (- n 1)) (bfib (- n 2)))))) (bfib 30)"),
        ("fib 30 (self)", "((fn* fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) 30)"),
        ("tak 24 16 8", "(def btak (fn* [x y z] (if (not (< y x)) z (btak (btak (- x 1) y z) (btak (- y 1) z x) (btak (- z 1) x y))))) (btak 24 16 8)"),
        ("loop 10M", "(loop* [i 0 acc 0] (if (< i 10000000) (recur (inc i) (+ acc i)) acc))"),
    ] {
        let t = std::time::Instant::now();
        let r = eval(src);
        println!("{name}: {r} in {:?}", t.elapsed());
    }
}

#[test]
fn stack_overflow_is_catchable_and_the_vm_recovers() {
    check(
        "(def e2e-so (fn* e2e-so [n] (inc (e2e-so n)))) \
         (try (e2e-so 0) (catch StackOverflowError e :overflow))",
        ":overflow",
    );
    // Inside a callback from a native, with frames of the outer run below.
    check(
        "(def e2e-so2 (fn* e2e-so2 [n] (inc (e2e-so2 n)))) \
         (try (reduce (fn* [a b] (e2e-so2 a)) 0 [1 2]) (catch StackOverflowError e :overflow))",
        ":overflow",
    );
    check("(+ 1 1)", "2");
}

#[test]
fn lazy_seqs_call_back_into_the_vm() {
    check(
        "(def e2e-nat (fn* e2e-nat [n] (%make-lazy-seq (fn* [] (cons n (e2e-nat (inc n))))))) \
         (nth (e2e-nat 0) 10000)",
        "10000",
    );
    check(
        "(def e2e-bad (fn* [] (%make-lazy-seq (fn* [] (/ 1 0))))) \
         (try (first (e2e-bad)) (catch ArithmeticException e :lazy-throw))",
        ":lazy-throw",
    );
}

#[test]
fn apply_realizes_only_what_picking_the_arity_needs() {
    // The variadic arity gets the unrealized remainder of an infinite seq.
    let f = "(def e2e-ap (fn* ([] :none) ([a] [:one a]) ([a b & more] [a b (first more) (first (rest more))]))) ";
    check(&format!("{f}(apply e2e-ap (range))"), "[0 1 2 3]");
    check(&format!("{f}(apply e2e-ap 10 (range))"), "[10 0 1 2]");
    check(&format!("{f}(apply e2e-ap 1 2 3 4 (range))"), "[1 2 3 4]");
    check(&format!("{f}(apply e2e-ap 1 2 3 [4 5])"), "[1 2 3 4]");
    // Finite argument lists pick fixed arities as an ordinary call does.
    check(&format!("{f}(apply e2e-ap [])"), ":none");
    check(&format!("{f}(apply e2e-ap 7 nil)"), "[:one 7]");
    check(&format!("{f}(apply e2e-ap [5 6])"), "[5 6 nil nil]");
    check(&format!("{f}(apply e2e-ap 5 (list 6 7))"), "[5 6 7 nil]");
    // As on the JVM, one item more than the largest fixed arity takes is
    // realized, and the seq of what follows (JVM Clojure gives these counts).
    let nums = "(def e2e-count (atom 0)) \
         (def e2e-nums (fn* e2e-nums [n] (%make-lazy-seq (fn* [] (swap! e2e-count inc) (cons n (e2e-nums (inc n))))))) ";
    check(
        &format!(
            "{nums}(def e2e-v (fn* ([a] a) ([a b] b) ([a b & more] (first more)))) \
         [(apply e2e-v (e2e-nums 0)) (deref e2e-count)]"
        ),
        "[2 4]",
    );
    check(
        &format!("{nums}[(apply (fn* [& xs] 1) (e2e-nums 0)) (deref e2e-count)]"),
        "[1 2]",
    );
    check(
        &format!("{nums}[(apply (fn* [a b & xs] 1) 1 2 3 (e2e-nums 0)) (deref e2e-count)]"),
        "[1 1]",
    );
    // Functions with metadata, natives and data apply too.
    check(
        "(apply (with-meta (fn* [& xs] (first (rest xs))) {:m 1}) (range))",
        "1",
    );
    check("(apply + 1 2 [3 4])", "10");
    check("(apply :a [{:a 1}])", "1");
    // Without a variadic arity the count must be known: everything is realized.
    check(
        "(def e2e-one (fn* [a] a)) (apply e2e-one [1 2])",
        "throw: ArityException: Wrong number of args (2) passed to: user/e2e-one",
    );
    // An exception while realizing the arguments leaks nothing.
    check(
        "(try (apply (fn* [& xs] xs) 1 (%make-lazy-seq (fn* [] (/ 1 0)))) (catch ArithmeticException e :caught))",
        ":caught",
    );
}

#[test]
fn disassembly_lists_letfn_siblings() {
    let text = disassemble_src("(letfn* [a (fn* a [n] (b n)) b (fn* b [n] (a n))] a)");
    assert!(text.contains("<sibling"), "{text}");
    assert!(
        text.contains("fn user/a") && text.contains("fn user/b"),
        "{text}"
    );
}

#[test]
fn lazy_seqs_realize_in_the_vm_loop() {
    // A lazy seq that needs itself throws instead of looping, and stays
    // usable (unrealized) afterwards.
    check(
        "(def s (%make-lazy-seq (fn* [] (first s)))) (first s)",
        "throw: IllegalStateException: lazy seq realized recursively: its body needs its own value",
    );
    check(
        "(def s (%make-lazy-seq (fn* [] (cons 1 (next s))))) (first s)",
        "throw: IllegalStateException: lazy seq realized recursively: its body needs its own value",
    );
    // A body that throws leaves the lazy seq unrealized: forcing again
    // runs the body again; owned values of the forcing frame are released.
    check(
        "(def n (atom 0)) \
         (def s (%make-lazy-seq (fn* [] (swap! n inc) (/ 1 0)))) \
         (let* [v [1 2]] (try (first s) (catch ArithmeticException e [v @n]))) \
         (try (seq s) (catch ArithmeticException e @n))",
        "2",
    );
    // Chains of lazy seqs returning lazy seqs, 300,000 deep, and a nested
    // realization 100,000 deep (each level a VM frame, no Rust frame).
    check(
        "(def chain (fn* chain [n] (if (< 0 n) (%make-lazy-seq (fn* [] (chain (dec n)))) (cons :end nil)))) \
         (first (chain 300000))",
        ":end",
    );
    check(
        "(def nest (fn* nest [n] (%make-lazy-seq (fn* [] (if (< 0 n) (cons (first (nest (dec n))) nil) (cons n nil)))))) \
         (first (nest 100000))",
        "0",
    );
}
