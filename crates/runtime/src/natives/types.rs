//! Records, types, `reify` and protocol dispatch: the natives behind
//! `lib/clojure/core_types.clj` (`defrecord`, `deftype`, `reify`,
//! `defprotocol`, `extend`).
//!
//! A protocol is a var holding a map, as in Clojure (`:impls` maps a class,
//! written as a symbol such as `java.lang.String`, nil, or a type descriptor,
//! to a map of simple method keywords to fns). Each protocol method is a
//! closure over a `ProtoCache`; `(%proto-impl cache x)` finds the fn for
//! `x`'s class, and the method calls it. The cache remembers the last
//! dispatch key (a type descriptor's address, or the tag of a built-in
//! value) with the answer, valid while the global epoch is unchanged:
//! every `extend` and every new type bumps it. So a monomorphic call site
//! costs one native call and a compare before the real call.
//!
//! Lookup order, after Clojure's `find-protocol-impl`: methods written
//! inline in `defrecord`/`deftype`/`reify`, then the exact class, then
//! the most specific superclass or interface extended (`Number` before
//! `IPersistentVector`-style interfaces before `java.util` ones), then
//! `Object`; nil only finds an implementation for nil.

use super::*;
use crate::coll::record::{self, DESC_METHODS, DESC_PRINTER};
use crate::object::{alloc_fields, field, raw, replace_field, set_raw};

/// Bumped whenever dispatch answers may change.
static EPOCH: AtomicU64 = AtomicU64::new(1);

fn bump_epoch() {
    EPOCH.fetch_add(1, Ordering::Relaxed);
}

fn desc_arg(v: Value) -> Res<Value> {
    if record::is_desc(v) {
        Ok(v)
    } else {
        Err(cast_error(v, "java.lang.Class"))
    }
}

fn index_arg(v: Value) -> Res<usize> {
    num::as_long(v)
        .filter(|i| *i >= 0)
        .map(|i| i as usize)
        .ok_or_else(|| cast_error(v, "java.lang.Long"))
}

/// `(%make-type name kind fields)`: a new type descriptor.
fn n_make_type(a: &[Value]) -> Res {
    ar(a, 3, "%make-type")?;
    if !string::is_symbol(a[0]) || !string::is_keyword(a[1]) || !coll::is_vector(a[2]) {
        return Err(error::illegal_arg(
            "%make-type takes a name symbol, a kind keyword and a vector of field symbols",
        ));
    }
    let n = coll::vector_len(a[2]);
    if n > record::MAX_FIELDS {
        return Err(error::illegal_arg(&format!(
            "genera: a type has at most {} fields, got {n}",
            record::MAX_FIELDS
        )));
    }
    if string::name_parts(a[1]).1 != "reify" {
        bump_epoch();
    }
    Ok(record::make_desc(dupd(a[0]), dupd(a[1]), dupd(a[2])))
}

/// `(%set-type-methods! desc methods)`: the inline methods of a type.
fn n_set_type_methods(a: &[Value]) -> Res {
    ar(a, 2, "%set-type-methods!")?;
    let d = desc_arg(a[0])?;
    record::set_desc_field(d, DESC_METHODS, dupd(a[1]));
    bump_epoch();
    Ok(Value::NIL)
}

/// `(%set-type-printer! desc f)`: the `print-method` of a type (or nil).
fn n_set_type_printer(a: &[Value]) -> Res {
    ar(a, 2, "%set-type-printer!")?;
    let d = desc_arg(a[0])?;
    record::set_desc_field(d, DESC_PRINTER, dupd(a[1]));
    Ok(Value::NIL)
}

/// `(%set-class-printed! class-sym on?)`: whether a built-in class has a
/// `print-method` of its own (see `print::set_class_printed`).
fn n_set_class_printed(a: &[Value]) -> Res {
    ar(a, 2, "%set-class-printed!")?;
    if !string::is_symbol(a[0]) {
        return Err(cast_error(a[0], "clojure.lang.Symbol"));
    }
    crate::print::set_class_printed(&string::full_name(a[0]), a[1].truthy());
    Ok(Value::NIL)
}

/// `(%type-methods desc)`: the inline methods map of a type.
fn n_type_methods(a: &[Value]) -> Res {
    ar(a, 1, "%type-methods")?;
    Ok(dupd(field(desc_arg(a[0])?, DESC_METHODS)))
}

/// `(%new desc & vals)`: `(R. a b)`, a record or deftype instance.
fn n_new(a: &[Value]) -> Res {
    ar_min(a, 1, "%new")?;
    let owned: Vec<Value> = a[1..].iter().map(|v| dupd(*v)).collect();
    record::make_instance_reusing(Value::NONE, a[0], &owned)
}

