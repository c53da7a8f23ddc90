//! Vectors, after Clojure's PersistentVector: a 32-way trie of nodes with a
//! tail, sub-vectors (APersistentVector$SubVector) and transient vectors
//! (TransientVector).
//!
//! ```text
//! Vector          header(scan=5) | count | shift | root | tail | meta
//!                 count, shift: fixnums; root: VectorNode or nil (no tree
//!                 while count <= 32); tail: VectorNode or nil (empty)
//! VectorNode      header(scan=n) | child0 .. child(n-1)     n <= 32
//!                 an internal node's children are nodes, a leaf's are items;
//!                 the memory block may have room for more (in-place growth)
//! SubVector       header(scan=4) | vector | start | end | meta
//! TransientVector header(scan=1) | vector (nil after persistent!)
//! ```
//!
//! Every field is a scanned value field (`scan` of a node is its number of
//! children), so freeing and inspection stay generic.
//!
//! The Perceus property: every updating function takes the vector owned,
//! and updates the header and each node on the path in place when it is
//! unique (`heap::is_unique`); only shared objects are copied (path
//! copying). So `conj`/`assoc`/`pop` on an unshared vector allocate nothing
//! but a new tail or path node every 32 items. A transient is a mutable cell
//! holding a vector that only it references: its bang operations are the
//! same in-place updates, where Clojure's need an `edit` owner on each node
//! (the reference count tells us who owns a node).

use super::*;
use crate::object::set_field;

const BITS: u32 = 5;
const WIDTH: usize = 32;
const MASK: usize = WIDTH - 1;

const F_CNT: usize = 0;
const F_SHIFT: usize = 1;
const F_ROOT: usize = 2;
const F_TAIL: usize = 3;
/// The meta field of a Vector.
pub(crate) const VECTOR_META: usize = 4;
const VECTOR_FIELDS: usize = 5;

const SV_VEC: usize = 0;
const SV_START: usize = 1;
const SV_END: usize = 2;
/// The meta field of a SubVector.
pub(crate) const SUBVECTOR_META: usize = 3;

// ---------------------------------------------------------------------------
// Nodes

/// The number of children of node `n`.
#[inline(always)]
fn node_len(n: Value) -> usize {
    // SAFETY: n is a live VectorNode; its `scan` is its child count.
    unsafe { (*n.header()).scan as usize }
}

#[inline(always)]
fn set_node_len(n: Value, len: usize) {
    debug_assert!(len <= WIDTH);
    // SAFETY: n is a live VectorNode the caller owns uniquely (or is
    // building); children 0..len are initialised values.
    unsafe { (*n.header()).scan = len as u8 }
}

/// How many children fit in `n`'s memory block.
fn node_cap(n: Value) -> usize {
    ((heap::usable_size(n) - HEADER_SIZE) / 8).min(WIDTH)
}

/// A new empty node with room for `cap` children.
fn alloc_node(cap: usize) -> Value {
    Value::from_header(heap::alloc(HEADER_SIZE + 8 * cap, Tag::VectorNode, 0))
}

/// Appends `x` (owned) to a node the caller owns that has room.
#[inline(always)]
fn node_push(n: Value, x: Value) {
    let len = node_len(n);
    set_field(n, len, x);
    set_node_len(n, len + 1);
}

/// A capacity for a node that must hold `need` children and may grow.
fn grow_cap(need: usize) -> usize {
    (need * 2).clamp(4, WIDTH).max(need)
}

/// `n` (owned) as a node the caller may update, with room for `extra` more
/// children: `n` itself when unique (grown by realloc if needed), else a
/// copy sharing its children (dup'd), `n` released.
fn node_unique(n: Value, extra: usize) -> Value {
    let len = node_len(n);
    let need = len + extra;
    if heap::is_unique(n) {
        if node_cap(n) >= need {
            return n;
        }
        return heap::realloc(n, HEADER_SIZE + 8 * grow_cap(need));
    }
    let c = alloc_node(if extra == 0 { len } else { grow_cap(need) });
    for i in 0..len {
        set_field(c, i, dupd(field(n, i)));
    }
    set_node_len(c, len);
    heap::drop(n);
    c
}

