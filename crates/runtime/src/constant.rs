//! Constants: turning reader forms into runtime values (quoted data, literal
//! constants of compiled code) and values back into forms (the result of a
//! macro call, which the analyzer then analyzes).

use crate::coll;
use crate::error;
use crate::heap;
use crate::num;
use crate::object::{field, has_tag, raw, tag_of};
use crate::seq::SeqIter;
use crate::string;
use crate::tag::Tag;
use crate::value::Value;
use bigdecimal::BigDecimal;
use genera_reader::{Form, FormKind, Name, Span};
use num_traits::Zero;
use std::str::FromStr;
use std::sync::OnceLock;

/// The value of a constant form (owned), with its `^meta` attached to
/// symbols and collections. `::k` keywords are resolved against the current
/// namespace (and its aliases). Syntax-quote never reaches here expanded by
/// the analyzer; if it does, it becomes `(syntax-quote form)`.
pub fn form_to_value(form: &Form) -> Value {
    let v = match &form.kind {
        FormKind::Nil => Value::NIL,
        FormKind::Bool(b) => Value::bool(*b),
        FormKind::Int(n) => num::long(*n),
        FormKind::BigInt(b) => num::bigint(b.clone()),
        FormKind::Ratio(n, d) => {
            if d.is_zero() {
                Value::NIL
            } else {
                num::ratio_literal(n.clone(), d.clone())
            }
        }
        FormKind::Float(f) => num::double(*f),
        FormKind::BigDecimal(s) => {
            num::bigdec(BigDecimal::from_str(s).unwrap_or_else(|_| BigDecimal::zero()))
        }
        FormKind::Char(c) => Value::char(*c),
        FormKind::Str(s) => string::make_str(s),
        FormKind::Regex(s) => crate::regex::make_regex_lenient(s),
        FormKind::Symbol(n) => string::symbol(n.ns.as_deref(), &n.name),
        FormKind::Keyword { name, auto } => {
            if *auto {
                let current = crate::ns::current_ns();
                let ns = match &name.ns {
                    None => current,
                    Some(alias) => {
                        crate::ns::resolve_alias(&current, alias).unwrap_or_else(|| alias.clone())
                    }
                };
                string::keyword(Some(&ns), &name.name)
            } else {
                string::keyword(name.ns.as_deref(), &name.name)
            }
        }
        // Built from the back, a cell at a time: no vector of items first.
        FormKind::List(items) => items.iter().rev().fold(coll::empty_list(), |rest, item| {
            coll::list_cell(form_to_value(item), rest)
        }),
        FormKind::Vector(items) => {
            let vs: Vec<Value> = items.iter().map(form_to_value).collect();
            coll::make_vector(&vs)
        }
        FormKind::Map(items) => {
            let vs: Vec<Value> = items.iter().map(form_to_value).collect();
            coll::map_from_kvs(&vs).unwrap_or_else(|e| {
                heap::drop(e.0);
                coll::empty_map()
            })
        }
        FormKind::Set(items) => {
            let vs: Vec<Value> = items.iter().map(form_to_value).collect();
            coll::set_from(&vs).unwrap_or_else(|e| {
                heap::drop(e.0);
                coll::empty_set()
            })
        }
        FormKind::SyntaxQuote(inner) => {
            coll::list_from(&[string::symbol(None, "syntax-quote"), form_to_value(inner)])
        }
        // A tagged form left by `tagged::apply_data_readers`: a default tag
        // (checked there) is its Date or UUID; any other tag is a
        // TaggedLiteral of the form, as `tagged-literal` makes.
        FormKind::Tagged { tag, form } => {
            let default = tag.ns.is_none() && matches!(tag.name.as_str(), "inst" | "uuid");
            match default.then(|| crate::tagged::default_tag_value(tag, form)) {
                Some(Ok(v)) => v,
                other => {
                    if let Some(Err(e)) = other {
                        heap::drop(e.0);
                    }
                    crate::tagged::tagged_literal(
                        string::symbol(tag.ns.as_deref(), &tag.name),
                        form_to_value(form),
                    )
                }
            }
        }
    };
    if !supports_meta(v) {
        return v;
    }
    let mut meta = form.meta.as_deref().map_or(Value::NIL, form_to_value);
    if matches!(&form.kind, FormKind::List(items) if !items.is_empty()) && form.span.line > 0 {
        // Like Clojure's reader, a list records where it was read, so code
        // that passes through a macro keeps its line for stack traces.
        meta = with_position(meta, &form.span);
    }
    if meta.is_nil() {
        return v;
    }
    let r = coll::with_meta(v, meta);
    heap::drop(meta);
    r.unwrap_or_else(|e| {
        heap::drop(e.0);
        Value::NIL
    })
}

