//! Allocation and reference counting: the memory core of the runtime.
//!
//! Every heap object is allocated here, through one seam (`alloc`), and freed
//! here when its count reaches zero. The fast paths of `dup` and `drop` are one
//! test each and are inlined; everything else (freeing, shared counts, sticky
//! counts) is out of line and cold.
//!
//! Freeing never recurses on the machine stack: `free_object` drops an
//! object's fields, and any field whose count reaches zero is pushed on a
//! thread-local worklist instead of being freed recursively. Dropping the head
//! of a 10,000,000-element list runs in constant stack.
//!
//! Drop-reuse: `drop_reuse` on a unique object drops its fields but keeps its
//! memory, returning it as a reuse token; `alloc_reuse` then builds the next
//! object of a size that fits in that memory, so functional updates of
//! unshared data happen in place.

use crate::mem::object::{Header, HEADER_SIZE, RC_STICKY_LOCAL, RC_STICKY_SHARED};
use crate::mem::tag::Tag;
use crate::mem::value::Value;
use std::cell::{Cell, RefCell};

// The memory core knows which objects have a payload beyond their value
// fields (the tags), but not how to release it: that belongs to the data
// layer (BigInt, Code, Regex). The data layer defines this symbol once
// (`crate::finalize::genera_finalize_payload`), so the core calls up without
// importing anything above it.
extern "Rust" {
    fn genera_finalize_payload(h: *mut Header);
}

/// Releases the non-value payload of a dead object.
///
/// # Safety
/// `h` is a dead object whose payload has not been released yet.
#[inline]
unsafe fn finalize_payload(h: *mut Header) {
    // SAFETY: the symbol is defined exactly once, in `crate::finalize`, with
    // this signature; the caller guarantees `h` is dead and unfinalized.
    unsafe { genera_finalize_payload(h) }
}
use std::sync::atomic::Ordering;

thread_local! {
    /// Objects allocated minus objects freed on this thread. `--check-leaks`
    /// reads it after the roots are released.
    static LIVE: Cell<i64> = const { Cell::new(0) };
    /// The most objects `LIVE` has counted since the last
    /// `reset_peak_live_objects` (a high-water mark, for tests and `--stats`).
    static PEAK: Cell<i64> = const { Cell::new(0) };
    /// Objects whose count reached zero while another object was being freed.
    static WORKLIST: RefCell<Vec<*mut Header>> = const { RefCell::new(Vec::new()) };
    static FREEING: Cell<bool> = const { Cell::new(false) };
    /// Objects made immortal on this thread; they stay live by design.
    static IMMORTAL: Cell<i64> = const { Cell::new(0) };
}

/// The number of objects made immortal on this thread (interned keywords,
/// vars, namespaces, native functions and what they reach).
pub fn immortal_objects() -> i64 {
    IMMORTAL.with(|l| l.get())
}

/// Live objects that are not immortal: what `--check-leaks` reports after the
/// roots are released. Zero means the run was garbage-free.
pub fn leaked_objects() -> i64 {
    live_objects() - immortal_objects()
}

/// Process-wide memory settings, called once at start-up before the heap
/// grows. Transparent huge pages are turned off: mimalloc asks for them on
/// its arenas, and each first touch then zeroes 2 MiB, which doubled
/// genera's start-up time and resident size for no gain at today's heap
/// sizes. (Measured: `genera -e nil` 45 ms / 18 MB with, 20 ms / 8 MB without.)
pub fn configure_process() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag on this process;
    // it takes no pointers. Failure (an old kernel) is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Called once the program has finished, just before the process exits:
/// tells mimalloc not to hand freed memory back to the OS at exit (the
/// process's memory goes anyway). That purge (madvise, TLB shootdowns)
/// was a third of `genera -e nil`'s wall time.
pub fn prepare_exit() {
    // SAFETY: mi_option_set takes an option number and a value, no pointers.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// mimalloc's `mi_option_purge_delay` (its enum value, the one before
/// `mi_option_use_numa_nodes` in mimalloc.h; the Rust crate does not
/// name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t =
    libmimalloc_sys::mi_option_use_numa_nodes - 1;

/// The number of heap objects currently live on this thread (allocated and
/// not yet freed; immortal objects included).
pub fn live_objects() -> i64 {
    LIVE.with(|l| l.get())
}

/// The most heap objects live at once on this thread since the last
/// `reset_peak_live_objects` (or since the thread started).
pub fn peak_live_objects() -> i64 {
    PEAK.with(|p| p.get())
}

/// Starts a new high-water mark for `peak_live_objects` at the current count.
pub fn reset_peak_live_objects() {
    PEAK.with(|p| p.set(live_objects()));
}

/// Counts one more live object (and raises the high-water mark).
#[inline(always)]
fn count_alloc() {
    let n = LIVE.with(|l| {
        let n = l.get() + 1;
        l.set(n);
        n
    });
    PEAK.with(|p| {
        if n > p.get() {
            p.set(n)
        }
    });
}

/// Allocates an object of `size` bytes (header included) with count 1.
/// The caller must initialise every scanned field before the object can be
/// dropped.
#[inline]
pub fn alloc(size: usize, tag: Tag, scan: u8) -> *mut Header {
    debug_assert!(size >= HEADER_SIZE);
    // SAFETY: mi_malloc returns memory aligned to at least 16 bytes on 64-bit
    // targets, or null on exhaustion, which we turn into an abort.
    let p = unsafe { libmimalloc_sys::mi_malloc(size) } as *mut Header;
    if p.is_null() {
        out_of_memory(size);
    }
    // SAFETY: p is a fresh allocation of at least HEADER_SIZE bytes.
    unsafe { init_header(p, tag, scan) };
    count_alloc();
    p
}

/// Allocates an immortal object (count 0: never counted, never freed), for
/// objects that live as long as the process, such as those loaded from an
/// image. Counted in `live_objects()` and in `immortal_objects()`, as
/// `make_immortal` counts what it makes immortal.
pub fn alloc_immortal(size: usize, tag: Tag, scan: u8) -> *mut Header {
    debug_assert!(size >= HEADER_SIZE);
    // SAFETY: as in `alloc`.
    let p = unsafe { libmimalloc_sys::mi_malloc(size) } as *mut Header;
    if p.is_null() {
        out_of_memory(size);
    }
    // SAFETY: p is a fresh allocation of at least HEADER_SIZE bytes.
    unsafe {
        init_header(p, tag, scan);
        (*p).rc.store(0, Ordering::Relaxed);
    }
    count_alloc();
    IMMORTAL.with(|l| l.set(l.get() + 1));
    p
}

#[cold]
fn out_of_memory(size: usize) -> ! {
    eprintln!("genera: out of memory allocating {size} bytes");
    std::process::abort()
}

unsafe fn init_header(p: *mut Header, tag: Tag, scan: u8) {
    std::ptr::write(
        p,
        Header {
            rc: std::sync::atomic::AtomicI32::new(1),
            tag: tag as u16,
            scan,
            flags: 0,
        },
    );
}

/// Increments the count of `v` (no-op for immediates and immortal objects).
#[inline(always)]
pub fn dup(v: Value) {
    if v.is_ptr() {
        let h = v.header();
        // SAFETY: a pointer value refers to a live object while the caller
        // holds a reference to it, which it must in order to dup it.
        let rc = unsafe { &(*h).rc };
        let n = rc.load(Ordering::Relaxed);
        if n > 0 && n < RC_STICKY_LOCAL - 1 {
            rc.store(n + 1, Ordering::Relaxed);
        } else if n != 0 {
            dup_cold(h, n);
        }
    }
}

#[cold]
#[inline(never)]
fn dup_cold(h: *mut Header, n: i32) {
    // SAFETY: as in `dup`.
    let rc = unsafe { &(*h).rc };
    if n > 0 {
        // Reaching the sticky band: saturate rather than overflow.
        rc.store(RC_STICKY_LOCAL, Ordering::Relaxed);
    } else if n > RC_STICKY_SHARED {
        // Shared: another thread may be changing the count at the same time.
        // Relaxed suffices for an increment, as for Arc::clone: the new
        // reference is derived from one this thread already holds.
        rc.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Decrements the count of `v`, freeing it (and what it alone reaches) when
/// the count reaches zero.
#[inline(always)]
pub fn drop(v: Value) {
    if v.is_ptr() {
        let h = v.header();
        // SAFETY: the caller owns a reference to v.
        let rc = unsafe { &(*h).rc };
        let n = rc.load(Ordering::Relaxed);
        if n > 1 && n < RC_STICKY_LOCAL {
            rc.store(n - 1, Ordering::Relaxed);
        } else if n != 0 {
            drop_cold(h, n);
        }
    }
}

#[cold]
#[inline(never)]
fn drop_cold(h: *mut Header, n: i32) {
    if decrement_reaches_zero(h, n) {
        free_object(h);
    }
}

/// Applies one decrement to `h` (whose count was read as `n`) and says whether
/// the object is now dead. Handles every band of the count.
#[inline]
fn decrement_reaches_zero(h: *mut Header, n: i32) -> bool {
    // SAFETY: the caller owns a reference to h.
    let rc = unsafe { &(*h).rc };
    if n == 1 {
        true
    } else if n > 1 && n < RC_STICKY_LOCAL {
        rc.store(n - 1, Ordering::Relaxed);
        false
    } else if n < 0 && n > RC_STICKY_SHARED {
        // Release so our writes to the object happen before its freeing on
        // whichever thread drops last; Acquire on the last drop to see them.
        if rc.fetch_add(1, Ordering::Release) == -1 {
            std::sync::atomic::fence(Ordering::Acquire);
            true
        } else {
            false
        }
    } else {
        // Immortal (0) or sticky: never freed.
        false
    }
}

/// Frees a dead object and, iteratively, everything that dies with it.
#[cold]
#[inline(never)]
fn free_object(h: *mut Header) {
    if FREEING.with(|f| f.replace(true)) {
        // A finalizer dropped something while we were already freeing:
        // queue it for the loop below instead of recursing.
        WORKLIST.with(|w| w.borrow_mut().push(h));
        return;
    }
    let mut next = Some(h);
    while let Some(obj) = next {
        // SAFETY: obj is dead (count reached zero) and only we refer to it.
        unsafe {
            release_fields(obj);
            finalize_payload(obj);
            dealloc(obj);
        }
        next = WORKLIST.with(|w| w.borrow_mut().pop());
    }
    FREEING.with(|f| f.set(false));
}

/// Drops every value field of a dead object, queueing fields that die.
unsafe fn release_fields(obj: *mut Header) {
    let (count, first) = Header::scan_fields(obj);
    for i in 0..count {
        let v = Value(*Header::word(obj, first + i));
        if v.is_ptr() {
            let child = v.header();
            let n = (*child).rc.load(Ordering::Relaxed);
            if decrement_reaches_zero(child, n) {
                WORKLIST.with(|w| w.borrow_mut().push(child));
            }
        }
    }
}

unsafe fn dealloc(obj: *mut Header) {
    if cfg!(debug_assertions) {
        // Poison the header so a use after free trips `check_header`.
        (*obj).tag = POISON_TAG;
        (*obj).rc.store(POISON_RC, Ordering::Relaxed);
    }
    libmimalloc_sys::mi_free(obj as *mut std::ffi::c_void);
    LIVE.with(|l| l.set(l.get() - 1));
}

const POISON_TAG: u16 = 0xdead;
const POISON_RC: i32 = -0x0bad_f00d;

/// In debug builds, panics if `v` points to a freed or corrupt object.
pub fn check_header(v: Value) {
    if cfg!(debug_assertions) && v.is_ptr() {
        // SAFETY: only reads the header word; a freed object's memory is still
        // mapped by mimalloc (it is never returned to the OS mid-run in debug).
        let tag = unsafe { (*v.header()).tag };
        assert!(
            Tag::from_u16(tag).is_some(),
            "genera: corrupt or freed object {v:?}"
        );
    }
}

/// Makes `v` immortal: never counted, never freed (interned keywords, static
/// constants). It still counts as live for `--check-leaks` purposes, so the
/// runtime subtracts the number of immortal objects it created at start-up.
///
/// Deep: everything `v` reaches through its value fields is made immortal
/// too (an immortal object never releases its fields, so anything it holds
/// would otherwise count as leaked). Each object that was not immortal yet
/// is added to `immortal_objects()`.
pub fn make_immortal(v: Value) {
    let mut work = vec![v];
    while let Some(v) = work.pop() {
        if !v.is_ptr() {
            continue;
        }
        let h = v.header();
        // SAFETY: the caller owns v, and v owns (directly or not) every field
        // we push, so they are all live.
        unsafe {
            if (*h).rc.load(Ordering::Relaxed) == 0 {
                continue;
            }
            (*h).rc.store(0, Ordering::Relaxed);
            IMMORTAL.with(|l| l.set(l.get() + 1));
            let (count, first) = Header::scan_fields(h);
            for i in 0..count {
                work.push(Value(*Header::word(h, first + i)));
            }
        }
    }
}

/// Makes `v` itself immortal but leaves its fields counted: for objects that
/// live for the whole run but whose fields change (vars: their root and meta
/// are released by `ns::release_all_roots`).
pub fn make_immortal_shallow(v: Value) {
    if v.is_ptr() {
        // SAFETY: the caller owns v.
        unsafe {
            if (*v.header()).rc.swap(0, Ordering::Relaxed) != 0 {
                IMMORTAL.with(|l| l.set(l.get() + 1));
            }
        }
    }
}

/// True if `v` is an immortal heap object (count 0).
pub fn is_immortal(v: Value) -> bool {
    // SAFETY: the caller holds a reference to v.
    v.is_ptr() && unsafe { (*v.header()).rc.load(Ordering::Relaxed) } == 0
}

/// Grows (or shrinks) the memory block of a unique object to `size` bytes,
/// keeping its contents; the object may move. Returns the (possibly new)
/// value. Used for amortized in-place growth of unique vectors, maps, sets.
///
/// The caller must own the only reference to `v` (`is_unique(v)`).
pub fn realloc(v: Value, size: usize) -> Value {
    debug_assert!(is_unique(v));
    // SAFETY: v is unique, so no other reference can observe the move;
    // mi_realloc keeps the first min(old, size) bytes.
    let p = unsafe { libmimalloc_sys::mi_realloc(v.header() as *mut std::ffi::c_void, size) }
        as *mut Header;
    if p.is_null() {
        out_of_memory(size);
    }
    Value::from_header(p)
}

/// True if `v` is a heap object with exactly one (thread-local) reference:
/// the holder may update it in place.
#[inline(always)]
pub fn is_unique(v: Value) -> bool {
    // SAFETY: the caller owns a reference to v.
    v.is_ptr() && unsafe { (*v.header()).rc.load(Ordering::Relaxed) } == 1
}

/// The number of bytes usable in the object's memory block.
pub fn usable_size(v: Value) -> usize {
    // SAFETY: v is a live heap object allocated by `alloc`.
    unsafe { libmimalloc_sys::mi_usable_size(v.header() as *const std::ffi::c_void) }
}

/// Drops `v`; if it was unique and its memory can hold `size` bytes, its
/// fields are dropped but its memory is kept and returned as a reuse token.
/// Otherwise returns `Value::NONE`. The token must be passed to `alloc_reuse`
/// or `free_reuse` (or `drop`, which is the same: see `make_token`).
pub fn drop_reuse(v: Value, size: usize) -> Value {
    REUSE.with(|r| r.attempts.set(r.attempts.get() + 1));
    if is_unique(v) && usable_size(v) >= size {
        let h = v.header();
        // SAFETY: v is unique, so no one else can observe its fields; we drop
        // them and its payload and keep only the memory block.
        unsafe {
            release_fields_now(h);
            finalize_payload(h);
            make_token(h);
        }
        REUSE.with(|r| r.tokens.set(r.tokens.get() + 1));
        v
    } else {
        drop(v);
        Value::NONE
    }
}

/// The tag a reuse token's header carries: one without a payload, so that
/// freeing the token finalizes nothing.
pub const TOKEN_TAG: Tag = Tag::Transient;

/// Turns the header of a dead object whose fields and payload are released
/// into a reuse token: count 1, no scanned fields, a tag without payload.
/// A token is then an ordinary object to `drop` (which frees just the
/// block), so a throw between the `drop_reuse` and the allocation can unwind
/// it like any other owned value. It still counts as live until it is
/// reused or freed.
///
/// # Safety
/// `h` is a dead object's block, its fields and payload already released.
unsafe fn make_token(h: *mut Header) {
    init_header(h, TOKEN_TAG, 0);
}

/// Drops the fields of a unique object, freeing those that die, through the
/// same worklist as `free_object`.
unsafe fn release_fields_now(h: *mut Header) {
    let (count, first) = Header::scan_fields(h);
    for i in 0..count {
        drop(Value(*Header::word(h, first + i)));
    }
}

/// Allocates through a reuse token when there is one.
#[inline]
pub fn alloc_reuse(token: Value, size: usize, tag: Tag, scan: u8) -> *mut Header {
    if token == Value::NONE {
        alloc(size, tag, scan)
    } else {
        debug_assert!(usable_size(token) >= size);
        REUSE.with(|r| r.hits.set(r.hits.get() + 1));
        let p = token.header();
        // SAFETY: the token is memory from a dead object that drop_reuse kept
        // for us, large enough for `size` bytes. It was already counted live.
        unsafe { init_header(p, tag, scan) };
        p
    }
}

/// Frees a reuse token that no allocation took.
pub fn free_reuse(token: Value) {
    drop(token)
}

/// Drop-reuse counters of this thread (for `--stats`), cheap thread-local
/// cells bumped on the reuse paths only.
struct ReuseCounters {
    attempts: Cell<u64>,
    tokens: Cell<u64>,
    hits: Cell<u64>,
}

thread_local! {
    static REUSE: ReuseCounters = const {
        ReuseCounters {
            attempts: Cell::new(0),
            tokens: Cell::new(0),
            hits: Cell::new(0),
        }
    };
}

/// Drop-reuse on this thread so far: `attempts` (drop-reuses executed),
/// `tokens` (of those, how many found the object unique and big enough)
/// and `hits` (allocations that took a token; `tokens - hits` were freed
/// unused on a path without a matching allocation).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ReuseStats {
    pub attempts: u64,
    pub tokens: u64,
    pub hits: u64,
}

/// This thread's drop-reuse counters.
pub fn reuse_stats() -> ReuseStats {
    REUSE.with(|r| ReuseStats {
        attempts: r.attempts.get(),
        tokens: r.tokens.get(),
        hits: r.hits.get(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::object::Header;

    /// A raw two-field cell, enough to test the memory core on its own.
    fn cell(first: Value, rest: Value) -> Value {
        let h = alloc(HEADER_SIZE + 16, Tag::Cons, 2);
        unsafe {
            *Header::word(h, 0) = first.0;
            *Header::word(h, 1) = rest.0;
        }
        Value::from_header(h)
    }

    #[test]
    fn dup_drop_frees_at_zero() {
        let before = live_objects();
        let c = cell(Value::fixnum(1), Value::NIL);
        assert_eq!(live_objects(), before + 1);
        dup(c);
        drop(c);
        assert_eq!(live_objects(), before + 1);
        drop(c);
        assert_eq!(live_objects(), before);
    }

    #[test]
    fn freeing_a_long_list_is_iterative() {
        let before = live_objects();
        let mut list = Value::NIL;
        for i in 0..10_000_000 {
            list = cell(Value::fixnum(i), list);
        }
        assert_eq!(live_objects(), before + 10_000_000);
        drop(list);
        assert_eq!(live_objects(), before);
    }

    #[test]
    fn sticky_counts_never_free() {
        let before = live_objects();
        let c = cell(Value::NIL, Value::NIL);
        unsafe {
            (*c.header())
                .rc
                .store(RC_STICKY_LOCAL - 2, Ordering::Relaxed)
        };
        dup(c);
        dup(c);
        dup(c);
        assert_eq!(
            unsafe { (*c.header()).rc.load(Ordering::Relaxed) },
            RC_STICKY_LOCAL
        );
        for _ in 0..10 {
            drop(c);
        }
        assert_eq!(live_objects(), before + 1);
        // Reclaim it by hand so the test itself does not leak.
        unsafe { (*c.header()).rc.store(1, Ordering::Relaxed) };
        drop(c);
        assert_eq!(live_objects(), before);
    }

    #[test]
    fn immortal_objects_are_not_counted() {
        let before = immortal_objects();
        let c = cell(Value::NIL, Value::NIL);
        make_immortal(c);
        assert_eq!(immortal_objects(), before + 1);
        dup(c);
        drop(c);
        drop(c);
        assert_eq!(unsafe { (*c.header()).rc.load(Ordering::Relaxed) }, 0);
        unsafe { (*c.header()).rc.store(1, Ordering::Relaxed) };
        IMMORTAL.with(|l| l.set(l.get() - 1));
        drop(c);
    }

    #[test]
    fn shared_counts_are_atomic_and_free_at_minus_one() {
        let before = live_objects();
        let c = cell(Value::NIL, Value::NIL);
        unsafe { (*c.header()).rc.store(-1, Ordering::Relaxed) };
        dup(c);
        assert_eq!(unsafe { (*c.header()).rc.load(Ordering::Relaxed) }, -2);
        drop(c);
        drop(c);
        assert_eq!(live_objects(), before);
    }

    #[test]
    fn drop_reuse_hands_back_unique_memory() {
        let before = live_objects();
        let inner = cell(Value::NIL, Value::NIL);
        let c = cell(inner, Value::NIL);
        let addr = c.0;
        let token = drop_reuse(c, HEADER_SIZE + 16);
        assert_eq!(token.0, addr);
        // The field `inner` was released with it; the token counts as live.
        assert_eq!(live_objects(), before + 1);
        let h = alloc_reuse(token, HEADER_SIZE + 16, Tag::Cons, 2);
        unsafe {
            *Header::word(h, 0) = Value::fixnum(7).0;
            *Header::word(h, 1) = Value::NIL.0;
        }
        assert_eq!(h as u64, addr);
        drop(Value::from_header(h));
        assert_eq!(live_objects(), before);
    }

    #[test]
    fn drop_reuse_of_shared_object_gives_no_token() {
        let c = cell(Value::NIL, Value::NIL);
        dup(c);
        assert_eq!(drop_reuse(c, HEADER_SIZE + 16), Value::NONE);
        let token = drop_reuse(c, HEADER_SIZE + 16);
        assert_ne!(token, Value::NONE);
        free_reuse(token);
    }

    #[test]
    fn a_token_can_be_dropped_like_a_value() {
        // What unwinding does to a token held across a throwing call.
        let before = live_objects();
        let stats = reuse_stats();
        let inner = cell(Value::NIL, Value::NIL);
        let c = cell(inner, Value::NIL);
        let token = drop_reuse(c, HEADER_SIZE + 16);
        assert_ne!(token, Value::NONE);
        drop(token);
        assert_eq!(live_objects(), before);
        drop(Value::NONE);
        let after = reuse_stats();
        assert_eq!(after.attempts, stats.attempts + 1);
        assert_eq!(after.tokens, stats.tokens + 1);
        assert_eq!(after.hits, stats.hits);
    }

    #[test]
    fn reuse_counts_hits() {
        let stats = reuse_stats();
        let c = cell(Value::NIL, Value::NIL);
        let token = drop_reuse(c, HEADER_SIZE + 16);
        let h = alloc_reuse(token, HEADER_SIZE + 16, Tag::Cons, 2);
        unsafe {
            *Header::word(h, 0) = Value::NIL.0;
            *Header::word(h, 1) = Value::NIL.0;
        }
        drop(Value::from_header(h));
        assert_eq!(reuse_stats().hits, stats.hits + 1);
    }
}
