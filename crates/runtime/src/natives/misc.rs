//! Everything else in `clojure.core`: time, reading, types, gensyms.

use super::*;

/// The class a value reports for `type`/`class`, as a symbol (nil for nil).
pub(super) fn n_type(a: &[Value]) -> Res {
    ar(a, 1, "type")?;
    if a[0].is_nil() {
        return Ok(Value::NIL);
    }
    if string::is_keyword(a[0]) || coll::is_map(a[0]) {
        // `type` prefers :type metadata.
        let m = coll::meta(a[0]);
        let t = if coll::is_map(m) {
            coll::map_lookup(m, string::keyword(None, "type"))?
        } else {
            None
        };
        if let Some(t) = t {
            let t = dupd(t);
            heap::drop(m);
            return Ok(t);
        }
        heap::drop(m);
    }
    if coll::record::is_instance(a[0]) {
        return Ok(dupd(coll::record::desc_of(a[0])));
    }
    Ok(string::symbol(None, &error::class_name_of(a[0])))
}
pub(super) fn n_class(a: &[Value]) -> Res {
    ar(a, 1, "class")?;
    if a[0].is_nil() {
        return Ok(Value::NIL);
    }
    if coll::record::is_instance(a[0]) {
        return Ok(dupd(coll::record::desc_of(a[0])));
    }
    Ok(string::symbol(None, &error::class_name_of(a[0])))
}

/// `(instance? C x)` where C is a class named by a symbol or string.
pub(super) fn n_instance(a: &[Value]) -> Res {
    ar(a, 2, "instance?")?;
    let class = if string::is_symbol(a[0]) {
        string::full_name(a[0])
    } else if let Some(s) = string::as_str(a[0]) {
        s.to_string()
    } else if coll::record::is_desc(a[0]) {
        let x = a[1];
        return b(coll::record::is_instance(x) && coll::record::desc_of(x) == a[0]);
    } else {
        return Err(cast_error(a[0], "java.lang.Class"));
    };
    b(is_instance(&class, a[1]))
}

pub fn is_instance(class: &str, x: Value) -> bool {
    if x.is_nil() {
        return false;
    }
    if let Some(r) = coll::record::instance_of(class, x) {
        return r;
    }
    let short = class.rsplit('.').next().unwrap_or(class);
    let full = error::class_name_of(x);
    if full == class || full.rsplit('.').next() == Some(short) {
        return true;
    }
    if error::is_exception(x) {
        return error::exception_is(x, short);
    }
    let t = tag_of(x);
    match short {
        "Object" => true,
        "Number" => num::is_number(x),
        "Long" | "Integer" => num::as_long(x).is_some(),
        "Double" | "Float" => num::is_double(x),
        "String" | "CharSequence" => string::is_string(x),
        "Character" => x.is_char(),
        "Boolean" => x == Value::TRUE || x == Value::FALSE,
        "Keyword" => string::is_keyword(x),
        "Symbol" => string::is_symbol(x),
        "Named" => string::is_keyword(x) || string::is_symbol(x),
        "Fn" | "AFunction" => callable::is_fn(x),
        // Keywords, symbols, collections and vars are IFn on the JVM too.
        "IFn" | "AFn" => {
            callable::is_fn(x)
                || matches!(
                    t,
                    Some(Tag::Keyword | Tag::Symbol | Tag::Vector | Tag::Map | Tag::Set | Tag::Var)
                )
        }
        "ISeq" | "ASeq" => seq::is_seq(x),
        "Seqable" => seq::is_seqable(x),
        "Sequential" => seq::is_sequential(x),
        "IPersistentCollection" | "Collection" => {
            seq::is_seq(x)
                || matches!(
                    t,
                    Some(Tag::Vector | Tag::SubVector | Tag::Map | Tag::Set | Tag::MapEntry)
                )
        }
        "IPersistentVector" | "APersistentVector" | "RandomAccess" | "List" => {
            matches!(t, Some(Tag::Vector | Tag::SubVector | Tag::MapEntry))
                || (short == "List" && seq::is_seq(x))
        }
        "IPersistentMap" | "APersistentMap" | "Map" | "Associative" | "ILookup" => {
            coll::is_map(x)
                || coll::is_sorted_map(x)
                || (short == "Associative" && coll::is_vector(x))
        }
        "IPersistentSet" | "APersistentSet" | "Set" => coll::is_set(x) || coll::is_sorted_set(x),
        "Sorted" => coll::is_sorted(x),
        "IPersistentList" | "PersistentList" => coll::is_list(x),
        "Counted" => matches!(
            t,
            Some(
                Tag::Vector
                    | Tag::SubVector
                    | Tag::Map
                    | Tag::Set
                    | Tag::List
                    | Tag::EmptyList
                    | Tag::MapEntry
                    | Tag::Range
            )
        ),
        "IDeref" => matches!(
            t,
            Some(Tag::Atom | Tag::Var | Tag::Delay | Tag::Volatile | Tag::Reduced | Tag::Promise)
        ),
        "IAtom" => t == Some(Tag::Atom),
        "IObj" | "IMeta" => matches!(
            t,
            Some(
                Tag::Symbol
                    | Tag::List
                    | Tag::EmptyList
                    | Tag::Cons
                    | Tag::LazySeq
                    | Tag::Vector
                    | Tag::SubVector
                    | Tag::Map
                    | Tag::Set
                    | Tag::Range
                    | Tag::ArraySeq
                    | Tag::ChunkedCons
            )
        ),
        "Pattern" => crate::regex::is_regex(x),
        "Throwable" | "Exception" => false,
        _ => false,
    }
}

pub(super) fn n_read_string(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "read-string")?;
    let s = str_arg(a[a.len() - 1])?;
    let mut reader = genera_reader::Reader::new(s, "NO_SOURCE_FILE");
    match reader.next_form() {
        None => Err(error::throw("RuntimeException", "EOF while reading")),
        Some(Err(e)) => Err(error::throw("RuntimeException", &e.message)),
        Some(Ok(form)) => {
            crate::tagged::apply_data_readers_res(form).map(|f| crate::constant::form_to_value(&f))
        }
    }
}
pub(super) fn n_nano_time(a: &[Value]) -> Res {
    ar(a, 0, "%nano-time")?;
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    Ok(num::long(start.elapsed().as_nanos() as i64))
}
pub(super) fn n_current_time_millis(a: &[Value]) -> Res {
    ar(a, 0, "%current-time-millis")?;
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Ok(num::long(ms))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("type", n_type),
        ("class", n_class),
        ("instance?", n_instance),
        ("read-string", n_read_string),
        ("%nano-time", n_nano_time),
        ("%current-time-millis", n_current_time_millis),
    ]
}
