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
            Err(arity_error(&error::class_name_of(f), args.len()))
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
        Some(Tag::TransientMap) => {
            arity(1, 2)?;
            coll::get_or(f, args[0], args.get(1).copied().unwrap_or(Value::NIL))
        }
        Some(Tag::TransientSet) => {
            arity(1, 1)?;
            coll::get(f, args[0])
        }
        Some(Tag::Vector | Tag::MapEntry) => {
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
        _ => Err(error::not_callable(f)),
    }
}
