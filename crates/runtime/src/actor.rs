//! Actors: lightweight processes with mailboxes, links and monitors, run by
//! one scheduler on the program's thread (BEAM's processes, on one core).
//!
//! Each actor but the main program is a stackful coroutine (corosensei) with
//! a machine stack of its own (`ACTOR_MACHINE_STACK` bytes of address
//! space, committed as touched) and a VM state of its own (the tier's
//! context: register stack and frames), so it can be suspended anywhere,
//! including inside a native that re-entered genera code (`reduce`,
//! `swap!`, a lazy seq being realized). The main program runs on the
//! thread's own stack; it is the scheduler: whenever it is preempted or
//! waits in `receive`, it resumes the runnable actors, and each of them
//! suspends back to it. Actors never resume each other, so coroutines
//! nest at most one deep.
//!
//! Preemption is by reduction count: the VM calls `preempt` when a time
//! slice's budget runs out (`others_waiting` tells it whether anyone else
//! could run). Exit signals are delivered where an actor is suspended:
//! its `preempt` or `receive` returns an exception carrying the reason
//! (`exit_exception`), which unwinds the actor's frames as any exception
//! does (so `finally` runs and nothing leaks), and is raised again at each
//! later preemption point until the actor ends.
//!
//! Per-actor state swapped at every switch: the tier's context, dynamic
//! bindings, the `=` nesting depth, the printer's captures and depth, and
//! the C backend's stack limit. Messages are never copied: a send counts
//! one more reference to the value. Counts are not atomic, which is sound
//! because every actor runs on this one thread; running actors on several
//! cores needs values that cross actors marked shared first.
//!
//! Ownership: every `Value` held in a scheduler table (pids, messages,
//! names' pids, reasons) is owned by the table.

use crate::coll;
use crate::error;
use crate::heap;
use crate::object::{alloc_fields, has_tag, raw, set_raw};
use crate::string;
use crate::tag::Tag;
use crate::{callable, Res, Thrown, Value};
use corosensei::stack::{DefaultStack, Stack};
use corosensei::{Coroutine, CoroutineResult, Yielder};
use std::cell::{Cell, RefCell};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Bytes of address space for each actor's machine stack.
pub const ACTOR_MACHINE_STACK: usize = 2 << 20;
/// How much of it re-entrant runs may use (the rest is a margin for the
/// Rust frames of natives and the runtime).
pub const ACTOR_NATIVE_BUDGET: usize = ACTOR_MACHINE_STACK - (512 << 10);
/// How many finished actors' machine stacks are kept for reuse.
const STACK_POOL: usize = 256;
/// How many slices an actor gets to end after the shutdown signal before
/// it is abandoned (see `abandon`).
const SHUTDOWN_TURNS: u32 = 10_000;
/// The number of the main program's actor.
/// The number of the main program's actor.
pub const MAIN: u64 = 0;

/// What a tier provides so that each actor has a VM state of its own.
#[derive(Clone, Copy)]
pub struct TierOps {
    /// A fresh context (owned) whose nested runs may use that many bytes
    /// of machine stack.
    pub new_context: fn(usize) -> *mut (),
    /// Releases a context whose runs have all ended (consumed).
    pub free_context: fn(*mut ()),
    /// Makes a context current (null: the main program's); returns the
    /// previous one.
    pub swap_context: fn(*mut ()) -> *mut (),
    /// Reductions a context has run.
    pub context_reductions: fn(*mut ()) -> u64,
}

static TIER: std::sync::OnceLock<TierOps> = std::sync::OnceLock::new();

/// Installs the tier's context operations (once; later calls are ignored).
pub fn set_tier(ops: TierOps) {
    let _ = TIER.set(ops);
}

fn tier() -> Res<TierOps> {
    TIER.get()
        .copied()
        .ok_or_else(|| error::unsupported("actors need a tier that supports them"))
}

type Co = Coroutine<(), (), Result<Value, Value>, DefaultStack>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Runnable,
    Running,
    Waiting,
}

/// The thread-local state an actor takes with it (see the module doc).
#[derive(Default)]
struct Saved {
    bindings: crate::ns::BindingFrames,
    depth: u32,
    print: crate::print::ActorPrintState,
    stack_limit: usize,
}

struct Actor {
    pid: Value,
    mailbox: VecDeque<Value>,
    /// How many messages the running `receive` has looked at.
    cursor: usize,
    deadline: Option<Instant>,
    status: Status,
    co: Option<Co>,
    /// The function and arguments to start with (owned), until it starts.
    start: Option<(Value, Vec<Value>)>,
    yielder: *const Yielder<(), ()>,
    /// The tier's context for this actor (0 for the main program's).
    ctx: usize,
    saved: Saved,
    links: Vec<u64>,
    /// Monitors this actor holds: (ref number, ref, target).
    monitors: Vec<(u64, Value, u64)>,
    /// Monitors on this actor: (ref number, watcher).
    watchers: Vec<(u64, u64)>,
    trap_exit: bool,
    /// The reason this actor is ending with (owned), once a signal said so.
    exit: Option<Value>,
    name: Value,
    reductions: u64,
    /// Reductions counted by generated C code (the tier's context counts
    /// the VM's).
    c_reductions: u64,
}

