//! The hash array mapped trie under hash maps and hash sets, after Clojure's
//! `PersistentHashMap` (Bagwell's HAMT as Rich Hickey adapted it).
//!
//! ```text
//! BitmapNode     header(scan=LARGE) | n | bitmap (fixnum) | k0 | v0 | k1 | v1 ...
//! ArrayNode      header(scan=LARGE) | n | count (fixnum) | child0 ... child31   (node or nil)
//! CollisionNode  header(scan=LARGE) | n | hash (fixnum)  | k0 | v0 | k1 | v1 ...
//! ```
//!
//! A pair whose key is `MARK_SUB` (`Value::NONE`) holds a child node in its
//! value slot, as Clojure's `null` key does; nil keys never reach the trie
//! (the root keeps them apart, like `PersistentHashMap.hasNull`). Set members
//! are stored with the value `SET_VAL` (`Value::NONE`), which no map value can
//! be, so a node seq knows whether to yield map entries or members.
//!
//! Every update takes its node owned: a unique node (`heap::is_unique`) is
//! edited in place, growing its block by `realloc` when it needs room; a
//! shared one is copied first (path copying). That uniqueness test is what
//! Clojure's transient edit token stands for: a node only the updater
//! reaches is the updater's to change.
//!
//! Updates are split in two: a borrowed lookup first (`node_find`, which
//! calls `=` and can throw for lazy seq keys), then the structural change
//! (`node_assoc`, `node_without`), which identifies the existing key by its
//! value word and so never calls `=` and cannot fail half way through.
//!
//! The shapes, thresholds and orders are Clojure's (a bitmap node of 16
//! entries becomes an array node; an array node of 8 children or fewer is
//! packed back; collision nodes keep insertion order), so iteration visits
//! the entries in exactly JVM Clojure's order.

use super::map::unique;
use super::*;

/// The key slot of a pair that holds a child node.
pub(crate) const MARK_SUB: Value = Value::NONE;
/// The value slot of a set member.
pub(crate) const SET_VAL: Value = Value::NONE;

#[inline(always)]
fn mask(hash: i32, shift: u32) -> usize {
    (((hash as u32) >> shift) & 31) as usize
}

#[inline(always)]
fn bitpos(hash: i32, shift: u32) -> u32 {
    1 << mask(hash, shift)
}

#[inline(always)]
fn bitmap(n: Value) -> u32 {
    large_field(n, 0).as_fixnum() as u32
}

#[inline(always)]
fn index(bitmap: u32, bit: u32) -> usize {
    (bitmap & (bit - 1)).count_ones() as usize
}

#[inline(always)]
fn pk(n: Value, i: usize) -> Value {
    large_field(n, 1 + 2 * i)
}

#[inline(always)]
fn pv(n: Value, i: usize) -> Value {
    large_field(n, 2 + 2 * i)
}

#[inline(always)]
fn pairs(n: Value) -> usize {
    (large_count(n) - 1) / 2
}

fn collision_hash(n: Value) -> i32 {
    large_field(n, 0).as_fixnum() as i32
}

/// The hash of a key already in the trie. It was hashed when it went in,
/// and hashing is deterministic (a lazy seq key was realized then and is
/// cached), so this cannot fail; a failure would only misplace the key.
fn rehash(k: Value) -> i32 {
    match equiv::hash(k) {
        Ok(h) => h,
        Err(e) => {
            debug_assert!(false, "rehashing a stored key failed");
            heap::drop(e.0);
            0
        }
    }
}

fn new_node(tag: Tag, head: Value, fields: &[Value]) -> Value {
    let n = alloc_large(tag, 1 + fields.len());
    set_large_field(n, 0, head);
    for (i, f) in fields.iter().enumerate() {
        set_large_field(n, 1 + i, *f);
    }
    set_large_count(n, 1 + fields.len());
    n
}

fn empty_bitmap_node() -> Value {
    new_node(Tag::BitmapNode, Value::fixnum(0), &[])
}

