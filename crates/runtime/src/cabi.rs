//! The C ABI for generated code: the one set of `extern "C"` functions the
//! C backend (`genera-cgen`) calls, and `c_header`, the C header generated
//! from the same layout constants the runtime uses (no second copy to
//! drift: the header is text made from `value`, `object` and `tag` at the
//! time the backend runs, and `tests/cabi.rs` compiles it with static
//! asserts against these constants).
//!
//! Naming follows Lean's `lean_obj_arg`/`b_lean_obj_arg`: a function whose
//! name ends in `_o` consumes (owns) its value arguments, one ending in `_b`
//! borrows them; results are always owned. Functions that can throw return
//! `THROWN` (an immediate no value ever is) and leave the exception in this
//! thread's pending slot, which `genera_catch` takes: generated code checks
//! the result after each call that can throw, and on `THROWN` appends its
//! frame to the trace, drops the instruction's unwind list and jumps to its
//! handler or returns `THROWN` itself.
//!
//! Native code objects: a lambda compiled to C is described by a static
//! `LambdaDesc` (name, file, arities with their C function pointers). Its
//! code object is an ordinary `Code` whose ops are `NATIVE_CODE_OPS` and
//! whose payload is the descriptor, so its closures are ordinary closures:
//! `callable::invoke` (and so every native, and the VM through it) calls
//! them with `invoke_native`, and C calls VM closures and natives through
//! `genera_call_o`, which is `callable::invoke_owned`.
//!
//! Tail calls that are not self calls do not grow the C stack: a C function
//! in tail position stores the callee and its arguments in the pending
//! tail-call slot (`genera_tail_o`) and returns `TAIL`; whoever called the
//! C function (the inline direct call in the header, or `invoke_native`)
//! runs the trampoline, `genera_trampoline`.

use crate::callable::{self, CodeOps};
use crate::object::RC_STICKY_LOCAL;
use crate::object::{Header, HEADER_SIZE, OFFSET_FLAGS, OFFSET_RC, OFFSET_SCAN, OFFSET_TAG};
use crate::tag::Tag;
use crate::value::{Value, IMM_KIND_SHIFT, IMM_NIL, IMM_NONE, IMM_TRUE, TAG_IMMEDIATE};
use crate::value::{IMM_FALSE, TAG_FIXNUM};
use crate::{coll, error, heap, ns, prim, Res, Thrown};
use std::cell::{Cell, RefCell};
use std::ffi::{c_char, CStr};

/// The immediate a function that threw returns (immediate kind 30: never a
/// value; see `value::IMM_*` for the kinds values use).
pub const THROWN: Value = Value((30 << IMM_KIND_SHIFT) | TAG_IMMEDIATE);
/// The immediate a C function returns after storing a tail call in the
/// pending slot (immediate kind 31).
pub const TAIL: Value = Value((31 << IMM_KIND_SHIFT) | TAG_IMMEDIATE);

/// The C signature of one compiled arity: `self_` (the closure, borrowed)
/// and `args` (owned: `nparams` values, then the rest seq for a variadic
/// arity). Returns the result (owned), `THROWN` or `TAIL`.
pub type NativeArityFn = unsafe extern "C" fn(self_: Value, args: *mut Value) -> Value;

/// One arity of a lambda compiled to C.
#[repr(C)]
pub struct ArityDesc {
    pub nparams: u32,
    /// Nonzero for the variadic arity (it takes `nparams` or more).
    pub variadic: u32,
    pub func: NativeArityFn,
}

/// A lambda compiled to C: static data in the generated program.
#[repr(C)]
pub struct LambdaDesc {
    /// NUL-terminated, for traces and printing ("user/fib").
    pub name: *const c_char,
    /// NUL-terminated source file, for traces.
    pub file: *const c_char,
    pub narities: u32,
    /// `narities` arities, sorted by `nparams`; the variadic one last.
    pub arities: *const ArityDesc,
}

fn desc_type_id() -> std::any::TypeId {
    std::any::TypeId::of::<LambdaDesc>()
}

/// # Safety
/// The payload of a native code object is a static descriptor: nothing to free.
unsafe fn drop_static_desc(_: *mut ()) {}

/// The `CodeOps` of code compiled to C: a code object is native exactly
/// when its ops pointer is this static.
#[export_name = "genera_native_code_ops"]
pub static NATIVE_CODE_OPS: CodeOps = CodeOps {
    type_id: desc_type_id,
    drop: drop_static_desc,
};

/// The descriptor of closure `f`'s code if it was compiled to C.
#[inline]
pub fn native_desc(f: Value) -> Option<&'static LambdaDesc> {
    let code = callable::closure_code(f);
    if std::ptr::eq(callable::code_ops(code), &NATIVE_CODE_OPS) {
        // SAFETY: native code objects' payload is a `&'static LambdaDesc`.
        Some(unsafe { &*(callable::code_payload_raw(code) as *const LambdaDesc) })
    } else {
        None
    }
}