impl Actor {
    fn new(pid: Value) -> Actor {
        Actor {
            pid,
            mailbox: VecDeque::new(),
            cursor: 0,
            deadline: None,
            status: Status::Runnable,
            co: None,
            start: None,
            yielder: std::ptr::null(),
            ctx: 0,
            saved: Saved::default(),
            links: Vec::new(),
            monitors: Vec::new(),
            watchers: Vec::new(),
            trap_exit: false,
            exit: None,
            name: Value::NIL,
            reductions: 0,
            c_reductions: 0,
        }
    }
}

#[derive(Default)]
struct Sched {
    actors: HashMap<u64, Actor>,
    run_queue: VecDeque<u64>,
    current: u64,
    next_id: u64,
    next_ref: u64,
    /// Wake-ups of waiting actors: (when, actor). Stale ones are skipped.
    timers: BinaryHeap<std::cmp::Reverse<(Instant, u64)>>,
    /// `send-after` messages: (when, sequence) → (target, message owned).
    delayed: BinaryHeap<std::cmp::Reverse<(Instant, u64)>>,
    delayed_msgs: HashMap<u64, (Value, Value)>,
    names: HashMap<u64, u64>,
    stacks: Vec<DefaultStack>,
}

thread_local! {
    static SCHED: RefCell<Sched> = RefCell::new(Sched::default());
    /// Whether actors other than the main program exist (the VM's
    /// preemption check reads only this).
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    /// The running coroutine's yielder (null while the main program runs).
    static YIELDER: Cell<*const Yielder<(), ()>> = const { Cell::new(std::ptr::null()) };
}

fn with<R>(f: impl FnOnce(&mut Sched) -> R) -> R {
    SCHED.with(|s| f(&mut s.borrow_mut()))
}

/// Makes the main program's actor if there is none yet.
fn ensure_main(s: &mut Sched) {
    if s.actors.is_empty() && s.next_id == 0 {
        let pid = make_id_object(Tag::Pid, MAIN);
        let mut a = Actor::new(pid);
        a.status = Status::Running;
        s.actors.insert(MAIN, a);
        s.next_id = 1;
        s.next_ref = 1;
    }
}

fn make_id_object(tag: Tag, n: u64) -> Value {
    let v = alloc_fields(tag, &[], 1);
    set_raw(v, 0, n);
    v
}

/// The number of a pid or ref (`#pid<0.N>`).
pub fn pid_number(v: Value) -> u64 {
    raw(v, 0)
}

pub fn is_pid(v: Value) -> bool {
    has_tag(v, Tag::Pid)
}

/// True if actors other than the main program exist: the VM calls
/// `preempt` when a slice ends only then.
#[inline]
pub fn others_waiting() -> bool {
    ACTIVE.with(|a| a.get())
}

fn kw(name: &str) -> Value {
    string::keyword(None, name)
}

fn exit_key() -> Value {
    string::keyword(Some("genera.actors"), "exit")
}

/// The exception that carries exit `reason` (borrowed) through an actor's
/// frames: an ex-info whose data is `{:genera.actors/exit reason}`.
fn exit_exception(reason: Value) -> Thrown {
    heap::dup(reason);
    let data = coll::make_map(&[exit_key(), reason]).unwrap_or(Value::NIL);
    let msg = format!("actor exit: {}", crate::print::pr_str(reason));
    Thrown(error::ex_info(string::make_str(&msg), data, Value::NIL))
}

/// The exit reason an uncaught exception `e` (consumed) stands for: the
/// reason of an exit exception, else the exception itself.
fn reason_of(e: Value) -> Value {
    if error::is_exception(e) {
        let data = error::data_of(e);
        if coll::is_map(data) {
            if let Ok(Some((_, r))) = coll::map_find(data, exit_key()) {
                heap::dup(r);
                heap::drop(e);
                return r;
            }
        }
    }
    e
}

/// Resolves a pid or a registered name to an actor number.
fn target(s: &Sched, v: Value) -> Res<Option<u64>> {
    if is_pid(v) {
        let n = pid_number(v);
        return Ok(s.actors.contains_key(&n).then_some(n));
    }
    if string::is_keyword(v) {
        return Ok(s.names.get(&v.0).copied());
    }
    Err(error::illegal_arg(&format!(
        "expected a pid or a registered name, got {}",
        crate::print::pr_str(v)
    )))
}

// ---------------------------------------------------------------------------
// Identity

/// The number of the running actor (0: the main program, also before any
/// actor exists). Cheap: no allocation.
pub fn current_id() -> u64 {
    with(|s| s.current)
}

/// Lets other actors run while this one waits for a thunk another actor is
/// forcing (`thunk::wait_for`). Errors: a pending exit signal.
pub fn yield_while_waiting() -> Res<()> {
    if others_waiting() {
        preempt()
    } else {
        Ok(())
    }
}