/// The fields of node `n` (owned; released) after its head word, owned:
/// moved out of a unique node, dup'd from a shared one.
fn take_fields(n: Value) -> Vec<Value> {
    let fs: Vec<Value> = large_fields(n)[1..].to_vec();
    if heap::is_unique(n) {
        set_large_count(n, 0);
    } else {
        for f in &fs {
            heap::dup(*f);
        }
    }
    heap::drop(n);
    fs
}

/// Removes pair `i` of a unique node, dropping its two values.
fn remove_pair(n: Value, i: usize) {
    let len = large_count(n);
    let (k, v) = (pk(n, i), pv(n, i));
    for j in (1 + 2 * i)..(len - 2) {
        set_large_field(n, j, large_field(n, j + 2));
    }
    set_large_count(n, len - 2);
    heap::drop(k);
    heap::drop(v);
}

/// Inserts pair (`k`, `v`) (owned) at pair index `i` of node `n` (owned).
fn insert_pair(n: Value, i: usize, k: Value, v: Value) -> Value {
    let n = large_unique_with_room(n, 2);
    let len = large_count(n);
    let mut j = len;
    while j > 1 + 2 * i {
        set_large_field(n, j + 1, large_field(n, j - 1));
        j -= 1;
    }
    set_large_field(n, 1 + 2 * i, k);
    set_large_field(n, 2 + 2 * i, v);
    set_large_count(n, len + 2);
    n
}

// ---------------------------------------------------------------------------
// Lookup

/// The stored key and value (borrowed) equal to `key` under `node`, which
/// sits at depth `shift`; `hash` is `key`'s hash.
pub(crate) fn node_find(
    mut node: Value,
    mut shift: u32,
    hash: i32,
    key: Value,
) -> Res<Option<(Value, Value)>> {
    loop {
        match tag_of(node) {
            Some(Tag::BitmapNode) => {
                let (bm, bit) = (bitmap(node), bitpos(hash, shift));
                if bm & bit == 0 {
                    return Ok(None);
                }
                let i = index(bm, bit);
                let k = pk(node, i);
                if k == MARK_SUB {
                    node = pv(node, i);
                    shift += 5;
                    continue;
                }
                return Ok(if key_eq(key, k)? {
                    Some((k, pv(node, i)))
                } else {
                    None
                });
            }
            Some(Tag::ArrayNode) => {
                let c = large_field(node, 1 + mask(hash, shift));
                if c.is_nil() {
                    return Ok(None);
                }
                node = c;
                shift += 5;
            }
            Some(Tag::CollisionNode) => {
                if collision_hash(node) != hash {
                    return Ok(None);
                }
                for i in 0..pairs(node) {
                    if key_eq(key, pk(node, i))? {
                        return Ok(Some((pk(node, i), pv(node, i))));
                    }
                }
                return Ok(None);
            }
            _ => return Ok(None),
        }
    }
}

// ---------------------------------------------------------------------------
// Insertion

/// `node.assoc(shift, hash, key, val)`: `node`, `key` and `val` owned.
/// `existing` is the stored key equal to `key` (from `node_find`), if any:
/// then only its value is replaced (Clojure keeps the old key).
pub(crate) fn node_assoc(
    node: Value,
    shift: u32,
    hash: i32,
    key: Value,
    val: Value,
    existing: Option<Value>,
) -> Value {
    match tag_of(node) {
        Some(Tag::ArrayNode) => array_assoc(node, shift, hash, key, val, existing),
        Some(Tag::CollisionNode) => collision_assoc(node, shift, hash, key, val, existing),
        _ => bitmap_assoc(node, shift, hash, key, val, existing),
    }
}

