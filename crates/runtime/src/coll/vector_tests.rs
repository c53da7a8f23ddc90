//! Tests of the vector trie: the in-place (unique) update paths, and
//! random operation sequences (conj, assoc, pop, subvec, transients; on
//! shared and unique vectors) against a `Vec` model.

use super::*;
use crate::string::{as_str, make_str};
use crate::test_util::check_leaks;
use proptest::prelude::*;

/// An item that is a heap object, so that item reference counts are checked.
fn item(x: i64) -> Value {
    make_str(&x.to_string())
}

fn items_of(v: Value) -> Vec<i64> {
    vector_iter(v)
        .map(|x| as_str(x).expect("string item").parse().expect("number"))
        .collect()
}

fn vector_of(model: &[i64]) -> Value {
    vector_from_iter(model.iter().map(|x| item(*x)))
}

#[test]
fn unique_vectors_update_in_place() {
    check_leaks(|| {
        let mut v = make_vector(&[]);
        let addr = v;
        for i in 0..5000 {
            let before = heap::live_objects();
            v = vector_push(v, Value::fixnum(i));
            assert_eq!(v, addr, "conj on a unique vector keeps its header");
            let grew = heap::live_objects() - before;
            // A new tail every 32 items, plus a path node or new root
            // every 1024.
            if (i + 1) % 32 == 1 && i > 0 {
                assert!((1..=3).contains(&grew), "{i}: {grew}");
            } else if i > 0 {
                assert_eq!(grew, 0, "{i}");
            }
        }
        for i in (0..5000).step_by(37) {
            let before = heap::live_objects();
            v = vector_set(v, i, Value::fixnum(-(i as i64)));
            assert_eq!(v, addr);
            assert_eq!(heap::live_objects(), before, "assoc {i} allocated");
        }
        for i in (0..5000usize).rev() {
            assert_eq!(
                vector_nth(v, i).as_fixnum(),
                if i % 37 == 0 { -(i as i64) } else { i as i64 }
            );
            let before = heap::live_objects();
            v = vector_pop(v);
            assert_eq!(v, addr);
            assert!(heap::live_objects() <= before, "pop {i} allocated");
        }
        assert_eq!(vector_len(v), 0);
        heap::drop(v);
    });
}

#[test]
fn vector_item_agrees_with_vector_get() {
    // Sizes around the tail-only limit (32) and a trie of depth two (> 1056).
    check_leaks(|| {
        for n in [0usize, 1, 2, 31, 32, 33, 64, 65, 1056, 1057, 2000] {
            let v = vector_from_iter((0..n as i64).map(Value::fixnum));
            for i in [
                -1i64,
                0,
                1,
                30,
                31,
                32,
                33,
                1023,
                1024,
                1056,
                1999,
                2000,
                i64::MIN,
            ] {
                assert_eq!(vector_item(v, i), vector_get(v, i), "n {n} i {i}");
            }
            for i in 0..n as i64 {
                assert_eq!(vector_item(v, i).map(|x| x.as_fixnum()), Some(i));
            }
            heap::drop(v);
        }
    });
}

#[test]
fn shared_vectors_copy_only_the_path() {
    check_leaks(|| {
        let v = vector_from_iter((0..2000).map(Value::fixnum));
        heap::dup(v);
        let before = heap::live_objects();
        let w = vector_set(v, 5, Value::fixnum(-1));
        assert_ne!(w, v);
        // header + root + internal node + leaf (2000 items: shift 10)
        assert_eq!(heap::live_objects() - before, 4);
        assert_eq!(vector_nth(v, 5).as_fixnum(), 5);
        assert_eq!(vector_nth(w, 5).as_fixnum(), -1);
        // w is unique now, and so are its copied nodes: no more copies.
        let before = heap::live_objects();
        let w2 = vector_set(w, 6, Value::fixnum(-2));
        assert_eq!(w2, w);
        assert_eq!(heap::live_objects(), before);
        heap::drop(v);
        heap::drop(w2);
    });
}

#[test]
fn transient_takes_a_unique_vector_over() {
    check_leaks(|| {
        let v = vector_from_iter((0..100).map(Value::fixnum));
        let t = transient_vector(v);
        assert_eq!(transient_inner(t).unwrap(), v);
        for i in 0..1000 {
            transient_vector_conj(t, Value::fixnum(i)).unwrap();
        }
        let p = transient_vector_persistent(t).unwrap();
        assert_eq!(p, v);
        assert_eq!(vector_len(p), 1100);
        let e = transient_vector_conj(t, Value::NIL).unwrap_err();
        assert!(error::exception_is(e.0, "IllegalAccessError"));
        heap::drop(e.0);
        heap::drop(t);
        heap::drop(p);
    });
}

