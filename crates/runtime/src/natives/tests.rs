//! Tests of the natives through the runtime.

use super::printing::{n_println, n_prn};
use super::*;
use crate::test_util::check_leaks;
use genera_reader::{Form, FormKind};

/// A tiny evaluator over natives only: calls, `quote`, literal
/// collections and symbols naming clojure.core/clojure.string vars.
fn eval(form: &Form) -> Res {
    match &form.kind {
        FormKind::List(items) if !items.is_empty() => {
            if items[0].is_symbol("quote") {
                return Ok(crate::constant::form_to_value(&items[1]));
            }
            let f = eval(&items[0])?;
            let mut args = Vec::new();
            for x in &items[1..] {
                match eval(x) {
                    Ok(v) => args.push(v),
                    Err(e) => {
                        drop_all(&args);
                        heap::drop(f);
                        return Err(e);
                    }
                }
            }
            let r = callable::invoke(f, &args);
            drop_all(&args);
            heap::drop(f);
            r
        }
        FormKind::Symbol(n) => {
            let ns =
                n.ns.as_deref()
                    .map(|a| if a == "str" { "clojure.string" } else { a });
            match ns::resolve_var("user", ns, &n.name) {
                Some(v) => ns::var_get(v),
                None => Err(error::throw(
                    "RuntimeException",
                    &format!("Unable to resolve symbol: {n}"),
                )),
            }
        }
        FormKind::Vector(items) => {
            let vs = items.iter().map(eval).collect::<Res<Vec<_>>>()?;
            Ok(coll::make_vector(&vs))
        }
        FormKind::Map(items) => {
            let vs = items.iter().map(eval).collect::<Res<Vec<_>>>()?;
            coll::make_map(&vs)
        }
        FormKind::Set(items) => {
            let vs = items.iter().map(eval).collect::<Res<Vec<_>>>()?;
            coll::make_set(&vs)
        }
        _ => Ok(crate::constant::form_to_value(form)),
    }
}

/// Evaluates `src` and compares `pr-str` of the result (or
/// "Kind: message" of the exception) with `expected`.
fn check(src: &str, expected: &str) {
    crate::init();
    check_leaks(|| {
        let forms = genera_reader::read_all(src, "test.clj").unwrap();
        let mut last = String::new();
        for f in &forms {
            last = match eval(f) {
                Ok(v) => {
                    let s = print::pr_str(v);
                    heap::drop(v);
                    s
                }
                Err(Thrown(e)) => {
                    let s = format!(
                        "{}: {}",
                        error::kind_of(e),
                        error::exception_message(e).unwrap_or_default()
                    );
                    heap::drop(e);
                    s
                }
            };
        }
        match expected.strip_suffix("...") {
            Some(prefix) => assert!(last.starts_with(prefix), "{src}: {last}"),
            None => assert_eq!(last, expected, "{src}"),
        }
    });
}

#[test]
fn numbers() {
    check("(+ 1 2 3)", "6");
    check("(+)", "0");
    check("(* 2 3.5)", "7.0");
    check("(/ 1 3)", "1/3");
    check("(/ 6 3)", "2");
    check("(/ 1 0)", "ArithmeticException: Divide by zero");
    check(
        "(+ 9223372036854775807 1)",
        "ArithmeticException: long overflow",
    );
    check("(+' 9223372036854775807 1)", "9223372036854775808N");
    check(
        "(inc \"a\")",
        "ClassCastException: class java.lang.String cannot be cast to class java.lang.Number",
    );
    check(
        "(inc 1 2)",
        "ArityException: Wrong number of args (2) passed to: clojure.core/inc",
    );
    check("(< 1 2 3)", "true");
    check("(< 1 3 2)", "false");
    check("(== 1 1.0)", "true");
    check("(= 1 1.0)", "false");
    check("(max 1 2.5 2)", "2.5");
    check("(min 3 1 2)", "1");
    check("(mod -7 3)", "2");
    check("(even? 4)", "true");
    check(
        "(even? 1.5)",
        "IllegalArgumentException: Argument must be an integer: 1.5",
    );
    check("(bit-and 12 10)", "8");
    check("(bit-shift-left 1 10)", "1024");
    check("(unsigned-bit-shift-right -1 60)", "15");
    check("(long 3.9)", "3");
    check("(int \\a)", "97");
    check("(double 1/4)", "0.25");
    check("(parse-long \"42\")", "42");
    check("(parse-long \"4x\")", "nil");
    check("(parse-double \"1e3\")", "1000.0");
    check("(compare 1 2)", "-1");
    check("(compare \"b\" \"a\")", "1");
    check("(abs -5)", "5");
    check("(numerator 2/6)", "1");
    check("(quot 7 -2)", "-3");
    check("(rem 7 -2)", "1");
    check(
        "(str 1.0 \" \" 1N \" \" 1/2 \" \" nil \" \" :k)",
        "\"1.0 1 1/2  :k\"",
    );
}

