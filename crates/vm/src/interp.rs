//! The dispatch loop, the register stack and the calling convention.
//!
//! Each thread has one register stack: a contiguous array of `STACK_SLOTS`
//! value words, mapped zeroed on first use (so its pages are committed only
//! as deep recursion touches them) and never moved, so raw pointers into it
//! stay valid while re-entrant calls push frames above. A frame is a window
//! `stack[base .. base + nregs]`; `Vm::top` is the end of the innermost
//! window, where the next call's arguments are gathered and the next frame
//! (or re-entrant run) starts. The frame records of every run on the thread
//! sit in one `Vec<Frame>`, so the whole call chain is in two arrays the
//! runtime can walk.
//!
//! Actors: each actor other than the main program has a `Vm` of its own
//! (`new_actor_context`), with a smaller register stack and frame array
//! (`ACTOR_STACK_SLOTS`, `ACTOR_MAX_FRAMES`), and runs on its own machine
//! stack (a coroutine, see `genera_runtime::actor`). The scheduler makes an
//! actor's `Vm` current (`swap_context`) before resuming it; a dispatch loop
//! keeps the `Vm` pointer it started with, so a suspended run resumes on
//! its own state.
//!
//! Safety model: the `Vm` lives in a thread-local and is reached through a
//! raw pointer. Re-entrant runs (a native calling back into a closure) use it
//! while the outer run is suspended inside that native call, so the loop
//! never holds a Rust reference into the `Vm` across a call out; it reads and
//! writes fields through the pointer. Register operands are in range because
//! the compiler numbers registers below `nregs` and `enter` checks that the
//! window fits in the stack; instruction fetches are in range because
//! `compile::check` proves every path ends in a terminator and every target
//! is inside the code.

use crate::bytecode::{ArityCode, CodeRef, Inst, Lam, NO_HANDLER, NO_REG};
use crate::rt;
use genera_runtime::tag::Tag;
use genera_runtime::{callable, coll, heap, seq, Res, Thrown, Value};
use std::cell::UnsafeCell;

/// Value slots in each thread's register stack (64 MiB of address space,
/// committed as used). Exhausting it throws StackOverflowError.
pub const STACK_SLOTS: usize = 1 << 23;
/// The most frames alive at once on a thread; one more throws StackOverflowError.
pub const MAX_FRAMES: usize = 1 << 21;
/// Frame records reserved beyond the limit: the two records a lazy seq's
/// realization pushes above a frame that passed the check.
const FRAME_SPARE: usize = 4;
/// Value slots in an actor's register stack (1 MiB of address space,
/// committed as used).
pub const ACTOR_STACK_SLOTS: usize = 1 << 17;
/// The most frames alive at once in an actor.
pub const ACTOR_MAX_FRAMES: usize = 1 << 14;

/// Pushes a frame record without a capacity check.
///
/// # Safety
/// `vm` is this thread's Vm with its stack allocated, and the frame count is
/// below `max_frames + FRAME_SPARE` (`enter` checks `max_frames`).
#[inline(always)]
unsafe fn push_frame(vm: *mut Vm, fr: Frame) -> *mut Frame {
    let len = (*vm).nframes;
    debug_assert!(len < (*vm).max_frames + FRAME_SPARE);
    let p = (*vm).frames.add(len);
    p.write(fr);
    (*vm).nframes = len + 1;
    p
}

/// Pops the innermost frame record; returns the count left.
///
/// # Safety
/// `vm` is this thread's Vm and has a frame record.
#[inline(always)]
unsafe fn pop_frame(vm: *mut Vm) -> usize {
    let len = (*vm).nframes - 1;
    (*vm).nframes = len;
    len
}
/// The most re-entrant runs (native code calling back into closures) nested
/// at once on a thread.
pub const MAX_NESTING: u32 = 10_000;
/// How much Rust stack re-entrant runs may use below the outermost one,
/// unless `set_native_stack_budget` says otherwise.
pub const DEFAULT_NATIVE_STACK_BUDGET: usize = 1 << 20;
/// Reductions in one slice: the counter is refilled (and, with actors, the
/// process may be preempted) when it runs out.
pub const REDUCTIONS_PER_SLICE: u32 = 4000;

/// The record of a frame, the running one included (the dispatch loop
/// keeps a pointer to it rather than copies of its fields, so a call and a
/// return move no state through locals), or (with a null `lam`) a marker
/// for a lazy seq whose body runs in the frame above: `closure` is then the
/// lazy seq (owned), and the frame below is the one whose seq instruction
/// forced it.
#[derive(Clone, Copy)]
struct Frame {
    /// The frame's closure (owned if `owned`, else borrowed from a var
    /// root, which keeps it alive: see `ns::begin_root_borrows`).
    closure: Value,
    lam: *const Lam,
    base: u32,
    /// Where the frame resumes when its callee returns (a pointer into its
    /// lambda's code); `resume - 1` is its call instruction. Written at the
    /// call.
    resume: *const Inst,
    /// The arity running (inside `lam`; null in a marker).
    arity: *const ArityCode,
    /// The register that receives the callee's result. Written at the call.
    dst: u16,
    /// Whether the frame owns `closure`.
    owned: bool,
}

struct Vm {
    /// The register stack (`stack_slots` words), then room for
    /// `max_frames + FRAME_SPARE` frame records: one mapping, null until
    /// first used.
    stack: *mut Value,
    top: usize,
    frames: *mut Frame,
    nframes: usize,
    stack_slots: usize,
    max_frames: usize,
    nesting: u32,
    /// Address of a local in the outermost run, to measure Rust stack use.
    origin: usize,
    native_stack_budget: usize,
    reductions: u64,
}

impl Vm {
    const fn new(stack_slots: usize, max_frames: usize, native_stack_budget: usize) -> Vm {
        Vm {
            stack: std::ptr::null_mut(),
            top: 0,
            frames: std::ptr::null_mut(),
            nframes: 0,
            stack_slots,
            max_frames,
            nesting: 0,
            origin: 0,
            native_stack_budget,
            reductions: 0,
        }
    }

    fn mapping_len(&self) -> usize {
        self.stack_slots * std::mem::size_of::<Value>()
            + (self.max_frames + FRAME_SPARE) * std::mem::size_of::<Frame>()
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        if !self.stack.is_null() {
            // SAFETY: mapped in `ensure_stack` with this length.
            unsafe { libc::munmap(self.stack as *mut libc::c_void, self.mapping_len()) };
        }
    }
}

thread_local! {
    /// The main program's Vm (and the only one without actors).
    static MAIN_VM: UnsafeCell<Vm> =
        const { UnsafeCell::new(Vm::new(STACK_SLOTS, MAX_FRAMES, DEFAULT_NATIVE_STACK_BUDGET)) };
    /// The Vm of the running actor; null while the main program runs.
    static CURRENT: std::cell::Cell<*mut Vm> = const { std::cell::Cell::new(std::ptr::null_mut()) };
}

fn vm() -> *mut Vm {
    let p = CURRENT.with(|c| c.get());
    if p.is_null() {
        MAIN_VM.with(|v| v.get())
    } else {
        p
    }
}

/// A fresh VM state for an actor (owned; release with
/// `free_actor_context`). Its stacks are mapped when it first runs code.
/// `native_stack_budget` is how much of the actor's machine stack
/// re-entrant runs may use.
pub fn new_actor_context(native_stack_budget: usize) -> *mut () {
    Box::into_raw(Box::new(Vm::new(
        ACTOR_STACK_SLOTS,
        ACTOR_MAX_FRAMES,
        native_stack_budget,
    ))) as *mut ()
}

/// Releases a state made by `new_actor_context` (consumed); its run must
/// have ended (no frames).
pub fn free_actor_context(ctx: *mut ()) {
    if ctx.is_null() {
        return;
    }
    // SAFETY: made by `new_actor_context` and not current (the scheduler
    // swaps it out before an actor is freed).
    let vm = unsafe { Box::from_raw(ctx as *mut Vm) };
    debug_assert!(vm.nframes == 0 && vm.nesting == 0);
    drop(vm);
}