/// A node holding `items` (owned).
fn node_of(items: &[Value]) -> Value {
    let n = alloc_node(items.len());
    for (i, x) in items.iter().enumerate() {
        set_field(n, i, *x);
    }
    set_node_len(n, items.len());
    n
}

// ---------------------------------------------------------------------------
// The header

#[inline(always)]
fn vcnt(v: Value) -> usize {
    field(v, F_CNT).as_fixnum() as usize
}

#[inline(always)]
fn vshift(v: Value) -> u32 {
    field(v, F_SHIFT).as_fixnum() as u32
}

/// The index of the first item in the tail.
#[inline(always)]
fn tailoff(cnt: usize) -> usize {
    if cnt < WIDTH {
        0
    } else {
        ((cnt - 1) >> BITS) << BITS
    }
}

/// Bytes of a Vector header, for drop-reuse. A literal `[a b c]` reuses a
/// dead object for its header; its items go to a separate tail node.
pub const fn alloc_size_vector(_n: usize) -> usize {
    HEADER_SIZE + 8 * VECTOR_FIELDS
}

fn alloc_vector(token: Value, cnt: usize, shift: u32, root: Value, tail: Value) -> Value {
    alloc_fields_reusing(
        token,
        Tag::Vector,
        &[
            Value::fixnum(cnt as i64),
            Value::fixnum(shift as i64),
            root,
            tail,
            Value::NIL,
        ],
        0,
    )
}

/// `v` (owned Vector) as a header the caller may update: `v` when unique,
/// else a copy sharing root, tail and meta.
fn vector_unique(v: Value) -> Value {
    if heap::is_unique(v) {
        return v;
    }
    let c = alloc_vector(
        Value::NONE,
        vcnt(v),
        vshift(v),
        dupd(field(v, F_ROOT)),
        dupd(field(v, F_TAIL)),
    );
    set_field(c, VECTOR_META, dupd(field(v, VECTOR_META)));
    heap::drop(v);
    c
}

// ---------------------------------------------------------------------------
// Construction

/// A vector of `items` (each owned).
pub fn make_vector(items: &[Value]) -> Value {
    make_vector_reusing(Value::NONE, items)
}

/// A vector of `items` (each owned), its header in `token`'s memory (a reuse
/// token or `Value::NONE`).
pub fn make_vector_reusing(token: Value, items: &[Value]) -> Value {
    if items.len() <= WIDTH {
        let tail = if items.is_empty() {
            Value::NIL
        } else {
            node_of(items)
        };
        return alloc_vector(token, items.len(), BITS, Value::NIL, tail);
    }
    let mut v = alloc_vector(token, 0, BITS, Value::NIL, Value::NIL);
    for x in items {
        v = vector_push(v, *x);
    }
    v
}

/// A vector of `items` (owned).
pub fn vector_from_vec(items: Vec<Value>) -> Value {
    make_vector(&items)
}

/// A vector of the items `it` yields (each owned).
pub fn vector_from_iter(it: impl IntoIterator<Item = Value>) -> Value {
    let mut v = make_vector(&[]);
    for x in it {
        v = vector_push(v, x);
    }
    v
}

/// An empty vector (the capacity hint is not needed by the trie, which
/// grows a node at a time).
pub fn vector_with_capacity(_cap: usize) -> Value {
    make_vector(&[])
}

// ---------------------------------------------------------------------------
// Reading

/// `vector?`: a Vector or a SubVector.
pub fn is_vector(v: Value) -> bool {
    matches!(tag_of(v), Some(Tag::Vector | Tag::SubVector))
}

/// Vectors, sub-vectors and map entries: what indexes like a vector.
pub fn is_vector_like(v: Value) -> bool {
    matches!(
        tag_of(v),
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry)
    )
}

