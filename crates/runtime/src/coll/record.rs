//! User-defined types: `defrecord`, `deftype` and `reify` instances, their
//! type descriptors, and the map behaviour of records (after Clojure's
//! `defrecord`, which implements `IPersistentMap` over fixed fields plus an
//! extension map `__extmap`).
//!
//! ```text
//! TypeDesc  header | name (symbol user.R) | kind (:record :type :reify) | fields (vector of symbols)
//!                  | methods (map: qualified method keyword -> fn) | printer (fn or nil)
//!                  | keys (vector of the fields' keywords, for lookups by identity)
//! Record    header | desc | field 0 .. field n-1 | ext (map or nil) | meta
//! Deftype   header | desc | field 0 .. field n-1
//! Reify     header | desc | methods (map: qualified method keyword -> fn) | meta
//! ```
//!
//! Every field is a scanned value field, so drop, reuse and inspection stay
//! generic. A descriptor is an ordinary counted object: the var named after
//! the type holds it (`R` in `(defrecord R [a b])`), as does every instance.
//! Its methods and printer fields are set after creation (the methods'
//! bodies may construct instances of the type itself), which bumps the
//! protocol dispatch epoch so that no cache keeps a stale answer.

use super::*;

/// Field indexes of a type descriptor.
pub const DESC_NAME: usize = 0;
pub const DESC_KIND: usize = 1;
pub const DESC_FIELDS: usize = 2;
pub const DESC_METHODS: usize = 3;
pub const DESC_PRINTER: usize = 4;
pub const DESC_KEYS: usize = 5;

/// Most fields a record or type may have (the header's `scan` is a byte).
pub const MAX_FIELDS: usize = 250;

/// A new type descriptor: `name` (a symbol), `kind` (a keyword) and
/// `fields` (a vector of symbols) owned. Methods and printer start nil.
pub fn make_desc(name: Value, kind: Value, fields: Value) -> Value {
    let keys: Vec<Value> = vector_items(fields)
        .into_iter()
        .map(|f| string::keyword(None, string::name_parts(f).1))
        .collect();
    let keys = make_vector(&keys);
    alloc_fields(
        Tag::TypeDesc,
        &[name, kind, fields, Value::NIL, Value::NIL, keys],
        0,
    )
}

pub fn is_desc(v: Value) -> bool {
    has_tag(v, Tag::TypeDesc)
}

/// True for record, deftype and reify instances.
pub fn is_instance(v: Value) -> bool {
    matches!(tag_of(v), Some(Tag::Record | Tag::Deftype | Tag::Reify))
}

pub fn is_record(v: Value) -> bool {
    has_tag(v, Tag::Record)
}

/// The descriptor of an instance (borrowed).
pub fn desc_of(v: Value) -> Value {
    field(v, 0)
}

/// The name of a descriptor (`user.R`).
pub fn desc_name(desc: Value) -> String {
    string::full_name(field(desc, DESC_NAME))
}

/// The number of basis fields of a descriptor.
pub fn desc_field_count(desc: Value) -> usize {
    vector_len(field(desc, DESC_FIELDS))
}

/// Basis field name `i` of a descriptor (a borrowed symbol).
pub fn desc_field(desc: Value, i: usize) -> Value {
    vector_nth(field(desc, DESC_FIELDS), i)
}

/// The basis field names of a descriptor (borrowed symbols).
pub fn desc_fields(desc: Value) -> Vec<Value> {
    vector_items(field(desc, DESC_FIELDS))
}

/// Replaces a descriptor's field `i` (`DESC_METHODS`, `DESC_PRINTER`) with
/// `x` (owned).
pub fn set_desc_field(desc: Value, i: usize, x: Value) {
    replace_field(desc, i, x);
}

/// The class name of an instance (`user.R`).
pub fn type_name(v: Value) -> String {
    desc_name(desc_of(v))
}

/// The number of basis fields of a record or deftype instance.
fn nfields(v: Value) -> usize {
    desc_field_count(desc_of(v))
}

/// Field `i` (0-based, after the desc) of an instance (borrowed).
pub fn instance_field(v: Value, i: usize) -> Value {
    field(v, 1 + i)
}

/// Sets field `i` of a deftype instance (its mutable fields): `x` owned.
pub fn set_instance_field(v: Value, i: usize, x: Value) {
    replace_field(v, 1 + i, x);
}