/// `(%map->record desc m)`: basis keys from `m`, the rest in the extension map.
fn n_map_to_record(a: &[Value]) -> Res {
    ar(a, 2, "%map->record")?;
    let d = desc_arg(a[0])?;
    let m = a[1];
    if !m.is_nil() && !coll::is_map(m) && !record::is_record(m) {
        return Err(cast_error(m, "java.util.Map"));
    }
    let fields = record::desc_fields(d);
    let mut vals = Vec::with_capacity(fields.len());
    let mut ext = coll::empty_map();
    let entries = seq::seq(m)?;
    let mut it = SeqIter::new_owned(entries)?;
    let mut fail = None;
    while let Some(e) = it.next_item()? {
        let (k, v) = (field(e, 0), field(e, 1));
        let is_basis = string::is_keyword(k)
            && string::name_parts(k).0.is_none()
            && fields
                .iter()
                .any(|f| string::name_parts(*f).1 == string::name_parts(k).1);
        if !is_basis {
            match coll::map_assoc(ext, dupd(k), dupd(v)) {
                Ok(x) => ext = x,
                Err(t) => {
                    ext = Value::NIL;
                    fail = Some(t);
                }
            }
        }
        heap::drop(e);
        if fail.is_some() {
            break;
        }
    }
    if let Some(t) = fail {
        return Err(t);
    }
    for f in &fields {
        let k = string::keyword(None, string::name_parts(*f).1);
        match coll::get(m, k) {
            Ok(v) => vals.push(v),
            Err(t) => {
                drop_all(&vals);
                heap::drop(ext);
                return Err(t);
            }
        }
    }
    let ext = if coll::map_count(ext) == 0 {
        heap::drop(ext);
        Value::NIL
    } else {
        ext
    };
    Ok(record::make_record(d, &vals, ext))
}

/// `(%reify desc methods)`: a reified object.
fn n_reify(a: &[Value]) -> Res {
    ar(a, 2, "%reify")?;
    let d = desc_arg(a[0])?;
    Ok(record::make_reify(d, dupd(a[1])))
}

fn instance_arg(v: Value, what: &str) -> Res<Value> {
    if matches!(tag_of(v), Some(Tag::Record | Tag::Deftype)) {
        Ok(v)
    } else {
        Err(error::illegal_arg(&format!(
            "{what} expects a record or type instance, got: {}",
            error::class_name_of(v)
        )))
    }
}

/// `(%field x i)`: field `i` of a record or deftype (what a method body's
/// field names read).
fn n_field(a: &[Value]) -> Res {
    ar(a, 2, "%field")?;
    let x = instance_arg(a[0], "%field")?;
    let i = index_arg(a[1])?;
    if i >= record::desc_field_count(record::desc_of(x)) {
        return Err(error::index_out_of_bounds(&i.to_string()));
    }
    Ok(dupd(record::instance_field(x, i)))
}

/// `(%set-field! x i v)`: `(set! field v)` on a mutable deftype field.
fn n_set_field(a: &[Value]) -> Res {
    ar(a, 3, "%set-field!")?;
    if !has_tag(a[0], Tag::Deftype) {
        return Err(error::illegal_arg(&format!(
            "Cannot assign to non-mutable field of {}",
            error::class_name_of(a[0])
        )));
    }
    let i = index_arg(a[1])?;
    if i >= record::desc_field_count(record::desc_of(a[0])) {
        return Err(error::index_out_of_bounds(&i.to_string()));
    }
    record::set_instance_field(a[0], i, dupd(a[2]));
    Ok(dupd(a[2]))
}

/// `(%dot-field x "name")`: `(.-name x)`, a field of a record or deftype.
fn n_dot_field(a: &[Value]) -> Res {
    ar(a, 2, "%dot-field")?;
    let name = str_arg(a[1])?;
    let x = a[0];
    if matches!(tag_of(x), Some(Tag::Record | Tag::Deftype)) {
        let fields = record::desc_fields(record::desc_of(x));
        if let Some(i) = fields.iter().position(|f| string::name_parts(*f).1 == name) {
            return Ok(dupd(record::instance_field(x, i)));
        }
    }
    if x.is_nil() {
        return Err(error::throw("NullPointerException", ""));
    }
    Err(error::illegal_arg(&format!(
        "No matching field found: {name} for class {}",
        error::class_name_of(x)
    )))
}

fn p_record(a: &[Value]) -> Res {
    ar(a, 1, "record?")?;
    b(record::is_record(a[0]))
}

