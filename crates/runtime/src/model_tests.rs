//! Cross-cutting tests: lazy seqs driven by real closures (through a test
//! closure invoker), and property tests of the persistent collections
//! against simple Rust models.

use crate::callable::{self, closure_capture, closure_capture_count, closure_code, code_payload};
use crate::coll::{self, dupd};
use crate::test_util::{check_leaks, pr};
use crate::value::Value;
use crate::{error, heap, ns, seq, Res};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// A closure body for tests: gets the captures and the arguments.
struct TestFn(fn(&[Value], &[Value]) -> Res);

fn test_invoker(f: Value, args: &[Value]) -> Res {
    let code = closure_code(f);
    let body = code_payload::<TestFn>(code).expect("test closures only");
    let caps: Vec<Value> = (0..closure_capture_count(f))
        .map(|i| closure_capture(f, i))
        .collect();
    (body.0)(&caps, args)
}

fn closure(body: fn(&[Value], &[Value]) -> Res, captures: &[Value]) -> Value {
    callable::set_closure_invoker(test_invoker);
    let code = callable::make_code(Value::NIL, Box::new(TestFn(body)));
    callable::make_closure(code, captures)
}

/// `(fn step [n] (lazy-seq (cons n (step (inc n)))))`: the lazy body.
fn naturals_body(caps: &[Value], _args: &[Value]) -> Res {
    let n = caps[0];
    let next = crate::num::inc(n)?;
    let tail = naturals_from(next);
    heap::drop(next);
    Ok(coll::cons(dupd(n), tail))
}

fn naturals_from(n: Value) -> Value {
    seq::make_lazy_seq(closure(naturals_body, &[dupd(n)]))
}

#[test]
fn infinite_lazy_seq_is_realized_on_demand() {
    check_leaks(|| {
        let s = naturals_from(Value::fixnum(0));
        assert!(!seq::is_realized(s));
        let x = coll::nth(s, Value::fixnum(10)).unwrap();
        assert_eq!(x, Value::fixnum(10));
        let taken = crate::seq::seq_nth(s, 3).unwrap().unwrap();
        assert_eq!(taken, Value::fixnum(3));
        assert!(seq::is_realized(s));
        heap::drop(s);
    });
}

#[test]
fn long_realized_lazy_seq_frees_iteratively() {
    check_leaks(|| {
        let s = naturals_from(Value::fixnum(0));
        let x = crate::seq::seq_nth(s, 300_000).unwrap().unwrap();
        assert_eq!(x, Value::fixnum(300_000));
        heap::drop(s);
    });
}

/// A lazy seq whose body needs its own value: `(def s (lazy-seq (first s)))`.
fn self_body(caps: &[Value], _args: &[Value]) -> Res {
    let s = ns::var_get(caps[0])?;
    let r = seq::first(s);
    heap::drop(s);
    r
}

#[test]
fn self_dependent_lazy_seq_throws() {
    check_leaks(|| {
        let var = ns::intern("test.lazy", "s");
        let s = seq::make_lazy_seq(closure(self_body, &[var]));
        ns::var_set_root(var, dupd(s));
        let e = seq::seq(s).unwrap_err();
        assert!(error::exception_is(e.0, "IllegalStateException"));
        assert!(error::exception_message(e.0)
            .unwrap()
            .contains("realized recursively"));
        heap::drop(e.0);
        ns::var_set_root(var, Value::UNBOUND);
        heap::drop(s);
    });
}

#[test]
fn lazy_seqs_compare_and_print() {
    check_leaks(|| {
        let s = naturals_from(Value::fixnum(0));
        let r =
            crate::seq::make_range(Value::fixnum(0), Value::fixnum(5), Value::fixnum(1)).unwrap();
        // Not equal: one is infinite, but = stops at the first difference
        // in length only after walking the finite one.
        let v = coll::make_vector(&[Value::fixnum(0), Value::fixnum(1)]);
        assert!(!crate::equiv::equiv(v, r).unwrap());
        assert!(!crate::equiv::equiv(r, s).unwrap());
        let first5 = crate::seq::to_vec(r).unwrap();
        let fv = coll::make_vector(&first5);
        assert_eq!(pr(fv), "[0 1 2 3 4]");
        for x in [s, r, v, fv] {
            heap::drop(x);
        }
    });
}

fn swap_body(_caps: &[Value], args: &[Value]) -> Res {
    coll::conj(dupd(args[0]), args[1])
}

#[test]
fn swap_with_a_closure_updates_in_place() {
    check_leaks(|| {
        let a = crate::atom::make_atom(coll::make_vector(&[]));
        let f = closure(swap_body, &[]);
        for i in 0..100 {
            let r = crate::atom::swap(a, f, &[Value::fixnum(i)]).unwrap();
            heap::drop(r);
        }
        let v = crate::atom::deref(a).unwrap();
        assert_eq!(coll::vector_len(v), 100);
        heap::drop(v);
        heap::drop(f);
        heap::drop(a);
    });
}

