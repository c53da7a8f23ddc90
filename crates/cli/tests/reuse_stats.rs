//! Drop-reuse fires where the Perceus papers say it should: `genera run
//! --stats` reports the reuse hits of a map over a unique list (each cons
//! cell rebuilt in place) and of a red-black tree insert (each node on the
//! path rebuilt in place). Each program runs at two sizes and the test
//! compares the hit counts, so the fixed hits of loading the core library
//! cancel out: with reuse broken the difference is zero.

use std::path::PathBuf;
use std::process::Command;

fn program(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/programs2")
        .join(name)
}

/// Runs `genera --check-leaks --stats run FILE N`; returns the reuse
/// counters (attempts, tokens, hits) it prints.
fn reuse_counts(name: &str, n: u32) -> (u64, u64, u64) {
    let out = Command::new(env!("CARGO_BIN_EXE_genera"))
        .args(["--check-leaks", "--stats", "run"])
        .arg(program(name))
        .arg(n.to_string())
        .output()
        .expect("run genera");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name} {n} failed:\n{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("genera: reuse attempts "))
        .unwrap_or_else(|| panic!("no reuse line in:\n{stderr}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("number"))
        .collect();
    assert_eq!(nums.len(), 3, "{line}");
    (nums[0], nums[1], nums[2])
}

#[test]
fn map_over_a_unique_list_reuses_every_cell() {
    let (_, _, small) = reuse_counts("reuse_map.clj", 1000);
    let (_, _, large) = reuse_counts("reuse_map.clj", 2000);
    // Two maps over 1000 more cells: each rebuilds every cell in place.
    assert!(
        large - small >= 2000,
        "reuse hits {small} at 1000 cells, {large} at 2000"
    );
}

#[test]
fn red_black_tree_insert_reuses_the_nodes_on_its_path() {
    let (_, _, small) = reuse_counts("reuse_rbtree.clj", 1000);
    let (_, _, large) = reuse_counts("reuse_rbtree.clj", 2000);
    // 1000 more inserts, each rebuilding the nodes on its path and in its
    // rotations (measured: 23 reuses per insert at this size, every token
    // taken); at least 15 per insert must reuse.
    assert!(
        large - small >= 15000,
        "reuse hits {small} at 1000 keys, {large} at 2000"
    );
}

#[test]
fn stats_report_tokens_between_attempts_and_hits() {
    let (attempts, tokens, hits) = reuse_counts("reuse_rbtree.clj", 100);
    assert!(attempts >= tokens && tokens >= hits && hits > 0);
    // In the map, every token finds its allocation.
    let (_, tokens, hits) = reuse_counts("reuse_map.clj", 100);
    assert_eq!(tokens, hits);
}

#[test]
fn record_tree_insert_reuses_the_records_on_its_path() {
    let (_, _, small) = reuse_counts("reuse_rbtree_records.clj", 1000);
    let (_, _, large) = reuse_counts("reuse_rbtree_records.clj", 2000);
    // The same tree with defrecord nodes: `(->Node ...)` expands inline to
    // an allocation, and a node whose fields were read with keywords is
    // rebuilt in its own memory (measured: about 10 reuses per insert).
    assert!(
        large - small >= 6000,
        "reuse hits {small} at 1000 inserts, {large} at 2000"
    );
}