/// `(self)`: the running actor's pid (owned).
pub fn self_pid() -> Value {
    with(|s| {
        ensure_main(s);
        let p = s.actors[&s.current].pid;
        heap::dup(p);
        p
    })
}

// ---------------------------------------------------------------------------
// Spawning

/// `(spawn f args...)`: a new actor that will call `f` with `args` (all
/// borrowed); returns its pid (owned). With `link`, linked to the caller.
pub fn spawn(f: Value, args: &[Value], link: bool) -> Res {
    tier()?;
    let pid = with(|s| {
        ensure_main(s);
        let id = s.next_id;
        s.next_id += 1;
        let pid = make_id_object(Tag::Pid, id);
        let mut a = Actor::new(pid);
        heap::dup(f);
        for x in args {
            heap::dup(*x);
        }
        a.start = Some((f, args.to_vec()));
        if link {
            let me = s.current;
            a.links.push(me);
            if let Some(m) = s.actors.get_mut(&me) {
                m.links.push(id);
            }
        }
        s.actors.insert(id, a);
        s.run_queue.push_back(id);
        heap::dup(pid);
        pid
    });
    ACTIVE.with(|a| a.set(true));
    Ok(pid)
}

/// Makes the coroutine of actor `id`, which runs `f` with `args` (owned).
fn make_coroutine(s: &mut Sched, f: Value, args: Vec<Value>) -> Res<(Co, usize)> {
    let stack = match s.stacks.pop() {
        Some(st) => st,
        None => match DefaultStack::new(ACTOR_MACHINE_STACK) {
            Ok(st) => st,
            Err(e) => {
                heap::drop(f);
                for a in args {
                    heap::drop(a);
                }
                return Err(error::throw(
                    "OutOfMemoryError",
                    &format!("cannot map an actor's stack: {e}"),
                ));
            }
        },
    };
    // C code compares frame addresses with this (plus a margin for the
    // runtime's own frames).
    let limit = stack.limit().get() + (256 << 10);
    let co = Coroutine::with_stack(stack, move |y: &Yielder<(), ()>, ()| {
        YIELDER.with(|c| c.set(y as *const _));
        let r = callable::invoke(f, &args);
        heap::drop(f);
        for a in args {
            heap::drop(a);
        }
        r.map_err(|t| t.0)
    });
    Ok((co, limit))
}

// ---------------------------------------------------------------------------
// Switching

fn swap_state(saved: Saved) -> Saved {
    let bindings = crate::ns::swap_bindings(saved.bindings);
    let depth = crate::equiv::swap_depth(saved.depth);
    let print = crate::print::swap_actor_state(saved.print);
    // SAFETY: this thread alone runs generated code, and only between
    // switches, so nothing reads the limit while it changes.
    let stack_limit = unsafe {
        std::mem::replace(
            &mut *std::ptr::addr_of_mut!(crate::cabi::genera_stack_limit),
            saved.stack_limit,
        )
    };
    Saved {
        bindings,
        depth,
        print,
        stack_limit,
    }
}

/// Runs actor `id` until it suspends or ends. Called by the main program
/// only (see the module doc).
fn resume(id: u64) {
    let Ok(ops) = tier() else { return };
    let taken = with(|s| {
        let start = match s.actors.get_mut(&id) {
            None => return None,
            Some(a) if a.co.is_none() => Some((a.start.take()?, a.exit.is_some())),
            Some(_) => None,
        };
        if let Some(((f, args), killed)) = start {
            if killed {
                // Killed before it ever ran.
                heap::drop(f);
                for x in args {
                    heap::drop(x);
                }
                return Some(Err(()));
            }
            let made = make_coroutine(s, f, args);
            let a = s.actors.get_mut(&id)?;
            match made {
                Ok((co, limit)) => {
                    a.ctx = (ops.new_context)(ACTOR_NATIVE_BUDGET) as usize;
                    a.saved.stack_limit = limit;
                    a.co = Some(co);
                }
                Err(e) => {
                    a.exit = Some(e.0);
                    return Some(Err(()));
                }
            }
        }
        let a = s.actors.get_mut(&id)?;
        a.status = Status::Running;
        let co = a.co.take()?;
        let saved = std::mem::take(&mut a.saved);
        let y = a.yielder;
        s.current = id;
        Some(Ok((co, saved, y, a.ctx)))
    });
    let (mut co, saved, y, ctx) = match taken {
        None => return,
        Some(Err(())) => return terminate(id, Err(Value::NIL)),
        Some(Ok(x)) => x,
    };
    let main_saved = swap_state(saved);
    (ops.swap_context)(ctx as *mut ());
    let outer_yielder = YIELDER.with(|c| c.replace(y));
    let r = co.resume(());
    let y = YIELDER.with(|c| c.replace(outer_yielder));
    (ops.swap_context)(std::ptr::null_mut());
    let saved = swap_state(main_saved);
    with(|s| {
        s.current = MAIN;
        if let Some(a) = s.actors.get_mut(&id) {
            a.saved = saved;
            a.yielder = y;
            a.reductions = (ops.context_reductions)(a.ctx as *mut ());
        }
    });
    match r {
        CoroutineResult::Yield(()) => with(|s| {
            if let Some(a) = s.actors.get_mut(&id) {
                a.co = Some(co);
            }
        }),
        CoroutineResult::Return(res) => {
            let stack = co.into_stack();
            with(|s| {
                if s.stacks.len() < STACK_POOL {
                    s.stacks.push(stack);
                }
            });
            terminate(id, res)
        }
    }
}