/// Makes `ctx` (from `new_actor_context`, or null for the main program's)
/// the current VM state; returns the one that was current.
pub fn swap_context(ctx: *mut ()) -> *mut () {
    CURRENT.with(|c| c.replace(ctx as *mut Vm)) as *mut ()
}

/// Reductions an actor's VM state has run (null: the main program's).
pub fn context_reductions(ctx: *mut ()) -> u64 {
    if ctx.is_null() {
        // SAFETY: a plain read of this thread's main Vm.
        return MAIN_VM.with(|v| unsafe { (*v.get()).reductions });
    }
    // SAFETY: ctx is a live state from `new_actor_context`.
    unsafe { (*(ctx as *mut Vm)).reductions }
}

/// # Safety
/// `vm` is this thread's `Vm`.
unsafe fn ensure_stack(vm: *mut Vm) {
    if (*vm).stack.is_null() {
        // One anonymous mapping, reserved but not committed: every slot
        // reads as zero (a valid, if meaningless, word) and the OS commits
        // pages only as deep recursion touches them. The frame records
        // follow the registers, so a call pushes its record without a
        // capacity check (`push_frame`).
        let len = (*vm).mapping_len();
        let p = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            std::alloc::handle_alloc_error(
                std::alloc::Layout::from_size_align(len, 8).expect("register stack layout"),
            );
        }
        (*vm).stack = p as *mut Value;
        (*vm).frames =
            (p as *mut u8).add((*vm).stack_slots * std::mem::size_of::<Value>()) as *mut Frame;
    }
}

/// The name of a closure this tier compiled (for `fn_name`, printing).
pub fn closure_name(f: Value) -> String {
    if !is_closure(f) {
        return "fn".into();
    }
    // SAFETY: f is a live closure.
    match unsafe { closure_lam(f) } {
        // SAFETY: the Lam lives as long as f.
        Some(lam) => unsafe { (*lam).name.clone() },
        None => "fn".into(),
    }
}

/// Total reductions (calls and loop back-edges) executed on this thread.
pub fn reductions() -> u64 {
    // SAFETY: a plain read of this thread's Vm.
    unsafe { (*vm()).reductions }
}

/// Sets how many bytes of Rust stack nested re-entrant runs may use before
/// throwing StackOverflowError (measured from the outermost run).
pub fn set_native_stack_budget(bytes: usize) {
    // SAFETY: a plain write to this thread's Vm.
    unsafe { (*vm()).native_stack_budget = bytes };
}

/// The closure invoker installed in the runtime: runs closure `f` with `args`
/// (both borrowed) in a nested dispatch loop on this thread's register stack.
pub fn invoke_closure(f: Value, args: &[Value]) -> Res {
    run_nested(f, args, false, None)
}

/// The runtime's `invoke_owned` for closures: runs closure `f` (borrowed)
/// with `args` (owned: moved to the callee's frame, so the callee may
/// update an unshared argument in place).
pub fn invoke_closure_owned(f: Value, args: &[Value]) -> Res {
    run_nested(f, args, true, None)
}

/// The closure applier installed in the runtime (`apply`): calls closure `f`
/// with `fixed` followed by the items of the seqable `rest` (`f` and `fixed`
/// borrowed, `rest` owned).
///
/// Only as many items of `rest` are realized as choosing the arity needs:
/// one more argument than the largest fixed arity takes (and, as on the JVM,
/// the `seq` of what follows). If the arguments end there, the call is an
/// ordinary one. Otherwise only the variadic
/// arity can take it, and its rest parameter is the arguments beyond its
/// fixed parameters consed onto the unrealized remainder of `rest`, so
/// `(apply concat (repeat [1 2]))` returns. Lambdas without a variadic arity
/// (and closures of another tier) get the whole seq realized, as an arity
/// error must count the arguments.
pub fn apply_closure(f: Value, fixed: &[Value], rest: Value) -> Res {
    // SAFETY: the runtime calls the applier with a live closure; its Lam
    // lives as long as `f`, which the caller holds throughout.
    let Some(lam) = (unsafe { closure_lam(f) }) else {
        return callable::apply_realized(f, fixed, rest);
    };
    // SAFETY: as above.
    let lam = unsafe { &*lam };
    let Some(va) = lam.arities.iter().position(|a| a.variadic) else {
        return callable::apply_realized(f, fixed, rest);
    };
    let nfixed = lam.arities[va].nparams as usize;
    let max_fixed = lam
        .arities
        .iter()
        .map(|a| a.nparams as usize)
        .max()
        .unwrap_or(0);
    let want = (max_fixed + 1).saturating_sub(fixed.len());
    let (taken, tail) = seq::split_at_owned(rest, want)?;
    let drop_taken = |taken: Vec<Value>| {
        for x in taken {
            heap::drop(x);
        }
    };
    // Like the JVM's `RestFn.applyTo` (`boundedLength`, then `next`), the
    // remainder after those items is `seq`ed: one more item is realized.
    let tail = if taken.len() < want {
        heap::drop(tail);
        Value::NIL
    } else {
        let s = seq::seq(tail);
        heap::drop(tail);
        match s {
            Ok(s) => s,
            Err(e) => {
                drop_taken(taken);
                return Err(e);
            }
        }
    };
    let mut args = Vec::with_capacity(fixed.len() + taken.len());
    args.extend_from_slice(fixed);
    args.extend_from_slice(&taken);
    let r = if tail.is_nil() {
        // The arguments are all here: an ordinary call.
        run_nested(f, &args, false, None)
    } else {
        // More than `max_fixed` arguments: the variadic arity's. Its rest
        // parameter is args[nfixed..] followed by the unrealized tail.
        let mut more = tail;
        for &x in args[nfixed..].iter().rev() {
            heap::dup(x);
            more = coll::cons(x, more);
        }
        run_nested(f, &args[..nfixed], false, Some((va, more)))
    };
    drop_taken(taken);
    r
}

/// Runs closure `f` (borrowed) in a nested dispatch loop with `args`
/// (borrowed, or owned and moved to the frame if `owned`). With
/// `rest = Some((arity, more))`, runs that (variadic) arity with `args` as
/// its fixed parameters and `more` (owned) as its rest parameter; otherwise
/// picks the arity from the argument count.
fn run_nested(f: Value, args: &[Value], owned: bool, rest: Option<(usize, Value)>) -> Res {
    let vm = vm();
    let drop_rest = |rest: Option<(usize, Value)>| {
        if let Some((_, more)) = rest {
            heap::drop(more);
        }
        if owned {
            for a in args {
                heap::drop(*a);
            }
        }
    };
    // SAFETY: vm is this thread's Vm; see the module doc for the model.
    unsafe {
        ensure_stack(vm);
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        if (*vm).nesting == 0 {
            (*vm).origin = here;
        } else if (*vm).origin.saturating_sub(here) > (*vm).native_stack_budget
            || (*vm).nesting >= MAX_NESTING
        {
            drop_rest(rest);
            return Err(rt::stack_overflow());
        }
        let top = (*vm).top;
        let n = args.len();
        if top + n + rest.is_some() as usize > (*vm).stack_slots {
            drop_rest(rest);
            return Err(rt::stack_overflow());
        }
        heap::dup(f);
        let argp = (*vm).stack.add(top);
        for (i, a) in args.iter().enumerate() {
            if !owned {
                heap::dup(*a);
            }
            *argp.add(i) = *a;
        }
        let (lam, arity) = match rest {
            None => enter(vm, f, true, top, n)?,
            Some((arity, more)) => {
                *argp.add(n) = more;
                enter_variadic(vm, f, top, n, arity)?
            }
        };
        let outermost = (*vm).nesting == 0;
        if outermost {
            genera_runtime::ns::begin_root_borrows();
        }
        (*vm).nesting += 1;
        let result = run(vm, f, lam, arity, top);
        (*vm).nesting -= 1;
        if outermost {
            genera_runtime::ns::end_root_borrows();
        }
        (*vm).top = top;
        debug_assert!(
            (*vm).nesting > 0 || ((*vm).nframes == 0 && top == 0),
            "VM state not unwound"
        );
        result
    }
}

