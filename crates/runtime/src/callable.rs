//! Things that can be called: compiled code, closures, native functions, and
//! `invoke`, the generic apply every tier and every runtime function uses.
//!
//! The runtime does not know how any tier runs code. A `Code` object holds
//! the tier's own compiled form as an opaque payload, and the tier installs
//! an invoker (`set_closure_invoker`) that `invoke` calls for closures.
//! The payload is a thin pointer beside a static `CodeOps` (its type and
//! how to free it), like a hand-made trait object split across two words:
//! a tier that knows its own `CodeOps` tells its code objects with one
//! pointer compare and reaches its compiled function with one load, no
//! dynamic downcast on the call path.
//!
//! Layouts:
//! ```text
//! Code     header | consts (value) | payload: *mut () (raw, finalized) | ops: &'static CodeOps (raw)
//! Closure  header | code (value)   | captured values...
//! NativeFn header | (no values)    | fn pointer | name: *const &'static str
//! ```
//!
//! Native functions come in two kinds. Most borrow their arguments
//! (`NativeFnPtr`). Those that walk a seq they are given consume their
//! arguments (`NativeFnConsumingPtr`, `FLAG_CONSUMES_ARGS` in the header):
//! the slice holds owned values, the native may move any of them out
//! (`std::mem::replace(&mut args[i], Value::NIL)`) to own it, and the caller
//! drops whatever is left in the slice when the call returns or throws. So
//! `(reduce + (map inc (range n)))` does not keep the head of the seq alive
//! in the caller's frame while `reduce` walks it: the native holds the only
//! reference and drops each cell as it goes, as a closure would.

use crate::heap;
use crate::object::{Header, FLAG_CONSUMES_ARGS, HEADER_SIZE};
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;
use std::any::{Any, TypeId};
use std::sync::OnceLock;

/// A function implemented in Rust. Arguments are borrowed; the result is owned.
pub type NativeFnPtr = fn(&[Value]) -> Res;

/// A function implemented in Rust that consumes its arguments: each slot of
/// the slice is owned; the function may take any of them (leaving an
/// immediate such as nil in its place) and the caller drops what is left
/// after the call, whether it returned or threw. The result is owned.
pub type NativeFnConsumingPtr = fn(&mut [Value]) -> Res;

/// How a tier calls a closure: `f` and `args` are borrowed, the result owned.
pub type ClosureInvoker = fn(f: Value, args: &[Value]) -> Res;

static CLOSURE_INVOKER: OnceLock<ClosureInvoker> = OnceLock::new();

/// How a tier calls a closure with owned arguments: `f` is borrowed, the
/// values in `args` are moved to the callee (the slice's contents are dead
/// afterwards, whatever the outcome), the result is owned.
pub type ClosureInvokerOwned = fn(f: Value, args: &[Value]) -> Res;

static CLOSURE_INVOKER_OWNED: OnceLock<ClosureInvokerOwned> = OnceLock::new();

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
        Some(Tag::Closure) if crate::cabi::is_native_closure(f) => {
            crate::cabi::native_desc(f).map_or_else(|| "fn".into(), crate::cabi::desc_name)
        }
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

/// Installs the tier's call with owned arguments (optional: without it
/// `invoke_owned` borrows the arguments and drops them afterwards).
pub fn set_closure_invoker_owned(f: ClosureInvokerOwned) {
    let _ = CLOSURE_INVOKER_OWNED.set(f);
}

/// How a tier applies a closure to fixed arguments followed by the items of
/// a seqable (`apply`): `f` and `fixed` borrowed, `rest` owned (so the
/// callee can walk it without the caller holding its head), the result
/// owned. It realizes only as much of `rest` as choosing the arity needs and
/// hands a variadic arity the remainder as its rest parameter, so
/// `(apply f (repeat x))` works when `f` is variadic.
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

/// What a code object's payload is and how to free it: one static per
/// payload type (the split-out vtable of the payload).
pub struct CodeOps {
    /// The payload's type, for `code_payload`'s checked downcast.
    pub type_id: fn() -> TypeId,
    /// Frees the payload (the pointer `make_code_raw` was given).
    ///
    /// # Safety
    /// Called once, with the code object's payload pointer, when it dies.
    pub drop: unsafe fn(*mut ()),
}