// ---------------------------------------------------------------------------
// Property tests against models

#[derive(Debug, Clone)]
enum VecOp {
    Conj(i64),
    Assoc(usize, i64),
    Pop,
    Share,
}

fn vec_op() -> impl Strategy<Value = VecOp> {
    prop_oneof![
        (-50i64..50).prop_map(VecOp::Conj),
        (0usize..40, -50i64..50).prop_map(|(i, x)| VecOp::Assoc(i, x)),
        Just(VecOp::Pop),
        Just(VecOp::Share),
    ]
}

#[derive(Debug, Clone)]
enum MapOp {
    Assoc(i64, i64),
    Dissoc(i64),
    Share,
}

fn map_op() -> impl Strategy<Value = MapOp> {
    prop_oneof![
        (0i64..20, -50i64..50).prop_map(|(k, v)| MapOp::Assoc(k, v)),
        (0i64..20).prop_map(MapOp::Dissoc),
        Just(MapOp::Share),
    ]
}

proptest! {
    #[test]
    fn vector_matches_model(ops in proptest::collection::vec(vec_op(), 0..120)) {
        check_leaks(|| {
            let mut v = coll::make_vector(&[]);
            let mut model: Vec<i64> = Vec::new();
            let mut kept = Vec::new();
            for op in &ops {
                match op {
                    VecOp::Conj(x) => {
                        v = coll::conj(v, Value::fixnum(*x)).unwrap();
                        model.push(*x);
                    }
                    VecOp::Assoc(i, x) => {
                        let r = coll::assoc(v, crate::num::long(*i as i64), Value::fixnum(*x));
                        if *i <= model.len() {
                            v = r.unwrap();
                            if *i == model.len() { model.push(*x) } else { model[*i] = *x }
                        } else {
                            let e = r.unwrap_err();
                            heap::drop(e.0);
                            v = coll::make_vector(&model.iter().map(|x| Value::fixnum(*x)).collect::<Vec<_>>());
                        }
                    }
                    VecOp::Pop => {
                        if model.is_empty() {
                            continue;
                        }
                        v = coll::pop(v).unwrap();
                        model.pop();
                    }
                    VecOp::Share => kept.push((dupd(v), model.clone())),
                }
                let items: Vec<i64> = coll::vector_items(v).iter().map(|x| x.as_fixnum()).collect();
                assert_eq!(&items, &model);
            }
            // Snapshots taken along the way were never changed.
            for (snap, m) in kept {
                let items: Vec<i64> = coll::vector_items(snap).iter().map(|x| x.as_fixnum()).collect();
                assert_eq!(items, m);
                heap::drop(snap);
            }
            heap::drop(v);
        });
    }

    #[test]
    fn map_matches_model(ops in proptest::collection::vec(map_op(), 0..120)) {
        check_leaks(|| {
            let mut m = coll::empty_map();
            let mut model: BTreeMap<i64, i64> = BTreeMap::new();
            let mut kept = Vec::new();
            for op in &ops {
                match op {
                    MapOp::Assoc(k, x) => {
                        m = coll::assoc(m, Value::fixnum(*k), Value::fixnum(*x)).unwrap();
                        model.insert(*k, *x);
                    }
                    MapOp::Dissoc(k) => {
                        m = coll::dissoc(m, Value::fixnum(*k)).unwrap();
                        model.remove(k);
                    }
                    MapOp::Share => kept.push((dupd(m), model.clone())),
                }
                assert_eq!(coll::map_count(m), model.len());
                for (k, x) in &model {
                    let got = coll::get(m, Value::fixnum(*k)).unwrap();
                    assert_eq!(got, Value::fixnum(*x));
                }
            }
            for (snap, md) in kept {
                let mut got: BTreeMap<i64, i64> = BTreeMap::new();
                for kv in coll::map_kvs(snap).chunks(2) {
                    got.insert(kv[0].as_fixnum(), kv[1].as_fixnum());
                }
                assert_eq!(got, md);
                heap::drop(snap);
            }
            heap::drop(m);
        });
    }

    #[test]
    fn set_matches_model(ops in proptest::collection::vec((any::<bool>(), 0i64..30), 0..120)) {
        check_leaks(|| {
            let mut s = coll::empty_set();
            let mut model = std::collections::BTreeSet::new();
            for (add, x) in &ops {
                if *add {
                    s = coll::conj(s, Value::fixnum(*x)).unwrap();
                    model.insert(*x);
                } else {
                    s = coll::disj(s, Value::fixnum(*x)).unwrap();
                    model.remove(x);
                }
                assert_eq!(coll::set_count(s), model.len());
                for x in 0..30 {
                    assert_eq!(coll::contains(s, Value::fixnum(x)).unwrap(), model.contains(&x));
                }
            }
            heap::drop(s);
        });
    }
}