/// The count of a Vector, SubVector or MapEntry.
#[inline]
pub fn vector_len(v: Value) -> usize {
    match tag_of(v) {
        Some(Tag::Vector) => vcnt(v),
        Some(Tag::SubVector) => sv_end(v) - sv_start(v),
        Some(Tag::MapEntry) => 2,
        _ => 0,
    }
}

/// The leaf (or tail) node holding index `i < count` of Vector `v`.
#[inline]
fn leaf_for(v: Value, i: usize) -> Value {
    if i >= tailoff(vcnt(v)) {
        return field(v, F_TAIL);
    }
    let mut node = field(v, F_ROOT);
    let mut level = vshift(v);
    while level > 0 {
        node = field(node, (i >> level) & MASK);
        level -= BITS;
    }
    node
}

/// Item `i` (borrowed) of a Vector, SubVector or MapEntry; `i` must be
/// below `vector_len`. O(log32 n).
#[inline]
pub fn vector_nth(v: Value, i: usize) -> Value {
    match tag_of(v) {
        Some(Tag::Vector) => field(leaf_for(v, i), i & MASK),
        Some(Tag::SubVector) => vector_nth(field(v, SV_VEC), sv_start(v) + i),
        _ => field(v, i),
    }
}

/// The index of the first item of `v` (a `Tag::Vector`) that is the very
/// object `x` (identity, not equality): a record's basis keys. A vector of
/// up to 32 items is scanned in its tail node in place.
pub fn vector_position_identical(v: Value, x: Value) -> Option<usize> {
    let cnt = vcnt(v);
    if cnt <= WIDTH {
        let tail = field(v, F_TAIL);
        return (0..cnt).find(|&i| field(tail, i) == x);
    }
    (0..cnt).find(|&i| vector_nth(v, i) == x)
}

/// Item `i` (borrowed) of `v`, which must be a `Tag::Vector` (not a
/// SubVector or MapEntry), when in range; `None` otherwise. The VM's inline
/// path for `(v i)`, `nth` and `get`: small enough to inline across crates,
/// with the tail (every item of a vector of up to 32) read in place and only
/// the trie walk out of line.
#[inline(always)]
pub fn vector_item(v: Value, i: i64) -> Option<Value> {
    debug_assert_eq!(tag_of(v), Some(Tag::Vector));
    let cnt = vcnt(v);
    if i < 0 || i as usize >= cnt {
        return None;
    }
    let i = i as usize;
    if i >= tailoff(cnt) {
        Some(field(field(v, F_TAIL), i & MASK))
    } else {
        Some(vector_trie_item(v, i))
    }
}

/// Item `i < tailoff` of Vector `v`, from its trie (`vector_item`'s cold half).
#[inline(never)]
fn vector_trie_item(v: Value, i: usize) -> Value {
    field(leaf_for(v, i), i & MASK)
}

/// Item `i` (borrowed) when in range.
pub fn vector_get(v: Value, i: i64) -> Option<Value> {
    if i >= 0 && (i as usize) < vector_len(v) {
        Some(vector_nth(v, i as usize))
    } else {
        None
    }
}

/// The items of a Vector, SubVector or MapEntry in order, borrowed (valid
/// while the caller holds `v` unchanged). Walks a leaf at a time.
pub struct VectorIter {
    base: Value,
    leaf: Value,
    i: usize,
    end: usize,
}

impl Iterator for VectorIter {
    type Item = Value;

    #[inline]
    fn next(&mut self) -> Option<Value> {
        if self.i >= self.end {
            return None;
        }
        if !has_tag(self.base, Tag::Vector) {
            self.i += 1;
            return Some(field(self.base, self.i - 1));
        }
        if self.leaf.is_nil() || self.i & MASK == 0 {
            self.leaf = leaf_for(self.base, self.i);
        }
        let x = field(self.leaf, self.i & MASK);
        self.i += 1;
        Some(x)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.i;
        (n, Some(n))
    }
}

