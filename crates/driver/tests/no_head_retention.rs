//! "Holding the head": walking a long lazy seq must not keep every realized
//! cell alive. A function handed the only reference to a seq (a closure, or
//! a native that consumes its arguments, or a primitive such as `count`
//! that does) releases each cell as it walks, so the peak number of live
//! objects stays small however long the seq is, as on the JVM with locals
//! clearing. The language tests cannot see memory; this measures the peak
//! of `heap::live_objects` while each expression runs.

use genera_driver::{Session, SessionOptions};
use genera_runtime::{heap, print};

/// Seq length: large enough that retaining the cells (two or three objects
/// per item) would blow far past `LIMIT`.
const N: i64 = 1_000_000;
/// Peak live objects allowed above the count before the run (compiling the
/// form, the result and the few cells in flight). Flat sets are one object
/// however long, so even the collections built here fit; a vector is a
/// trie with one node per 32 items, allowed for by `VECTOR_NODES`.
const LIMIT: i64 = 1_000;
/// The nodes of a vector of `N` items (leaves, and internal nodes above).
const VECTOR_NODES: i64 = N / 32 + N / 1024 + 2;

fn cases() -> Vec<(String, String)> {
    let n = N;
    let sum_inc = n * (n + 1) / 2;
    vec![
        (
            format!("(reduce + (map inc (range {n})))"),
            sum_inc.to_string(),
        ),
        (
            format!("(reduce + 0 (map inc (range {n})))"),
            sum_inc.to_string(),
        ),
        (
            format!("(count (filter odd? (map inc (range {n}))))"),
            (n / 2).to_string(),
        ),
        (format!("(count (map inc (range {n})))"), n.to_string()),
        (
            format!("(let [s (map inc (range {n}))] (count s))"),
            n.to_string(),
        ),
        (
            format!("(let [c count] (c (map inc (range {n}))))"),
            n.to_string(),
        ),
        (
            format!("(count (into [] (map inc (range {n}))))"),
            n.to_string(),
        ),
        (
            format!("(count (vec (map inc (range {n}))))"),
            n.to_string(),
        ),
        (
            format!("(nth (map inc (range {n})) {})", n - 1),
            n.to_string(),
        ),
        (
            format!("(let [f nth] (f (map inc (range {n})) {} :none))", n + 5),
            ":none".to_string(),
        ),
        // `+` is a native that takes its arguments as a slice, so apply
        // realizes them all, but the items are fixnums (no objects) and the
        // cells are released as they are realized.
        (
            format!("(apply + (map inc (range {n})))"),
            sum_inc.to_string(),
        ),
        (
            format!("(apply (fn [& xs] (reduce + xs)) (map inc (range {n})))"),
            sum_inc.to_string(),
        ),
        (format!("(last (map inc (range {n})))"), n.to_string()),
        (format!("(dorun (map inc (range {n})))"), "nil".to_string()),
        (
            format!(
                "(count (clojure.string/join \",\" (map inc (range {}))))",
                n / 10
            ),
            // digits of 1..n/10 plus the separators
            {
                let m = n / 10;
                let digits: i64 = (1..=m).map(|i| i.to_string().len() as i64).sum();
                (digits + m - 1).to_string()
            },
        ),
    ]
}

#[test]
fn walking_a_lazy_seq_does_not_hold_its_head() {
    // The interpreter wants a deep stack (the CLI gives it 1 GiB).
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .expect("spawn")
        .join()
        .expect("test thread");
}

fn run() {
    let mut session = Session::new(SessionOptions::default()).expect("session");
    let mut failures = Vec::new();
    for (src, expected) in cases() {
        heap::reset_peak_live_objects();
        let before = heap::live_objects();
        let leaked_before = heap::leaked_objects();
        let v = session
            .eval_source(&src, "no_head_retention.clj")
            .unwrap_or_else(|e| panic!("{src}: {e:?}"));
        let peak = heap::peak_live_objects() - before;
        let printed = print::pr_str(v);
        heap::drop(v);
        assert_eq!(printed, expected, "{src}");
        assert_eq!(
            heap::leaked_objects(),
            leaked_before,
            "{src}: objects left live after the run"
        );
        let builds_vector = src.contains("(into []") || src.contains("(vec ");
        let limit = LIMIT + if builds_vector { VECTOR_NODES } else { 0 };
        if peak >= limit {
            failures.push(format!("{src}: peak {peak} live objects"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