/// Whether closure `f` runs native code (for a tier deciding whether it
/// can enter `f` itself).
#[inline]
pub fn is_native_closure(f: Value) -> bool {
    native_desc(f).is_some()
}

/// The name of a native lambda ("user/fib").
pub fn desc_name(d: &LambdaDesc) -> String {
    // SAFETY: the generator emits NUL-terminated string literals.
    unsafe { CStr::from_ptr(d.name) }
        .to_string_lossy()
        .into_owned()
}

thread_local! {
    /// The exception a function returning `THROWN` left (owned), or nil.
    static PENDING: Cell<Value> = const { Cell::new(Value::NIL) };
    /// The tail call a function returning `TAIL` left: callee and arguments (owned).
    static TAIL_CALL: RefCell<(Value, Vec<Value>)> = const { RefCell::new((Value::NIL, Vec::new())) };
}

/// Takes the pending tail call (callee and arguments, owned).
fn take_tail() -> (Value, Vec<Value>) {
    TAIL_CALL.with(|t| std::mem::replace(&mut *t.borrow_mut(), (Value::NIL, Vec::new())))
}

/// Turns a `Res` into the C convention: the value, or `THROWN` with the
/// exception pending.
#[inline]
fn ret(r: Res) -> Value {
    match r {
        Ok(v) => v,
        Err(Thrown(e)) => {
            set_pending(e);
            THROWN
        }
    }
}

fn set_pending(e: Value) {
    let old = PENDING.with(|p| p.replace(e));
    heap::drop(old);
}

/// Takes the pending exception (after a C function returned `THROWN`).
fn take_pending() -> Thrown {
    Thrown(PENDING.with(|p| p.replace(Value::NIL)))
}

/// The arity of `d` that takes `n` arguments.
fn select_arity(d: &LambdaDesc, n: usize) -> Option<&'static ArityDesc> {
    // SAFETY: `arities` points to `narities` static descriptors.
    let arities: &'static [ArityDesc] =
        unsafe { std::slice::from_raw_parts(d.arities, d.narities as usize) };
    arities.iter().find(|a| {
        let p = a.nparams as usize;
        if a.variadic != 0 {
            n >= p
        } else {
            n == p
        }
    })
}

/// Calls native closure `f` (borrowed) whose descriptor is `d` with `args`
/// (owned, moved out of the vector), running the trampoline until a value
/// or an exception comes back.
fn call_native_owned(mut f: Value, mut d: &'static LambdaDesc, mut args: Vec<Value>) -> Res {
    // `f` is borrowed on the first round; a tail-called callee is owned.
    let mut f_owned = false;
    loop {
        let r = call_desc(f, d, &mut args);
        if f_owned {
            heap::drop(f);
        }
        let r = r?;
        if r != TAIL {
            return Ok(r);
        }
        let (g, gargs) = take_tail();
        if callable::tag_of(g) == Some(Tag::Closure) {
            if let Some(gd) = native_desc(g) {
                f = g;
                d = gd;
                args = gargs;
                f_owned = true;
                continue;
            }
        }
        let mut gargs = gargs;
        let r = callable::invoke_owned(g, &mut gargs);
        heap::drop(g);
        return r;
    }
}

/// One call of the C function for `args.len()` arguments (owned, taken).
fn call_desc(f: Value, d: &'static LambdaDesc, args: &mut Vec<Value>) -> Res {
    let n = args.len();
    let Some(a) = select_arity(d, n) else {
        for x in args.drain(..) {
            heap::drop(x);
        }
        return Err(error::arity_error(&desc_name(d), n));
    };
    if a.variadic != 0 {
        let p = a.nparams as usize;
        let rest = if n > p {
            coll::list_from(&args[p..])
        } else {
            Value::NIL
        };
        args.truncate(p);
        args.push(rest);
    }
    // SAFETY: `args` holds the arity's parameters (owned), which the C
    // function takes over; `f` is a live closure of this lambda.
    let r = unsafe { (a.func)(f, args.as_mut_ptr()) };
    args.clear();
    if r == THROWN {
        Err(take_pending())
    } else {
        Ok(r)
    }
}

/// `callable::invoke` for a closure compiled to C: `f` borrowed, `args`
/// borrowed (or owned when `owned`), result owned.
pub fn invoke_native(f: Value, d: &'static LambdaDesc, args: &[Value], owned: bool) -> Res {
    let args: Vec<Value> = if owned {
        args.to_vec()
    } else {
        args.iter().map(|a| coll::dupd(*a)).collect()
    };
    call_native_owned(f, d, args)
}

