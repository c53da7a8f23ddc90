//! Things that can be called: compiled code, closures, native functions, and
//! `invoke`, the generic apply every tier and every runtime function uses.
//!
//! The runtime does not know how any tier runs code. A `Code` object holds
//! the tier's own compiled form as an opaque payload, and the tier installs
//! an invoker (`set_closure_invoker`) that `invoke` calls for closures.
//!
//! Layouts:
//! ```text
//! Code     header | consts (value) | payload: *mut Box<dyn Any> (raw, finalized)
//! Closure  header | code (value)   | captured values...
//! NativeFn header | (no values)    | fn pointer | name: *const &'static str
//! ```

use crate::heap;
use crate::object::{Header, HEADER_SIZE};
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;
use std::any::Any;
use std::sync::OnceLock;

/// A function implemented in Rust. Arguments are borrowed; the result is owned.
pub type NativeFnPtr = fn(&[Value]) -> Res;

/// How a tier calls a closure: `f` and `args` are borrowed, the result owned.
pub type ClosureInvoker = fn(f: Value, args: &[Value]) -> Res;

static CLOSURE_INVOKER: OnceLock<ClosureInvoker> = OnceLock::new();

/// How a tier names a closure for printing and error messages ("user/foo").
pub type ClosureNamer = fn(f: Value) -> String;

static CLOSURE_NAMER: OnceLock<ClosureNamer> = OnceLock::new();

/// Installs the function that names closures (optional; without it a
/// closure prints as "fn").
pub fn set_closure_namer(f: ClosureNamer) {
    let _ = CLOSURE_NAMER.set(f);
}

/// The name of a function value: "user/foo", "clojure.core/inc", or "fn".
pub fn fn_name(f: Value) -> String {
    match tag_of(f) {
        Some(Tag::Closure) => match CLOSURE_NAMER.get() {
            Some(namer) => namer(f),
            None => "fn".to_string(),
        },
        Some(Tag::NativeFn) => native_fn_name(f).to_string(),
        Some(Tag::MetaFn) => fn_name(Value(unsafe_word(f, 0))),
        _ => crate::error::class_name_of(f),
    }
}

fn unsafe_word(v: Value, i: usize) -> u64 {
    // SAFETY: callers pass a live object with more than i words.
    unsafe { *Header::word(v.header(), i) }
}

/// True for things `fn?` accepts: closures, native fns, fns with meta.
pub fn is_fn(v: Value) -> bool {
    matches!(tag_of(v), Some(Tag::Closure | Tag::NativeFn | Tag::MetaFn))
}

/// Installs the tier that runs closures. Called once, by the VM at start-up.
pub fn set_closure_invoker(f: ClosureInvoker) {
    let _ = CLOSURE_INVOKER.set(f);
}

/// How a tier applies a closure to fixed arguments followed by the items of
/// a seqable (`apply`): everything borrowed, the result owned. It realizes
/// only as much of `rest` as choosing the arity needs and hands a variadic
/// arity the remainder as its rest parameter, so `(apply f (repeat x))`
/// works when `f` is variadic.
pub type ClosureApplier = fn(f: Value, fixed: &[Value], rest: Value) -> Res;

static CLOSURE_APPLIER: OnceLock<ClosureApplier> = OnceLock::new();

/// Installs the tier's `apply` for closures (optional: without it `apply_to`
/// realizes the whole seq and calls `invoke`).
pub fn set_closure_applier(f: ClosureApplier) {
    let _ = CLOSURE_APPLIER.set(f);
}

#[inline(always)]
pub fn tag_of(v: Value) -> Option<Tag> {
    crate::object::tag_of(v)
}

/// Makes a code object. `consts` (owned) is traced like any field; `payload`
/// is the tier's compiled form, dropped when the code object dies.
pub fn make_code(consts: Value, payload: Box<dyn Any + Send + Sync>) -> Value {
    let h = heap::alloc(HEADER_SIZE + 16, Tag::Code, 1);
    let boxed: *mut Box<dyn Any + Send + Sync> = Box::into_raw(Box::new(payload));
    // SAFETY: h has room for one value field and one raw pointer.
    unsafe {
        *Header::word(h, 0) = consts.0;
        *Header::word(h, 1) = boxed as u64;
    }
    Value::from_header(h)
}

/// The constants of a code object (borrowed).
pub fn code_consts(code: Value) -> Value {
    debug_assert_eq!(tag_of(code), Some(Tag::Code));
    // SAFETY: code is a live Code object.
    Value(unsafe { *Header::word(code.header(), 0) })
}

/// The tier payload of a code object, if it is of type `T`.
/// The reference lives as long as the caller keeps `code` alive.
pub fn code_payload<'a, T: 'static>(code: Value) -> Option<&'a T> {
    if tag_of(code) != Some(Tag::Code) {
        return None;
    }
    // SAFETY: word 1 of a live Code object is the Box made by make_code, and it
    // lives until the object is finalized, which cannot happen while the
    // caller holds a reference.
    unsafe {
        let boxed = *Header::word(code.header(), 1) as *const Box<dyn Any + Send + Sync>;
        (**boxed).downcast_ref::<T>()
    }
}

