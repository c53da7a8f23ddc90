//! Identity, equality, hashing and type predicates.

use super::*;

pub(super) fn n_equiv(a: &[Value]) -> Res {
    ar_min(a, 1, "=")?;
    for w in a.windows(2) {
        if !equiv::equiv(w[0], w[1])? {
            return b(false);
        }
    }
    b(true)
}
pub(super) fn n_not_equiv(a: &[Value]) -> Res {
    ar_min(a, 1, "not=")?;
    let r = n_equiv(a)?;
    b(!r.truthy())
}
pub(super) fn n_identical(a: &[Value]) -> Res {
    ar(a, 2, "identical?")?;
    b(a[0] == a[1])
}
pub(super) fn n_hash(a: &[Value]) -> Res {
    ar(a, 1, "hash")?;
    equiv::hash(a[0]).map(|h| num::long(h as i64))
}
pub(super) fn n_not(a: &[Value]) -> Res {
    ar(a, 1, "not")?;
    b(!a[0].truthy())
}
pub(super) fn n_identity(a: &[Value]) -> Res {
    ar(a, 1, "identity")?;
    Ok(dupd(a[0]))
}
pub(super) fn n_boolean(a: &[Value]) -> Res {
    ar(a, 1, "boolean")?;
    b(a[0].truthy())
}

macro_rules! predicate {
    ($fn_name:ident, $clj:literal, |$x:ident| $test:expr) => {
        pub(super) fn $fn_name(a: &[Value]) -> Res {
            ar(a, 1, $clj)?;
            let $x = a[0];
            b($test)
        }
    };
}

predicate!(p_nil, "nil?", |x| x.is_nil());
predicate!(p_some, "some?", |x| !x.is_nil());
predicate!(p_true, "true?", |x| x == Value::TRUE);
predicate!(p_false, "false?", |x| x == Value::FALSE);
predicate!(p_boolean, "boolean?", |x| x == Value::TRUE
    || x == Value::FALSE);
predicate!(p_string, "string?", |x| string::is_string(x));
predicate!(p_char, "char?", |x| x.is_char());
predicate!(p_keyword, "keyword?", |x| string::is_keyword(x));
predicate!(p_symbol, "symbol?", |x| string::is_symbol(x));
predicate!(p_ident, "ident?", |x| string::is_keyword(x)
    || string::is_symbol(x));
predicate!(p_simple_keyword, "simple-keyword?", |x| string::is_keyword(
    x
)
    && string::name_parts(x).0.is_none());
predicate!(
    p_qualified_keyword,
    "qualified-keyword?",
    |x| string::is_keyword(x) && string::name_parts(x).0.is_some()
);
predicate!(p_simple_symbol, "simple-symbol?", |x| string::is_symbol(x)
    && string::name_parts(x).0.is_none());
predicate!(
    p_qualified_symbol,
    "qualified-symbol?",
    |x| string::is_symbol(x) && string::name_parts(x).0.is_some()
);
predicate!(p_fn, "fn?", |x| callable::is_fn(x));
predicate!(p_ifn, "ifn?", |x| callable::is_fn(x)
    || matches!(
        tag_of(x),
        Some(
            Tag::Keyword
                | Tag::Symbol
                | Tag::Map
                | Tag::Set
                | Tag::Vector
                | Tag::SubVector
                | Tag::MapEntry
                | Tag::Var
                | Tag::SortedMap
                | Tag::SortedSet
        )
    ));
predicate!(p_coll, "coll?", |x| seq::is_seq(x)
    || matches!(
        tag_of(x),
        Some(
            Tag::Vector
                | Tag::SubVector
                | Tag::Map
                | Tag::Set
                | Tag::MapEntry
                | Tag::SortedMap
                | Tag::SortedSet
        )
    ));
predicate!(p_seq, "seq?", |x| seq::is_seq(x));
predicate!(p_seqable, "seqable?", |x| seq::is_seqable(x));
predicate!(p_vector, "vector?", |x| matches!(
    tag_of(x),
    Some(Tag::Vector | Tag::SubVector | Tag::MapEntry)
));
predicate!(p_map, "map?", |x| coll::is_map(x)
    || coll::is_sorted_map(x)
    || coll::record::is_record(x));
predicate!(p_set, "set?", |x| coll::is_set(x) || coll::is_sorted_set(x));
predicate!(p_list, "list?", |x| coll::is_list(x));
predicate!(p_sequential, "sequential?", |x| seq::is_sequential(x));
predicate!(p_associative, "associative?", |x| matches!(
    tag_of(x),
    Some(Tag::Vector | Tag::SubVector | Tag::Map | Tag::MapEntry | Tag::SortedMap)
));
predicate!(p_counted, "counted?", |x| match tag_of(x) {
    Some(
        Tag::Vector
        | Tag::SubVector
        | Tag::TransientVector
        | Tag::Map
        | Tag::Set
        | Tag::List
        | Tag::EmptyList
        | Tag::MapEntry
        | Tag::SortedMap
        | Tag::SortedSet,
    ) => true,
    Some(Tag::Range) => seq::range_is_counted(x),
    _ => false,
});
predicate!(p_map_entry, "map-entry?", |x| has_tag(x, Tag::MapEntry));
predicate!(p_var, "var?", |x| ns::is_var(x));
predicate!(p_reduced, "reduced?", |x| atom::is_reduced(x));
predicate!(p_delay, "delay?", |x| has_tag(x, Tag::Delay));
predicate!(p_regex, "regex?", |x| crate::regex::is_regex(x));
predicate!(p_volatile, "volatile?", |x| has_tag(x, Tag::Volatile));
predicate!(p_any, "any?", |_x| true);

pub(super) fn n_realized(a: &[Value]) -> Res {
    ar(a, 1, "realized?")?;
    atom::is_realized(a[0]).map(Value::bool)
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("=", n_equiv),
        ("not=", n_not_equiv),
        ("identical?", n_identical),
        ("hash", n_hash),
        ("not", n_not),
        ("identity", n_identity),
        ("boolean", n_boolean),
        ("nil?", p_nil),
        ("some?", p_some),
        ("true?", p_true),
        ("false?", p_false),
        ("boolean?", p_boolean),
        ("string?", p_string),
        ("char?", p_char),
        ("keyword?", p_keyword),
        ("symbol?", p_symbol),
        ("ident?", p_ident),
        ("simple-keyword?", p_simple_keyword),
        ("qualified-keyword?", p_qualified_keyword),
        ("simple-symbol?", p_simple_symbol),
        ("qualified-symbol?", p_qualified_symbol),
        ("fn?", p_fn),
        ("ifn?", p_ifn),
        ("coll?", p_coll),
        ("seq?", p_seq),
        ("seqable?", p_seqable),
        ("vector?", p_vector),
        ("map?", p_map),
        ("set?", p_set),
        ("list?", p_list),
        ("sequential?", p_sequential),
        ("associative?", p_associative),
        ("counted?", p_counted),
        ("map-entry?", p_map_entry),
        ("var?", p_var),
        ("reduced?", p_reduced),
        ("delay?", p_delay),
        ("volatile?", p_volatile),
        ("regex?", p_regex),
        ("any?", p_any),
        ("realized?", n_realized),
    ]
}