impl ExactSizeIterator for VectorIter {}

/// Iterates the items of `v` (borrowed) from index `from`.
pub fn vector_iter_from(v: Value, from: usize) -> VectorIter {
    let (base, start, end) = match tag_of(v) {
        Some(Tag::SubVector) => (field(v, SV_VEC), sv_start(v), sv_end(v)),
        _ => (v, 0, vector_len(v)),
    };
    VectorIter {
        base,
        leaf: Value::NIL,
        i: (start + from).min(end),
        end,
    }
}

/// Iterates the items of `v` (borrowed).
pub fn vector_iter(v: Value) -> VectorIter {
    vector_iter_from(v, 0)
}

/// The items of a Vector, SubVector or MapEntry, borrowed, collected (O(n);
/// use `vector_nth`/`vector_iter` on hot paths).
pub fn vector_items(v: Value) -> Vec<Value> {
    vector_iter(v).collect()
}

/// The last item (borrowed), if any.
pub fn vector_peek(v: Value) -> Option<Value> {
    match vector_len(v) {
        0 => None,
        n => Some(vector_nth(v, n - 1)),
    }
}

// ---------------------------------------------------------------------------
// Updating (all consume the vector; in place when unique)

/// `(conj v x)`: Vector `v` and `x` owned. In place when `v` (and its tail
/// and, every 32 items, the path to the tail's slot) are unique.
#[inline]
pub fn vector_push(v: Value, x: Value) -> Value {
    // The common case, a unique vector whose unique tail has room: one
    // store and two count updates.
    if heap::is_unique(v) {
        let tail = field(v, F_TAIL);
        if tail.is_ptr() && heap::is_unique(tail) {
            let len = node_len(tail);
            if len < WIDTH && len < node_cap(tail) {
                set_field(tail, len, x);
                set_node_len(tail, len + 1);
                set_field(v, F_CNT, Value::fixnum(vcnt(v) as i64 + 1));
                return v;
            }
        }
    }
    vector_push_slow(v, x)
}

/// `vector_push` when the tail must be copied, grown or pushed into the tree.
fn vector_push_slow(v: Value, x: Value) -> Value {
    let v = vector_unique(v);
    let cnt = vcnt(v);
    let tail = field(v, F_TAIL);
    if cnt - tailoff(cnt) < WIDTH {
        let t = if tail.is_nil() {
            alloc_node(4)
        } else {
            node_unique(tail, 1)
        };
        node_push(t, x);
        set_field(v, F_TAIL, t);
    } else {
        let shift = vshift(v);
        let root = field(v, F_ROOT);
        if (cnt >> BITS) > (1 << shift) {
            let r = alloc_node(WIDTH);
            node_push(r, root);
            node_push(r, new_path(shift, tail));
            set_field(v, F_ROOT, r);
            set_field(v, F_SHIFT, Value::fixnum((shift + BITS) as i64));
        } else {
            set_field(v, F_ROOT, push_tail(cnt, shift, root, tail));
        }
        let t = alloc_node(WIDTH);
        node_push(t, x);
        set_field(v, F_TAIL, t);
    }
    set_field(v, F_CNT, Value::fixnum(cnt as i64 + 1));
    v
}

/// A chain of single-child nodes `level` deep ending in `node` (owned).
fn new_path(level: u32, node: Value) -> Value {
    if level == 0 {
        return node;
    }
    let n = alloc_node(WIDTH);
    node_push(n, new_path(level - BITS, node));
    n
}