#[test]
fn collections() {
    check("(conj [1 2] 3 4)", "[1 2 3 4]");
    check("(conj '(1 2) 3)", "(3 1 2)");
    check("(conj nil 1)", "(1)");
    check("(conj {:a 1} [:b 2])", "{:a 1, :b 2}");
    check("(conj #{1} 2 1)", "#{1 2}");
    check("(assoc {:a 1} :b 2 :a 3)", "{:a 3, :b 2}");
    check("(assoc [1 2] 2 3)", "[1 2 3]");
    check(
        "(assoc [1 2] 5 3)",
        "IndexOutOfBoundsException: Index 5 out of bounds for length 2",
    );
    check("(assoc nil :a 1)", "{:a 1}");
    check("(dissoc {:a 1 :b 2 :c 3} :b)", "{:a 1, :c 3}");
    check("(disj #{1 2 3} 2)", "#{1 3}");
    check("(get {:a 1} :b 5)", "5");
    check("(get [1 2 3] 1)", "2");
    check("(get \"abc\" 1)", "\\b");
    check("(get nil :a)", "nil");
    check(
        "(nth [1 2 3] 5)",
        "IndexOutOfBoundsException: Index 5 out of bounds for length 3",
    );
    check("(nth [1 2 3] 5 :nf)", ":nf");
    check("(nth '(1 2 3) 2)", "3");
    check("(count \"héllo\")", "5");
    check("(count {:a 1 :b 2})", "2");
    check(
        "(count 5)",
        "UnsupportedOperationException: count not supported on this type: Long",
    );
    check("(contains? {:a nil} :a)", "true");
    check("(contains? [1 2] 1)", "true");
    check(
        "(contains? '(1) 1)",
        "IllegalArgumentException: contains? not supported on type: clojure.lang.PersistentList",
    );
    check("(keys {:a 1 :b 2})", "(:a :b)");
    check("(vals {:a 1 :b 2})", "(1 2)");
    check("(keys {})", "nil");
    check("(find {:a 1} :a)", "[:a 1]");
    check("(key (find {:a 1} :a))", ":a");
    check("(peek [1 2 3])", "3");
    check("(pop [1 2 3])", "[1 2]");
    check("(pop [])", "IllegalStateException: Can't pop empty vector");
    check("(peek '(1 2))", "1");
    check("(pop '(1 2))", "(2)");
    check("(subvec [1 2 3 4] 1 3)", "[2 3]");
    check("(vec '(1 2))", "[1 2]");
    check("(set [1 2 1])", "#{1 2}");
    check(
        "(hash-map :a 1 :b)",
        "IllegalArgumentException: No value supplied for key: :b",
    );
    check("(into [] '(1 2 3))", "[1 2 3]");
    check("(into {} [[:a 1] [:b 2]])", "{:a 1, :b 2}");
    check("(into '() [1 2 3])", "(3 2 1)");
    check("(reverse [1 2 3])", "(3 2 1)");
    check("(empty [1 2])", "[]");
    check("(empty {:a 1})", "{}");
    check("(list* 1 2 [3 4])", "(1 2 3 4)");
    check("(= [1 2] '(1 2))", "true");
    check("(= {:a [1]} {:a '(1)})", "true");
    check("(#{1 2} 2)", "2");
    check("(:a {:a 1})", "1");
    check("(:b {:a 1} :d)", ":d");
    check("({:a 1} :a)", "1");
    check("([1 2 3] 1)", "2");
    check(
        "([1 2 3] 5)",
        "IndexOutOfBoundsException: Index 5 out of bounds for length 3",
    );
    check(
        "(1 2)",
        "ClassCastException: class java.lang.Long cannot be cast to class clojure.lang.IFn",
    );
    check("(meta (with-meta [1] {:a 1}))", "{:a 1}");
    check(
        "{1 1 (inc 0) 2}",
        "IllegalArgumentException: Duplicate key: 1",
    );
    check("#{1 (inc 0)}", "IllegalArgumentException: Duplicate key: 1");
}