/// Suspends the running actor (which set its own status first) until the
/// scheduler resumes it; then delivers a pending exit signal.
fn suspend() -> Res<()> {
    let y = YIELDER.with(|c| c.get());
    if y.is_null() {
        return run_others(false);
    }
    // SAFETY: the yielder belongs to the coroutine running now (set by its
    // body and restored by `resume` around each run), which outlives this
    // call.
    unsafe { (*y).suspend(()) };
    check_exit()
}

/// An exit signal pending for the running actor, as an exception.
fn check_exit() -> Res<()> {
    let r = with(|s| {
        let a = s.actors.get(&s.current)?;
        a.exit
    });
    match r {
        Some(reason) => Err(exit_exception(reason)),
        None => Ok(()),
    }
}

/// Counts `n` reductions of generated C code to the running actor.
pub fn count_c_reductions(n: u64) {
    with(|s| {
        let me = s.current;
        if let Some(a) = s.actors.get_mut(&me) {
            a.c_reductions += n;
        }
    });
}

/// Called by the VM when a time slice runs out while actors exist: lets
/// the others run (the main program runs a round of them; an actor goes to
/// the back of the queue). Errors: a pending exit signal.
pub fn preempt() -> Res<()> {
    let in_actor = !YIELDER.with(|c| c.get()).is_null();
    if !in_actor {
        return run_others(true);
    }
    // Always back to the scheduler: the main program may be runnable too
    // (it is never in the run queue), and it decides who runs next.
    with(|s| {
        let me = s.current;
        if let Some(a) = s.actors.get_mut(&me) {
            a.status = Status::Runnable;
        }
        s.run_queue.push_back(me);
    });
    suspend()
}

/// The main program's turn as scheduler. With `round`, runs each actor
/// runnable now once; otherwise runs actors until the main program is
/// runnable again (a message, its deadline, a signal). Errors: a pending
/// exit signal for the main program, or a wait that could never end.
fn run_others(round: bool) -> Res<()> {
    if round {
        fire_timers();
        let n = with(|s| s.run_queue.len());
        for _ in 0..n {
            match with(|s| s.run_queue.pop_front()) {
                Some(id) => resume(id),
                None => break,
            }
        }
        return check_exit();
    }
    loop {
        fire_timers();
        let (ready, next) = with(|s| {
            let ready = s.actors.get(&MAIN).map(|a| a.status != Status::Waiting);
            (ready.unwrap_or(true), s.run_queue.pop_front())
        });
        if ready {
            if let Some(id) = next {
                with(|s| s.run_queue.push_front(id));
            }
            with(|s| {
                if let Some(a) = s.actors.get_mut(&MAIN) {
                    a.status = Status::Running;
                }
            });
            return check_exit();
        }
        if let Some(id) = next {
            resume(id);
            continue;
        }
        match next_wakeup() {
            Some(t) => {
                let now = Instant::now();
                if t > now {
                    std::thread::sleep(t - now);
                }
            }
            None => {
                with(|s| {
                    if let Some(a) = s.actors.get_mut(&MAIN) {
                        a.status = Status::Running;
                    }
                });
                return Err(error::illegal_state(
                    "receive would wait forever: no actor is runnable, no timer is \
                     pending, and nothing else can send the main program a message",
                ));
            }
        }
    }
}

/// Wakes the actors whose deadline passed and delivers due `send-after`
/// messages; true if anything became runnable.
fn fire_timers() -> bool {
    let now = Instant::now();
    let mut woke = false;
    let mut due_msgs = Vec::new();
    with(|s| {
        while let Some(std::cmp::Reverse((t, id))) = s.timers.peek().copied() {
            if t > now {
                break;
            }
            s.timers.pop();
            if let Some(a) = s.actors.get_mut(&id) {
                if a.status == Status::Waiting && a.deadline.is_some_and(|d| d <= now) {
                    a.status = Status::Runnable;
                    if id != MAIN {
                        s.run_queue.push_back(id);
                    }
                    woke = true;
                }
            }
        }
        while let Some(std::cmp::Reverse((t, seq))) = s.delayed.peek().copied() {
            if t > now {
                break;
            }
            s.delayed.pop();
            if let Some(m) = s.delayed_msgs.remove(&seq) {
                due_msgs.push(m);
            }
        }
    });
    for (to, msg) in due_msgs {
        woke = true;
        let r = send_owned(to, msg);
        if let Ok(v) = r {
            heap::drop(v);
        }
        heap::drop(to);
    }
    woke
}

fn next_wakeup() -> Option<Instant> {
    with(|s| {
        let a = s.timers.peek().map(|r| r.0 .0);
        let b = s.delayed.peek().map(|r| r.0 .0);
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    })
}