/// `callable::apply_to` for a closure compiled to C (the VM's
/// `apply_closure` rules): `f` and `fixed` borrowed, `rest` owned; only as
/// much of `rest` is realized as choosing the arity needs, and a variadic
/// arity gets the unrealized remainder in its rest parameter.
pub fn apply_native(f: Value, d: &'static LambdaDesc, fixed: &[Value], rest: Value) -> Res {
    // SAFETY: `arities` points to `narities` static descriptors.
    let arities: &'static [ArityDesc] =
        unsafe { std::slice::from_raw_parts(d.arities, d.narities as usize) };
    let Some(va) = arities.iter().find(|a| a.variadic != 0) else {
        return callable::apply_realized(f, fixed, rest);
    };
    let max_fixed = arities
        .iter()
        .map(|a| a.nparams as usize)
        .max()
        .unwrap_or(0);
    let want = (max_fixed + 1).saturating_sub(fixed.len());
    let (taken, tail) = crate::seq::split_at_owned(rest, want)?;
    let tail = if taken.len() < want {
        heap::drop(tail);
        Value::NIL
    } else {
        let s = crate::seq::seq(tail);
        heap::drop(tail);
        match s {
            Ok(s) => s,
            Err(e) => {
                taken.into_iter().for_each(heap::drop);
                return Err(e);
            }
        }
    };
    let mut args: Vec<Value> = fixed.iter().map(|a| coll::dupd(*a)).collect();
    args.extend(taken);
    if tail.is_nil() {
        return call_native_owned(f, d, args);
    }
    // More than any fixed arity takes: the variadic arity's, whose rest
    // parameter is the arguments past its fixed ones before the tail.
    let nfixed = va.nparams as usize;
    let mut more = tail;
    for x in args.drain(nfixed..).rev() {
        more = coll::cons(x, more);
    }
    args.push(more);
    // SAFETY: `args` holds the variadic arity's parameters (owned).
    let r = unsafe { (va.func)(f, args.as_mut_ptr()) };
    match r {
        THROWN => Err(take_pending()),
        TAIL => match genera_trampoline() {
            THROWN => Err(take_pending()),
            v => Ok(v),
        },
        v => Ok(v),
    }
}

// ---- the functions generated code calls ---------------------------------

/// Takes the pending exception (owned) in a handler.
#[no_mangle]
pub extern "C" fn genera_catch() -> Value {
    take_pending().0
}

/// Throws `v` (consumed): sets it pending (an exception as it is, anything
/// else as the ClassCastException the JVM throws); returns `THROWN`.
#[no_mangle]
pub extern "C" fn genera_throw_o(v: Value) -> Value {
    set_pending(error::coerce_thrown(v).0);
    THROWN
}

/// Appends the frame of lambda `d` at `line` to the pending exception's trace.
///
/// # Safety
/// `d` is a descriptor the generator emitted.
#[no_mangle]
pub unsafe extern "C" fn genera_trace_b(d: *const LambdaDesc, line: u32) {
    let d = &*d;
    let file = CStr::from_ptr(d.file).to_string_lossy();
    let exn = PENDING.with(|p| p.get());
    error::push_trace(exn, &desc_name(d), &file, line);
}

/// Throws StackOverflowError (the C stack passed its limit).
#[no_mangle]
pub extern "C" fn genera_stack_overflow() -> Value {
    ret(Err(error::stack_overflow()))
}

/// The lowest C stack address generated code may use: functions compare
/// their frame address with it on entry (0: no limit). Set by whoever
/// starts the thread that runs generated code.
#[no_mangle]
pub static mut genera_stack_limit: usize = 0;

/// Reductions left in the C tier's time slice (see `genera_tick`).
#[no_mangle]
pub static mut genera_budget: u32 = C_REDUCTIONS_PER_SLICE;

/// Reductions in a slice of generated code (the VM's count).
const C_REDUCTIONS_PER_SLICE: u32 = 4000;

/// The end of a slice of generated code: refills the budget and, when
/// other actors exist, lets them run. Returns `THROWN` (the exit
/// exception pending) when an exit signal arrived meanwhile; a caller
/// that cannot unwind there drops it (the signal stays pending, raised at
/// the actor's next function entry or `receive`).
#[no_mangle]
pub extern "C" fn genera_tick() -> Value {
    // SAFETY: one thread runs generated code.
    unsafe { genera_budget = C_REDUCTIONS_PER_SLICE };
    if crate::actor::others_waiting() {
        crate::actor::count_c_reductions(C_REDUCTIONS_PER_SLICE as u64);
        if let Err(e) = crate::actor::preempt() {
            set_pending(e.0);
            return THROWN;
        }
    }
    Value::NIL
}

/// `genera_tick` where the caller cannot unwind (a loop back-edge): the
/// exit signal stays pending in the scheduler.
#[no_mangle]
pub extern "C" fn genera_tick_yield() {
    if genera_tick() == THROWN {
        heap::drop(take_pending().0);
        // The next function entry raises the signal.
        // SAFETY: one thread runs generated code.
        unsafe { genera_budget = 1 };
    }
}

/// Sets `genera_stack_limit` to `budget` bytes below the caller's frame.
pub fn set_stack_budget(budget: usize) {
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    // SAFETY: one thread runs generated code; the limit is written before
    // any of it runs.
    unsafe { genera_stack_limit = here.saturating_sub(budget) };
}