/// `meta` (owned; a map or nil) with `:line` and `:column` from `span`.
fn with_position(meta: Value, span: &Span) -> Value {
    let [line, column] = position_keys();
    let (l, c) = (
        Value::fixnum(i64::from(span.line)),
        Value::fixnum(i64::from(span.col)),
    );
    if meta.is_nil() {
        // The common case: one two-entry array map, built in one go.
        return coll::make_map(&[line, l, column, c]).unwrap_or_else(|e| {
            heap::drop(e.0);
            Value::NIL
        });
    }
    [(line, l), (column, c)]
        .into_iter()
        .fold(meta, |m, (k, n)| {
            coll::assoc(m, k, n).unwrap_or_else(|e| {
                heap::drop(e.0);
                Value::NIL
            })
        })
}

/// The keywords `:line` and `:column` (immortal), interned once: every list
/// converted for a macro call carries them, and the keyword table is behind
/// a lock.
fn position_keys() -> [Value; 2] {
    static KEYS: OnceLock<[u64; 2]> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [
            string::keyword(None, "line").0,
            string::keyword(None, "column").0,
        ]
    });
    keys.map(Value)
}

/// The span a list value was read at (its `:line`/`:column` metadata), or
/// `outer` when it has none: code a macro builds takes the position of the
/// nearest enclosing form that was read. Also says whether the metadata
/// holds anything besides the position (borrowed `meta`, a map or nil).
fn span_of(meta: Value, outer: &Span) -> (Span, bool) {
    if !coll::is_map(meta) {
        return (outer.clone(), false);
    }
    let [line_k, column_k] = position_keys();
    let found = |key: Value| coll::map_lookup(meta, key).ok().flatten();
    let (line, column) = (found(line_k), found(column_k));
    let positions = usize::from(line.is_some()) + usize::from(column.is_some());
    let other = coll::map_count(meta) > positions;
    let get = |v: Option<Value>| u32::try_from(num::as_long(v?)?).ok();
    let span = match (get(line), get(column)) {
        (Some(line), col) if line > 0 => Span {
            line,
            col: col.unwrap_or(0),
            ..outer.clone()
        },
        _ => outer.clone(),
    };
    (span, other)
}

fn supports_meta(v: Value) -> bool {
    matches!(
        tag_of(v),
        Some(
            Tag::Symbol
                | Tag::List
                | Tag::EmptyList
                | Tag::Vector
                | Tag::SubVector
                | Tag::Map
                | Tag::Set
        )
    )
}

/// The form of a value (a macro's expansion), with every piece at `span`.
pub fn value_to_form(v: Value, span: &Span) -> Result<Form, String> {
    if is_seq_form(v) {
        return list_form(v, span);
    }
    let kind = if v.is_nil() {
        FormKind::Nil
    } else if v == Value::TRUE || v == Value::FALSE {
        FormKind::Bool(v == Value::TRUE)
    } else if let Some(n) = num::as_long(v) {
        FormKind::Int(n)
    } else if let Some(c) = v.as_char() {
        FormKind::Char(c)
    } else {
        match tag_of(v) {
            Some(Tag::Double) => FormKind::Float(num::as_double(v).unwrap_or(0.0)),
            Some(Tag::BigInt) => FormKind::BigInt(num::bigint_ref(v).clone()),
            Some(Tag::Ratio) => {
                let big = |x: Value| match num::as_long(x) {
                    Some(n) => num_bigint::BigInt::from(n),
                    None => num::bigint_ref(x).clone(),
                };
                let (n, d) = (
                    num::numerator(v).map_err(msg)?,
                    num::denominator(v).map_err(msg)?,
                );
                let k = FormKind::Ratio(big(n), big(d));
                heap::drop(n);
                heap::drop(d);
                k
            }
            Some(Tag::BigDecimal) => {
                let s = num::str_num(v);
                FormKind::BigDecimal(s)
            }
            Some(Tag::String) => FormKind::Str(string::str_of(v).to_string()),
            Some(Tag::Regex) => FormKind::Regex(crate::regex::source(v).to_string()),
            Some(Tag::Uuid) => tagged_form("uuid", crate::tagged::uuid_string(v), span),
            Some(Tag::Inst) => tagged_form(
                "inst",
                crate::tagged::timestamp_string(crate::tagged::inst_ms(v)),
                span,
            ),
            Some(Tag::TaggedLiteral) => {
                let (tag, form) = crate::tagged::tagged_parts(v);
                FormKind::Tagged {
                    tag: name_of(tag),
                    form: Box::new(value_to_form(form, span)?),
                }
            }
            Some(Tag::Symbol) => FormKind::Symbol(name_of(v)),
            Some(Tag::Keyword) => FormKind::Keyword {
                name: name_of(v),
                auto: false,
            },
            Some(Tag::Vector | Tag::SubVector | Tag::MapEntry) => FormKind::Vector(
                coll::vector_items(v)
                    .iter()
                    .map(|x| value_to_form(*x, span))
                    .collect::<Result<_, _>>()?,
            ),
            Some(Tag::Map) => FormKind::Map(
                coll::map_kvs(v)
                    .iter()
                    .map(|x| value_to_form(*x, span))
                    .collect::<Result<_, _>>()?,
            ),
            Some(Tag::Set) => FormKind::Set(
                coll::set_members(v)
                    .iter()
                    .map(|x| value_to_form(*x, span))
                    .collect::<Result<_, _>>()?,
            ),
            _ => {
                return Err(format!(
                    "cannot embed a {} in code",
                    error::class_name_of(v)
                ));
            }
        }
    };
    let mut form = Form::new(kind, span.clone());
    let m = coll::meta(v);
    if coll::is_map(m) && coll::map_count(m) > 0 {
        form.meta = value_to_form(m, span).ok().map(Box::new);
    }
    heap::drop(m);
    Ok(form)
}