/// The `CodeOps` of payloads boxed by `make_code::<T>`.
struct BoxOps<T>(std::marker::PhantomData<T>);

impl<T: Any + Send + Sync> BoxOps<T> {
    const OPS: CodeOps = CodeOps {
        type_id: TypeId::of::<T>,
        drop: drop_box::<T>,
    };
}

/// # Safety
/// `p` came from `Box::<T>::into_raw` and is freed once.
unsafe fn drop_box<T>(p: *mut ()) {
    drop(Box::from_raw(p as *mut T));
}

/// Makes a code object. `consts` (owned) is traced like any field; `payload`
/// is the tier's compiled form, dropped when the code object dies.
pub fn make_code<T: Any + Send + Sync>(consts: Value, payload: Box<T>) -> Value {
    make_code_raw(consts, Box::into_raw(payload) as *mut (), &BoxOps::<T>::OPS)
}

/// Makes a code object whose payload is `payload`, described by `ops`: a
/// tier that passes its own `static` ops can recognise its code objects by
/// the ops pointer (`code_ops`). `consts` is owned; `ops.drop(payload)` runs
/// when the code object dies.
pub fn make_code_raw(consts: Value, payload: *mut (), ops: &'static CodeOps) -> Value {
    let h = heap::alloc(HEADER_SIZE + 24, Tag::Code, 1);
    // SAFETY: h has room for one value field and two raw words.
    unsafe {
        *Header::word(h, 0) = consts.0;
        *Header::word(h, 1) = payload as u64;
        *Header::word(h, 2) = ops as *const CodeOps as u64;
    }
    Value::from_header(h)
}

/// The constants of a code object (borrowed).
pub fn code_consts(code: Value) -> Value {
    debug_assert_eq!(tag_of(code), Some(Tag::Code));
    // SAFETY: code is a live Code object.
    Value(unsafe { *Header::word(code.header(), 0) })
}

/// The payload pointer of code object `code` (valid while `code` lives).
#[inline(always)]
pub fn code_payload_raw(code: Value) -> *mut () {
    debug_assert_eq!(tag_of(code), Some(Tag::Code));
    // SAFETY: word 1 of a live Code object is its payload pointer.
    unsafe { *Header::word(code.header(), 1) as *mut () }
}

/// The ops of code object `code`, to compare with a tier's own static.
#[inline(always)]
pub fn code_ops(code: Value) -> *const CodeOps {
    debug_assert_eq!(tag_of(code), Some(Tag::Code));
    // SAFETY: word 2 of a live Code object is its `&'static CodeOps`.
    unsafe { *Header::word(code.header(), 2) as *const CodeOps }
}

/// The tier payload of a code object, if it is of type `T`.
/// The reference lives as long as the caller keeps `code` alive.
pub fn code_payload<'a, T: 'static>(code: Value) -> Option<&'a T> {
    if tag_of(code) != Some(Tag::Code) {
        return None;
    }
    // SAFETY: word 2 is the `&'static CodeOps` given to make_code_raw.
    let ops = unsafe { &*code_ops(code) };
    if (ops.type_id)() != TypeId::of::<T>() {
        return None;
    }
    // SAFETY: the ops say the payload is a T; it lives until the object is
    // finalized, which cannot happen while the caller holds a reference.
    Some(unsafe { &*(code_payload_raw(code) as *const T) })
}

/// Sets the payload of a code object an image loader made with its payload
/// word zero (so it has none yet). For `image` only.
pub(crate) fn set_code_payload(code: Value, payload: *mut (), ops: &'static CodeOps) {
    debug_assert_eq!(tag_of(code), Some(Tag::Code));
    // SAFETY: code is a live Code object (header, consts, two raw words)
    // whose payload word is still zero.
    unsafe {
        debug_assert_eq!(*Header::word(code.header(), 1), 0);
        *Header::word(code.header(), 1) = payload as u64;
        *Header::word(code.header(), 2) = ops as *const CodeOps as u64;
    }
}