/// The cold half of dup (the header's inline test took the fast path out).
#[no_mangle]
pub extern "C" fn genera_dup_cold_b(v: Value) {
    heap::dup(v)
}

/// The cold half of drop: the last reference, or a shared or sticky count.
#[no_mangle]
pub extern "C" fn genera_drop_cold_o(v: Value) {
    heap::drop(v)
}

/// Drop-reuse: drops `v`; its memory as a token if it was unique and holds
/// `size` bytes, else `Value::NONE`.
#[no_mangle]
pub extern "C" fn genera_drop_reuse_o(v: Value, size: usize) -> Value {
    if size == usize::MAX {
        heap::drop(v);
        return Value::NONE;
    }
    heap::drop_reuse(v, size)
}

#[no_mangle]
pub extern "C" fn genera_free_reuse_o(token: Value) {
    heap::free_reuse(token)
}

/// A code object for native lambda `d` (immortal: made once per program).
///
/// # Safety
/// `d` points to a static descriptor.
#[no_mangle]
pub unsafe extern "C" fn genera_code_new(d: *const LambdaDesc) -> Value {
    let code = callable::make_code_raw(Value::NIL, d as *mut (), &NATIVE_CODE_OPS);
    heap::make_immortal(code);
    code
}

/// A closure over `code` (borrowed: immortal) capturing `n` values at
/// `caps` (consumed), reusing `token` (`Value::NONE` for none).
///
/// # Safety
/// `caps` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_closure_o(
    token: Value,
    code: Value,
    caps: *const Value,
    n: u32,
) -> Value {
    let caps = slice(caps, n);
    callable::make_closure_reusing(token, code, caps)
}

unsafe fn slice<'a>(p: *const Value, n: u32) -> &'a [Value] {
    if n == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p, n as usize)
    }
}

/// `(cons x seq)` (both consumed), reusing `token`.
#[no_mangle]
pub extern "C" fn genera_cons_o(token: Value, x: Value, seq: Value) -> Value {
    coll::cons_reusing(token, x, seq)
}

/// A vector of `n` items (consumed), reusing `token`.
///
/// # Safety
/// `items` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_vector_o(token: Value, items: *const Value, n: u32) -> Value {
    coll::make_vector_reusing(token, slice(items, n))
}

/// A map of `n` pairs at `kvs` (consumed); throws on a duplicate key.
///
/// # Safety
/// `kvs` points to `2n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_map_o(token: Value, kvs: *const Value, n: u32) -> Value {
    ret(coll::make_map_reusing(token, slice(kvs, 2 * n)))
}

/// A set of `n` items (consumed); throws on a duplicate.
///
/// # Safety
/// `items` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_set_o(token: Value, items: *const Value, n: u32) -> Value {
    ret(coll::make_set_reusing(token, slice(items, n)))
}

/// `(%new T fields...)`: `items` are the type descriptor and then the `n - 1`
/// field values, all consumed; throws when the descriptor is not a type's
/// or the count is wrong (`coll::record::make_instance_reusing`).
///
/// # Safety
/// `items` points to `n >= 1` values.
#[no_mangle]
pub unsafe extern "C" fn genera_instance_o(token: Value, items: *const Value, n: u32) -> Value {
    let items = slice(items, n);
    let Some((desc, fields)) = items.split_first() else {
        crate::mem::heap::free_reuse(token);
        return ret(Err(crate::error::illegal_arg("an instance needs its type")));
    };
    let r = coll::record::make_instance_reusing(token, *desc, fields);
    crate::mem::heap::drop(*desc);
    ret(r)
}

/// Calls `f` with `n` arguments at `args`; `f` and the arguments consumed.
/// Arity dispatch, natives, data as functions, VM closures: `invoke_owned`.
///
/// # Safety
/// `args` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_call_o(f: Value, args: *mut Value, n: u32) -> Value {
    let args: &mut [Value] = if n == 0 {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(args, n as usize)
    };
    let r = callable::invoke_owned(f, args);
    heap::drop(f);
    ret(r)
}

/// Runs the pending tail call (after a direct call returned `TAIL`).
#[no_mangle]
pub extern "C" fn genera_trampoline() -> Value {
    let (g, mut gargs) = take_tail();
    let r = if callable::tag_of(g) == Some(Tag::Closure) {
        match native_desc(g) {
            Some(d) => call_native_owned(g, d, gargs),
            None => callable::invoke_owned(g, &mut gargs),
        }
    } else {
        callable::invoke_owned(g, &mut gargs)
    };
    heap::drop(g);
    ret(r)
}

/// Stores a tail call of `f` with `n` arguments (all consumed) for the
/// trampoline; returns `TAIL`.
///
/// # Safety
/// `args` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_tail_o(f: Value, args: *const Value, n: u32) -> Value {
    let args = slice(args, n).to_vec();
    TAIL_CALL.with(|t| *t.borrow_mut() = (f, args));
    TAIL
}