// ---------------------------------------------------------------------------
// Messages

/// `(! dest msg)`: appends `msg` (borrowed; one more reference, never a
/// copy) to the mailbox of `dest` (a pid or registered name); a dead pid
/// drops it, as Erlang does. Returns `msg` (owned). Errors: an
/// unregistered name, a `dest` that is neither.
pub fn send(dest: Value, msg: Value) -> Res {
    heap::dup(msg);
    send_owned(dest, msg)
}

fn send_owned(dest: Value, msg: Value) -> Res {
    let r = with(|s| {
        ensure_main(s);
        let id = match target(s, dest) {
            Ok(Some(id)) => id,
            Ok(None) if is_pid(dest) => return Ok(false),
            Ok(None) => {
                return Err(error::illegal_arg(&format!(
                    "no actor is registered as {}",
                    crate::print::pr_str(dest)
                )))
            }
            Err(e) => return Err(e),
        };
        heap::dup(msg);
        let a = s.actors.get_mut(&id).expect("target is live");
        a.mailbox.push_back(msg);
        if a.status == Status::Waiting {
            a.status = Status::Runnable;
            if id != MAIN {
                s.run_queue.push_back(id);
            }
        }
        Ok(true)
    });
    match r {
        Ok(true) => Ok(msg),
        Ok(false) => Ok(msg),
        Err(e) => {
            heap::drop(msg);
            Err(e)
        }
    }
}

/// Starts a `receive`: the scan begins at the oldest message, and the
/// wait ends `timeout_ms` from now (None: never).
pub fn recv_start(timeout_ms: Option<i64>) {
    let deadline = timeout_ms.map(|ms| Instant::now() + Duration::from_millis(ms.max(0) as u64));
    with(|s| {
        ensure_main(s);
        let me = s.current;
        if let Some(a) = s.actors.get_mut(&me) {
            a.cursor = 0;
            a.deadline = deadline;
        }
    });
}

/// Moves the scan to the next message, waiting for one if all have been
/// looked at; false once the deadline has passed with none left. Errors:
/// an exit signal arriving meanwhile.
pub fn recv_next() -> Res<bool> {
    loop {
        check_exit()?;
        let step = with(|s| {
            let me = s.current;
            let a = s.actors.get_mut(&me)?;
            if a.cursor < a.mailbox.len() {
                a.cursor += 1;
                return Some(true);
            }
            if a.deadline.is_some_and(|d| d <= Instant::now()) {
                return Some(false);
            }
            a.status = Status::Waiting;
            if let Some(d) = a.deadline {
                s.timers.push(std::cmp::Reverse((d, me)));
            }
            None
        });
        match step {
            Some(b) => return Ok(b),
            None => suspend()?,
        }
    }
}

/// The message the scan is at (owned).
pub fn recv_current() -> Res {
    with(|s| {
        let a = s.actors.get(&s.current)?;
        let m = *a.mailbox.get(a.cursor.checked_sub(1)?)?;
        heap::dup(m);
        Some(m)
    })
    .ok_or_else(|| error::illegal_state("no message is being looked at"))
}

/// Removes the message the scan is at from the mailbox and returns it
/// (owned): the one a `receive` clause matched.
pub fn recv_take() -> Res {
    with(|s| {
        let me = s.current;
        let a = s.actors.get_mut(&me)?;
        let i = a.cursor.checked_sub(1)?;
        a.cursor = 0;
        a.mailbox.remove(i)
    })
    .ok_or_else(|| error::illegal_state("no message is being looked at"))
}

/// `(send-after ms dest msg)`: sends `msg` (borrowed) to `dest` in `ms`
/// milliseconds.
pub fn send_after(ms: i64, dest: Value, msg: Value) -> Res<()> {
    let when = Instant::now() + Duration::from_millis(ms.max(0) as u64);
    heap::dup(dest);
    heap::dup(msg);
    with(|s| {
        ensure_main(s);
        let seq = s.next_ref;
        s.next_ref += 1;
        s.delayed.push(std::cmp::Reverse((when, seq)));
        s.delayed_msgs.insert(seq, (dest, msg));
    });
    Ok(())
}

// ---------------------------------------------------------------------------
// Exits, links, monitors