fn p_type_desc(a: &[Value]) -> Res {
    ar(a, 1, "%type-desc?")?;
    b(record::is_desc(a[0]))
}

// ---------------------------------------------------------------------------
// Protocol dispatch

const CACHE_PROTO: usize = 0;
const CACHE_QKEY: usize = 1;
const CACHE_KEY: usize = 2;
const CACHE_IMPL: usize = 3;
const CACHE_RAW_KEY: usize = 4;
const CACHE_RAW_EPOCH: usize = 5;

/// `(%proto-cache pvar qualified-kw simple-kw)`: the dispatch cache of one
/// protocol method.
fn n_proto_cache(a: &[Value]) -> Res {
    ar(a, 3, "%proto-cache")?;
    if !ns::is_var(a[0]) || !string::is_keyword(a[1]) || !string::is_keyword(a[2]) {
        return Err(error::illegal_arg(
            "%proto-cache takes a protocol var and two method keywords",
        ));
    }
    let c = alloc_fields(
        Tag::ProtoCache,
        &[dupd(a[0]), dupd(a[1]), dupd(a[2]), Value::NIL],
        2,
    );
    set_raw(c, CACHE_RAW_KEY, 0);
    set_raw(c, CACHE_RAW_EPOCH, 0);
    Ok(c)
}

/// What the cache is keyed on: the type of `x`, or `None` when its answer
/// is not the same for every value of that type (a reify's methods are
/// its own).
#[inline]
fn dispatch_key(x: Value) -> Option<u64> {
    if x.is_fixnum() {
        return Some(Tag::Long as u64);
    }
    if x.is_ptr() {
        return match tag_of(x)? {
            Tag::Record | Tag::Deftype => Some(record::desc_of(x).0),
            // A reify's methods are its own; exceptions of one tag have
            // many classes.
            Tag::Reify | Tag::Exception => None,
            t => Some(t as u64),
        };
    }
    if x.is_nil() {
        Some(1000)
    } else if x == Value::TRUE || x == Value::FALSE {
        Some(1001)
    } else if x.is_char() {
        Some(1002)
    } else {
        None
    }
}

/// `(%proto-impl cache x)`: the fn implementing the cached method for `x`.
fn n_proto_impl(a: &[Value]) -> Res {
    let (c, x) = (a[0], a[1]);
    if a.len() != 2 || !has_tag(c, Tag::ProtoCache) {
        return Err(error::illegal_arg(
            "%proto-impl takes a protocol cache and a value",
        ));
    }
    let key = dispatch_key(x);
    let epoch = EPOCH.load(Ordering::Relaxed);
    if let Some(k) = key {
        if raw(c, CACHE_RAW_KEY) == k && raw(c, CACHE_RAW_EPOCH) == epoch {
            return Ok(dupd(field(c, CACHE_IMPL)));
        }
    }
    let pvar = field(c, CACHE_PROTO);
    let f = match find_impl(pvar, field(c, CACHE_QKEY), field(c, CACHE_KEY), x)? {
        Some(f) => f,
        None => return Err(no_impl(pvar, field(c, CACHE_KEY), x)),
    };
    if let Some(k) = key {
        replace_field(c, CACHE_IMPL, dupd(f));
        set_raw(c, CACHE_RAW_KEY, k);
        set_raw(c, CACHE_RAW_EPOCH, epoch);
    }
    Ok(f)
}

fn no_impl(pvar: Value, key: Value, x: Value) -> Thrown {
    let (ns, name) = ns::var_name(pvar);
    error::illegal_arg(&format!(
        "No implementation of method: :{} of protocol: #'{ns}/{name} found for class: {}",
        string::name_parts(key).1,
        error::class_name_of(x)
    ))
}

/// The impl of method `qkey`/`key` of protocol `pvar` for `x` (owned), or
/// `None`.
fn find_impl(pvar: Value, qkey: Value, key: Value, x: Value) -> Res<Option<Value>> {
    let inline = record::inline_methods(x);
    if coll::is_map(inline) {
        if let Some(f) = coll::map_lookup(inline, qkey)? {
            return Ok(Some(dupd(f)));
        }
    }
    match extension_for(pvar, x)? {
        Some(mmap) => {
            let r = coll::lookup(mmap, key);
            heap::drop(mmap);
            r
        }
        None => Ok(None),
    }
}