/// Puts the full tail `tailnode` (owned) into the tree under `parent`
/// (owned; nil for an empty tree) at `level`, for a vector of `cnt` items.
fn push_tail(cnt: usize, level: u32, parent: Value, tailnode: Value) -> Value {
    let subidx = ((cnt - 1) >> level) & MASK;
    let p = if parent.is_nil() {
        alloc_node(WIDTH)
    } else {
        node_unique(parent, 1)
    };
    if level == BITS {
        node_push(p, tailnode);
    } else if subidx < node_len(p) {
        // p is unique: take its reference to the child over, put back the result.
        let child = push_tail(cnt, level - BITS, field(p, subidx), tailnode);
        set_field(p, subidx, child);
    } else {
        node_push(p, new_path(level - BITS, tailnode));
    }
    p
}

/// `(assoc v i x)` for `i < count`: Vector `v` and `x` owned.
pub fn vector_set(v: Value, i: usize, x: Value) -> Value {
    let v = vector_unique(v);
    if i >= tailoff(vcnt(v)) {
        let t = node_unique(field(v, F_TAIL), 0);
        replace_field(t, i & MASK, x);
        set_field(v, F_TAIL, t);
    } else {
        let root = assoc_in_node(vshift(v), field(v, F_ROOT), i, x);
        set_field(v, F_ROOT, root);
    }
    v
}

fn assoc_in_node(level: u32, node: Value, i: usize, x: Value) -> Value {
    let n = node_unique(node, 0);
    if level == 0 {
        replace_field(n, i & MASK, x);
    } else {
        let sub = (i >> level) & MASK;
        let child = assoc_in_node(level - BITS, field(n, sub), i, x);
        set_field(n, sub, child);
    }
    n
}

/// `(pop v)` for a non-empty Vector (owned).
pub fn vector_pop(v: Value) -> Value {
    let v = vector_unique(v);
    let cnt = vcnt(v);
    let tail = field(v, F_TAIL);
    if cnt == 1 || cnt - tailoff(cnt) > 1 {
        let t = node_unique(tail, 0);
        let len = node_len(t);
        let last = field(t, len - 1);
        set_node_len(t, len - 1);
        heap::drop(last);
        set_field(v, F_TAIL, t);
    } else {
        heap::drop(tail);
        let shift = vshift(v);
        let (mut root, leaf) = pop_tail(cnt, shift, field(v, F_ROOT));
        let mut shift = shift;
        if shift > BITS && !root.is_nil() && node_len(root) == 1 {
            let child = dupd(field(root, 0));
            heap::drop(root);
            root = child;
            shift -= BITS;
        }
        set_field(v, F_ROOT, root);
        set_field(v, F_TAIL, leaf);
        set_field(v, F_SHIFT, Value::fixnum(shift as i64));
    }
    set_field(v, F_CNT, Value::fixnum(cnt as i64 - 1));
    v
}

/// Removes the last leaf from the tree `node` (owned) at `level` of a
/// vector of `cnt` items: the remaining tree (nil when empty) and the leaf
/// (both owned).
fn pop_tail(cnt: usize, level: u32, node: Value) -> (Value, Value) {
    let subidx = ((cnt - 2) >> level) & MASK;
    let n = node_unique(node, 0);
    let (child, leaf) = if level > BITS {
        pop_tail(cnt, level - BITS, field(n, subidx))
    } else {
        (Value::NIL, field(n, subidx))
    };
    if child.is_nil() {
        // The last child went away; n's reference to it was taken over.
        set_node_len(n, subidx);
        if subidx == 0 {
            heap::drop(n);
            return (Value::NIL, leaf);
        }
    } else {
        set_field(n, subidx, child);
    }
    (n, leaf)
}

// ---------------------------------------------------------------------------
// Sub-vectors

#[inline(always)]
fn sv_start(v: Value) -> usize {
    field(v, SV_START).as_fixnum() as usize
}

#[inline(always)]
fn sv_end(v: Value) -> usize {
    field(v, SV_END).as_fixnum() as usize
}

