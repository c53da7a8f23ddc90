//! Data that can be called as a function, as in Clojure: keywords and
//! symbols look themselves up (`(:a m)`, `(:a m default)`), maps and sets
//! look up their argument (`(m k)`, `(s x)`), vectors index (`(v 0)`), and
//! vars call their value.

use crate::coll;
use crate::error::{self, arity_error};
use crate::object::tag_of;
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;

/// Calls a non-function value `f` with `args` (both borrowed).
pub fn invoke_data(f: Value, args: &[Value]) -> Res {
    let arity = |lo: usize, hi: usize| -> Res<()> {
        if args.len() < lo || args.len() > hi {
            // JVM Clojure names a keyword by itself, other data by its class.
            let name = if crate::string::is_keyword(f) {
                crate::print::pr_str(f)
            } else {
                error::class_name_of(f)
            };
            Err(arity_error(&name, args.len()))
        } else {
            Ok(())
        }
    };
    match tag_of(f) {
        Some(Tag::Keyword | Tag::Symbol) => {
            arity(1, 2)?;
            coll::get_or(args[0], f, args.get(1).copied().unwrap_or(Value::NIL))
        }
        Some(Tag::Map) => {
            arity(1, 2)?;
            coll::get_or(f, args[0], args.get(1).copied().unwrap_or(Value::NIL))
        }
        Some(Tag::Set) => {
            arity(1, 1)?;
            coll::get(f, args[0])
        }
        Some(Tag::SortedMap) => {
            arity(1, 2)?;
            coll::get_or(f, args[0], args.get(1).copied().unwrap_or(Value::NIL))
        }
        Some(Tag::SortedSet) => {
            arity(1, 1)?;
            coll::get(f, args[0])
        }
        Some(Tag::TransientMap) => {
            arity(1, 2)?;
            coll::get_or(f, args[0], args.get(1).copied().unwrap_or(Value::NIL))
        }
        Some(Tag::TransientSet) => {
            arity(1, 1)?;
            coll::get(f, args[0])
        }
        Some(Tag::Vector | Tag::SubVector | Tag::MapEntry | Tag::TransientVector) => {
            arity(1, 1)?;
            if crate::num::as_long(args[0]).is_none() {
                return Err(error::illegal_arg("Key must be integer"));
            }
            coll::nth(f, args[0])
        }
        Some(Tag::Var) => {
            let v = crate::ns::var_get(f)?;
            let r = crate::callable::invoke(v, args);
            crate::heap::drop(v);
            r
        }
        Some(Tag::Record | Tag::Deftype | Tag::Reify) => invoke_instance(f, args),
        _ => Err(error::not_callable(f)),
    }
}

/// Calls a record, type or reify instance that defines `invoke` of
/// `clojure.lang.IFn` in its body: the method gets the instance first.
fn invoke_instance(f: Value, args: &[Value]) -> Res {
    let methods = coll::record::inline_methods(f);
    let key = crate::string::keyword(Some("clojure.lang.IFn"), "invoke");
    let m = if coll::is_map(methods) {
        coll::map_lookup(methods, key)?
    } else {
        None
    };
    let Some(m) = m else {
        return Err(error::not_callable(f));
    };
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(f);
    all.extend_from_slice(args);
    crate::callable::invoke(m, &all)
}