/// # Safety
/// `h` is a dead Code object whose payload has not been finalized.
pub(crate) unsafe fn finalize_code(h: *mut Header) {
    let boxed = *Header::word(h, 1) as *mut Box<dyn Any + Send + Sync>;
    drop(Box::from_raw(boxed));
}

/// Makes a closure over `code` (owned) capturing `captures` (each owned).
pub fn make_closure(code: Value, captures: &[Value]) -> Value {
    make_closure_reusing(Value::NONE, code, captures)
}

/// `make_closure` through a reuse token (`Value::NONE` for none); the token's
/// block must hold `coll::alloc_size_closure(captures.len())` bytes.
pub fn make_closure_reusing(token: Value, code: Value, captures: &[Value]) -> Value {
    let n = captures.len();
    assert!(n < 254, "a closure captures at most 253 values");
    let h = heap::alloc_reuse(
        token,
        HEADER_SIZE + 8 * (1 + n),
        Tag::Closure,
        (1 + n) as u8,
    );
    // SAFETY: h has room for 1 + n value fields.
    unsafe {
        *Header::word(h, 0) = code.0;
        for (i, c) in captures.iter().enumerate() {
            *Header::word(h, 1 + i) = c.0;
        }
    }
    Value::from_header(h)
}

/// The code object of a closure (borrowed).
#[inline]
pub fn closure_code(f: Value) -> Value {
    // SAFETY: f is a live Closure, whose word 0 is its code.
    Value(unsafe { *Header::word(f.header(), 0) })
}

/// The `i`th captured value of a closure (borrowed).
#[inline]
pub fn closure_capture(f: Value, i: usize) -> Value {
    // SAFETY: f is a live Closure with more than i captures.
    Value(unsafe { *Header::word(f.header(), 1 + i) })
}

pub fn closure_capture_count(f: Value) -> usize {
    // SAFETY: f is a live Closure.
    unsafe { (*f.header()).scan as usize - 1 }
}

/// Makes a native function object. Native functions are usually made once at
/// start-up and made immortal by whoever binds them.
pub fn make_native_fn(name: &'static str, f: NativeFnPtr) -> Value {
    let h = heap::alloc(HEADER_SIZE + 16, Tag::NativeFn, 0);
    let name_box: *const &'static str = Box::into_raw(Box::new(name));
    // SAFETY: h has room for two raw words.
    unsafe {
        *Header::word(h, 0) = f as usize as u64;
        *Header::word(h, 1) = name_box as u64;
    }
    Value::from_header(h)
}

pub fn native_fn_name(f: Value) -> &'static str {
    // SAFETY: f is a live NativeFn; word 1 points to a leaked &'static str
    // (native fns are immortal, so the box is never freed).
    unsafe { *(*Header::word(f.header(), 1) as *const &'static str) }
}

#[inline]
pub fn native_fn_ptr(f: Value) -> NativeFnPtr {
    // SAFETY: word 0 of a live NativeFn is the fn pointer stored by make_native_fn.
    unsafe { std::mem::transmute::<usize, NativeFnPtr>(*Header::word(f.header(), 0) as usize) }
}

/// Calls `f` with `args`. Both are borrowed; the result is owned.
/// Dispatches on what `f` is: closures go to the installed tier; native
/// functions are called directly; keywords, maps, sets, vars and vectors
/// behave as functions the way they do in Clojure.
pub fn invoke(f: Value, args: &[Value]) -> Res {
    match tag_of(f) {
        Some(Tag::Closure) => match CLOSURE_INVOKER.get() {
            Some(invoker) => invoker(f, args),
            None => Err(crate::error::illegal_state(
                "no tier is installed to run closures",
            )),
        },
        Some(Tag::NativeFn) => native_fn_ptr(f)(args),
        Some(Tag::MetaFn) => invoke(Value(unsafe_word(f, 0)), args),
        _ => crate::ifn::invoke_data(f, args),
    }
}

/// Calls `f` with `fixed` followed by the items of the seqable `rest`
/// (`(apply f x y rest)`). All borrowed; the result is owned. Closures go to
/// the installed applier, which realizes `rest` lazily; everything else gets
/// the fully realized argument list, as `invoke` would.
pub fn apply_to(f: Value, fixed: &[Value], rest: Value) -> Res {
    match tag_of(f) {
        Some(Tag::Closure) => {
            if let Some(applier) = CLOSURE_APPLIER.get() {
                return applier(f, fixed, rest);
            }
        }
        Some(Tag::MetaFn) => return apply_to(Value(unsafe_word(f, 0)), fixed, rest),
        _ => {}
    }
    apply_realized(f, fixed, rest)
}

/// `apply_to` by realizing all of `rest` first.
pub fn apply_realized(f: Value, fixed: &[Value], rest: Value) -> Res {
    let spread = crate::seq::to_vec(rest)?;
    let r = if fixed.is_empty() {
        invoke(f, &spread)
    } else {
        let mut args = Vec::with_capacity(fixed.len() + spread.len());
        args.extend_from_slice(fixed);
        args.extend_from_slice(&spread);
        invoke(f, &args)
    };
    for x in spread {
        heap::drop(x);
    }
    r
}