/// The arity error of calling native lambda `d` with `n` arguments (which
/// the caller has released).
///
/// # Safety
/// `d` is a descriptor the generator emitted.
#[no_mangle]
pub unsafe extern "C" fn genera_arity_error(d: *const LambdaDesc, n: u32) -> Value {
    ret(Err(error::arity_error(&desc_name(&*d), n as usize)))
}

/// The rest parameter of a variadic arity: a seq of `n` values (consumed), or nil.
///
/// # Safety
/// `items` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn genera_rest_list_o(items: *const Value, n: u32) -> Value {
    if n == 0 {
        Value::NIL
    } else {
        coll::list_from(slice(items, n))
    }
}

unsafe fn str_arg<'a>(p: *const c_char) -> std::borrow::Cow<'a, str> {
    CStr::from_ptr(p).to_string_lossy()
}

/// The var `ns/name`, interned (vars are immortal).
///
/// # Safety
/// Both are NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn genera_var_intern(nsn: *const c_char, name: *const c_char) -> Value {
    ns::intern(&str_arg(nsn), &str_arg(name))
}

/// The value of `var` (owned); throws if unbound (JVM Clojure's
/// "Attempting to call unbound fn" when `called`).
#[no_mangle]
pub extern "C" fn genera_var_get_b(var: Value, called: u32) -> Value {
    let root = ns::var_root(var);
    if root != Value::UNBOUND && !ns::var_is_dynamic(var) {
        heap::dup(root);
        return root;
    }
    ret(ns::var_get(var).map_err(|t| {
        if called == 0 || ns::var_is_bound(var) {
            return t;
        }
        heap::drop(t.0);
        let (ns_name, name) = ns::var_name(var);
        error::illegal_state(&format!(
            "Attempting to call unbound fn: #'{ns_name}/{name}"
        ))
    }))
}

/// `def`: sets `var`'s metadata (`meta`, consumed, unless `Value::NONE`)
/// and root (`init`, consumed, unless `Value::NONE`); returns the var.
#[no_mangle]
pub extern "C" fn genera_def_o(var: Value, init: Value, meta: Value) -> Value {
    if meta != Value::NONE {
        ns::var_set_meta(var, meta);
    }
    if init != Value::NONE {
        ns::var_set_root(var, init);
    }
    var
}

/// `set!` of a var's thread binding: `v` consumed; returns a new reference to it.
#[no_mangle]
pub extern "C" fn genera_set_var_o(var: Value, v: Value) -> Value {
    heap::dup(v);
    match ns::var_set_binding(var, v) {
        Ok(()) => v,
        Err(t) => {
            heap::drop(v);
            ret(Err(t))
        }
    }
}

/// Makes `v` (consumed) and everything it holds immortal and returns it:
/// the closure of a top-level `defn` that generated code calls directly
/// (its C function gets this closure as `self` from a static, which must
/// never dangle, even if the var is redefined at run time).
#[no_mangle]
pub extern "C" fn genera_immortal_o(v: Value) -> Value {
    heap::make_immortal(v);
    v
}

/// The bits of a keyword-lookup cache word that hold the descriptor; the
/// field index is above them (user-space pointers fit in 48 bits).
const GET_CACHE_DESC_BITS: u32 = 48;

/// Every filled keyword-lookup or construction cache, so that `release_caches` can give back
/// the descriptors they hold at exit.
static GET_CACHES: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

/// `(k m)` / `(get m k)` for a constant keyword `k` at one call site of
/// generated code, the slow half of the header's `genera_get_kw`: `m` and
/// `k` borrowed, the result owned. When `m` is a record and `k` one of its
/// basis fields, the site's cache word becomes `index << 48 | descriptor`,
/// so that the next lookup on a record of that type is one compare and one
/// load (a monomorphic inline cache, after Self and the JVM's). The cache
/// holds a reference to the descriptor, so its address cannot be reused by
/// another type while cached.
///
/// # Safety
/// `cache` is the site's static word, zero until filled here.
#[no_mangle]
pub unsafe extern "C" fn genera_get_kw_b(m: Value, k: Value, cache: *mut u64) -> Value {
    if coll::record::is_record(m) {
        let desc = coll::record::desc_of(m);
        let index = coll::record::basis_index(m, k);
        if let Some(i) = index {
            fill_cache(cache, desc, i);
        }
    }
    ret(prim::get(m, k))
}

/// A new object of `size` bytes (count 1, `tag`, `scan` value fields that
/// the caller writes before anything else sees the object): the
/// allocation half of the header's inline constructors.
#[no_mangle]
pub extern "C" fn genera_alloc(size: usize, tag: u16, scan: u8) -> Value {
    let tag = Tag::from_u16(tag).unwrap_or(Tag::Record);
    Value::from_header(heap::alloc(size, tag, scan))
}