/// A new record of type `desc` (borrowed) with basis values `vals` and
/// extension map `ext` (or nil), all owned. The meta starts nil.
pub fn make_record(desc: Value, vals: &[Value], ext: Value) -> Value {
    let mut fields = Vec::with_capacity(vals.len() + 3);
    fields.push(dupd(desc));
    fields.extend_from_slice(vals);
    fields.push(ext);
    fields.push(Value::NIL);
    alloc_fields(Tag::Record, &fields, 0)
}

/// The bytes an instance with `n` fields needs: a record's (the larger of
/// the two layouts), so one reuse token serves `(%new T ...)` of either.
pub const fn alloc_size_instance(n: usize) -> usize {
    crate::object::HEADER_SIZE + 8 * (n + 3)
}

/// `(%new desc vals...)`, `(T. ...)` and `(->T ...)`: a record or deftype
/// instance of `desc` (borrowed) with `vals` (owned, consumed also on
/// error), in the memory of `token` when it is one (a reuse token of at
/// least `alloc_size_instance(vals.len())` bytes, or `Value::NONE`).
/// Throws ClassCastException when `desc` is not a type, and
/// IllegalArgumentException when the count is wrong or the type is a reify.
pub fn make_instance_reusing(token: Value, desc: Value, vals: &[Value]) -> Res {
    let fail = |e| {
        for v in vals {
            heap::drop(*v);
        }
        heap::free_reuse(token);
        Err(e)
    };
    if !is_desc(desc) {
        return fail(cast_error(desc, "java.lang.Class"));
    }
    let want = desc_field_count(desc);
    if vals.len() != want {
        return fail(error::illegal_arg(&format!(
            "No matching ctor found for class {} (it takes {want} arguments, got {})",
            desc_name(desc),
            vals.len()
        )));
    }
    let tag = match string::name_parts(field(desc, DESC_KIND)).1 {
        "record" => Tag::Record,
        "type" => Tag::Deftype,
        _ => {
            return fail(error::illegal_arg(&format!(
                "Can't construct an instance of {}",
                desc_name(desc)
            )))
        }
    };
    let mut fields = Vec::with_capacity(vals.len() + 3);
    fields.push(dupd(desc));
    fields.extend_from_slice(vals);
    if tag == Tag::Record {
        // The extension map and the meta start nil.
        fields.extend([Value::NIL, Value::NIL]);
    }
    Ok(crate::object::alloc_fields_reusing(token, tag, &fields, 0))
}

/// A new deftype instance of `desc` (borrowed) with `vals` (owned).
pub fn make_deftype(desc: Value, vals: &[Value]) -> Value {
    let mut fields = Vec::with_capacity(vals.len() + 1);
    fields.push(dupd(desc));
    fields.extend_from_slice(vals);
    alloc_fields(Tag::Deftype, &fields, 0)
}

/// A new reify instance of `desc` (borrowed) with its methods map (owned).
pub fn make_reify(desc: Value, methods: Value) -> Value {
    alloc_fields(Tag::Reify, &[dupd(desc), methods, Value::NIL], 0)
}

/// The inline methods an instance implements (borrowed map or nil): the
/// descriptor's for records and types, the instance's own for `reify`.
pub fn inline_methods(v: Value) -> Value {
    match tag_of(v) {
        Some(Tag::Reify) => field(v, 1),
        Some(Tag::Record | Tag::Deftype) => field(desc_of(v), DESC_METHODS),
        _ => Value::NIL,
    }
}