#[inline(always)]
fn is_closure(f: Value) -> bool {
    // SAFETY: a pointer value refers to a live object with a header.
    f.is_ptr() && unsafe { (*f.header()).tag } == Tag::Closure as u16
}

/// The compiled lambda of closure `f`, if this tier compiled it.
///
/// # Safety
/// `f` is a live closure; the result is valid while `f` lives.
#[inline(always)]
unsafe fn closure_lam(f: Value) -> Option<*const Lam> {
    crate::bytecode::code_lam(callable::closure_code(f))
}

/// Copies the registers listed at `ops[..n]` of window `regs` to `dst[..n]`.
/// Straight-line for the usual few arguments (a loop for more), so a call
/// does not pay for a general unrolled copy.
///
/// # Safety
/// `ops` has `n` register numbers inside `regs`'s window; `dst` has room
/// for `n` values and does not overlap the registers read.
#[inline(always)]
unsafe fn copy_args(dst: *mut Value, regs: *const Value, ops: *const u16, n: usize) {
    let arg = |i: usize| *regs.add(*ops.add(i) as usize);
    // Compares rather than a `match`, which becomes a jump table: one
    // predictable branch for the common one argument.
    if n == 1 {
        *dst = arg(0);
    } else if n == 2 {
        *dst = arg(0);
        *dst.add(1) = arg(1);
    } else if n == 3 {
        *dst = arg(0);
        *dst.add(1) = arg(1);
        *dst.add(2) = arg(2);
    } else {
        for i in 0..n {
            *dst.add(i) = arg(i);
        }
    }
}

/// The compiled lambda of closure `f` if this tier made it and it has been
/// decoded (`None` for a code object still lazy in an image: the general
/// path decodes it).
///
/// # Safety
/// `f` is a live closure; the result is valid while `f` lives.
#[inline(always)]
unsafe fn closure_lam_ready(f: Value) -> Option<*const Lam> {
    let code = callable::closure_code(f);
    if std::ptr::eq(callable::code_ops(code), &crate::bytecode::CODE_OPS) {
        // SAFETY: this tier's code objects' payload is a live CodeRef whose
        // first field (repr(C)) is `lam`.
        Some(*(callable::code_payload_raw(code) as *const *const Lam))
    } else {
        None
    }
}

/// The payload of closure `f`'s code object, if this tier made it.
///
/// # Safety
/// `f` is a live closure; the result is valid while `f` lives.
#[inline(always)]
unsafe fn closure_code_ref(f: Value) -> Option<*const CodeRef> {
    let code = callable::closure_code(f);
    crate::bytecode::code_lam(code).map(|_| callable::code_payload_raw(code) as *const CodeRef)
}

/// Releases a callee (if `owned`) and its `n` gathered arguments after a
/// call that did not take them, or that only borrowed them.
///
/// # Safety
/// `args` points to `n` owned values.
#[inline]
unsafe fn release(f: Value, owned: bool, args: *const Value, n: usize) {
    for i in 0..n {
        heap::drop(*args.add(i));
    }
    if owned {
        heap::drop(f);
    }
}

/// Prepares a frame for closure `f` (owned if `owned`, else borrowed from
/// a var root) called with the `nargs` owned arguments at `stack[base..]`:
/// picks the arity, checks the window fits and collects a rest parameter.
/// On failure releases `f` (if owned) and the arguments.
///
/// # Safety
/// `vm` is this thread's Vm with its stack allocated; `f` is a closure.
#[inline(always)]
unsafe fn enter(
    vm: *mut Vm,
    f: Value,
    owned: bool,
    base: usize,
    nargs: usize,
) -> Result<(*const Lam, usize), Thrown> {
    let args = (*vm).stack.add(base);
    let Some(lam) = closure_lam(f) else {
        release(f, owned, args, nargs);
        return Err(rt::illegal_state("a closure compiled by another tier"));
    };
    let Some(arity) = (&*lam).select_arity(nargs) else {
        let e = rt::arity_error(&(&*lam).name, nargs);
        release(f, owned, args, nargs);
        return Err(e);
    };
    let a = (&*lam).arities.get_unchecked(arity);
    if base + a.nregs as usize > (*vm).stack_slots || (*vm).nframes >= (*vm).max_frames {
        release(f, owned, args, nargs);
        return Err(rt::stack_overflow());
    }
    if a.variadic {
        let fixed = a.nparams as usize;
        let extra = std::slice::from_raw_parts(args.add(fixed), nargs - fixed);
        *args.add(fixed) = rt::list(extra);
    }
    Ok((lam, arity))
}

/// Like `enter` for variadic arity `arity` of closure `f` (owned), whose
/// `nfixed` fixed arguments and rest parameter (all owned) are already in
/// place at `stack[base..=base + nfixed]`. On failure releases `f` and them.
///
/// # Safety
/// `vm` is this thread's Vm with its stack allocated; `f` is a closure of
/// this tier and `arity` is one of its variadic arities.
unsafe fn enter_variadic(
    vm: *mut Vm,
    f: Value,
    base: usize,
    nfixed: usize,
    arity: usize,
) -> Result<(*const Lam, usize), Thrown> {
    let args = (*vm).stack.add(base);
    let lam = match closure_lam(f) {
        Some(lam)
            if (&*lam)
                .arities
                .get(arity)
                .is_some_and(|a| a.variadic && a.nparams as usize == nfixed) =>
        {
            lam
        }
        _ => {
            release(f, true, args, nfixed + 1);
            return Err(rt::illegal_state("no such variadic arity"));
        }
    };
    let a = (&*lam).arities.get_unchecked(arity);
    if base + a.nregs as usize > (*vm).stack_slots || (*vm).nframes >= (*vm).max_frames {
        release(f, true, args, nfixed + 1);
        return Err(rt::stack_overflow());
    }
    Ok((lam, arity))
}

/// Ends the frame of record `fr`: releases the parameters it borrowed and
/// its closure. The lambda may die with the closure, so nothing reads
/// `lam` afterwards.
///
/// # Safety
/// The frame is live and `regs` is its window.
#[inline(always)]
unsafe fn exit_frame(fr: *const Frame, regs: *mut Value) {
    let borrowed = &(*(*fr).arity).borrowed_params;
    for &r in borrowed {
        heap::drop(*regs.add(r as usize));
    }
    if (*fr).owned {
        heap::drop((*fr).closure);
    }
}

/// Calls something that is not a closure: natives directly, anything else
/// (keywords, maps, vars, ...) through the runtime's generic apply. The
/// arguments are the caller's owned, gathered values: a native that
/// consumes its arguments gets them as they are (it may take some, leaving
/// nil), others borrow them; the caller releases what is left afterwards.
///
/// # Safety
/// `args` points to `n` owned values that nothing else reads or writes
/// during the call.
#[inline]
unsafe fn call_other(f: Value, args: *mut Value, n: usize) -> Res {
    if f.is_ptr() && (*f.header()).tag == Tag::NativeFn as u16 {
        if callable::native_fn_consumes(f) {
            callable::native_fn_consuming_ptr(f)(std::slice::from_raw_parts_mut(args, n))
        } else {
            callable::native_fn_ptr(f)(std::slice::from_raw_parts(args, n))
        }
    } else {
        callable::invoke(f, std::slice::from_raw_parts(args, n))
    }
}

/// The inline fast path of calling data as a function with one argument
/// (borrowed): `(v i)` on a vector with an index in range, `(:k m)` and
/// `(m :k)` on maps (an array map scanned by identity), `(:k r)` on a
/// record, `(:k nil)`, `(m k)` and `(s x)`. `None` for everything else,
/// which goes the generic way (`callable::invoke`) and so keeps its exact
/// results and errors (an index out of range, a keyword on a number). The
/// result is owned.
#[inline(always)]
fn call_data_fast(f: Value, x: Value) -> Option<Res> {
    let tag = tag_word(f)?;
    if tag == Tag::Vector as u16 {
        if x.is_fixnum() {
            return coll::vector_item(f, x.as_fixnum()).map(|v| Ok(dupd(v)));
        }
        None
    } else if tag == Tag::Keyword as u16 {
        keyword_lookup(f, x)
    } else if tag == Tag::Map as u16 {
        let found = if rt::is_keyword(x) {
            coll::map_lookup_keyword(f, x)
        } else {
            coll::map_lookup(f, x)
        };
        Some(found.map(|v| dupd(v.unwrap_or(Value::NIL))))
    } else if tag == Tag::Set as u16 {
        Some(coll::get(f, x))
    } else {
        None
    }
}