#[derive(Clone, Debug)]
enum Op {
    /// conj this many items
    Conj(usize),
    /// assoc at (fraction of count + 1), so count itself is hit too
    Assoc(u16),
    /// pop this many times (at most the count)
    Pop(usize),
    /// keep a reference (and the model) to check it never changes
    Share,
    /// replace by (subvec v a b), a and b fractions of the count
    Subvec(u16, u16),
    /// transient, then these ops (conj! n, assoc! frac, pop! n), persistent!
    Transient(Vec<(u8, u16)>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => prop_oneof![1usize..4, 30usize..40, 1000usize..1100].prop_map(Op::Conj),
        3 => any::<u16>().prop_map(Op::Assoc),
        2 => prop_oneof![1usize..4, 30usize..40, 1000usize..1100].prop_map(Op::Pop),
        2 => Just(Op::Share),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Op::Subvec(a, b)),
        1 => proptest::collection::vec((0u8..3, any::<u16>()), 0..8).prop_map(Op::Transient),
    ]
}

fn frac(f: u16, n: usize) -> usize {
    (f as usize * (n + 1)) / (u16::MAX as usize + 1)
}

/// Runs one transient op on `t` and the model.
fn transient_op(t: Value, model: &mut Vec<i64>, kind: u8, f: u16, next: &mut i64) {
    match kind {
        0 => {
            for _ in 0..(f % 40) {
                let x = item(*next);
                transient_vector_conj(t, x).unwrap();
                heap::drop(x);
                model.push(*next);
                *next += 1;
            }
        }
        1 => {
            let i = frac(f, model.len());
            let x = item(*next);
            transient_vector_assoc(t, Value::fixnum(i as i64), x).unwrap();
            heap::drop(x);
            if i == model.len() {
                model.push(*next);
            } else {
                model[i] = *next;
            }
            *next += 1;
        }
        _ => {
            for _ in 0..(f as usize % 40).min(model.len()) {
                transient_vector_pop(t).unwrap();
                model.pop();
            }
        }
    }
}

fn apply(v: Value, model: &mut Vec<i64>, op: &Op, next: &mut i64) -> Value {
    match op {
        Op::Conj(n) => {
            let mut v = v;
            for _ in 0..*n {
                let x = item(*next);
                v = conj(v, x).unwrap();
                heap::drop(x);
                model.push(*next);
                *next += 1;
            }
            v
        }
        Op::Assoc(f) => {
            let i = frac(*f, model.len());
            let x = item(*next);
            let v = assoc(v, Value::fixnum(i as i64), x).unwrap();
            heap::drop(x);
            if i == model.len() {
                model.push(*next);
            } else {
                model[i] = *next;
            }
            *next += 1;
            v
        }
        Op::Pop(n) => {
            let mut v = v;
            for _ in 0..(*n).min(model.len()) {
                v = pop(v).unwrap();
                model.pop();
            }
            v
        }
        Op::Share => unreachable!("handled by the caller"),
        Op::Subvec(a, b) => {
            let (a, b) = (frac(*a, model.len()), frac(*b, model.len()));
            let (a, b) = (a.min(b), a.max(b));
            let s = subvec(v, a as i64, b as i64).unwrap();
            heap::drop(v);
            *model = model[a..b].to_vec();
            s
        }
        Op::Transient(ops) => {
            // A sub-vector has no transient: make it a vector first.
            let v = if has_tag(v, Tag::SubVector) {
                let w = vector_of(model);
                heap::drop(v);
                w
            } else {
                v
            };
            let t = transient_vector(v);
            for (kind, f) in ops {
                transient_op(t, model, *kind, *f, next);
            }
            let p = transient_vector_persistent(t).unwrap();
            heap::drop(t);
            p
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn vector_ops_match_a_vec_model(ops in proptest::collection::vec(op(), 0..40)) {
        check_leaks(|| {
            let mut v = make_vector(&[]);
            let mut model: Vec<i64> = Vec::new();
            let mut kept = Vec::new();
            let mut next = 0;
            for op in &ops {
                if let Op::Share = op {
                    kept.push((dupd(v), model.clone()));
                    continue;
                }
                v = apply(v, &mut model, op, &mut next);
                assert_eq!(vector_len(v), model.len());
                assert_eq!(items_of(v), model);
                for i in [0, model.len() / 2, model.len().saturating_sub(1)] {
                    if i < model.len() {
                        let x = as_str(vector_nth(v, i)).unwrap().parse::<i64>().unwrap();
                        assert_eq!(x, model[i]);
                    }
                }
            }
            for (snap, m) in kept {
                assert_eq!(items_of(snap), m);
                heap::drop(snap);
            }
            heap::drop(v);
        });
    }
}