/// Replaces the payload of code object `code` with `payload` described by
/// `ops`, and returns the old pair for the caller to free: for a tier that
/// makes the real payload of a code object only when it first runs (code
/// loaded from an image).
///
/// # Safety
/// No one may hold a pointer to the old payload (it is the caller's to
/// free), and no other thread may be reading `code`'s payload: today one
/// thread runs genera code; shared code objects will need this behind a
/// lock.
pub unsafe fn replace_code_payload(
    code: Value,
    payload: *mut (),
    ops: &'static CodeOps,
) -> (*mut (), *const CodeOps) {
    debug_assert_eq!(tag_of(code), Some(Tag::Code));
    let old = (code_payload_raw(code), code_ops(code));
    *Header::word(code.header(), 1) = payload as u64;
    *Header::word(code.header(), 2) = ops as *const CodeOps as u64;
    old
}

/// # Safety
/// `h` is a dead Code object whose payload has not been finalized.
pub(crate) unsafe fn finalize_code(h: *mut Header) {
    let payload = *Header::word(h, 1) as *mut ();
    let ops = &*(*Header::word(h, 2) as *const CodeOps);
    (ops.drop)(payload);
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
    alloc_native_fn(name, f as usize, 0)
}

/// Makes a native function that consumes its arguments (see the module doc).
pub fn make_native_fn_consuming(name: &'static str, f: NativeFnConsumingPtr) -> Value {
    alloc_native_fn(name, f as usize, FLAG_CONSUMES_ARGS)
}

fn alloc_native_fn(name: &'static str, f: usize, flags: u8) -> Value {
    let h = heap::alloc(HEADER_SIZE + 16, Tag::NativeFn, 0);
    let name_box: *const &'static str = Box::into_raw(Box::new(name));
    // SAFETY: h has room for two raw words; the header was just initialised.
    unsafe {
        *Header::word(h, 0) = f as u64;
        *Header::word(h, 1) = name_box as u64;
        (*h).flags |= flags;
    }
    Value::from_header(h)
}

/// Does native fn `f` consume its arguments (`NativeFnConsumingPtr`)?
#[inline(always)]
pub fn native_fn_consumes(f: Value) -> bool {
    // SAFETY: f is a live NativeFn.
    unsafe { (*f.header()).flags & FLAG_CONSUMES_ARGS != 0 }
}