/// Ends actor `id`: `res` is what its function returned (Ok: a normal
/// end) or threw (owned). A pending exit signal's reason wins.
fn terminate(id: u64, res: Result<Value, Value>) {
    let Some(mut a) = with(|s| s.actors.remove(&id)) else {
        return;
    };
    let reason = match (a.exit.take(), res) {
        (Some(r), res) => {
            match res {
                Ok(v) | Err(v) => heap::drop(v),
            }
            r
        }
        (None, Ok(v)) => {
            heap::drop(v);
            kw("normal")
        }
        (None, Err(e)) => {
            let r = reason_of(e);
            if error::is_exception(r) {
                crate::print::flush_out();
                eprintln!(
                    "genera: actor {} ended by an uncaught exception: {}",
                    crate::print::pr_str(a.pid),
                    error::format_uncaught(r).trim_end()
                );
            }
            r
        }
    };
    if let Ok(ops) = tier() {
        (ops.free_context)(a.ctx as *mut ());
    }
    for m in a.mailbox.drain(..) {
        heap::drop(m);
    }
    let pid = a.pid;
    with(|s| {
        if !a.name.is_nil() {
            s.names.remove(&a.name.0);
        }
        for l in &a.links {
            if let Some(la) = s.actors.get_mut(l) {
                la.links.retain(|x| *x != id);
            }
        }
        for (r, _, t) in &a.monitors {
            if let Some(ta) = s.actors.get_mut(t) {
                ta.watchers.retain(|(x, _)| x != r);
            }
        }
        if s.actors.len() <= 1 {
            ACTIVE.with(|c| c.set(false));
        }
    });
    for (_, r, _) in a.monitors.drain(..) {
        heap::drop(r);
    }
    for (rn, w) in a.watchers.drain(..) {
        let down = with(|s| {
            let wa = s.actors.get_mut(&w)?;
            let i = wa.monitors.iter().position(|(x, _, _)| *x == rn)?;
            Some(wa.monitors.remove(i).1)
        });
        if let Some(r) = down {
            heap::dup(pid);
            heap::dup(reason);
            let msg = coll::make_vector(&[kw("DOWN"), r, pid, reason]);
            deliver(w, msg);
        }
    }
    for l in std::mem::take(&mut a.links) {
        signal(l, pid, reason, false);
    }
    heap::drop(reason);
    heap::drop(pid);
}

/// Appends `msg` (owned) to actor `id`'s mailbox (dropped if it is dead).
fn deliver(id: u64, msg: Value) {
    let dead = with(|s| match s.actors.get_mut(&id) {
        Some(a) => {
            a.mailbox.push_back(msg);
            if a.status == Status::Waiting {
                a.status = Status::Runnable;
                if id != MAIN {
                    s.run_queue.push_back(id);
                }
            }
            false
        }
        None => true,
    });
    if dead {
        heap::drop(msg);
    }
}

/// Sends an exit signal from `from` (a pid, borrowed) with `reason`
/// (borrowed) to actor `to`, as Erlang does: `:kill` (only from `exit`,
/// `untrappable`) ends it with `:killed`; a trapping actor gets
/// `[:EXIT from reason]`; otherwise `:normal` is ignored and any other
/// reason ends it. Returns true if the signal ends the running actor.
fn signal(to: u64, from: Value, reason: Value, untrappable: bool) -> bool {
    let kill = untrappable && reason == kw("kill");
    let action = with(|s| {
        let a = s.actors.get_mut(&to)?;
        if a.exit.is_some() {
            return Some(0);
        }
        if !kill && a.trap_exit {
            return Some(1);
        }
        if !kill && reason == kw("normal") && pid_number(from) != to {
            return Some(0);
        }
        let r = if kill { kw("killed") } else { reason };
        heap::dup(r);
        a.exit = Some(r);
        if a.status == Status::Waiting {
            a.status = Status::Runnable;
            if to != MAIN {
                s.run_queue.push_back(to);
            }
        }
        Some(2)
    });
    match action {
        Some(1) => {
            heap::dup(from);
            heap::dup(reason);
            deliver(to, coll::make_vector(&[kw("EXIT"), from, reason]));
            false
        }
        Some(2) => with(|s| s.current == to),
        _ => false,
    }
}