#[test]
fn seqs() {
    check("(seq [])", "nil");
    check("(seq [1 2])", "(1 2)");
    check("(first nil)", "nil");
    check("(rest nil)", "()");
    check("(next [1])", "nil");
    check("(rest [1])", "()");
    check("(first \"abc\")", "\\a");
    check("(seq {:a 1})", "([:a 1])");
    check("(cons 1 [2 3])", "(1 2 3)");
    check("(cons 1 nil)", "(1)");
    check(
        "(cons 1 5)",
        "IllegalArgumentException: Don't know how to create ISeq from: java.lang.Long",
    );
    check("(range 5)", "(0 1 2 3 4)");
    check("(range 1 10 3)", "(1 4 7)");
    check("(range 0 1 0.25)", "(0 0.25 0.5 0.75)");
    check("(count (range 100))", "100");
    check("(counted? (range 100))", "true");
    check("(counted? (range))", "false");
    check("(counted? (range 0 10 0))", "false");
    check("(counted? (range 0.0 10.0))", "false");
    check("(counted? (%make-lazy-seq list))", "false");
    check(
        "(count (range))",
        "UnsupportedOperationException: count of an infinite range",
    );
    check("(nth (range) 100000)", "100000");
    check("(reduce + (range 101))", "5050");
    check("(reduce + [])", "0");
    check("(reduce + 10 [1 2])", "13");
    check("(reduce conj [] (range 3))", "[0 1 2]");
    check("(apply + 1 2 [3 4])", "10");
    check("(apply str \"a\" [\"b\" \\c])", "\"abc\"");
    check("(apply max [3 1 2])", "3");
    check("(%make-lazy-seq list)", "()");
    check("(seq (%make-lazy-seq vector))", "nil");
    check("(realized? (%make-lazy-seq list))", "false");
}

#[test]
fn strings_and_printing() {
    check("(str \"a\" 1 [1 \"b\"])", "\"a1[1 \\\"b\\\"]\"");
    check("(subs \"hello\" 1 3)", "\"el\"");
    check(
        "(subs \"hello\" 3 9)",
        "StringIndexOutOfBoundsException: begin 3, end 9, length 5",
    );
    check("(name :a/b)", "\"b\"");
    check("(namespace :a/b)", "\"a\"");
    check("(symbol \"a/b\")", "a/b");
    check("(keyword \"x\")", ":x");
    check(
        "(format \"%s-%d-%.2f-%x-%5d|%-3s|%%\" :k 42 3.14159 255 7 \"a\")",
        "\":k-42-3.14-ff-    7|a  |%\"",
    );
    check(
        "(format \"%d\" 1.5)",
        "IllegalFormatConversionException: d != java.lang.Double",
    );
    check("(pr-str \"a\" \\b nil)", "\"\\\"a\\\" \\\\b nil\"");
    check("(print-str \"a\" \\b nil)", "\"a b nil\"");
    check("(str/join \", \" [1 2 3])", "\"1, 2, 3\"");
    check(
        "(str/split \"a,b,,c,,\" #\",\")",
        "[\"a\" \"b\" \"\" \"c\"]",
    );
    check("(str/upper-case \"abc\")", "\"ABC\"");
    check("(str/replace \"a-b-c\" \"-\" \"+\")", "\"a+b+c\"");
    check(
        "(str/replace \"a1b22\" #\"\\d+\" \"<$0>\")",
        "\"a<1>b<22>\"",
    );
    check("(str/index-of \"hello\" \"l\")", "2");
    check("(str/blank? \"  \")", "true");
    check("(str/trim \"  x \")", "\"x\"");
    check("(str/capitalize \"hELLO\")", "\"Hello\"");
    check("(re-find #\"(\\d)(\\d)\" \"a12\")", "[\"12\" \"1\" \"2\"]");
    check("(re-matches #\"a|ab\" \"ab\")", "\"ab\"");
    check("(re-seq #\"\\d\" \"a1b2\")", "(\"1\" \"2\")");
    check("(read-string \"(1 [2] {:a 3})\")", "(1 [2] {:a 3})");
}

#[test]
fn output_capture() {
    crate::init();
    check_leaks(|| {
        print::push_out();
        let args = [make_str("x"), Value::fixnum(1)];
        n_prn(&args).unwrap();
        n_println(&args).unwrap();
        drop_all(&args);
        assert_eq!(print::pop_out(), "\"x\" 1\nx 1\n");
    });
}