/// Calls the method `method` of interface `iface` (`"clojure.lang.IDeref"`,
/// `"deref"`) that the type of instance `v` (borrowed) defines, with `v`
/// and `args` (borrowed); `None` when `v` is not an instance or its type
/// does not define it. This is how clojure.core's functions reach the
/// interfaces a `deftype`/`reify` implements (`core_types.clj`'s
/// `%interfaces`); the result is owned.
pub fn call_interface(v: Value, iface: &str, method: &str, args: &[Value]) -> Option<Res> {
    let methods = inline_methods(v);
    if !crate::coll::is_map(methods) {
        return None;
    }
    let key = crate::string::keyword(Some(iface), method);
    let f = match crate::coll::map_lookup(methods, key) {
        Ok(Some(f)) => f,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(v);
    all.extend_from_slice(args);
    Some(crate::callable::invoke(f, &all))
}

/// The index of the meta field of a record or reify.
pub fn meta_index(v: Value) -> Option<usize> {
    match tag_of(v)? {
        Tag::Record => Some(nfields(v) + 2),
        Tag::Reify => Some(2),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Records as maps

/// The extension map of a record (borrowed; nil or a map).
pub fn record_ext(r: Value) -> Value {
    field(r, 1 + nfields(r))
}

/// The basis index of key `k` in record `r`: basis keys are the keywords of
/// the field names.
/// The basis field index of keyword `k` in record `r` (both borrowed).
pub fn basis_index(r: Value, k: Value) -> Option<usize> {
    if !string::is_keyword(k) {
        return None;
    }
    // Keywords are interned: a basis key is the very keyword object.
    vector_position_identical(field(desc_of(r), DESC_KEYS), k)
}

/// The keyword of basis field `i` (owned; keywords are immortal).
fn basis_key(r: Value, i: usize) -> Value {
    vector_nth(field(desc_of(r), DESC_KEYS), i)
}

/// The value at `k` (borrowed), if present.
pub fn record_lookup(r: Value, k: Value) -> Res<Option<Value>> {
    if let Some(i) = basis_index(r, k) {
        return Ok(Some(instance_field(r, i)));
    }
    let ext = record_ext(r);
    if ext.is_nil() {
        return Ok(None);
    }
    map_lookup(ext, k)
}

/// `(count r)`: basis fields plus extension entries.
pub fn record_count(r: Value) -> usize {
    let ext = record_ext(r);
    nfields(r) + if ext.is_nil() { 0 } else { map_count(ext) }
}

/// A copy of record `r` (borrowed) whose fields are shared (dup'd).
fn copy_record(r: Value) -> Value {
    let n = nfields(r) + 3;
    let fields: Vec<Value> = (0..n).map(|i| dupd(field(r, i))).collect();
    alloc_fields(Tag::Record, &fields, 0)
}

/// `r` itself if unique, else a copy (`r` owned).
fn unique_record(r: Value) -> Value {
    if heap::is_unique(r) {
        r
    } else {
        let c = copy_record(r);
        heap::drop(r);
        c
    }
}

/// `(assoc r k v)`: `r` owned, `k` and `v` borrowed. A basis key gives a
/// record with that field replaced; any other key goes to the extension map.
pub fn record_assoc(r: Value, k: Value, v: Value) -> Res {
    if let Some(i) = basis_index(r, k) {
        let r = unique_record(r);
        replace_field(r, 1 + i, dupd(v));
        return Ok(r);
    }
    let ext_i = 1 + nfields(r);
    let ext = field(r, ext_i);
    let new_ext = if ext.is_nil() {
        make_map(&[dupd(k), dupd(v)])
    } else {
        map_assoc(dupd(ext), dupd(k), dupd(v))
    };
    let new_ext = match new_ext {
        Ok(m) => m,
        Err(e) => {
            heap::drop(r);
            return Err(e);
        }
    };
    let r = unique_record(r);
    replace_field(r, ext_i, new_ext);
    Ok(r)
}

/// The record's entries as a plain map with its meta (owned; `r` borrowed).
pub fn record_to_map(r: Value) -> Res {
    let mut kvs = Vec::new();
    for i in 0..nfields(r) {
        kvs.push(basis_key(r, i));
        kvs.push(dupd(instance_field(r, i)));
    }
    let ext = record_ext(r);
    if !ext.is_nil() {
        kvs.extend(map_kvs(ext).iter().map(|x| dupd(*x)));
    }
    let m = map_from_kvs(&kvs)?;
    let meta = field(r, nfields(r) + 2);
    if meta.is_nil() {
        Ok(m)
    } else {
        with_meta(m, meta)
    }
}

/// `(dissoc r k)`: `r` owned. Removing a basis key gives a plain map (as in
/// Clojure); removing an extension key keeps the record.
pub fn record_dissoc(r: Value, k: Value) -> Res {
    if basis_index(r, k).is_some() {
        let m = record_to_map(r);
        heap::drop(r);
        return map_dissoc(m?, k);
    }
    let ext_i = 1 + nfields(r);
    let ext = field(r, ext_i);
    if ext.is_nil() {
        return Ok(r);
    }
    match map_contains(ext, k) {
        Ok(false) => Ok(r),
        Ok(true) => {
            let new_ext = map_dissoc(dupd(ext), k);
            let new_ext = match new_ext {
                Ok(m) => m,
                Err(e) => {
                    heap::drop(r);
                    return Err(e);
                }
            };
            let r = unique_record(r);
            replace_field(r, ext_i, new_ext);
            Ok(r)
        }
        Err(e) => {
            heap::drop(r);
            Err(e)
        }
    }
}

/// `(conj r x)`: `r` owned, `x` a map entry, a pair vector, a map (or
/// record), a seq of entries, or nil.
pub fn record_conj(r: Value, x: Value) -> Res {
    if x.is_nil() {
        return Ok(r);
    }
    match tag_of(x) {
        Some(Tag::MapEntry) => record_assoc(r, field(x, 0), field(x, 1)),
        Some(Tag::Vector) => {
            let items = vector_items(x);
            if items.len() != 2 {
                heap::drop(r);
                return Err(error::illegal_arg("Vector arg to map conj must be a pair"));
            }
            record_assoc(r, items[0], items[1])
        }
        _ => {
            let mut r = r;
            let mut it = match seq::SeqIter::new(x) {
                Ok(it) => it,
                Err(e) => {
                    heap::drop(r);
                    return Err(e);
                }
            };
            loop {
                match it.next_item() {
                    Ok(Some(e)) => {
                        let res = record_conj(r, e);
                        heap::drop(e);
                        r = res?;
                    }
                    Ok(None) => return Ok(r),
                    Err(e) => {
                        heap::drop(r);
                        return Err(e);
                    }
                }
            }
        }
    }
}

/// `(seq r)`: the basis entries in order, then the extension entries; nil
/// when empty (owned).
pub fn record_seq(r: Value) -> Value {
    let mut entries = Vec::new();
    for i in 0..nfields(r) {
        entries.push(map_entry(basis_key(r, i), dupd(instance_field(r, i))));
    }
    let ext = record_ext(r);
    if !ext.is_nil() {
        for kv in map_kvs(ext).chunks(2) {
            entries.push(map_entry(dupd(kv[0]), dupd(kv[1])));
        }
    }
    if entries.is_empty() {
        Value::NIL
    } else {
        list_from_owned(entries)
    }
}

/// `(find r k)`: the map entry, or nil.
pub fn record_find(r: Value, k: Value) -> Res {
    Ok(match record_lookup(r, k)? {
        Some(v) => map_entry(dupd(k), dupd(v)),
        None => Value::NIL,
    })
}

/// `(= a b)` for record `a`: `b` is a record of the same type with equal
/// basis fields and extension maps (a record never equals a plain map).
pub fn record_equiv(a: Value, b: Value) -> Res<bool> {
    if !is_record(b) || desc_of(a) != desc_of(b) || record_count(a) != record_count(b) {
        return Ok(false);
    }
    for i in 0..nfields(a) {
        if !equiv::equiv(instance_field(a, i), instance_field(b, i))? {
            return Ok(false);
        }
    }
    let (ea, eb) = (record_ext(a), record_ext(b));
    if ea.is_nil() || eb.is_nil() {
        // Equal counts: both are empty.
        return Ok(true);
    }
    equiv::equiv(ea, eb)
}

/// `(hash r)`: as Clojure's defrecord: the hash of the type's name symbol
/// xor the map hash of the record's entries.
pub fn record_hash(r: Value) -> Res<i32> {
    let mut sum: i32 = 0;
    let mut n = 0;
    for i in 0..nfields(r) {
        let k = basis_key(r, i);
        sum = sum.wrapping_add(entry_hash(k, instance_field(r, i))?);
        n += 1;
    }
    let ext = record_ext(r);
    if !ext.is_nil() {
        for kv in map_kvs(ext).chunks(2) {
            sum = sum.wrapping_add(entry_hash(kv[0], kv[1])?);
            n += 1;
        }
    }
    let map_hash = crate::murmur::mix_coll_hash(sum, n);
    let type_hash = string::symbol_hash(field(desc_of(r), DESC_NAME));
    Ok(type_hash ^ map_hash)
}

fn entry_hash(k: Value, v: Value) -> Res<i32> {
    let mut h: i32 = 1;
    h = h.wrapping_mul(31).wrapping_add(equiv::hash(k)?);
    h = h.wrapping_mul(31).wrapping_add(equiv::hash(v)?);
    Ok(crate::murmur::mix_coll_hash(h, 2))
}

/// Answers `instance?` for the interfaces records, types and reified
/// objects have beyond their own class, or `None` when `x` is none of them
/// (the caller goes on with its own table).
pub fn instance_of(class: &str, x: Value) -> Option<bool> {
    let t = tag_of(x)?;
    if !matches!(t, Tag::Record | Tag::Deftype | Tag::Reify) {
        return None;
    }
    let short = class.rsplit('.').next().unwrap_or(class);
    Some(match short {
        "Object" => true,
        "IRecord"
        | "IPersistentMap"
        | "APersistentMap"
        | "Map"
        | "Associative"
        | "ILookup"
        | "IPersistentCollection"
        | "Collection"
        | "Counted"
        | "Seqable"
        | "Iterable"
        | "IObj"
        | "IMeta"
        | "IKeywordLookup" => t == Tag::Record || implements(x, short),
        "IType" => t == Tag::Deftype,
        "IDeref" | "IPending" | "IFn" => implements(x, short),
        _ => type_name(x) == class,
    })
}

/// Whether the type of instance `x` implements `clojure.lang.<iface>` in
/// its body (`core_types.clj` marks the interface in its inline methods).
fn implements(x: Value, iface: &str) -> bool {
    let methods = inline_methods(x);
    if !crate::coll::is_map(methods) {
        return false;
    }
    let key = crate::string::keyword(None, &format!("clojure.lang.{iface}"));
    matches!(crate::coll::map_lookup(methods, key), Ok(Some(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{check_leaks, kw, pr};
    use proptest::prelude::*;

    const KEYS: &[&str] = &["a", "b", "c", "d"];

    /// `(defrecord R [a b])`'s descriptor (owned).
    fn desc() -> Value {
        let fields = make_vector(&[string::symbol(None, "a"), string::symbol(None, "b")]);
        make_desc(
            string::symbol(None, "user.R"),
            string::keyword(None, "record"),
            fields,
        )
    }

    #[derive(Debug, Clone)]
    enum Op {
        Assoc(usize, i64),
        Dissoc(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..KEYS.len(), 0..100i64).prop_map(|(k, v)| Op::Assoc(k, v)),
            (0..KEYS.len()).prop_map(Op::Dissoc),
        ]
    }

    /// The model: the entries in printing order, and whether the value is
    /// still a record (dissoc of a basis key makes it a plain map).
    fn model_pr(entries: &[(usize, i64)], is_rec: bool) -> String {
        let body: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!(":{} {v}", KEYS[*k]))
            .collect();
        let prefix = if is_rec { "#user.R" } else { "" };
        format!("{prefix}{{{}}}", body.join(", "))
    }

    proptest! {
        #[test]
        fn records_behave_like_the_model(ops in proptest::collection::vec(op(), 0..12),
                                         share in any::<bool>()) {
            check_leaks(|| {
                let d = desc();
                let mut r = make_record(d, &[Value::fixnum(1), Value::fixnum(2)], Value::NIL);
                let mut entries: Vec<(usize, i64)> = vec![(0, 1), (1, 2)];
                let mut is_rec = true;
                let mut kept = Vec::new();
                for o in ops {
                    if share {
                        // A second reference forces the copying path.
                        kept.push(dupd(r));
                    }
                    match o {
                        Op::Assoc(k, v) => {
                            r = assoc(r, kw(KEYS[k]), Value::fixnum(v)).unwrap();
                            match entries.iter_mut().find(|(key, _)| *key == k) {
                                Some(e) => e.1 = v,
                                None => entries.push((k, v)),
                            }
                        }
                        Op::Dissoc(k) => {
                            r = dissoc(r, kw(KEYS[k])).unwrap();
                            if is_rec && k < 2 && entries.iter().any(|(key, _)| *key == k) {
                                is_rec = false;
                            }
                            entries.retain(|(key, _)| *key != k);
                        }
                    }
                    assert_eq!(is_record(r), is_rec);
                    assert_eq!(count(r).unwrap(), entries.len());
                    assert_eq!(pr(r), model_pr(&entries, is_rec));
                    for (k, v) in &entries {
                        let got = get(r, kw(KEYS[*k])).unwrap();
                        assert_eq!(got, Value::fixnum(*v));
                    }
                }
                for x in kept {
                    heap::drop(x);
                }
                heap::drop(r);
                heap::drop(d);
            });
        }
    }

    #[test]
    fn records_equal_by_type_and_fields() {
        check_leaks(|| {
            let d = desc();
            let a = make_record(d, &[Value::fixnum(1), Value::fixnum(2)], Value::NIL);
            let b = make_record(d, &[Value::fixnum(1), Value::fixnum(2)], Value::NIL);
            assert!(equiv::equiv(a, b).unwrap());
            assert_eq!(equiv::hash(a).unwrap(), equiv::hash(b).unwrap());
            let m = record_to_map(a).unwrap();
            assert!(!equiv::equiv(a, m).unwrap());
            assert!(!equiv::equiv(m, a).unwrap());
            for x in [a, b, m, d] {
                heap::drop(x);
            }
        });
    }
}