/// `(:k x)` / `(get x :k)` on a map, a record or nil, else `None`.
#[inline(always)]
fn keyword_lookup(k: Value, x: Value) -> Option<Res> {
    if x.is_nil() {
        return Some(Ok(Value::NIL));
    }
    let t = tag_word(x)?;
    let found = if t == Tag::Map as u16 {
        coll::map_lookup_keyword(x, k)
    } else if t == Tag::Record as u16 {
        coll::record::record_lookup(x, k)
    } else {
        return None;
    };
    Some(found.map(|v| dupd(v.unwrap_or(Value::NIL))))
}

/// Whether a var root with this tag may be called borrowed: closures (a
/// replaced root is retired until the run ends), natives and keywords
/// (immortal), and vectors (indexing one runs no code that could replace
/// the root meanwhile).
#[inline(always)]
fn borrowable_root(tag: u16) -> bool {
    tag == Tag::Closure as u16
        || tag == Tag::NativeFn as u16
        || tag == Tag::Keyword as u16
        || tag == Tag::Vector as u16
}

/// `v` with one more reference (returned owned).
#[inline(always)]
fn dupd(v: Value) -> Value {
    heap::dup(v);
    v
}

/// The tag of a heap object, `None` for an immediate.
#[inline(always)]
fn tag_word(v: Value) -> Option<u16> {
    // SAFETY: a pointer value refers to a live object with a header.
    v.is_ptr().then(|| unsafe { (*v.header()).tag })
}

/// The inline fast path of `nth`/`get` on a vector with a fixnum index in
/// range (the item, borrowed); `None` sends everything else the generic way.
#[inline(always)]
fn vector_index_fast(v: Value, i: Value) -> Option<Value> {
    if i.is_fixnum() && tag_word(v) == Some(Tag::Vector as u16) {
        coll::vector_item(v, i.as_fixnum())
    } else {
        None
    }
}

/// The inline fast path of `(get m k)`: a keyword in a map or record, an
/// index in a vector; `None` for the generic way.
#[inline(always)]
fn get_fast(c: Value, k: Value) -> Option<Res> {
    if let Some(v) = vector_index_fast(c, k) {
        return Some(Ok(dupd(v)));
    }
    if rt::is_keyword(k) {
        return keyword_lookup(k, c);
    }
    None
}