#[test]
fn atoms_and_vars() {
    check(
        "(let-free)",
        "RuntimeException: Unable to resolve symbol: let-free",
    );
    check("(deref (atom 1))", "1");
    check("(swap! (atom 1) + 10)", "11");
    check("(reset! (atom 1) 5)", "5");
    check("(swap-vals! (atom 1) inc)", "[1 2]");
    check("(compare-and-set! (atom nil) nil 1)", "true");
    check(
        "(set-validator! (atom 1) neg?)",
        "IllegalStateException: Invalid reference state",
    );
    check(
        "(atom 1 :validator pos?)",
        "#object[clojure.lang.Atom 0x...",
    );
    check(
        "(atom -1 :validator pos?)",
        "IllegalStateException: Invalid reference state",
    );
    check("(deref (volatile! 3))", "3");
    check("(vswap! (volatile! 3) inc)", "4");
    check(
        "(deref 5)",
        "ClassCastException: class java.lang.Long cannot be cast to class clojure.lang.IDeref",
    );
    check("(var-get (resolve 'inc))", "#object[genera.lang.Fn 0x...");
    check(
        "(str (var-get (resolve 'inc)))",
        "\"#object[genera.lang.Fn 0x...",
    );
    check("(ns-name (the-ns 'user))", "user");
    check("(str (the-ns 'user))", "\"user\"");
    check(
        "(pr-str (the-ns 'user))",
        "\"#object[clojure.lang.Namespace 0x...",
    );
    // in-ns makes a bare namespace, which can still name in-ns and ns.
    check(
        "(str (in-ns 'natives.test.bare) \"|\" (resolve 'inc) \"|\" (resolve 'in-ns) \"|\" (in-ns 'user))",
        "\"natives.test.bare||#'clojure.core/in-ns|user\"",
    );
    check("(resolve 'inc)", "#'clojure.core/inc");
    check("(resolve 'nope)", "nil");
    check("(deref (intern 'user 'test-x 42))", "42");
    check("(bound? (intern 'user 'test-unbound))", "false");
    check("(ex-message (ex-info \"boom\" {:a 1}))", "\"boom\"");
    check("(ex-data (ex-info \"boom\" {:a 1}))", "{:a 1}");
    check(
        "(ex-info \"boom\" nil)",
        "IllegalArgumentException: Additional data must be non-nil.",
    );
    check(
        "(%exception-is? (%new-exception \"ArithmeticException\" \"x\") \"RuntimeException\")",
        "true",
    );
    check("(ex-message (%new-exception \"Exception\"))", "nil");
    check(
        "(str (ex-info \"boom\" {:a 1}))",
        "\"clojure.lang.ExceptionInfo: boom {:a 1}\"",
    );
    check("(type 1)", "java.lang.Long");
    check("(instance? 'Number 1.5)", "true");
    check("(gensym \"x\")", "x...");
}

fn core_fn(name: &str) -> Value {
    let var = ns::resolve_var("user", Some("clojure.core"), name).expect("core var");
    ns::var_get(var).expect("bound")
}

#[test]
fn consuming_natives_take_over_their_arguments() {
    crate::init();
    check_leaks(|| {
        let count = core_fn("count");
        assert!(callable::native_fn_consumes(count));
        assert!(!callable::native_fn_consumes(core_fn("+")));
        // Owned arguments: the native takes the collection, and every
        // slot is dead afterwards.
        let v = coll::make_vector(&[Value::fixnum(1), Value::fixnum(2)]);
        let mut args = [v];
        let n = callable::invoke_owned(count, &mut args).unwrap();
        assert_eq!(n, Value::fixnum(2));
        assert!(args[0].is_nil());
        // Borrowed arguments (invoke): the caller's reference survives.
        let v = coll::make_vector(&[Value::fixnum(1)]);
        assert_eq!(callable::invoke(count, &[v]).unwrap(), Value::fixnum(1));
        assert_eq!(callable::invoke(count, &[v]).unwrap(), Value::fixnum(1));
        heap::drop(v);
        // Errors (arity, type) release what was handed over.
        let mut args = [coll::make_vector(&[]), make_str("x")];
        let Err(Thrown(e)) = callable::invoke_owned(count, &mut args) else {
            panic!("count of two arguments")
        };
        heap::drop(e);
        assert!(args.iter().all(|a| a.is_nil()));
        let mut args = [Value::fixnum(1), coll::make_vector(&[])];
        let Err(Thrown(e)) = callable::invoke_owned(core_fn("nth"), &mut args) else {
            panic!("nth of a number")
        };
        heap::drop(e);
        // A borrowing native through invoke_owned.
        let mut args = [make_str("a"), make_str("b")];
        let s = callable::invoke_owned(core_fn("str"), &mut args).unwrap();
        assert_eq!(print::pr_str(s), "\"ab\"");
        heap::drop(s);
        // More arguments than the small buffer holds.
        let args: Vec<Value> = (0..20).map(|i| make_str(&i.to_string())).collect();
        let v = coll::make_vector(&args);
        let r = callable::invoke(core_fn("apply"), &[core_fn("str"), v]).unwrap();
        assert_eq!(print::pr_str(r), "\"012345678910111213141516171819\"");
        heap::drop(r);
        heap::drop(v);
    });
}

/// Two areas binding the same name would silently shadow one another.
#[test]
fn no_native_is_bound_twice() {
    let mut seen = std::collections::HashSet::new();
    let names = core_natives()
        .into_iter()
        .map(|(n, _)| n)
        .chain(core_consuming_natives().into_iter().map(|(n, _)| n));
    let dups: Vec<&str> = names.filter(|n| !seen.insert(*n)).collect();
    assert!(dups.is_empty(), "bound twice in clojure.core: {dups:?}");
}