/// The method map `(:impls P)` has for `x`'s class or the most specific of
/// its supertypes (owned), or `None`.
fn extension_for(pvar: Value, x: Value) -> Res<Option<Value>> {
    let proto = ns::var_root(pvar);
    if !coll::is_map(proto) {
        return Ok(None);
    }
    let impls = match coll::map_lookup(proto, string::keyword(None, "impls"))? {
        Some(m) if coll::is_map(m) => m,
        _ => return Ok(None),
    };
    let class = error::class_name_of(x);
    let mut best: Option<(u32, Value)> = None;
    for kv in coll::map_kvs(impls).chunks(2) {
        let Some(rank) = class_rank(kv[0], x, &class) else {
            continue;
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, kv[1]));
        }
    }
    Ok(best.map(|(_, m)| dupd(m)))
}

/// How specifically the class key `k` of an `:impls` map describes `x`
/// (0 = its own class; lower is more specific), or `None` if it does not.
fn class_rank(k: Value, x: Value, class: &str) -> Option<u32> {
    if k.is_nil() {
        return x.is_nil().then_some(0);
    }
    if x.is_nil() {
        return None;
    }
    if record::is_desc(k) {
        return (record::is_instance(x) && record::desc_of(x) == k).then_some(0);
    }
    if !string::is_symbol(k) {
        return None;
    }
    let name = string::full_name(k);
    if name == class {
        return Some(0);
    }
    if name == "java.lang.Object" {
        return Some(1000);
    }
    if !super::misc::is_instance(&name, x) {
        return None;
    }
    let short = name.rsplit('.').next().unwrap_or(&name);
    Some(super_rank(&name, short))
}

/// Clojure interfaces from the most to the least specific, for choosing
/// between several extended supertypes of one value.
const INTERFACE_ORDER: &[&str] = &[
    "IRecord",
    "IType",
    "IPersistentVector",
    "IPersistentMap",
    "IPersistentSet",
    "IPersistentList",
    "ISeq",
    "Keyword",
    "Named",
    "Associative",
    "IPersistentStack",
    "Sequential",
    "Indexed",
    "Reversible",
    "Counted",
    "ILookup",
    "IPersistentCollection",
    "Seqable",
    "IDeref",
    "IObj",
    "IMeta",
];

fn super_rank(name: &str, short: &str) -> u32 {
    let abstract_class = short.len() > 1
        && short.starts_with('A')
        && short[1..].starts_with(|c: char| c.is_ascii_uppercase());
    if (abstract_class && short != "AFn") || name == "java.lang.Number" {
        return 10;
    }
    if let Some(i) = INTERFACE_ORDER.iter().position(|s| *s == short) {
        return 20 + i as u32;
    }
    if name.starts_with("clojure.lang.") && short != "IFn" {
        return 100;
    }
    match short {
        "Map" | "List" | "Set" | "CharSequence" => 200,
        // Weaker than a collection's own interfaces, as the JVM usually picks.
        "IFn" | "AFn" => 215,
        "RandomAccess" => 210,
        "Collection" => 220,
        "Iterable" => 230,
        _ => 300,
    }
}

/// `(%find-protocol-impl pvar qkey key x)`: the fn, or nil.
fn n_find_protocol_impl(a: &[Value]) -> Res {
    ar(a, 4, "%find-protocol-impl")?;
    Ok(find_impl(a[0], a[1], a[2], a[3])?.unwrap_or(Value::NIL))
}

/// `(%satisfies? pvar x)`: does `x` implement the protocol, inline or by
/// extension?
fn n_satisfies(a: &[Value]) -> Res {
    ar(a, 2, "%satisfies?")?;
    let inline = record::inline_methods(a[1]);
    if coll::is_map(inline) && coll::map_lookup(inline, a[0])?.is_some() {
        return b(true);
    }
    let m = extension_for(a[0], a[1])?;
    let found = m.is_some();
    if let Some(m) = m {
        heap::drop(m);
    }
    b(found)
}

/// `(%proto-changed!)`: called by `extend`; invalidates every cache.
fn n_proto_changed(a: &[Value]) -> Res {
    ar(a, 0, "%proto-changed!")?;
    bump_epoch();
    Ok(Value::NIL)
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("%make-type", n_make_type),
        ("%set-type-methods!", n_set_type_methods),
        ("%set-type-printer!", n_set_type_printer),
        ("%set-class-printed!", n_set_class_printed),
        ("%type-methods", n_type_methods),
        ("%new", n_new),
        ("%map->record", n_map_to_record),
        ("%reify", n_reify),
        ("%field", n_field),
        ("%set-field!", n_set_field),
        ("%dot-field", n_dot_field),
        ("record?", p_record),
        ("%type-desc?", p_type_desc),
        ("%proto-cache", n_proto_cache),
        ("%proto-impl", n_proto_impl),
        ("%find-protocol-impl", n_find_protocol_impl),
        ("%satisfies?", n_satisfies),
        ("%proto-changed!", n_proto_changed),
    ]
}
