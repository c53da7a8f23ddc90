//! Property tests of maps and sets (array and hash shapes, transients)
//! against `std` models, with shared snapshots and keys whose hashes
//! collide, and unit tests of the in-place (unique) update paths.

use super::*;
use crate::test_util::{check_leaks, pr};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

/// Key `i` of the test key space (owned): longs spread over the trie, and
/// strings made of "Aa"/"BB", which all have the same hash in each length.
fn key(i: usize) -> Value {
    if i < 40 {
        Value::fixnum(i as i64 * 7919 - 100)
    } else {
        let j = i - 40;
        let s: String = (0..3)
            .map(|b| if (j >> b) & 1 == 0 { "Aa" } else { "BB" })
            .collect();
        string::make_str(&s)
    }
}

const KEYS: usize = 48;

#[derive(Clone, Debug)]
enum Op {
    Assoc(usize, i64),
    Dissoc(usize),
    /// Keep a reference to the current map (it must not change after).
    Share,
    /// The same, through a transient.
    TAssoc(usize, i64),
    TDissoc(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..KEYS, -50i64..50).prop_map(|(k, v)| Op::Assoc(k, v)),
        2 => (0..KEYS).prop_map(Op::Dissoc),
        1 => Just(Op::Share),
        2 => (0..KEYS, -50i64..50).prop_map(|(k, v)| Op::TAssoc(k, v)),
        1 => (0..KEYS).prop_map(Op::TDissoc),
    ]
}

/// Checks map `m` (borrowed) against `model`: count, every lookup, the
/// entries a walk yields, and `=`/`hash` with a map built in another order.
fn check_map(m: Value, model: &HashMap<usize, i64>) {
    assert_eq!(map_count(m), model.len());
    for i in 0..KEYS {
        let k = key(i);
        let got = map_lookup(m, k).unwrap();
        assert_eq!(got, model.get(&i).map(|v| Value::fixnum(*v)), "key {i}");
        heap::drop(k);
    }
    let mut seen = HashMap::new();
    for (k, v) in map_entries(m) {
        let i = (0..KEYS)
            .find(|i| {
                let c = key(*i);
                let eq = equiv::equiv(c, k).unwrap();
                heap::drop(c);
                eq
            })
            .expect("a key of the key space");
        assert!(seen.insert(i, v.as_fixnum()).is_none(), "key {i} twice");
    }
    assert_eq!(&seen, model);
    let mut sorted: Vec<_> = model.iter().collect();
    sorted.sort();
    sorted.reverse();
    let mut other = empty_map();
    for (i, v) in sorted {
        other = map_assoc(other, key(*i), Value::fixnum(*v)).unwrap();
    }
    assert!(equiv::equiv(m, other).unwrap());
    assert_eq!(equiv::hash(m).unwrap(), equiv::hash(other).unwrap());
    heap::drop(other);
}

fn transient_do(m: Value, f: impl FnOnce(Value)) -> Value {
    let t = transient_map(m);
    heap::drop(m);
    f(t);
    let r = transient_map_persistent(t).unwrap();
    heap::drop(t);
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn maps_match_model(ops in proptest::collection::vec(op(), 0..160)) {
        check_leaks(|| {
            let mut m = empty_map();
            let mut model: HashMap<usize, i64> = HashMap::new();
            let mut kept: Vec<(Value, HashMap<usize, i64>)> = Vec::new();
            for op in &ops {
                match op {
                    Op::Assoc(k, v) => {
                        m = map_assoc(m, key(*k), Value::fixnum(*v)).unwrap();
                        model.insert(*k, *v);
                    }
                    Op::Dissoc(k) => {
                        let kv = key(*k);
                        m = map_dissoc(m, kv).unwrap();
                        heap::drop(kv);
                        model.remove(k);
                    }
                    Op::Share => kept.push((dupd(m), model.clone())),
                    Op::TAssoc(k, v) => {
                        m = transient_do(m, |t| {
                            transient_map_assoc(t, key(*k), Value::fixnum(*v)).unwrap()
                        });
                        model.insert(*k, *v);
                    }
                    Op::TDissoc(k) => {
                        let kv = key(*k);
                        m = transient_do(m, |t| transient_map_dissoc(t, kv).unwrap());
                        heap::drop(kv);
                        model.remove(k);
                    }
                }
                check_map(m, &model);
            }
            for (snap, md) in kept {
                check_map(snap, &md);
                heap::drop(snap);
            }
            heap::drop(m);
        });
    }

    #[test]
    fn sets_match_model(ops in proptest::collection::vec(op(), 0..160)) {
        check_leaks(|| {
            let mut s = empty_set();
            let mut model: HashSet<usize> = HashSet::new();
            let mut kept: Vec<(Value, HashSet<usize>)> = Vec::new();
            for op in &ops {
                match op {
                    Op::Assoc(k, _) | Op::TAssoc(k, _) => {
                        if matches!(op, Op::TAssoc(..)) {
                            let t = transient_set(s);
                            heap::drop(s);
                            transient_set_conj(t, key(*k)).unwrap();
                            s = transient_set_persistent(t).unwrap();
                            heap::drop(t);
                        } else {
                            s = set_conj(s, key(*k)).unwrap();
                        }
                        model.insert(*k);
                    }
                    Op::Dissoc(k) | Op::TDissoc(k) => {
                        let kv = key(*k);
                        s = set_disj(s, kv).unwrap();
                        heap::drop(kv);
                        model.remove(k);
                    }
                    Op::Share => kept.push((dupd(s), model.clone())),
                }
                assert_eq!(set_count(s), model.len());
                assert_eq!(set_members(s).len(), model.len());
                for i in 0..KEYS {
                    let k = key(i);
                    assert_eq!(set_contains(s, k).unwrap(), model.contains(&i));
                    heap::drop(k);
                }
            }
            for (snap, md) in kept {
                assert_eq!(set_count(snap), md.len());
                for i in 0..KEYS {
                    let k = key(i);
                    assert_eq!(set_contains(snap, k).unwrap(), md.contains(&i));
                    heap::drop(k);
                }
                heap::drop(snap);
            }
            heap::drop(s);
        });
    }
}

