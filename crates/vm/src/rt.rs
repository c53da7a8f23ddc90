//! The runtime functions the VM calls, in one place: the seam between the
//! bytecode tier and `genera-runtime`. Everything here is a thin wrapper, so
//! the dispatch loop reads as VM logic and a runtime rename touches one file.
//!
//! Ownership follows the runtime: arguments are borrowed unless a comment
//! says they are consumed; results are owned.

use genera_reader::Form;
use genera_runtime::{callable, coll, constant, equiv, error, heap, ns, num, prim, print, string};
use genera_runtime::{Res, Thrown, Value};

// ---- errors -----------------------------------------------------------------

pub fn arity_error(name: &str, nargs: usize) -> Thrown {
    error::arity_error(name, nargs)
}

pub fn stack_overflow() -> Thrown {
    error::stack_overflow()
}

pub fn illegal_state(msg: &str) -> Thrown {
    error::illegal_state(msg)
}

pub fn push_trace(exn: Value, fn_name: &str, file: &str, line: u32) {
    error::push_trace(exn, fn_name, file, line)
}

/// What `throw` throws for a value (consumed): exceptions as they are,
/// anything else as the ClassCastException the JVM would raise.
pub fn coerce_thrown(v: Value) -> Value {
    error::coerce_thrown(v).0
}

// ---- constants ----------------------------------------------------------------

/// A heap object owning `items` (consumed): a code object's constant pool.
pub fn const_pool(items: Vec<Value>) -> Value {
    coll::vector_from_vec(items)
}

pub fn form_to_value(form: &Form) -> Result<Value, String> {
    Ok(constant::form_to_value(form))
}

pub fn pr_str(v: Value) -> String {
    print::pr_str(v)
}

// ---- vars ---------------------------------------------------------------------

pub fn intern(ns_name: &str, name: &str) -> Result<Value, String> {
    Ok(ns::intern(ns_name, name))
}

pub fn current_ns() -> String {
    ns::current_ns()
}

/// The value of a var (owned). Non-dynamic bound vars, the common case, are
/// read straight from the root.
#[inline]
pub fn var_get(var: Value) -> Res {
    let root = ns::var_root(var);
    if root != Value::UNBOUND && !ns::var_is_dynamic(var) {
        heap::dup(root);
        return Ok(root);
    }
    ns::var_get(var)
}

/// The root of a var (borrowed; `Value::UNBOUND` if it has none).
#[inline(always)]
pub fn var_root(var: Value) -> Value {
    ns::var_root(var)
}

#[inline(always)]
pub fn var_is_dynamic(var: Value) -> bool {
    ns::var_is_dynamic(var)
}

/// The error of reading unbound `var`: `t` (owned) as `var_get` made it,
/// or, when the var's value is about to be called, JVM Clojure's
/// "Attempting to call unbound fn" instead.
#[cold]
pub fn unbound_var_error(t: Thrown, var: Value, called: bool) -> Thrown {
    if !called || ns::var_is_bound(var) {
        return t;
    }
    heap::drop(t.0);
    let (ns_name, name) = ns::var_name(var);
    error::illegal_state(&format!(
        "Attempting to call unbound fn: #'{ns_name}/{name}"
    ))
}

/// `v` consumed.
pub fn var_set_root(var: Value, v: Value) {
    ns::var_set_root(var, v)
}

/// `m` consumed.
pub fn var_set_meta(var: Value, m: Value) {
    ns::var_set_meta(var, m)
}

/// `v` consumed.
pub fn var_set_binding(var: Value, v: Value) -> Res<()> {
    ns::var_set_binding(var, v)
}

// ---- collections ------------------------------------------------------------

/// A seq of `items` (consumed), or nil when empty: a rest parameter.
pub fn list(items: &[Value]) -> Value {
    if items.is_empty() {
        Value::NIL
    } else {
        coll::list_from(items)
    }
}

/// `x` and `seq` consumed; `token` is a reuse token or `Value::NONE`.
pub fn cons(token: Value, x: Value, seq: Value) -> Value {
    coll::cons_reusing(token, x, seq)
}

/// `items` consumed.
pub fn make_vector(token: Value, items: &[Value]) -> Res {
    Ok(coll::make_vector_reusing(token, items))
}

/// `kvs` consumed.
pub fn make_map(token: Value, kvs: &[Value]) -> Res {
    coll::make_map_reusing(token, kvs)
}

/// `items` consumed.
pub fn make_set(token: Value, items: &[Value]) -> Res {
    coll::make_set_reusing(token, items)
}

/// `items` (consumed) are a type descriptor and the instance's fields.
pub fn make_instance(token: Value, items: &[Value]) -> Res {
    let Some((desc, fields)) = items.split_first() else {
        heap::free_reuse(token);
        return Err(error::illegal_arg("an instance needs its type"));
    };
    let r = coll::record::make_instance_reusing(token, *desc, fields);
    heap::drop(*desc);
    r
}

/// The size in bytes an allocation of `kind` needs (for drop-reuse).
pub fn alloc_size(kind: &genera_ir::AllocKind) -> usize {
    use genera_ir::AllocKind;
    match kind {
        AllocKind::Closure(_) => usize::MAX, // sized by the lambda's captures: see compile.rs
        AllocKind::Vector(n) => coll::alloc_size_vector(*n as usize),
        AllocKind::Map(n) => coll::alloc_size_map(*n as usize),
        AllocKind::Set(n) => coll::alloc_size_set(*n as usize),
        AllocKind::Cons => coll::alloc_size_cons(),
        AllocKind::Instance(n) => coll::record::alloc_size_instance(*n as usize),
    }
}

pub fn alloc_size_closure(ncaptures: usize) -> usize {
    coll::alloc_size_closure(ncaptures)
}

/// A closure over `code` (consumed) with `captures` (consumed), reusing `token`.
pub fn make_closure(token: Value, code: Value, captures: &[Value]) -> Value {
    callable::make_closure_reusing(token, code, captures)
}

// ---- equality and hashing ----------------------------------------------------

pub fn hash(v: Value) -> Res<u64> {
    equiv::hash(v).map(|h| h as u32 as u64)
}

pub fn equiv(a: Value, b: Value) -> Res<bool> {
    equiv::equiv(a, b)
}

pub fn is_keyword(v: Value) -> bool {
    string::is_keyword(v)
}

pub fn is_number(v: Value) -> bool {
    num::is_number(v)
}

// ---- primitives (slow paths; the dispatch loop inlines fixnum fast paths) ----

pub use prim::{
    add, assoc, conj, count, count_borrowed, dec, deref, div, first, inc, modulo, mul, neg, next,
    nth, nth_borrowed, quot, rem, rest, seq, sub, with_meta,
};

pub fn get(coll: Value, k: Value) -> Res {
    prim::get(coll, k)
}

pub fn lt(a: Value, b: Value) -> Res<bool> {
    num::lt(a, b)
}
pub fn le(a: Value, b: Value) -> Res<bool> {
    num::le(a, b)
}
pub fn gt(a: Value, b: Value) -> Res<bool> {
    num::gt(a, b)
}
pub fn ge(a: Value, b: Value) -> Res<bool> {
    num::ge(a, b)
}
pub fn num_eq(a: Value, b: Value) -> Res<bool> {
    num::num_equiv(a, b)
}
pub fn is_zero(a: Value) -> Res<bool> {
    num::is_zero(a)
}

pub fn exception_is(exn: Value, class: Value) -> Res {
    Ok(prim::exception_is(exn, class))
}