/// Runs closure `closure` (owned by the new frame), whose arity `arity` has
/// its arguments bound at `stack[base..]`, until that frame returns.
///
/// # Safety
/// `vm` is this thread's Vm; `enter` prepared the frame.
unsafe fn run(vm: *mut Vm, closure: Value, lam: *const Lam, arity: usize, base: usize) -> Res {
    let floor = (*vm).nframes;
    let stack = (*vm).stack;
    // run's own frame owns its closure (run_nested dup'd it). `enter`
    // checked there is room for its record.
    let mut fp = push_frame(
        vm,
        Frame {
            closure,
            lam,
            base: base as u32,
            resume: std::ptr::null(),
            arity: (&*lam).arities.as_ptr().add(arity),
            dst: 0,
            owned: true,
        },
    );
    let mut lam = lam;
    let mut regs = stack.add(base);
    let mut code = (&*lam).code.as_ptr();
    // The next instruction: a pointer, so a dispatch is one load and one
    // add (a jump target is an index from `code`).
    let mut ip = code.add((&*lam).arities.get_unchecked(arity).entry as usize);
    let mut budget = REDUCTIONS_PER_SLICE;
    (*vm).top = base + (&*lam).arities.get_unchecked(arity).nregs as usize;

    macro_rules! reg {
        ($r:expr) => {
            *regs.add($r as usize)
        };
    }
    // The side table and constants are read through `lam` rather than
    // kept in locals: fewer values live across the dispatch loop, so fewer
    // spills on every instruction and frame switch.
    macro_rules! side {
        ($i:expr) => {
            *(&*lam).side.as_ptr().add($i)
        };
    }
    // Makes the frame of record `fp` current (after `lam = (*fp).lam`),
    // its window ending at `$top`.
    macro_rules! load_frame {
        ($top:expr) => {
            regs = stack.add((*fp).base as usize);
            code = (&*lam).code.as_ptr();
            (*vm).top = $top;
            debug_assert_eq!(
                (*vm).top,
                (*fp).base as usize + (*(*fp).arity).nregs as usize
            );
        };
        () => {
            load_frame!((*fp).base as usize + (*(*fp).arity).nregs as usize)
        };
    }
    macro_rules! tick {
        ($($release:expr)?) => {
            budget -= 1;
            if budget == 0 {
                // The preemption point for actors (the scheduler runs
                // others and may deliver an exit signal as an exception),
                // and where Ctrl-C / nREPL `interrupt` stops an evaluation
                // (a call first releases its callee and arguments, as a
                // failing `enter` does).
                (*vm).reductions += REDUCTIONS_PER_SLICE as u64;
                budget = REDUCTIONS_PER_SLICE;
                if genera_runtime::interrupt::take() {
                    $($release;)?
                    tri!(Err(genera_runtime::interrupt::interrupted()));
                }
                if genera_runtime::actor::others_waiting() {
                    if let Err(e) = genera_runtime::actor::preempt() {
                        $($release;)?
                        tri!(Err(e));
                    }
                }
            }
        };
    }
    macro_rules! flush_reductions {
        () => {
            (*vm).reductions += (REDUCTIONS_PER_SLICE - budget) as u64;
        };
    }

    'outer: loop {
        let exn: Value = 'dispatch: loop {
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(Thrown(e)) => break 'dispatch e,
                    }
                };
            }
            // Pops the frame, handing `v` to the caller (or out of `run`).
            macro_rules! ret {
                ($v:expr) => {{
                    let v = $v;
                    exit_frame(fp, regs);
                    // A callee's window starts at its caller's top.
                    let caller_top = (*fp).base as usize;
                    if pop_frame(vm) == floor {
                        flush_reductions!();
                        return Ok(v);
                    }
                    fp = fp.sub(1);
                    if (*fp).lam.is_null() {
                        // The body of a lazy seq returned: cache its value,
                        // then run the seq instruction that forced it again.
                        let ls = (*fp).closure;
                        let done = seq::lazy_complete(ls, v);
                        heap::drop(ls);
                        pop_frame(vm);
                        fp = fp.sub(1);
                        lam = (*fp).lam;
                        ip = (*fp).resume;
                        load_frame!(caller_top);
                        tri!(done);
                        ip = ip.sub(1);
                    } else {
                        lam = (*fp).lam;
                        ip = (*fp).resume;
                        load_frame!(caller_top);
                        reg!((*fp).dst) = v;
                    }
                }};
            }
            // Forces a lazy seq inside this loop: if the seq instruction
            // just fetched (at `ip - 1`) needs an unrealized lazy seq's
            // body to run, calls the body as a frame above this one,
            // behind a marker frame holding the lazy seq; when the body
            // returns (`ret!`), its value is cached and the instruction
            // runs again. No Rust frame per realization, so lazy seqs nest
            // as deep as the frame stack allows.
            macro_rules! force_lazy {
                ($x:expr, $next:expr) => {{
                    let x = $x;
                    if x.is_ptr() && may_need_realizing((*x.header()).tag, $next) {
                        if let Some(ls) = seq::pending_lazy(x, $next) {
                            let f = tri!(seq::lazy_begin(ls));
                            if is_closure(f) && !genera_runtime::cabi::is_native_closure(f) {
                                heap::dup(f);
                                let top = (*vm).top;
                                let (callee, callee_arity) = match enter(vm, f, true, top, 0) {
                                    Ok(c) => c,
                                    Err(Thrown(e)) => {
                                        seq::lazy_abort(ls);
                                        break 'dispatch e;
                                    }
                                };
                                tick!();
                                heap::dup(ls);
                                (*fp).resume = ip;
                                push_frame(
                                    vm,
                                    Frame {
                                        closure: ls,
                                        lam: std::ptr::null(),
                                        base: 0,
                                        resume: std::ptr::null(),
                                        arity: std::ptr::null(),
                                        dst: 0,
                                        owned: true,
                                    },
                                );
                                fp = push_frame(
                                    vm,
                                    Frame {
                                        closure: f,
                                        lam: callee,
                                        base: top as u32,
                                        resume: std::ptr::null(),
                                        arity: (&*callee).arities.as_ptr().add(callee_arity),
                                        dst: 0,
                                        owned: true,
                                    },
                                );
                                lam = callee;
                                ip = (&*lam).code.as_ptr().add(
                                    (&*lam).arities.get_unchecked(callee_arity).entry as usize,
                                );
                                load_frame!();
                                continue 'dispatch;
                            }
                            // A body that is not a closure of this tier: the
                            // runtime calls it.
                            seq::lazy_abort(ls);
                        }
                    }
                }};
            }
            // Copies `n` operands listed at side[at..] to stack[top..].
            // (On overflow the operands, and `$also`, are consumed.)
            macro_rules! gather {
                ($at:expr, $n:expr $(, $also:expr)?) => {{
                    let (at, n) = ($at, $n);
                    let top = (*vm).top;
                    let p = stack.add(top);
                    if top + n > (*vm).stack_slots {
                        for i in 0..n {
                            heap::drop(reg!(side!(at + i)));
                        }
                        $(heap::drop($also);)?
                        break 'dispatch rt::stack_overflow().0;
                    }
                    copy_args(p, regs, (&*lam).side.as_ptr().add(at), n);
                    (top, p)
                }};
            }
            // Runs a runtime function that may re-enter the VM with the
            // gathered operands protected below the new top.
            macro_rules! guarded {
                ($top:expr, $n:expr, $e:expr) => {{
                    (*vm).top = $top + $n;
                    let r = $e;
                    (*vm).top = $top;
                    r
                }};
            }
            macro_rules! reuse_token {
                ($r:expr) => {{
                    let r = $r;
                    if r == NO_REG {
                        Value::NONE
                    } else {
                        reg!(r)
                    }
                }};
            }
            // Binary arithmetic: `$fast` on two fixnums (None: overflow or
            // a case the runtime decides), else the runtime's `$slow`.
            macro_rules! arith {
                ($dst:expr, $a:expr, $b:expr, |$x:ident, $y:ident| $fast:expr, $slow:path) => {{
                    let $x = reg!($a);
                    let $y = reg!($b);
                    let fast: Option<Value> = if $x.0 & $y.0 & 1 != 0 { $fast } else { None };
                    reg!($dst) = match fast {
                        Some(v) => v,
                        None => tri!($slow($x, $y)),
                    };
                }};
            }
            macro_rules! compare {
                ($dst:expr, $a:expr, $b:expr, $op:tt, $slow:path) => {{
                    let x = reg!($a);
                    let y = reg!($b);
                    // Tagging preserves order, so fixnum words compare directly.
                    reg!($dst) = if x.0 & y.0 & 1 != 0 {
                        Value::bool((x.0 as i64) $op (y.0 as i64))
                    } else {
                        Value::bool(tri!($slow(x, y)))
                    };
                }};
            }
            macro_rules! branch {
                ($a:expr, $b:expr, $op:tt, $slow:path, $target:expr) => {{
                    let x = reg!($a);
                    let y = reg!($b);
                    let holds = if x.0 & y.0 & 1 != 0 { (x.0 as i64) $op (y.0 as i64) } else { tri!($slow(x, y)) };
                    if !holds {
                        ip = code.add($target as usize);
                    }
                }};
            }
            // A comparison of `reg!($a)` with the fixnum immediate `$imm`.
            macro_rules! holds_imm {
                ($a:expr, $imm:expr, $op:tt, $slow:path) => {{
                    let x = reg!($a);
                    // Tagged fixnum words compare as the numbers do.
                    let y = ((($imm as i64) << 1) | 1) as u64;
                    if x.is_fixnum() {
                        (x.0 as i64) $op (y as i64)
                    } else {
                        tri!($slow(x, Value(y)))
                    }
                }};
            }
            macro_rules! unary {
                ($dst:expr, $a:expr, $f:path) => {{
                    reg!($dst) = tri!($f(reg!($a)));
                }};
            }

            // Calls `f` (owned if `$owned`, else borrowed from a var root)
            // with the `$n` owned arguments gathered at `$argp` (= stack[$top..]).
            macro_rules! call {
                ($f:expr, $owned:expr, $dst:expr, $top:expr, $argp:expr, $n:expr) => {{
                    let (f, f_owned, top, argp, nargs) = ($f, $owned, $top, $argp, $n);
                    tick!(release(f, f_owned, argp, nargs));
                    if is_closure(f) && !genera_runtime::cabi::is_native_closure(f) {
                        let (callee, callee_arity) = tri!(enter(vm, f, f_owned, top, nargs));
                        (*fp).resume = ip;
                        (*fp).dst = $dst;
                        fp = push_frame(
                            vm,
                            Frame {
                                closure: f,
                                lam: callee,
                                base: top as u32,
                                resume: std::ptr::null(),
                                arity: (&*callee).arities.as_ptr().add(callee_arity),
                                dst: 0,
                                owned: f_owned,
                            },
                        );
                        lam = callee;
                        ip = (&*lam)
                            .code
                            .as_ptr()
                            .add((&*lam).arities.get_unchecked(callee_arity).entry as usize);
                        load_frame!();
                    } else {
                        let fast = if nargs == 1 {
                            call_data_fast(f, *argp)
                        } else {
                            None
                        };
                        let result = match fast {
                            Some(r) => r,
                            None => guarded!(top, nargs, call_other(f, argp, nargs)),
                        };
                        release(f, f_owned, argp, nargs);
                        reg!($dst) = tri!(result);
                    }
                }};
            }
            // As `call!`, replacing the frame.
            macro_rules! tail_call {
                ($f:expr, $owned:expr, $top:expr, $argp:expr, $n:expr) => {{
                    let (f, f_owned, top, argp, nargs) = ($f, $owned, $top, $argp, $n);
                    tick!(release(f, f_owned, argp, nargs));
                    if is_closure(f) && !genera_runtime::cabi::is_native_closure(f) {
                        let (callee, callee_arity) = tri!(enter(vm, f, f_owned, top, nargs));
                        exit_frame(fp, regs);
                        let a = (&*callee).arities.get_unchecked(callee_arity);
                        let slots = a.nparams as usize + a.variadic as usize;
                        // The new window starts where the old one did; the
                        // arguments move down over it (the ranges may overlap).
                        std::ptr::copy(argp, regs, slots);
                        (*fp).closure = f;
                        (*fp).owned = f_owned;
                        (*fp).lam = callee;
                        (*fp).arity = a;
                        lam = callee;
                        ip = (&*lam).code.as_ptr().add(a.entry as usize);
                        load_frame!();
                    } else {
                        let result = guarded!(top, nargs, call_other(f, argp, nargs));
                        release(f, f_owned, argp, nargs);
                        ret!(tri!(result));
                    }
                }};
            }
            // The function in `vars[$var]` for a call: borrowed from the root
            // of a non-dynamic var when `borrowable_root` (the root keeps it
            // alive, `ns::begin_root_borrows`), else owned.
            // An unbound var releases the gathered arguments and throws.
            macro_rules! var_fn {
                ($var:expr, $argp:expr, $n:expr) => {{
                    let var = *(&*lam).vars.get_unchecked($var as usize);
                    let root = rt::var_root(var);
                    if root.is_ptr()
                        && borrowable_root((*root.header()).tag)
                        && !rt::var_is_dynamic(var)
                    {
                        (root, false)
                    } else {
                        match rt::var_get(var) {
                            Ok(f) => (f, true),
                            Err(t) => {
                                release(Value::NIL, false, $argp, $n);
                                break 'dispatch rt::unbound_var_error(t, var, true).0;
                            }
                        }
                    }
                }};
            }

            let inst = *ip;
            ip = ip.add(1);
            match inst {
                Inst::LoadConst { dst, k } => {
                    let v = *(&*lam).consts.get_unchecked(k as usize);
                    heap::dup(v);
                    reg!(dst) = v;
                }
                Inst::LoadGlobal { dst, var } => {
                    let var = *(&*lam).vars.get_unchecked(var as usize);
                    reg!(dst) = tri!(rt::var_get(var).map_err(|t| {
                        rt::unbound_var_error(
                            t,
                            var,
                            called_next(&*lam, ip.offset_from(code) as usize, dst),
                        )
                    }));
                }
                Inst::LoadVar { dst, var } => {
                    reg!(dst) = *(&*lam).vars.get_unchecked(var as usize);
                }
                Inst::LoadCapture { dst, idx } => {
                    reg!(dst) = callable::closure_capture((*fp).closure, idx as usize);
                }
                Inst::LoadSelf { dst } => reg!(dst) = (*fp).closure,
                Inst::Move { dst, src } => reg!(dst) = reg!(src),
                Inst::Dup { r } => heap::dup(reg!(r)),
                Inst::Drop { r } => heap::drop(reg!(r)),
                Inst::DupPair { a, b } => {
                    heap::dup(reg!(a));
                    heap::dup(reg!(b));
                }
                Inst::DropPair { a, b } => {
                    heap::drop(reg!(a));
                    heap::drop(reg!(b));
                }
                Inst::MoveLoop { dst, src, target } => {
                    reg!(dst) = reg!(src);
                    tick!();
                    ip = code.add(target as usize);
                }
                Inst::DropReuse { dst, src, size } => {
                    let v = reg!(src);
                    reg!(dst) = if size == u16::MAX {
                        heap::drop(v);
                        Value::NONE
                    } else {
                        heap::drop_reuse(v, size as usize)
                    };
                }
                Inst::FreeReuse { r } => heap::free_reuse(reg!(r)),

                Inst::Call { dst, ops } => {
                    let ops = ops as usize;
                    let f = reg!(side!(ops));
                    let nargs = side!(ops + 1) as usize;
                    // `(v i)` on a vector with a fixnum index in range: the
                    // item without gathering the operands (a fixnum needs no
                    // release); everything else takes the general path.
                    if nargs == 1 && tag_word(f) == Some(Tag::Vector as u16) {
                        let i = reg!(side!(ops + 2));
                        if i.is_fixnum() {
                            if let Some(v) = coll::vector_item(f, i.as_fixnum()) {
                                tick!(heap::drop(f));
                                heap::dup(v);
                                heap::drop(f);
                                reg!(dst) = v;
                                continue 'dispatch;
                            }
                        }
                    }
                    let (top, argp) = gather!(ops + 2, nargs, f);
                    call!(f, true, dst, top, argp, nargs);
                }
                Inst::CallVar { dst, ops } => {
                    let ops = ops as usize;
                    let nargs = side!(ops + 1) as usize;
                    // The common case in one straight line: a non-dynamic
                    // var whose root is a closure of this tier with one
                    // fixed arity taking `nargs`. The arguments go straight
                    // into the callee's window; no arity search, no
                    // variadic check, the stack checked once.
                    let var = *(&*lam).vars.get_unchecked(side!(ops) as usize);
                    let root = rt::var_root(var);
                    if is_closure(root) && !rt::var_is_dynamic(var) {
                        if let Some(callee) = closure_lam_ready(root) {
                            let a = (&*callee).arities.get_unchecked(0);
                            let top = (*vm).top;
                            if (&*callee).only_fixed as usize == nargs
                                && top + a.nregs as usize <= (*vm).stack_slots
                                && (*vm).nframes < (*vm).max_frames
                            {
                                let p = stack.add(top);
                                copy_args(p, regs, (&*lam).side.as_ptr().add(ops + 2), nargs);
                                tick!(release(root, false, p, nargs));
                                (*fp).resume = ip;
                                (*fp).dst = dst;
                                fp = push_frame(
                                    vm,
                                    Frame {
                                        closure: root,
                                        lam: callee,
                                        base: top as u32,
                                        resume: std::ptr::null(),
                                        arity: a,
                                        dst: 0,
                                        owned: false,
                                    },
                                );
                                lam = callee;
                                regs = p;
                                code = (&*callee).code.as_ptr();
                                ip = code.add(a.entry as usize);
                                (*vm).top = top + a.nregs as usize;
                                continue 'dispatch;
                            }
                        }
                    }
                    let (top, argp) = gather!(ops + 2, nargs);
                    let (f, f_owned) = var_fn!(side!(ops), argp, nargs);
                    call!(f, f_owned, dst, top, argp, nargs);
                }
                Inst::TailCall { ops } => {
                    let ops = ops as usize;
                    let f = reg!(side!(ops));
                    let nargs = side!(ops + 1) as usize;
                    let (top, argp) = gather!(ops + 2, nargs, f);
                    tail_call!(f, true, top, argp, nargs);
                }
                Inst::TailCallVar { ops } => {
                    let ops = ops as usize;
                    let nargs = side!(ops + 1) as usize;
                    let (top, argp) = gather!(ops + 2, nargs);
                    let (f, f_owned) = var_fn!(side!(ops), argp, nargs);
                    tail_call!(f, f_owned, top, argp, nargs);
                }
                Inst::Return { r } => ret!(reg!(r)),
                Inst::Jump { target } => ip = code.add(target as usize),
                Inst::Loop { target } => {
                    tick!();
                    ip = code.add(target as usize);
                }
                Inst::JumpUnlessLt { a, b, target } => branch!(a, b, <, rt::lt, target),
                Inst::JumpUnlessLe { a, b, target } => branch!(a, b, <=, rt::le, target),
                Inst::JumpUnlessGt { a, b, target } => branch!(a, b, >, rt::gt, target),
                Inst::JumpUnlessGe { a, b, target } => branch!(a, b, >=, rt::ge, target),
                Inst::JumpUnlessNumEq { a, b, target } => branch!(a, b, ==, rt::num_eq, target),
                Inst::JumpUnlessEquiv { a, b, target } => {
                    let (x, y) = (reg!(a), reg!(b));
                    // Identical pointers still go to equiv: a NaN is not = to itself.
                    if !(x == y && !x.is_ptr()
                        || (x.is_ptr() || y.is_ptr()) && tri!(rt::equiv(x, y)))
                    {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpUnlessLtImm { a, imm, target } => {
                    if !holds_imm!(a, imm, <, rt::lt) {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpUnlessLeImm { a, imm, target } => {
                    if !holds_imm!(a, imm, <=, rt::le) {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpUnlessGtImm { a, imm, target } => {
                    if !holds_imm!(a, imm, >, rt::gt) {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpUnlessGeImm { a, imm, target } => {
                    if !holds_imm!(a, imm, >=, rt::ge) {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpUnlessNumEqImm { a, imm, target } => {
                    if !holds_imm!(a, imm, ==, rt::num_eq) {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpUnlessIdentical { a, b, target } => {
                    if reg!(a) != reg!(b) {
                        ip = code.add(target as usize);
                    }
                }
                Inst::JumpIfFalse { cond, target } => {
                    if !reg!(cond).truthy() {
                        ip = code.add(target as usize);
                    }
                }
                Inst::Case { scrut, table } => {
                    let v = reg!(scrut);
                    let t = (&*lam).cases.get_unchecked(table as usize);
                    let target = match t.exact.get(&v.0) {
                        Some(&target) => target,
                        None if v.is_ptr()
                            && !rt::is_keyword(v)
                            && (!t.int_mode || rt::is_number(v)) =>
                        {
                            tri!(case_lookup(t, v))
                        }
                        None => t.default,
                    };
                    ip = code.add(target as usize);
                }
                Inst::Throw { r } => break 'dispatch rt::coerce_thrown(reg!(r)),

                Inst::MakeClosure { dst, ops } => {
                    let ops = ops as usize;
                    let code_obj = *(&*lam).consts.as_ptr().add(side!(ops) as usize);
                    let token = reuse_token!(side!(ops + 1));
                    let n = side!(ops + 2) as usize;
                    let (_, p) = gather!(ops + 3, n);
                    heap::dup(code_obj);
                    reg!(dst) = rt::make_closure(token, code_obj, std::slice::from_raw_parts(p, n));
                }
                Inst::MakeSiblingClosure { dst, ops } => {
                    let ops = ops as usize;
                    let member = side!(ops) as usize;
                    let token = reuse_token!(side!(ops + 1));
                    let n = side!(ops + 2) as usize;
                    let (_, p) = gather!(ops + 3, n);
                    // The running closure's code is a member of the group.
                    let Some(me) = closure_code_ref((*fp).closure) else {
                        unreachable!("a frame always runs a closure of this tier")
                    };
                    let code_obj = (*me).group.member_code(member);
                    reg!(dst) = rt::make_closure(token, code_obj, std::slice::from_raw_parts(p, n));
                }
                Inst::MakeVector { dst, ops } => {
                    let ops = ops as usize;
                    let token = reuse_token!(side!(ops));
                    let n = side!(ops + 1) as usize;
                    let (top, p) = gather!(ops + 2, n);
                    let r = guarded!(
                        top,
                        n,
                        rt::make_vector(token, std::slice::from_raw_parts(p, n))
                    );
                    reg!(dst) = tri!(r);
                }
                Inst::MakeInstance { dst, ops } => {
                    let ops = ops as usize;
                    let token = reuse_token!(side!(ops));
                    let n = side!(ops + 1) as usize;
                    let (top, p) = gather!(ops + 2, n);
                    let r = guarded!(
                        top,
                        n,
                        rt::make_instance(token, std::slice::from_raw_parts(p, n))
                    );
                    reg!(dst) = tri!(r);
                }
                Inst::MakeMap { dst, ops } => {
                    let ops = ops as usize;
                    let token = reuse_token!(side!(ops));
                    let n = 2 * side!(ops + 1) as usize;
                    let (top, p) = gather!(ops + 2, n);
                    let r = guarded!(
                        top,
                        n,
                        rt::make_map(token, std::slice::from_raw_parts(p, n))
                    );
                    reg!(dst) = tri!(r);
                }
                Inst::MakeSet { dst, ops } => {
                    let ops = ops as usize;
                    let token = reuse_token!(side!(ops));
                    let n = side!(ops + 1) as usize;
                    let (top, p) = gather!(ops + 2, n);
                    let r = guarded!(
                        top,
                        n,
                        rt::make_set(token, std::slice::from_raw_parts(p, n))
                    );
                    reg!(dst) = tri!(r);
                }
                Inst::Cons { dst, ops } => {
                    let ops = ops as usize;
                    let token = reuse_token!(side!(ops));
                    reg!(dst) = rt::cons(token, reg!(side!(ops + 1)), reg!(side!(ops + 2)));
                }
                Inst::Def { dst, ops } => {
                    let ops = ops as usize;
                    let var = *(&*lam).vars.get_unchecked(side!(ops) as usize);
                    let (init, meta) = (side!(ops + 1), side!(ops + 2));
                    if meta != NO_REG {
                        rt::var_set_meta(var, reg!(meta));
                    }
                    if init != NO_REG {
                        rt::var_set_root(var, reg!(init));
                    }
                    reg!(dst) = var;
                }
                Inst::SetVar { dst, var, src } => {
                    let var = *(&*lam).vars.get_unchecked(var as usize);
                    let v = reg!(src);
                    heap::dup(v);
                    match rt::var_set_binding(var, v) {
                        Ok(()) => reg!(dst) = v,
                        Err(Thrown(e)) => {
                            heap::drop(v);
                            break 'dispatch e;
                        }
                    }
                }

                Inst::Add { dst, a, b } => {
                    // (2x+1) + (2y+1) - 1 = 2(x+y) + 1; i64 overflow is
                    // exactly fixnum overflow.
                    arith!(
                        dst,
                        a,
                        b,
                        |x, y| (x.0 as i64)
                            .checked_add(y.0 as i64 - 1)
                            .map(|s| Value(s as u64)),
                        rt::add
                    )
                }
                Inst::Sub { dst, a, b } => {
                    arith!(
                        dst,
                        a,
                        b,
                        |x, y| (x.0 as i64)
                            .checked_sub(y.0 as i64 - 1)
                            .map(|s| Value(s as u64)),
                        rt::sub
                    )
                }
                Inst::Mul { dst, a, b } => arith!(
                    dst,
                    a,
                    b,
                    |x, y| x
                        .as_fixnum()
                        .checked_mul(y.as_fixnum())
                        .filter(|p| Value::fits_fixnum(*p))
                        .map(Value::fixnum),
                    rt::mul
                ),
                Inst::Div { dst, a, b } => arith!(
                    dst,
                    a,
                    b,
                    |x, y| {
                        let (p, q) = (x.as_fixnum(), y.as_fixnum());
                        // Exact quotients only; the runtime makes ratios and
                        // throws on division by zero.
                        match p.checked_rem(q) {
                            Some(0) => Some(p / q)
                                .filter(|r| Value::fits_fixnum(*r))
                                .map(Value::fixnum),
                            _ => None,
                        }
                    },
                    rt::div
                ),
                Inst::Quot { dst, a, b } => arith!(
                    dst,
                    a,
                    b,
                    |x, y| x
                        .as_fixnum()
                        .checked_div(y.as_fixnum())
                        .filter(|r| Value::fits_fixnum(*r))
                        .map(Value::fixnum),
                    rt::quot
                ),
                Inst::Rem { dst, a, b } => {
                    arith!(
                        dst,
                        a,
                        b,
                        |x, y| x.as_fixnum().checked_rem(y.as_fixnum()).map(Value::fixnum),
                        rt::rem
                    )
                }
                Inst::Mod { dst, a, b } => arith!(
                    dst,
                    a,
                    b,
                    |x, y| {
                        let q = y.as_fixnum();
                        x.as_fixnum().checked_rem(q).map(|r| {
                            Value::fixnum(if r != 0 && (r < 0) != (q < 0) {
                                r + q
                            } else {
                                r
                            })
                        })
                    },
                    rt::modulo
                ),
                Inst::Neg { dst, a } => {
                    let x = reg!(a);
                    reg!(dst) = match Some(x)
                        .filter(|x| x.is_fixnum())
                        .and_then(|x| x.as_fixnum().checked_neg())
                    {
                        Some(n) if Value::fits_fixnum(n) => Value::fixnum(n),
                        _ => tri!(rt::neg(x)),
                    };
                }
                Inst::Inc { dst, a } => {
                    let x = reg!(a);
                    reg!(dst) = match Some(x)
                        .filter(|x| x.is_fixnum())
                        .and_then(|x| (x.0 as i64).checked_add(2))
                    {
                        Some(s) => Value(s as u64),
                        None => tri!(rt::inc(x)),
                    };
                }
                Inst::Dec { dst, a } => {
                    let x = reg!(a);
                    reg!(dst) = match Some(x)
                        .filter(|x| x.is_fixnum())
                        .and_then(|x| (x.0 as i64).checked_sub(2))
                    {
                        Some(s) => Value(s as u64),
                        None => tri!(rt::dec(x)),
                    };
                }
                Inst::AddImm { dst, a, imm } => {
                    let x = reg!(a);
                    // x + 2*imm on the tagged word is the tagged sum.
                    let sum = if x.is_fixnum() {
                        (x.0 as i64).checked_add((imm as i64) << 1)
                    } else {
                        None
                    };
                    reg!(dst) = match sum {
                        Some(s) => Value(s as u64),
                        None => tri!(rt::add(x, Value::fixnum(imm as i64))),
                    };
                }
                Inst::SubImm { dst, a, imm } => {
                    let x = reg!(a);
                    let diff = if x.is_fixnum() {
                        (x.0 as i64).checked_sub((imm as i64) << 1)
                    } else {
                        None
                    };
                    reg!(dst) = match diff {
                        Some(s) => Value(s as u64),
                        None => tri!(rt::sub(x, Value::fixnum(imm as i64))),
                    };
                }
                Inst::LtImm { dst, a, imm } => {
                    reg!(dst) = Value::bool(holds_imm!(a, imm, <, rt::lt))
                }
                Inst::LeImm { dst, a, imm } => {
                    reg!(dst) = Value::bool(holds_imm!(a, imm, <=, rt::le))
                }
                Inst::GtImm { dst, a, imm } => {
                    reg!(dst) = Value::bool(holds_imm!(a, imm, >, rt::gt))
                }
                Inst::GeImm { dst, a, imm } => {
                    reg!(dst) = Value::bool(holds_imm!(a, imm, >=, rt::ge))
                }
                Inst::NumEqImm { dst, a, imm } => {
                    reg!(dst) = Value::bool(holds_imm!(a, imm, ==, rt::num_eq))
                }
                Inst::Lt { dst, a, b } => compare!(dst, a, b, <, rt::lt),
                Inst::Gt { dst, a, b } => compare!(dst, a, b, >, rt::gt),
                Inst::Le { dst, a, b } => compare!(dst, a, b, <=, rt::le),
                Inst::Ge { dst, a, b } => compare!(dst, a, b, >=, rt::ge),
                Inst::NumEq { dst, a, b } => compare!(dst, a, b, ==, rt::num_eq),
                Inst::Equiv { dst, a, b } => {
                    let (x, y) = (reg!(a), reg!(b));
                    // Identical pointers still go to equiv: a NaN is not = to itself.
                    reg!(dst) = if x == y && !x.is_ptr() {
                        Value::TRUE
                    } else if !x.is_ptr() && !y.is_ptr() {
                        // Distinct immediates (fixnums, chars, nil, booleans)
                        // are never equal.
                        Value::FALSE
                    } else {
                        Value::bool(tri!(rt::equiv(x, y)))
                    };
                }
                Inst::Identical { dst, a, b } => reg!(dst) = Value::bool(reg!(a) == reg!(b)),
                Inst::Not { dst, a } => reg!(dst) = Value::bool(!reg!(a).truthy()),
                Inst::IsNil { dst, a } => reg!(dst) = Value::bool(reg!(a).is_nil()),
                Inst::IsZero { dst, a } => {
                    let x = reg!(a);
                    reg!(dst) = if x.is_fixnum() {
                        Value::bool(x == Value::fixnum(0))
                    } else {
                        Value::bool(tri!(rt::is_zero(x)))
                    };
                }
                Inst::First { dst, a } => {
                    force_lazy!(reg!(a), false);
                    unary!(dst, a, rt::first)
                }
                Inst::Rest { dst, a } => {
                    force_lazy!(reg!(a), false);
                    unary!(dst, a, rt::rest)
                }
                Inst::Next { dst, a } => {
                    force_lazy!(reg!(a), true);
                    unary!(dst, a, rt::next)
                }
                Inst::Seq { dst, a } => {
                    force_lazy!(reg!(a), false);
                    unary!(dst, a, rt::seq)
                }
                Inst::Count { dst, a } => unary!(dst, a, rt::count),
                Inst::Deref { dst, a } => unary!(dst, a, rt::deref),
                Inst::Nth { dst, a, b } => {
                    let (c, i) = (reg!(a), reg!(b));
                    reg!(dst) = match vector_index_fast(c, i) {
                        Some(v) => {
                            heap::dup(v);
                            heap::drop(c);
                            v
                        }
                        None => tri!(rt::nth(c, i)),
                    };
                }
                Inst::CountBorrowed { dst, a } => unary!(dst, a, rt::count_borrowed),
                Inst::NthBorrowed { dst, a, b } => {
                    let (c, i) = (reg!(a), reg!(b));
                    reg!(dst) = match vector_index_fast(c, i) {
                        Some(v) => dupd(v),
                        None => tri!(rt::nth_borrowed(c, i)),
                    };
                }
                Inst::Get { dst, a, b } => {
                    let (c, k) = (reg!(a), reg!(b));
                    reg!(dst) = match get_fast(c, k) {
                        Some(r) => tri!(r),
                        None => tri!(rt::get(c, k)),
                    };
                }
                Inst::Conj { dst, a, b } => reg!(dst) = tri!(rt::conj(reg!(a), reg!(b))),
                Inst::Assoc { dst, ops } => {
                    let ops = ops as usize;
                    let (c, k, v) = (reg!(side!(ops)), reg!(side!(ops + 1)), reg!(side!(ops + 2)));
                    reg!(dst) = tri!(rt::assoc(c, k, v));
                }
                Inst::ExceptionIs { dst, a, b } => {
                    reg!(dst) = tri!(rt::exception_is(reg!(a), reg!(b)))
                }
                Inst::WithMeta { dst, a, b } => reg!(dst) = tri!(rt::with_meta(reg!(a), reg!(b))),
            }
        };

        // Unwinding: `exn` (owned) was thrown by the instruction at `ip - 1`.
        loop {
            let at = ip.offset_from(code) as usize - 1;
            let l = &*lam;
            for &r in l.unwind_set(at) {
                heap::drop(reg!(r));
            }
            rt::push_trace(exn, &l.name, &l.file, l.lines[at]);
            let h = l.handler[at];
            if h != NO_HANDLER {
                let h = &l.handlers[h as usize];
                reg!(h.exn) = exn;
                ip = code.add(h.target as usize);
                continue 'outer;
            }
            exit_frame(fp, regs);
            let caller_top = (*fp).base as usize;
            if pop_frame(vm) == floor {
                flush_reductions!();
                return Err(Thrown(exn));
            }
            fp = fp.sub(1);
            if (*fp).lam.is_null() {
                // A lazy seq's body threw: the lazy seq stays unrealized;
                // the exception goes on from the seq instruction that
                // forced it.
                seq::lazy_abort((*fp).closure);
                heap::drop((*fp).closure);
                pop_frame(vm);
                fp = fp.sub(1);
            }
            lam = (*fp).lam;
            ip = (*fp).resume;
            load_frame!(caller_top);
        }
    }
}

/// Could a seq instruction on an object with this tag have to run a lazy
/// seq's body? (`next` also looks through the tail of a cell.)
#[inline(always)]
fn may_need_realizing(tag: u16, next: bool) -> bool {
    tag == Tag::LazySeq as u16
        || next && (tag == Tag::Cons as u16 || tag == Tag::ChunkedCons as u16)
}

/// The general path of `case`: runtime hash, then runtime equality (either
/// may run code, e.g. realizing a lazy seq, and so may throw).
#[cold]
fn case_lookup(t: &crate::bytecode::CaseTable, v: Value) -> Res<u32> {
    let h = rt::hash(v)?;
    if let Some(cands) = t.general.get(&h) {
        for &(c, target) in cands {
            if rt::equiv(v, c)? {
                return Ok(target);
            }
        }
    }
    Ok(t.default)
}

/// True if the value loaded into `dst` just before `pc` is the function of
/// the next call in `lam`'s code (for the unbound-var message: "Attempting
/// to call unbound fn" only when it is called). Cold: only on an error.
#[cold]
fn called_next(lam: &Lam, pc: usize, dst: crate::bytecode::Reg) -> bool {
    lam.code[pc.min(lam.code.len())..]
        .iter()
        .find_map(|inst| match *inst {
            Inst::Call { ops, .. } | Inst::TailCall { ops } => {
                Some(lam.side.get(ops as usize) == Some(&dst))
            }
            _ => None,
        })
        .unwrap_or(false)
}