fn bitmap_assoc(
    node: Value,
    shift: u32,
    hash: i32,
    key: Value,
    val: Value,
    existing: Option<Value>,
) -> Value {
    let (bm, bit) = (bitmap(node), bitpos(hash, shift));
    let i = index(bm, bit);
    if bm & bit != 0 {
        let node = unique(node);
        let (k, v) = (pk(node, i), pv(node, i));
        if k == MARK_SUB {
            let c = node_assoc(v, shift + 5, hash, key, val, existing);
            set_large_field(node, 2 + 2 * i, c);
        } else if Some(k) == existing {
            set_large_field(node, 2 + 2 * i, val);
            heap::drop(v);
            heap::drop(key);
        } else {
            let sub = create_node(shift + 5, k, v, hash, key, val);
            set_large_field(node, 1 + 2 * i, MARK_SUB);
            set_large_field(node, 2 + 2 * i, sub);
        }
        return node;
    }
    if bm.count_ones() >= 16 {
        return bitmap_to_array(node, shift, hash, key, val);
    }
    let node = insert_pair(node, i, key, val);
    set_large_field(node, 0, Value::fixnum((bm | bit) as i64));
    node
}

/// A full bitmap node plus one more key becomes an array node (Clojure's
/// `BitmapIndexedNode.assoc` when `n >= 16`).
fn bitmap_to_array(node: Value, shift: u32, hash: i32, key: Value, val: Value) -> Value {
    let bm = bitmap(node);
    let fs = take_fields(node);
    let mut children = [Value::NIL; 32];
    children[mask(hash, shift)] =
        bitmap_assoc(empty_bitmap_node(), shift + 5, hash, key, val, None);
    let mut j = 0;
    for (i, child) in children.iter_mut().enumerate() {
        if (bm >> i) & 1 == 0 {
            continue;
        }
        let (k, v) = (fs[2 * j], fs[2 * j + 1]);
        j += 1;
        *child = if k == MARK_SUB {
            v
        } else {
            bitmap_assoc(empty_bitmap_node(), shift + 5, rehash(k), k, v, None)
        };
    }
    new_node(
        Tag::ArrayNode,
        Value::fixnum(bm.count_ones() as i64 + 1),
        &children,
    )
}

/// Two keys whose hashes agree down to `shift`: a collision node if the
/// whole hashes agree, else the smallest bitmap nodes that tell them apart.
fn create_node(shift: u32, k1: Value, v1: Value, h2: i32, k2: Value, v2: Value) -> Value {
    let h1 = rehash(k1);
    if h1 == h2 {
        return new_node(
            Tag::CollisionNode,
            Value::fixnum(h1 as i64),
            &[k1, v1, k2, v2],
        );
    }
    let n = bitmap_assoc(empty_bitmap_node(), shift, h1, k1, v1, None);
    bitmap_assoc(n, shift, h2, k2, v2, None)
}

fn array_assoc(
    node: Value,
    shift: u32,
    hash: i32,
    key: Value,
    val: Value,
    existing: Option<Value>,
) -> Value {
    let node = unique(node);
    let idx = 1 + mask(hash, shift);
    let c = large_field(node, idx);
    if c.is_nil() {
        let c = bitmap_assoc(empty_bitmap_node(), shift + 5, hash, key, val, None);
        set_large_field(node, idx, c);
        let n = large_field(node, 0).as_fixnum();
        set_large_field(node, 0, Value::fixnum(n + 1));
    } else {
        set_large_field(
            node,
            idx,
            node_assoc(c, shift + 5, hash, key, val, existing),
        );
    }
    node
}

fn collision_assoc(
    node: Value,
    shift: u32,
    hash: i32,
    key: Value,
    val: Value,
    existing: Option<Value>,
) -> Value {
    if collision_hash(node) != hash {
        // Nest the collision node in a bitmap node one level up.
        let b = new_node(
            Tag::BitmapNode,
            Value::fixnum(bitpos(collision_hash(node), shift) as i64),
            &[MARK_SUB, node],
        );
        return bitmap_assoc(b, shift, hash, key, val, existing);
    }
    if let Some(e) = existing {
        let node = unique(node);
        if let Some(i) = (0..pairs(node)).find(|i| pk(node, *i) == e) {
            let old = pv(node, i);
            set_large_field(node, 2 + 2 * i, val);
            heap::drop(old);
            heap::drop(key);
            return node;
        }
        debug_assert!(false, "existing key not in its collision node");
        heap::drop(key);
        heap::drop(val);
        return node;
    }
    let n = pairs(node);
    insert_pair(node, n, key, val)
}

