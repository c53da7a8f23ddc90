//! The process-wide interrupt request: Ctrl-C at the REPL and nREPL's
//! `interrupt` op ask the running evaluation to stop.
//!
//! Any thread (a signal handler through `flag`, an nREPL socket thread) may
//! `request` an interrupt; the interpreter thread polls it with `take` where
//! it already counts reductions (once per time slice, so the check costs
//! nothing on the fast path) and throws `interrupted()`, an ordinary
//! catchable exception that unwinds the evaluation as any other would. The
//! idea is JVM Clojure's: nREPL stops the evaluating thread (`Thread.stop`,
//! a `ThreadDeath` thrown wherever the thread is); here the thread stops
//! itself at the next safe point.
//!
//! Whoever starts an evaluation `clear`s a stale request first, so an
//! interrupt that arrived when nothing was running does not hit the next
//! evaluation.

use crate::error;
use crate::Thrown;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The exception class an interrupted evaluation throws.
pub const KIND: &str = "InterruptedException";

/// The message of the exception an interrupted evaluation throws.
pub const MESSAGE: &str = "Evaluation interrupted";

fn cell() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// The flag itself, for registering with a signal handler
/// (`signal_hook::flag::register(SIGINT, interrupt::flag())`): a signal
/// handler may only store to an atomic.
pub fn flag() -> Arc<AtomicBool> {
    Arc::clone(cell())
}

/// Asks the running evaluation to stop at its next safe point.
pub fn request() {
    cell().store(true, Ordering::SeqCst);
}

/// True (and the request withdrawn) if an interrupt was requested: the
/// interpreter's poll.
#[inline]
pub fn take() -> bool {
    let f = cell();
    f.load(Ordering::Relaxed) && f.swap(false, Ordering::SeqCst)
}

/// True if an interrupt is requested and not yet taken.
pub fn is_requested() -> bool {
    cell().load(Ordering::SeqCst)
}

/// Withdraws any pending request (before starting an evaluation).
pub fn clear() {
    cell().store(false, Ordering::SeqCst);
}

/// The exception an interrupted evaluation throws (owned).
pub fn interrupted() -> Thrown {
    error::throw(KIND, MESSAGE)
}

/// True if `exn` (borrowed) is the exception `interrupted` makes.
pub fn is_interrupted(exn: crate::Value) -> bool {
    error::is_exception(exn) && error::kind_of(exn) == KIND
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_take_clear() {
        clear();
        assert!(!take());
        request();
        assert!(is_requested());
        assert!(take());
        assert!(!take(), "take withdraws the request");
        request();
        clear();
        assert!(!take());
    }
}