/// `(subvec v start end)` of a Vector or SubVector (borrowed): an O(1)
/// view, after Clojure's APersistentVector$SubVector (a sub-vector of a
/// sub-vector views the underlying vector). IndexOutOfBoundsException when
/// not `0 <= start <= end <= count`.
pub fn make_subvec(v: Value, start: i64, end: i64) -> Res {
    let len = vector_len(v) as i64;
    if start < 0 || end < start || end > len {
        return Err(error::index_out_of_bounds(&format!(
            "subvec [{start}, {end}) out of bounds for length {len}"
        )));
    }
    let (base, off) = if has_tag(v, Tag::SubVector) {
        (field(v, SV_VEC), sv_start(v) as i64)
    } else {
        (v, 0)
    };
    Ok(alloc_fields(
        Tag::SubVector,
        &[
            dupd(base),
            Value::fixnum(off + start),
            Value::fixnum(off + end),
            Value::NIL,
        ],
        0,
    ))
}

/// A SubVector `sv` (owned) as one the caller may update: itself when
/// unique, else a copy sharing the vector and meta.
fn subvec_unique(sv: Value) -> Value {
    if heap::is_unique(sv) {
        return sv;
    }
    let c = alloc_fields(
        Tag::SubVector,
        &[
            dupd(field(sv, SV_VEC)),
            field(sv, SV_START),
            field(sv, SV_END),
            dupd(field(sv, SUBVECTOR_META)),
        ],
        0,
    );
    heap::drop(sv);
    c
}

/// `(conj sv x)` on a SubVector: sets (or appends) the underlying vector's
/// item at `end`, as Clojure does. `sv` and `x` owned; in place when unique.
pub fn subvec_push(sv: Value, x: Value) -> Value {
    let sv = subvec_unique(sv);
    let end = sv_end(sv);
    let base = field(sv, SV_VEC);
    let base = if end == vcnt(base) {
        vector_push(base, x)
    } else {
        vector_set(base, end, x)
    };
    set_field(sv, SV_VEC, base);
    set_field(sv, SV_END, Value::fixnum(end as i64 + 1));
    sv
}

/// `(assoc sv i x)` for `i < count` on a SubVector; `sv` and `x` owned.
pub fn subvec_set(sv: Value, i: usize, x: Value) -> Value {
    let sv = subvec_unique(sv);
    let base = vector_set(field(sv, SV_VEC), sv_start(sv) + i, x);
    set_field(sv, SV_VEC, base);
    sv
}

/// `(pop sv)` on a non-empty SubVector (owned): `[]` when it had one item.
pub fn subvec_pop(sv: Value) -> Value {
    if vector_len(sv) == 1 {
        heap::drop(sv);
        return make_vector(&[]);
    }
    let sv = subvec_unique(sv);
    set_field(sv, SV_END, Value::fixnum(sv_end(sv) as i64 - 1));
    sv
}

// ---------------------------------------------------------------------------
// Generic vector updates (Vector or SubVector, owned)

/// `conj` on a Vector or SubVector; `v` and `x` owned.
pub fn vec_conj(v: Value, x: Value) -> Value {
    if has_tag(v, Tag::SubVector) {
        subvec_push(v, x)
    } else {
        vector_push(v, x)
    }
}

/// `assoc` at index `i` on a Vector or SubVector (both owned, `x` too):
/// `i == count` appends; IndexOutOfBoundsException beyond.
pub fn vec_assoc(v: Value, i: i64, x: Value) -> Res {
    let len = vector_len(v);
    if i >= 0 && (i as usize) < len {
        Ok(if has_tag(v, Tag::SubVector) {
            subvec_set(v, i as usize, x)
        } else {
            vector_set(v, i as usize, x)
        })
    } else if i >= 0 && i as usize == len {
        Ok(vec_conj(v, x))
    } else {
        heap::drop(v);
        heap::drop(x);
        Err(error::index_out_of_bounds(&format!(
            "Index {i} out of bounds for length {len}"
        )))
    }
}