/// `(exit pid reason)`: sends an exit signal (see `signal`). Errors: the
/// exit exception, when the signal ends the caller itself.
pub fn exit(dest: Value, reason: Value) -> Res<()> {
    let (to, me) = with(|s| {
        ensure_main(s);
        let me = s.actors[&s.current].pid;
        heap::dup(me);
        (target(s, dest), me)
    });
    let r = match to {
        Ok(Some(to)) => {
            if signal(to, me, reason, true) {
                check_exit()
            } else {
                Ok(())
            }
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    heap::drop(me);
    r
}

/// `(exit reason)`: ends the running actor with `reason` (borrowed), as an
/// exception that `try` can catch (Erlang's `exit/1`).
pub fn exit_self(reason: Value) -> Thrown {
    exit_exception(reason)
}

/// `(link pid)`: links the running actor and `pid` both ways. A dead `pid`
/// sends the caller the exit signal `:noproc`. Errors: that signal ending
/// the caller.
pub fn link(dest: Value) -> Res<()> {
    let r = with(|s| {
        ensure_main(s);
        let me = s.current;
        let to = target(s, dest)?;
        if let Some(to) = to {
            if to != me {
                let a = s.actors.get_mut(&to).expect("live");
                if !a.links.contains(&me) {
                    a.links.push(me);
                }
                let m = s.actors.get_mut(&me).expect("live");
                if !m.links.contains(&to) {
                    m.links.push(to);
                }
            }
        }
        Ok((to.is_some(), me))
    });
    let (alive, me) = r?;
    if !alive && signal(me, dest, kw("noproc"), false) {
        return check_exit();
    }
    Ok(())
}

/// `(unlink pid)`: removes the link both ways (none: nothing happens).
pub fn unlink(dest: Value) -> Res<()> {
    with(|s| {
        ensure_main(s);
        let me = s.current;
        if let Some(to) = target(s, dest)? {
            if let Some(a) = s.actors.get_mut(&to) {
                a.links.retain(|x| *x != me);
            }
            if let Some(m) = s.actors.get_mut(&me) {
                m.links.retain(|x| *x != to);
            }
        }
        Ok(())
    })
}

/// `(monitor pid)`: a new ref (owned); when `pid` ends (or if it already
/// has) the caller gets `[:DOWN ref pid reason]` (`:noproc` for a dead one).
pub fn monitor(dest: Value) -> Res {
    let (r, to) = with(|s| {
        ensure_main(s);
        let me = s.current;
        let n = s.next_ref;
        s.next_ref += 1;
        let r = make_id_object(Tag::Ref, n);
        let to = target(s, dest)?;
        if let Some(to) = to {
            heap::dup(r);
            s.actors
                .get_mut(&me)
                .expect("live")
                .monitors
                .push((n, r, to));
            s.actors.get_mut(&to).expect("live").watchers.push((n, me));
        }
        Ok::<_, Thrown>((r, to.map(|_| me)))
    })?;
    if to.is_none() {
        heap::dup(r);
        heap::dup(dest);
        let msg = coll::make_vector(&[kw("DOWN"), r, dest, kw("noproc")]);
        let me = with(|s| s.current);
        deliver(me, msg);
    }
    Ok(r)
}

/// `(demonitor ref)`: stops a monitor; true if it was active.
pub fn demonitor(r: Value) -> Res<bool> {
    if !has_tag(r, Tag::Ref) {
        return Err(error::cast_error(r, "genera.lang.Ref"));
    }
    let n = pid_number(r);
    let found = with(|s| {
        let me = s.current;
        let m = s.actors.get_mut(&me)?;
        let i = m.monitors.iter().position(|(x, _, _)| *x == n)?;
        let (_, rv, to) = m.monitors.remove(i);
        if let Some(t) = s.actors.get_mut(&to) {
            t.watchers.retain(|(x, _)| *x != n);
        }
        Some(rv)
    });
    match found {
        Some(rv) => {
            heap::drop(rv);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// `(trap-exit flag)`: whether exit signals become `[:EXIT pid reason]`
/// messages; returns the previous setting.
pub fn trap_exit(on: bool) -> bool {
    with(|s| {
        ensure_main(s);
        let me = s.current;
        let a = s.actors.get_mut(&me).expect("live");
        std::mem::replace(&mut a.trap_exit, on)
    })
}

/// `(alive? pid)`.
pub fn is_alive(dest: Value) -> Res<bool> {
    with(|s| {
        ensure_main(s);
        Ok(target(s, dest)?.is_some_and(|id| s.actors[&id].exit.is_none()))
    })
}

// ---------------------------------------------------------------------------
// Registry and introspection

/// `(register name pid)`: names a live actor. Errors: a name that is not a
/// keyword or is taken, a dead pid, an actor that already has a name.
pub fn register(name: Value, dest: Value) -> Res<()> {
    if !string::is_keyword(name) {
        return Err(error::cast_error(name, "clojure.lang.Keyword"));
    }
    if !is_pid(dest) {
        return Err(error::cast_error(dest, "genera.lang.Pid"));
    }
    with(|s| {
        ensure_main(s);
        if s.names.contains_key(&name.0) {
            return Err(error::illegal_arg(&format!(
                "{} is already registered",
                crate::print::pr_str(name)
            )));
        }
        let id = pid_number(dest);
        let Some(a) = s.actors.get_mut(&id) else {
            return Err(error::illegal_arg("cannot register a dead actor"));
        };
        if !a.name.is_nil() {
            return Err(error::illegal_arg("the actor already has a name"));
        }
        a.name = name;
        s.names.insert(name.0, id);
        Ok(())
    })
}

/// `(unregister name)`: true if the name was registered.
pub fn unregister(name: Value) -> bool {
    with(|s| match s.names.remove(&name.0) {
        Some(id) => {
            if let Some(a) = s.actors.get_mut(&id) {
                a.name = Value::NIL;
            }
            true
        }
        None => false,
    })
}

/// `(whereis name)`: the pid registered as `name` (owned), or nil.
pub fn whereis(name: Value) -> Value {
    with(|s| match s.names.get(&name.0) {
        Some(id) => {
            let p = s.actors[id].pid;
            heap::dup(p);
            p
        }
        None => Value::NIL,
    })
}

/// `(processes)`: the pids of every live actor, oldest first (owned).
pub fn processes() -> Value {
    let pids = with(|s| {
        ensure_main(s);
        let mut ids: Vec<u64> = s.actors.keys().copied().collect();
        ids.sort_unstable();
        ids.iter()
            .map(|id| {
                let p = s.actors[id].pid;
                heap::dup(p);
                p
            })
            .collect::<Vec<_>>()
    });
    coll::vector_from_vec(pids)
}

/// `(info pid)`: a map describing a live actor (owned), or nil for a dead
/// one: `:status` (`:running`, `:runnable`, `:waiting`), `:mailbox-length`,
/// `:reductions`, `:links`, `:monitors` (the pids it monitors), `:name`,
/// `:trap-exit`.
pub fn info(dest: Value) -> Res {
    let ops = tier().ok();
    let kvs = with(|s| {
        ensure_main(s);
        let Some(id) = target(s, dest)? else {
            return Ok(None);
        };
        let a = &s.actors[&id];
        let status = match a.status {
            Status::Running => "running",
            Status::Runnable => "runnable",
            Status::Waiting => "waiting",
        };
        let pids = |ids: &mut dyn Iterator<Item = u64>| {
            let v: Vec<Value> = ids
                .filter_map(|i| s.actors.get(&i))
                .map(|x| {
                    heap::dup(x.pid);
                    x.pid
                })
                .collect();
            coll::vector_from_vec(v)
        };
        let reductions = ops
            .map(|o| (o.context_reductions)(a.ctx as *mut ()))
            .unwrap_or(a.reductions)
            + a.c_reductions;
        let links = pids(&mut a.links.iter().copied());
        let monitors = pids(&mut a.monitors.iter().map(|m| m.2));
        Ok(Some(vec![
            kw("status"),
            kw(status),
            kw("mailbox-length"),
            Value::fixnum(a.mailbox.len() as i64),
            kw("reductions"),
            Value::fixnum(reductions as i64),
            kw("links"),
            links,
            kw("monitors"),
            monitors,
            kw("name"),
            a.name,
            kw("trap-exit"),
            Value::bool(a.trap_exit),
        ]))
    })?;
    match kvs {
        Some(kvs) => coll::make_map(&kvs),
        None => Ok(Value::NIL),
    }
}

// ---------------------------------------------------------------------------
// Shutdown

/// Gives up on an actor that does not end at shutdown (it catches its exit
/// exception and goes on, or loops in compiled C code, which does not
/// raise exit signals at loop back-edges yet): its suspended stack and what
/// it holds are left unreleased, and stderr says so.
fn abandon(id: u64) {
    let Some(a) = with(|s| s.actors.remove(&id)) else {
        return;
    };
    crate::print::flush_out();
    eprintln!(
        "genera: actor {} did not stop at shutdown; abandoned (its memory is not released)",
        crate::print::pr_str(a.pid)
    );
    std::mem::forget(a);
}

/// Ends every actor but the main program with reason `:shutdown` (called
/// when the main program returns) and releases the scheduler's tables, so
/// that `--check-leaks` sees what the program itself left.
pub fn shutdown() {
    let ids: Vec<u64> = with(|s| s.actors.keys().copied().filter(|i| *i != MAIN).collect());
    if !ids.is_empty() {
        let main_pid = with(|s| s.actors.get(&MAIN).map(|a| a.pid));
        // Signals from the main program, trappable or not: each actor ends
        // with :shutdown (a trapping one is told so first).
        for id in &ids {
            with(|s| {
                if let Some(a) = s.actors.get_mut(id) {
                    if a.exit.is_none() {
                        a.exit = Some(kw("shutdown"));
                    }
                    if a.status == Status::Waiting {
                        a.status = Status::Runnable;
                        s.run_queue.push_back(*id);
                    }
                }
            });
        }
        let _ = main_pid;
        // Each runs until its frames have unwound; one that catches the
        // exit exception meets it again at its next preemption point.
        let mut turns: HashMap<u64, u32> = HashMap::new();
        while let Some(id) = with(|s| s.run_queue.pop_front()) {
            let t = turns.entry(id).or_insert(0);
            *t += 1;
            if *t > SHUTDOWN_TURNS {
                abandon(id);
                continue;
            }
            resume(id);
        }
        // Waiting ones (none should be left) and never-started ones.
        let left: Vec<u64> = with(|s| s.actors.keys().copied().filter(|i| *i != MAIN).collect());
        for id in left {
            resume(id);
            with(|s| s.run_queue.clear());
        }
    }
    let (main, delayed, stacks) = with(|s| {
        s.timers.clear();
        s.delayed.clear();
        let delayed: Vec<(Value, Value)> = s.delayed_msgs.drain().map(|(_, m)| m).collect();
        s.names.clear();
        s.next_id = 0;
        (
            s.actors.remove(&MAIN),
            delayed,
            std::mem::take(&mut s.stacks),
        )
    });
    drop(stacks);
    for (a, b) in delayed {
        heap::drop(a);
        heap::drop(b);
    }
    if let Some(mut m) = main {
        for x in m.mailbox.drain(..) {
            heap::drop(x);
        }
        for (_, r, _) in m.monitors.drain(..) {
            heap::drop(r);
        }
        if let Some(r) = m.exit.take() {
            heap::drop(r);
        }
        heap::drop(m.pid);
    }
    ACTIVE.with(|c| c.set(false));
}