/// Points a site's cache word at `desc` (borrowed; the cache takes a
/// reference) and field index `i`, releasing the descriptor it held.
///
/// # Safety
/// `cache` is a site's static cache word, written only here and by
/// `release_caches`.
unsafe fn fill_cache(cache: *mut u64, desc: Value, i: usize) {
    if desc.0 >> GET_CACHE_DESC_BITS != 0 || i >= 1 << (64 - GET_CACHE_DESC_BITS) {
        return;
    }
    let word = ((i as u64) << GET_CACHE_DESC_BITS) | desc.0;
    // SAFETY: as the caller promises.
    if unsafe { *cache } == word {
        return;
    }
    heap::dup(desc);
    // SAFETY: as the caller promises; an atomic swap keeps concurrent fills
    // from releasing one descriptor twice.
    let cell = unsafe { std::sync::atomic::AtomicU64::from_ptr(cache) };
    let old = cell.swap(word, std::sync::atomic::Ordering::Relaxed);
    if old == 0 {
        if let Ok(mut caches) = GET_CACHES.lock() {
            caches.push(cache as usize);
        }
    } else {
        heap::drop(Value(old & ((1u64 << GET_CACHE_DESC_BITS) - 1)));
    }
}

/// `(%new T fields...)` at one site of generated code, the slow half of the
/// header's `genera_record_o` (arguments as `genera_instance_o`'s): when
/// the result is a record of `T`, the site's cache word becomes `T`'s
/// descriptor, so that the next construction into a reuse token is written
/// inline (the descriptor validated once per site, not per instance).
///
/// # Safety
/// `items` points to `n >= 1` values; `cache` is the site's static word.
#[no_mangle]
pub unsafe extern "C" fn genera_instance_cached_o(
    token: Value,
    items: *const Value,
    n: u32,
    cache: *mut u64,
) -> Value {
    let desc = if n >= 1 { *items } else { Value::NIL };
    let r = genera_instance_o(token, items, n);
    if r != THROWN && coll::record::is_record(r) && coll::record::desc_of(r) == desc {
        fill_cache(cache, desc, 0);
    }
    r
}

/// Empties every keyword-lookup cache, releasing the descriptors they hold
/// (at exit, before the leak check).
pub fn release_caches() {
    let caches = match GET_CACHES.lock() {
        Ok(mut c) => std::mem::take(&mut *c),
        Err(_) => return,
    };
    for c in caches {
        // SAFETY: registered by `genera_get_kw_b` from a static cache word.
        let cell = unsafe { std::sync::atomic::AtomicU64::from_ptr(c as *mut u64) };
        let old = cell.swap(0, std::sync::atomic::Ordering::Relaxed);
        if old != 0 {
            heap::drop(Value(old & ((1u64 << GET_CACHE_DESC_BITS) - 1)));
        }
    }
}

/// The `clojure.core` functions whose calls the C backend inlines, in the
/// order of `genera_core_fns` (the header's `GENERA_CORE_*` indexes): an
/// inlined call first checks that the function it is about to call is the
/// one the var held when the program started, so redefining one is seen.
pub const CORE_INLINES: [&str; 7] = ["instance?", "some?", "not=", "even?", "odd?", "+", "*"];

/// The values of the `CORE_INLINES` vars at start-up (immortal natives
/// only; 0 when the var holds anything else), read by the header's inline
/// paths.
#[no_mangle]
#[allow(non_upper_case_globals)]
pub static genera_core_fns: [std::sync::atomic::AtomicU64; CORE_INLINES.len()] =
    [const { std::sync::atomic::AtomicU64::new(0) }; CORE_INLINES.len()];

