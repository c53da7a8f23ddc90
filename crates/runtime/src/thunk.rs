//! Who is forcing a thunk (a lazy seq or a delay) while it is black-holed,
//! so that a thunk forced by two actors runs once: the second actor waits
//! for the first to finish (letting the others run), and only the actor
//! that is forcing it and reaches it again gets the "realized recursively"
//! error. As GHC's black holes record their owner thread (the blocking
//! queue of `ghc-stg-rts`), but kept beside the object rather than in it:
//! the list holds only the thunks being forced now, innermost last.

use crate::actor;
use crate::error;
use crate::object::{flags, FLAG_BLACKHOLE};
use crate::value::Value;
use crate::Res;
use std::cell::RefCell;

thread_local! {
    static FORCING: RefCell<Vec<(u64, u64)>> = const { RefCell::new(Vec::new()) };
}

/// Records that the running actor black-holed `thunk` (borrowed). While
/// no actor but the main program exists nothing is recorded: a black hole
/// with no owner on record was made by the main program (`wait_for`), and
/// a program without actors pays nothing per realization.
pub fn begin(thunk: Value) {
    if !actor::others_waiting() {
        return;
    }
    let me = actor::current_id();
    FORCING.with(|f| f.borrow_mut().push((thunk.0, me)));
}

/// Forgets `thunk`'s owner (its forcing ended, by a value or a throw).
pub fn end(thunk: Value) {
    FORCING.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_empty() {
            return;
        }
        if let Some(i) = f.iter().rposition(|(t, _)| *t == thunk.0) {
            f.remove(i);
        }
    });
}

/// What to do on reaching a black-holed `thunk`: `Ok(())` once another
/// actor's forcing of it has ended (the caller looks again: it is realized,
/// or free to force because that forcing threw); the `recursive` error if
/// the running actor is the one forcing it.
pub fn wait_for(thunk: Value, recursive: impl Fn() -> crate::Thrown) -> Res<()> {
    let me = actor::current_id();
    let owner = FORCING.with(|f| {
        f.borrow()
            .iter()
            .rev()
            .find(|(t, _)| *t == thunk.0)
            .map(|(_, a)| *a)
            .unwrap_or(actor::MAIN)
    });
    if owner == me {
        return Err(recursive());
    }
    // Bounded, so that two actors waiting on each other's thunks end with
    // an error rather than spinning forever.
    for _ in 0..10_000_000u64 {
        if flags(thunk) & FLAG_BLACKHOLE == 0 {
            return Ok(());
        }
        actor::yield_while_waiting()?;
    }
    Err(error::illegal_state(
        "a lazy seq or delay is being realized by another actor that does not finish",
    ))
}