/// `pop` on a Vector or SubVector (owned): IllegalStateException "Can't pop
/// empty vector" when empty.
pub fn vec_pop(v: Value) -> Res {
    if vector_len(v) == 0 {
        heap::drop(v);
        return Err(error::illegal_state("Can't pop empty vector"));
    }
    Ok(if has_tag(v, Tag::SubVector) {
        subvec_pop(v)
    } else {
        vector_pop(v)
    })
}

/// `(rseq v)`: the items of a Vector or SubVector (borrowed) last to
/// first, as a seq of Cons cells (a seq, not a list, like Clojure's
/// APersistentVector$RSeq); nil when empty. Built eagerly, in O(n).
pub fn vector_rseq(v: Value) -> Value {
    let mut s = Value::NIL;
    for x in vector_iter(v) {
        s = cons(dupd(x), s);
    }
    s
}

// ---------------------------------------------------------------------------
// Transient vectors

const TV_VEC: usize = 0;

/// `(transient v)` of a Vector (owned): a TransientVector holding a vector
/// only it references (`v`'s own header when `v` is unique, taken over
/// without copying).
pub fn transient_vector(v: Value) -> Value {
    let v = vector_unique(v);
    // A transient has no meta; the persistent vector it makes has none either.
    replace_field(v, VECTOR_META, Value::NIL);
    alloc_fields(Tag::TransientVector, &[v], 0)
}

pub fn is_transient_vector(v: Value) -> bool {
    has_tag(v, Tag::TransientVector)
}

/// The vector inside transient `t` (borrowed), or IllegalAccessError
/// "Transient used after persistent! call".
pub fn transient_inner(t: Value) -> Res {
    let v = field(t, TV_VEC);
    if v.is_nil() {
        return Err(error::throw(
            "IllegalAccessError",
            "Transient used after persistent! call",
        ));
    }
    Ok(v)
}

/// Runs `f` on the vector inside transient `t` (borrowed), owned by `f`
/// for the duration, which returns the updated vector.
fn transient_update(t: Value, f: impl FnOnce(Value) -> Res) -> Res<()> {
    let v = transient_inner(t)?;
    set_field(t, TV_VEC, Value::NIL);
    match f(v) {
        Ok(v) => {
            set_field(t, TV_VEC, v);
            Ok(())
        }
        Err(e) => {
            // `f` consumed the vector; an empty one keeps the transient
            // usable. (Not reached today: the callers check their index
            // and count before updating.)
            set_field(t, TV_VEC, make_vector(&[]));
            Err(e)
        }
    }
}

/// `(conj! t x)`: `t` and `x` borrowed; updates `t`.
pub fn transient_vector_conj(t: Value, x: Value) -> Res<()> {
    transient_update(t, |v| Ok(vector_push(v, dupd(x))))
}

/// `(assoc! t i x)`: `t`, `i`, `x` borrowed; updates `t`.
pub fn transient_vector_assoc(t: Value, i: Value, x: Value) -> Res<()> {
    let Some(i) = num::as_long(i) else {
        transient_inner(t)?;
        return Err(error::illegal_arg("Key must be integer"));
    };
    let len = vector_len(transient_inner(t)?);
    if i < 0 || i as usize > len {
        return Err(error::index_out_of_bounds(&format!(
            "Index {i} out of bounds for length {len}"
        )));
    }
    transient_update(t, |v| vec_assoc(v, i, dupd(x)))
}

/// `(pop! t)`: IllegalStateException "Can't pop empty vector" when empty.
pub fn transient_vector_pop(t: Value) -> Res<()> {
    if vector_len(transient_inner(t)?) == 0 {
        return Err(error::illegal_state("Can't pop empty vector"));
    }
    transient_update(t, vec_pop)
}

/// `(persistent! t)`: the vector (owned); `t` can no longer be used.
pub fn transient_vector_persistent(t: Value) -> Res {
    let v = transient_inner(t)?;
    set_field(t, TV_VEC, Value::NIL);
    Ok(v)
}

#[cfg(test)]
#[path = "vector_tests.rs"]
mod tests;