/// Fills `genera_core_fns` from the loaded core library (before a compiled
/// program's first unit runs).
pub fn capture_core_fns() {
    for (i, name) in CORE_INLINES.iter().enumerate() {
        let root = ns::var_root(ns::intern("clojure.core", name));
        let w = if heap::is_immortal(root) && callable::tag_of(root) == Some(Tag::NativeFn) {
            root.0
        } else {
            0
        };
        genera_core_fns[i].store(w, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A constant from its printed form (`len` bytes of UTF-8), made immortal
/// (constants live as long as the program).
///
/// # Safety
/// `text` points to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn genera_const_read(text: *const u8, len: usize) -> Value {
    let bytes = std::slice::from_raw_parts(text, len);
    let src = String::from_utf8_lossy(bytes);
    let mut reader = genera_reader::Reader::new(&src, "<constant>");
    let v = match reader.next_form() {
        Some(Ok(form)) => crate::constant::form_to_value(&form),
        _ => Value::NIL,
    };
    heap::make_immortal(v);
    v
}

/// A `case` dispatch table, made once per `case` when its unit starts: the
/// same rules as the VM's (`genera_vm` `build_case_table`): integer
/// constants of any type match the fixnum of their value, immediates and
/// keywords match by word, everything else by hash and `=`; a table of only
/// small integers (JVM Clojure's `:int` mode) never hashes a non-number.
pub struct CaseTable {
    exact: std::collections::HashMap<u64, i32>,
    general: std::collections::HashMap<u64, Vec<(Value, i32)>>,
    int_mode: bool,
}

/// Builds a case table from `n` constants (borrowed: immortal) and the arm
/// index each selects. Lives as long as the program.
///
/// # Safety
/// `consts` and `arms` point to `n` items each.
#[no_mangle]
pub unsafe extern "C" fn genera_case_table_new(
    consts: *const Value,
    arms: *const i32,
    n: u32,
) -> *mut CaseTable {
    let entries: Vec<(Value, i32)> = (0..n as usize)
        .map(|i| (*consts.add(i), *arms.add(i)))
        .collect();
    let mut t = CaseTable {
        exact: Default::default(),
        general: Default::default(),
        int_mode: entries
            .iter()
            .all(|&(v, _)| crate::num::integer_as_i64(v).is_some_and(|n| i32::try_from(n).is_ok())),
    };
    for &(v, arm) in &entries {
        let fix = crate::num::integer_as_i64(v)
            .filter(|n| Value::fits_fixnum(*n))
            .map(Value::fixnum);
        let simple = v.is_immediate() || crate::string::is_keyword(v);
        if let Some(k) = fix {
            t.exact.entry(k.0).or_insert(arm);
        } else if simple {
            t.exact.entry(v.0).or_insert(arm);
        }
        if !simple {
            if let Ok(h) = crate::equiv::hash(v) {
                t.general.entry(h as u32 as u64).or_default().push((v, arm));
            }
        }
    }
    Box::into_raw(Box::new(t))
}

/// The arm `scrut` (borrowed) selects: its index, -1 for the default, or
/// -2 with an exception pending (hashing or `=` can realize a lazy seq).
///
/// # Safety
/// `t` came from `genera_case_table_new`.
#[no_mangle]
pub unsafe extern "C" fn genera_case_dispatch_b(t: *const CaseTable, scrut: Value) -> i32 {
    let t = &*t;
    if let Some(&arm) = t.exact.get(&scrut.0) {
        return arm;
    }
    if !scrut.is_ptr()
        || crate::string::is_keyword(scrut)
        || (t.int_mode && !crate::num::is_number(scrut))
    {
        return -1;
    }
    let r = crate::equiv::hash(scrut).and_then(|h| {
        if let Some(cands) = t.general.get(&(h as u32 as u64)) {
            for &(c, arm) in cands {
                if crate::equiv::equiv(scrut, c)? {
                    return Ok(arm);
                }
            }
        }
        Ok(-1)
    });
    match r {
        Ok(arm) => arm,
        Err(t) => {
            set_pending(t.0);
            -2
        }
    }
}

/// The slow halves of the primitives (`genera_ir::PrimOp`): the header
/// inlines the fixnum fast paths and calls these for everything else.
macro_rules! prim_abi {
    ($($cname:ident = $f:path, ($($a:ident),*));* $(;)?) => {$(
        #[doc = concat!("`", stringify!($f), "`: see `prim` for which arguments it consumes.")]
        #[no_mangle]
        pub extern "C" fn $cname($($a: Value),*) -> Value {
            ret($f($($a),*))
        }
    )*};
}

fn ok(v: Value) -> Res {
    Ok(v)
}
fn identical(a: Value, b: Value) -> Res {
    ok(prim::identical(a, b))
}
fn not(a: Value) -> Res {
    ok(prim::not(a))
}
fn is_nil(a: Value) -> Res {
    ok(prim::is_nil(a))
}
fn exception_is(a: Value, b: Value) -> Res {
    ok(prim::exception_is(a, b))
}

prim_abi! {
    genera_add_b = prim::add, (a, b);
    genera_sub_b = prim::sub, (a, b);
    genera_mul_b = prim::mul, (a, b);
    genera_div_b = prim::div, (a, b);
    genera_neg_b = prim::neg, (a);
    genera_inc_b = prim::inc, (a);
    genera_dec_b = prim::dec, (a);
    genera_quot_b = prim::quot, (a, b);
    genera_rem_b = prim::rem, (a, b);
    genera_mod_b = prim::modulo, (a, b);
    genera_lt_b = prim::lt, (a, b);
    genera_gt_b = prim::gt, (a, b);
    genera_le_b = prim::le, (a, b);
    genera_ge_b = prim::ge, (a, b);
    genera_num_eq_b = prim::num_eq, (a, b);
    genera_equiv_b = prim::equiv, (a, b);
    genera_identical_b = identical, (a, b);
    genera_not_b = not, (a);
    genera_is_nil_b = is_nil, (a);
    genera_is_zero_b = prim::is_zero, (a);
    genera_first_b = prim::first, (a);
    genera_rest_b = prim::rest, (a);
    genera_next_b = prim::next, (a);
    genera_seq_b = prim::seq, (a);
    genera_count_o = prim::count, (a);
    genera_nth_o = prim::nth, (a, i);
    genera_get_b = prim::get, (a, k);
    genera_conj_o = prim::conj, (a, x);
    genera_assoc_o = prim::assoc, (a, k, v);
    genera_deref_b = prim::deref, (a);
    genera_exception_is_b = exception_is, (a, b);
    genera_with_meta_o = prim::with_meta, (a, m);
}

/// The C header for generated code: layout constants from the runtime's
/// own definitions, the ABI's declarations, and the inline fast paths.
pub fn c_header() -> String {
    let consts = format!(
        "#define GENERA_TAG_FIXNUM {TAG_FIXNUM}ull\n\
         #define GENERA_TAG_IMMEDIATE {TAG_IMMEDIATE}ull\n\
         #define GV_NIL {nil}ull\n\
         #define GV_FALSE {fls}ull\n\
         #define GV_TRUE {tru}ull\n\
         #define GV_NONE {none}ull\n\
         #define GV_THROWN {thrown}ull\n\
         #define GV_TAIL {tail}ull\n\
         #define GENERA_HEADER_SIZE {HEADER_SIZE}\n\
         #define GENERA_OFFSET_RC {OFFSET_RC}\n\
         #define GENERA_OFFSET_TAG {OFFSET_TAG}\n\
         #define GENERA_RC_STICKY_LOCAL {RC_STICKY_LOCAL}\n\
         #define GENERA_TAG_CLOSURE {closure}\n\
         #define GENERA_TAG_CODE {code}\n\
         #define GENERA_CLOSURE_CODE_OFFSET {HEADER_SIZE}\n\
         #define GENERA_CLOSURE_CAPTURES_OFFSET {caps}\n\
         #define GENERA_CODE_PAYLOAD_OFFSET {payload}\n\
         #define GENERA_CODE_OPS_OFFSET {ops}\n\
         #define GENERA_TAG_RECORD {record}\n\
         #define GV_UNBOUND {unbound}ull\n\
         #define GENERA_VAR_ROOT_OFFSET {HEADER_SIZE}\n\
         #define GENERA_VAR_FLAGS_OFFSET {var_flags}\n\
         #define GENERA_VAR_DYNAMIC {dynamic}ull\n\
         #define GENERA_GET_CACHE_DESC_BITS {GET_CACHE_DESC_BITS}\n\
         #define GENERA_OFFSET_SCAN {OFFSET_SCAN}\n\
         #define GENERA_OFFSET_FLAGS {OFFSET_FLAGS}\n\
         #define GENERA_TAG_TOKEN {token}\n\
         #define GENERA_TAG_TYPEDESC {typedesc}\n\
         #define GENERA_TAG_DEFTYPE {deftype}\n\
         #define GENERA_TAG_REIFY {reify}\n\
         {core}",
        typedesc = Tag::TypeDesc as u16,
        deftype = Tag::Deftype as u16,
        reify = Tag::Reify as u16,
        core = CORE_INLINES
            .iter()
            .enumerate()
            .map(|(i, n)| format!("#define GENERA_CORE_{} {i}\n", core_macro(n)))
            .collect::<String>(),
        token = heap::TOKEN_TAG as u16,
        record = Tag::Record as u16,
        unbound = Value::UNBOUND.0,
        var_flags = HEADER_SIZE + 8 * 3,
        dynamic = ns::VAR_DYNAMIC,
        caps = HEADER_SIZE + 8,
        payload = HEADER_SIZE + 8,
        ops = HEADER_SIZE + 16,
        nil = Value::NIL.0,
        fls = Value::FALSE.0,
        tru = Value::TRUE.0,
        none = Value::NONE.0,
        thrown = THROWN.0,
        tail = TAIL.0,
        closure = Tag::Closure as u16,
        code = Tag::Code as u16,
    );
    debug_assert_eq!(Value::NIL.0, (IMM_NIL << IMM_KIND_SHIFT) | TAG_IMMEDIATE);
    debug_assert_eq!(Value::TRUE.0, (IMM_TRUE << IMM_KIND_SHIFT) | TAG_IMMEDIATE);
    debug_assert_eq!(
        Value::FALSE.0,
        (IMM_FALSE << IMM_KIND_SHIFT) | TAG_IMMEDIATE
    );
    debug_assert_eq!(Value::NONE.0, (IMM_NONE << IMM_KIND_SHIFT) | TAG_IMMEDIATE);
    let _ = Header::word;
    format!("{}{consts}{}", HEADER_PRELUDE, HEADER_BODY)
}

/// The header's name for a `CORE_INLINES` function: `not=` -> `NOT_EQ`,
/// `some?` -> `SOME_P`, `+` -> `ADD`.
pub fn core_macro(name: &str) -> String {
    match name {
        "not=" => "NOT_EQ".into(),
        "+" => "ADD".into(),
        "*" => "MUL".into(),
        _ => name.replace('?', "_P").to_uppercase(),
    }
}

const HEADER_PRELUDE: &str = "/* genera.h: the runtime's C ABI for generated code. Generated by\n   genera_runtime::cabi::c_header from the runtime's layout constants; do not edit. */\n#ifndef GENERA_H\n#define GENERA_H\n#include <stdint.h>\n#include <stddef.h>\n\n";

const HEADER_BODY: &str = include_str!("cabi_body.h");