// ---------------------------------------------------------------------------
// Removal

/// `node.without(shift, hash, key)` where `target` is the stored key (found
/// by `node_find`, so present). `node` owned; `None` when it becomes empty.
pub(crate) fn node_without(node: Value, shift: u32, hash: i32, target: Value) -> Option<Value> {
    match tag_of(node) {
        Some(Tag::ArrayNode) => array_without(node, shift, hash, target),
        Some(Tag::CollisionNode) => collision_without(node, target),
        _ => bitmap_without(node, shift, hash, target),
    }
}

fn bitmap_without(node: Value, shift: u32, hash: i32, target: Value) -> Option<Value> {
    let (bm, bit) = (bitmap(node), bitpos(hash, shift));
    if bm & bit == 0 {
        return Some(node);
    }
    let i = index(bm, bit);
    let node = unique(node);
    let (k, v) = (pk(node, i), pv(node, i));
    if k == MARK_SUB {
        match node_without(v, shift + 5, hash, target) {
            Some(c) => {
                set_large_field(node, 2 + 2 * i, c);
                return Some(node);
            }
            None => set_large_field(node, 2 + 2 * i, Value::NIL),
        }
    } else if k != target {
        return Some(node);
    }
    if bm == bit {
        heap::drop(node);
        return None;
    }
    remove_pair(node, i);
    set_large_field(node, 0, Value::fixnum((bm ^ bit) as i64));
    Some(node)
}

fn array_without(node: Value, shift: u32, hash: i32, target: Value) -> Option<Value> {
    let idx = 1 + mask(hash, shift);
    let c = large_field(node, idx);
    if c.is_nil() {
        return Some(node);
    }
    let node = unique(node);
    match node_without(c, shift + 5, hash, target) {
        Some(nc) => {
            set_large_field(node, idx, nc);
            Some(node)
        }
        None => {
            set_large_field(node, idx, Value::NIL);
            let n = large_field(node, 0).as_fixnum();
            if n <= 8 {
                return Some(pack(node));
            }
            set_large_field(node, 0, Value::fixnum(n - 1));
            Some(node)
        }
    }
}

/// An array node with few children becomes a bitmap node of child pairs
/// (Clojure's `ArrayNode.pack`).
fn pack(node: Value) -> Value {
    let fs = take_fields(node);
    let mut bm = 0u32;
    let mut out = Vec::new();
    for (i, c) in fs.iter().enumerate() {
        if !c.is_nil() {
            bm |= 1 << i;
            out.push(MARK_SUB);
            out.push(*c);
        }
    }
    new_node(Tag::BitmapNode, Value::fixnum(bm as i64), &out)
}

fn collision_without(node: Value, target: Value) -> Option<Value> {
    let Some(i) = (0..pairs(node)).find(|i| pk(node, *i) == target) else {
        return Some(node);
    };
    if pairs(node) == 1 {
        heap::drop(node);
        return None;
    }
    let node = unique(node);
    remove_pair(node, i);
    Some(node)
}

// ---------------------------------------------------------------------------
// Iteration

/// Slot `j` of a node: an entry (key, value), a child node, or nothing.
enum Slot {
    Entry(Value, Value),
    Child(Value),
    Empty,
}

fn slot_count(node: Value) -> usize {
    if has_tag(node, Tag::ArrayNode) {
        32
    } else {
        pairs(node)
    }
}

fn slot(node: Value, j: usize) -> Slot {
    if has_tag(node, Tag::ArrayNode) {
        let c = large_field(node, 1 + j);
        return if c.is_nil() {
            Slot::Empty
        } else {
            Slot::Child(c)
        };
    }
    let k = pk(node, j);
    if k == MARK_SUB {
        Slot::Child(pv(node, j))
    } else {
        Slot::Entry(k, pv(node, j))
    }
}