/// `#tag "text"`: the form of a UUID or a Date.
fn tagged_form(tag: &str, text: String, span: &Span) -> FormKind {
    FormKind::Tagged {
        tag: Name::simple(tag),
        form: Box::new(Form::new(FormKind::Str(text), span.clone())),
    }
}

fn is_seq_form(v: Value) -> bool {
    matches!(
        tag_of(v),
        Some(
            Tag::List
                | Tag::EmptyList
                | Tag::Cons
                | Tag::LazySeq
                | Tag::Range
                | Tag::ArraySeq
                | Tag::ChunkedCons,
        )
    )
}

/// The list form of a seq value: at the position its metadata names (else
/// `outer`), its items at that position too, and only the user's metadata
/// kept (the position is in the span now).
fn list_form(v: Value, outer: &Span) -> Result<Form, String> {
    let m = coll::meta(v);
    let (span, other_meta) = span_of(m, outer);
    heap::drop(m);
    let items = list_items(v, &span)?;
    let mut form = Form::new(FormKind::List(items), span);
    if other_meta {
        let m = position_keys().into_iter().fold(coll::meta(v), |m, key| {
            coll::dissoc(m, key).unwrap_or_else(|e| {
                heap::drop(e.0);
                Value::NIL
            })
        });
        if coll::is_map(m) && coll::map_count(m) > 0 {
            form.meta = value_to_form(m, outer).ok().map(Box::new);
        }
        heap::drop(m);
    }
    Ok(form)
}

/// The item forms of seq value `v` (borrowed), each at `span`.
fn list_items(v: Value, span: &Span) -> Result<Vec<Form>, String> {
    if has_tag(v, Tag::List) {
        // The common case, a persistent list: its cells are walked in place
        // (borrowed), with no seq or reference count traffic per item.
        let mut items = Vec::with_capacity(raw(v, 3) as usize);
        let mut cell = v;
        while has_tag(cell, Tag::List) {
            items.push(value_to_form(field(cell, 0), span)?);
            cell = field(cell, 1);
        }
        return Ok(items);
    }
    let mut items = Vec::new();
    let mut it = SeqIter::new(v).map_err(msg)?;
    while let Some(x) = it.next_item().map_err(msg)? {
        let f = value_to_form(x, span);
        heap::drop(x);
        items.push(f?);
    }
    Ok(items)
}

fn name_of(v: Value) -> Name {
    let (ns, name) = string::name_parts(v);
    Name {
        ns: ns.map(str::to_string),
        name: name.to_string(),
    }
}

fn msg(t: crate::Thrown) -> String {
    let m = error::exception_message(t.0).unwrap_or_else(|| error::class_name_of(t.0));
    heap::drop(t.0);
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_leaks;

    #[test]
    fn round_trip() {
        check_leaks(|| {
            for src in [
                "(a b/c :d \"e\" \\f 1 2.5 3N 4/5 6.5M [7 {8 9}] #{10} nil true)",
                "^{:m 1} [x]",
                "#\"a+b\"",
            ] {
                let forms = genera_reader::read_all(src, "t.clj").unwrap();
                let v = form_to_value(&forms[0]);
                let back = value_to_form(v, &forms[0].span).unwrap();
                let v2 = form_to_value(&back);
                assert_eq!(crate::print::pr_str(v), crate::print::pr_str(v2), "{src}");
                assert!(crate::equiv::equiv(v, v2).unwrap() || src.starts_with("#\""));
                heap::drop(v);
                heap::drop(v2);
            }
        });
    }

    #[test]
    fn functions_cannot_be_embedded() {
        check_leaks(|| {
            let a = crate::atom::make_atom(Value::NIL);
            let e = value_to_form(a, &Span::synthetic("t")).unwrap_err();
            assert_eq!(e, "cannot embed a clojure.lang.Atom in code");
            heap::drop(a);
        });
    }
}