#[test]
fn unique_hash_maps_update_in_place() {
    check_leaks(|| {
        let mut m = empty_hash_map();
        for i in 0..2000 {
            m = map_assoc(m, Value::fixnum(i), Value::fixnum(i)).unwrap();
        }
        // Replacing a value in a unique map allocates nothing and keeps
        // the root where it is.
        let (root, live) = (m, heap::live_objects());
        m = map_assoc(m, Value::fixnum(7), Value::fixnum(-7)).unwrap();
        assert_eq!(m, root);
        assert_eq!(heap::live_objects(), live);
        // Removing from a unique map frees nothing but what it removes.
        m = map_dissoc(m, Value::fixnum(8)).unwrap();
        assert_eq!(m, root);
        assert!(heap::live_objects() <= live);
        // A shared map is path-copied: the original keeps its value.
        heap::dup(m);
        let m2 = map_assoc(m, Value::fixnum(7), Value::fixnum(70)).unwrap();
        assert_ne!(m2, m);
        assert_eq!(
            map_lookup(m, Value::fixnum(7)).unwrap(),
            Some(Value::fixnum(-7))
        );
        assert_eq!(
            map_lookup(m2, Value::fixnum(7)).unwrap(),
            Some(Value::fixnum(70))
        );
        heap::drop(m);
        heap::drop(m2);
    });
}

#[test]
fn array_maps_promote_past_eight() {
    check_leaks(|| {
        let mut m = empty_map();
        for i in 0..8 {
            m = map_assoc(m, Value::fixnum(i), Value::NIL).unwrap();
            assert!(!is_hash_map(m));
        }
        m = map_assoc(m, Value::fixnum(8), Value::NIL).unwrap();
        assert!(is_hash_map(m));
        for i in 0..9 {
            m = map_dissoc(m, Value::fixnum(i)).unwrap();
        }
        assert!(is_hash_map(m), "a hash map never demotes");
        assert_eq!(pr(m), "{}");
        heap::drop(m);
    });
}

#[test]
fn transients_die_at_persistent() {
    check_leaks(|| {
        let m = empty_map();
        let t = transient_map(m);
        let p = transient_map_persistent(t).unwrap();
        let e = transient_map_assoc(t, Value::fixnum(1), Value::fixnum(2)).unwrap_err();
        assert_eq!(
            error::exception_message(e.0).unwrap(),
            "Transient used after persistent! call"
        );
        heap::drop(e.0);
        heap::drop(t);
        heap::drop(p);
        heap::drop(m);
    });
}

#[test]
fn seq_iter_rest_continues_where_the_walk_stopped() {
    check_leaks(|| {
        let mut m = empty_hash_map();
        m = map_assoc(m, Value::NIL, Value::fixnum(-1)).unwrap();
        for i in 0..300 {
            m = map_assoc(m, Value::fixnum(i), Value::fixnum(i)).unwrap();
        }
        for stop in [0usize, 1, 2, 17, 150, 300, 301] {
            let mut it = seq::SeqIter::new(m).unwrap();
            let mut items = Vec::new();
            for _ in 0..stop {
                items.push(it.next_item().unwrap().unwrap());
            }
            let rest = it.into_rest();
            let mut it2 = seq::SeqIter::new_owned(rest).unwrap();
            while let Some(x) = it2.next_item().unwrap() {
                items.push(x);
            }
            let l = list_from(&items);
            let printed = pr(l);
            heap::drop(l);
            let seq_printed = {
                let s = seq::seq(m).unwrap();
                let p = pr(s);
                heap::drop(s);
                p
            };
            assert_eq!(printed, seq_printed, "stopping after {stop}");
        }
        heap::drop(m);
    });
}