pub fn native_fn_name(f: Value) -> &'static str {
    // SAFETY: f is a live NativeFn; word 1 points to a leaked &'static str
    // (native fns are immortal, so the box is never freed).
    unsafe { *(*Header::word(f.header(), 1) as *const &'static str) }
}

/// The fn pointer of a native fn that borrows its arguments
/// (`!native_fn_consumes(f)`).
#[inline]
pub fn native_fn_ptr(f: Value) -> NativeFnPtr {
    debug_assert!(!native_fn_consumes(f));
    // SAFETY: word 0 of a live NativeFn is the fn pointer stored by
    // make_native_fn, of this type since the flag is clear.
    unsafe { std::mem::transmute::<usize, NativeFnPtr>(*Header::word(f.header(), 0) as usize) }
}

/// The fn pointer of a native fn that consumes its arguments
/// (`native_fn_consumes(f)`).
#[inline]
pub fn native_fn_consuming_ptr(f: Value) -> NativeFnConsumingPtr {
    debug_assert!(native_fn_consumes(f));
    // SAFETY: word 0 of a live NativeFn is the fn pointer stored by
    // make_native_fn_consuming, of this type since the flag is set.
    unsafe {
        std::mem::transmute::<usize, NativeFnConsumingPtr>(*Header::word(f.header(), 0) as usize)
    }
}

/// Calls a consuming native with borrowed `args`: hands it new references
/// and drops what it leaves.
fn call_consuming_borrowed(p: NativeFnConsumingPtr, args: &[Value]) -> Res {
    const SMALL: usize = 8;
    if args.len() <= SMALL {
        let mut buf = [Value::NIL; SMALL];
        for (slot, a) in buf.iter_mut().zip(args) {
            heap::dup(*a);
            *slot = *a;
        }
        let owned = &mut buf[..args.len()];
        let r = p(owned);
        drop_slots(owned);
        r
    } else {
        let mut buf: Vec<Value> = args.iter().map(|a| crate::coll::dupd(*a)).collect();
        let r = p(&mut buf);
        drop_slots(&mut buf);
        r
    }
}

/// Drops the values in `slots` and clears them to nil.
fn drop_slots(slots: &mut [Value]) {
    for x in slots {
        heap::drop(std::mem::replace(x, Value::NIL));
    }
}

/// Calls `f` with `args`. Both are borrowed; the result is owned.
/// Dispatches on what `f` is: closures go to the installed tier; native
/// functions are called directly; keywords, maps, sets, vars and vectors
/// behave as functions the way they do in Clojure.
pub fn invoke(f: Value, args: &[Value]) -> Res {
    match tag_of(f) {
        Some(Tag::Closure) => match CLOSURE_INVOKER.get() {
            _ if crate::cabi::is_native_closure(f) => match crate::cabi::native_desc(f) {
                Some(d) => crate::cabi::invoke_native(f, d, args, false),
                None => Err(crate::error::illegal_state("native closure without code")),
            },
            Some(invoker) => invoker(f, args),
            None => Err(crate::error::illegal_state(
                "no tier is installed to run closures",
            )),
        },
        Some(Tag::NativeFn) => {
            if native_fn_consumes(f) {
                call_consuming_borrowed(native_fn_consuming_ptr(f), args)
            } else {
                native_fn_ptr(f)(args)
            }
        }
        Some(Tag::MetaFn) => invoke(Value(unsafe_word(f, 0)), args),
        _ => crate::ifn::invoke_data(f, args),
    }
}

/// Calls `f` (borrowed) with owned `args`: the callee takes them over, so a
/// closure or a consuming native can update an unshared argument in place
/// or walk a seq without the caller holding its head. Every slot of `args`
/// is dead (and set to nil) when this returns, whatever the outcome.
pub fn invoke_owned(f: Value, args: &mut [Value]) -> Res {
    match tag_of(f) {
        Some(Tag::Closure) if crate::cabi::is_native_closure(f) => {
            if let Some(d) = crate::cabi::native_desc(f) {
                let r = crate::cabi::invoke_native(f, d, args, true);
                args.fill(Value::NIL);
                return r;
            }
        }
        Some(Tag::Closure) => {
            if let Some(invoker) = CLOSURE_INVOKER_OWNED.get() {
                let r = invoker(f, args);
                args.fill(Value::NIL);
                return r;
            }
        }
        Some(Tag::NativeFn) if native_fn_consumes(f) => {
            let r = native_fn_consuming_ptr(f)(args);
            drop_slots(args);
            return r;
        }
        Some(Tag::MetaFn) => return invoke_owned(Value(unsafe_word(f, 0)), args),
        _ => {}
    }
    let r = invoke(f, args);
    drop_slots(args);
    r
}

/// Calls `f` with `fixed` followed by the items of the seqable `rest`
/// (`(apply f x y rest)`). `f` and `fixed` are borrowed, `rest` is owned
/// (consumed: no one holds its head while the items are realized); the
/// result is owned. Closures go to the installed applier, which realizes
/// `rest` lazily; everything else gets the fully realized argument list, as
/// `invoke` would (a consuming native takes the items over).
pub fn apply_to(f: Value, fixed: &[Value], rest: Value) -> Res {
    match tag_of(f) {
        Some(Tag::Closure) if crate::cabi::is_native_closure(f) => {
            if let Some(d) = crate::cabi::native_desc(f) {
                return crate::cabi::apply_native(f, d, fixed, rest);
            }
        }
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

/// `apply_to` by realizing all of `rest` (owned) first.
pub fn apply_realized(f: Value, fixed: &[Value], rest: Value) -> Res {
    let mut args: Vec<Value> = fixed.iter().map(|a| crate::coll::dupd(*a)).collect();
    let it = crate::seq::SeqIter::new_owned(rest);
    let r = it.and_then(|mut it| {
        while let Some(x) = it.next_item()? {
            args.push(x);
        }
        Ok(())
    });
    match r {
        Ok(()) => invoke_owned(f, &mut args),
        Err(e) => {
            drop_slots(&mut args);
            Err(e)
        }
    }
}