/// A walk over the entries under a node in Clojure's seq order, holding
/// borrowed nodes: the caller keeps the collection alive and unchanged.
pub struct NodeIter {
    stack: Vec<(Value, usize)>,
}

impl NodeIter {
    /// Starts at `root` (a node, or nil for none).
    pub fn new(root: Value) -> NodeIter {
        let mut stack = Vec::with_capacity(8);
        if !root.is_nil() {
            stack.push((root, 0));
        }
        NodeIter { stack }
    }
}

impl Iterator for NodeIter {
    /// Key and value, borrowed (`SET_VAL` for set members).
    type Item = (Value, Value);

    fn next(&mut self) -> Option<(Value, Value)> {
        loop {
            let (node, j) = self.stack.last_mut()?;
            if *j >= slot_count(*node) {
                self.stack.pop();
                continue;
            }
            let s = slot(*node, *j);
            *j += 1;
            match s {
                Slot::Entry(k, v) => return Some((k, v)),
                Slot::Child(c) => self.stack.push((c, 0)),
                Slot::Empty => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Node seqs: ArraySeq objects over a node, after Clojure's NodeSeq.
//
//   ArraySeq  header | node | slot (fixnum) | meta | sub (node seq or nil)
//
// With `sub` nil the seq's first is the entry in `slot`; otherwise it is
// the first of `sub` (a seq over the child node before `slot`).

/// A seq (owned) over the entries of `node` (borrowed) from slot `start`
/// on, after `sub` (owned, a node seq or nil); nil when there are none
/// (Clojure's `NodeSeq.create`).
pub(crate) fn node_seq(node: Value, start: usize, sub: Value) -> Value {
    if !sub.is_nil() {
        return node_seq_cell(node, start, sub);
    }
    for j in start..slot_count(node) {
        match slot(node, j) {
            Slot::Entry(..) => return node_seq_cell(node, j, Value::NIL),
            Slot::Child(c) => {
                let s = node_seq(c, 0, Value::NIL);
                if !s.is_nil() {
                    return node_seq_cell(node, j + 1, s);
                }
            }
            Slot::Empty => {}
        }
    }
    Value::NIL
}

fn node_seq_cell(node: Value, j: usize, sub: Value) -> Value {
    alloc_fields(
        Tag::ArraySeq,
        &[dupd(node), Value::fixnum(j as i64), Value::NIL, sub],
        0,
    )
}

/// True if `s` (an ArraySeq) walks a trie node.
pub fn is_node_seq(s: Value) -> bool {
    matches!(
        tag_of(field(s, 0)),
        Some(Tag::BitmapNode | Tag::ArrayNode | Tag::CollisionNode)
    )
}

/// The first item (owned) of a node seq: a map entry, or a set member.
pub fn node_seq_first(s: Value) -> Value {
    let sub = field(s, 3);
    if !sub.is_nil() {
        return node_seq_first(sub);
    }
    match slot(field(s, 0), field(s, 1).as_fixnum() as usize) {
        Slot::Entry(k, v) => entry_item(k, v),
        _ => Value::NIL,
    }
}

/// What a walk yields for an entry: a map entry, or a set's member.
pub(crate) fn entry_item(k: Value, v: Value) -> Value {
    if v == SET_VAL {
        dupd(k)
    } else {
        map_entry(dupd(k), dupd(v))
    }
}

/// The rest of a node seq (owned), or nil.
pub fn node_seq_next(s: Value) -> Value {
    let (node, j, sub) = (field(s, 0), field(s, 1).as_fixnum() as usize, field(s, 3));
    if sub.is_nil() {
        node_seq(node, j + 1, Value::NIL)
    } else {
        node_seq(node, j, node_seq_next(sub))
    }
}

/// The node seq (owned) of the entries `it` has not yielded yet.
pub fn node_iter_rest(it: &NodeIter) -> Value {
    let mut s = Value::NIL;
    for (node, j) in it.stack.iter().rev() {
        s = node_seq(*node, *j, s);
    }
    s
}
