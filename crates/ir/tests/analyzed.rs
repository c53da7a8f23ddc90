//! End to end from source text: reader, analyzer, lowering, Perceus, and
//! `verify` after each pass, on programs written with special forms only
//! (the Env below knows no macros). Only verification is checked here; the
//! shapes are pinned by the hand-built snapshots.

use genera_analyzer::{analyze, Env};
use genera_ir::{lower, perceus, print, verify};
use genera_reader::{read_all, Form, Name};
use std::collections::HashSet;

/// Every unqualified symbol that is not a `user` var is taken to be a
/// `clojure.core` var; there are no macros or aliases.
#[derive(Default)]
struct CoreEnv {
    user_vars: HashSet<String>,
}

impl Env for CoreEnv {
    fn current_ns(&self) -> String {
        "user".to_string()
    }
    fn resolve_var(&self, sym: &Name) -> Option<Name> {
        match &sym.ns {
            Some(_) => Some(sym.clone()),
            None if self.user_vars.contains(&sym.name) => Some(Name::qualified("user", &sym.name)),
            None => Some(Name::qualified("clojure.core", &sym.name)),
        }
    }
    fn resolve_alias(&self, _alias: &str) -> Option<String> {
        None
    }
    fn is_macro(&self, _var: &Name) -> bool {
        false
    }
    fn intern(&mut self, name: &str) -> Result<Name, String> {
        self.user_vars.insert(name.to_string());
        Ok(Name::qualified("user", name))
    }
    fn expand_macro(
        &mut self,
        var: &Name,
        _form: &Form,
        _locals: &[String],
    ) -> Result<Form, String> {
        Err(format!("no macro {var}"))
    }
}

const PROGRAMS: &str = r#"
(def fib (fn* fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))
(fn* rev [xs] (loop* [xs xs acc nil] (if (seq xs) (recur (next xs) (cons (first xs) acc)) acc)))
(fn* [x] (fn* [y] (+ x y)))
(fn* [f x] (let* [v [x]] (try (f v) (catch ExceptionInfo e (ex-data e)) (catch Exception e v) (finally (println x)))))
(letfn* [ev? (fn* ev? [n] (if (zero? n) true (od? (dec n))))
         od? (fn* od? [n] (if (zero? n) false (ev? (dec n))))]
  (ev? 10))
(fn* [x] (case* x [[1 2] :small [3] :three] :other))
(fn* sum ([] 0) ([x] x) ([x & more] (if more (recur (+ x (first more)) (next more)) x)))
(do (def ^:dynamic *x* 1) (set! *x* [*x* #{2 *x*} {:a *x*}]) (var *x*))
(fn* [m k] (let* [v (get m k)] (if v (assoc m k (inc v)) (assoc m k 1))))
(fn* [coll] (loop* [s (seq coll) out []] (if s (recur (next s) (conj out (first s))) out)))
(throw (ex-info "boom" {:a 1}))
(fn* [x] ^{:tag 1} [x])
(fn* [a b] (if (if a b (not b)) (try (inc a) (catch Throwable t 0)) (dec b)))
(fn* outer [n] (loop* [i 0] (if (< i n) (do (try (outer i) (finally (println i))) (recur (inc i))) i)))
(fn* [xs] (letfn* [walk (fn* [ys acc] (if (seq ys) (walk (rest ys) (conj acc (count xs))) acc))] (walk xs [])))
(quote (a b c))
(fn* [a] (let* [b (try a (catch Exception e (throw e)))] (if b (throw (ex-info "x" {:b b})) b)))
"#;

#[test]
fn analyzed_programs_verify() {
    let forms = read_all(PROGRAMS, "programs.clj").expect("programs read");
    let mut env = CoreEnv::default();
    for form in &forms {
        let hir = analyze(form, &mut env).unwrap_or_else(|e| panic!("analyze failed: {e}"));
        let mut m = lower::lower(&hir);
        if let Err(es) = verify::verify(&m, false) {
            panic!(
                "{}: lowered IR fails:\n{}\n{}",
                form.span,
                es.join("\n"),
                print::print_module(&m)
            );
        }
        perceus::run(&mut m);
        if let Err(es) = verify::verify(&m, true) {
            panic!(
                "{}: IR after Perceus fails:\n{}\n{}",
                form.span,
                es.join("\n"),
                print::print_module(&m)
            );
        }
    }
}
