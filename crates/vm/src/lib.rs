//! genera-vm: the bytecode tier. It compiles Core IR (after Perceus) to
//! compact register bytecode and runs it.
//!
//! What it knows: Core IR (`genera_ir`) and the runtime's object model. What
//! it does not know: source text, forms (except constants, which the runtime
//! turns into values) and HIR. It never decides ownership: every `dup`,
//! `drop` and reuse is in the IR, and the VM executes them as written.
//!
//! # Why a register machine
//! Core IR is in A-normal form: every intermediate value already has a name.
//! A register machine maps that 1:1, each IR variable to a frame slot, so
//! `let v3 = (+ v1 v2)` is one instruction, `add r3 = r1 r2`. A stack
//! machine would need three (push, push, add) plus stores to keep named
//! values around, and would have to re-derive what ANF already says. Fewer,
//! wider instructions mean fewer dispatches, the dominant cost of an
//! interpreter (Lua 5 made the same move; see "The Implementation of Lua 5.0").
//!
//! # Bytecode (`bytecode.rs`)
//! An instruction is one 8-byte `Inst`: an opcode and `u16` registers, or a
//! `u16` and a `u32` jump target / side-table index. Operand lists (call
//! arguments, captures, elements) are in a per-lambda side table. Each
//! primitive (`ir::PrimOp`) has its own opcode; the arithmetic and comparison
//! ones test for two fixnums and compute inline (overflow, like any other
//! case, falls to the runtime, which boxes or throws). `case` is a `Case`
//! instruction over a table built at load time: a hash map from the value
//! word of identity-comparable constants (fixnums, characters, keywords) to a
//! target, and a map from runtime hash to (constant, target) confirmed with
//! runtime `=` for the rest. Per-instruction metadata (source line, the
//! registers to drop if it throws, the active handler) is in arrays beside
//! the code, read only when unwinding.
//!
//! Compile-time rewrites cut dispatches without changing meaning: a
//! comparison whose only use is an `if` (possibly through `not`) becomes one
//! fused compare-and-branch (`JumpUnlessLt` ...); `Dup`/`Drop` of
//! variables that can never hold a counted object (comparison results,
//! immediate or immortal constants) emit nothing; two `Dup`s or `Drop`s in a
//! row are one `DupPair`/`DropPair`, and a `recur`'s last move and its
//! back-edge one `MoveLoop`; a jump into an `or`/`and` join whose tested
//! argument is known truthy or falsy (it was just branched on) goes straight
//! to the arm the join's test would take.
//!
//! A lambda compiles to one `Code` object (`callable::make_code`) whose
//! constant pool, a heap object, owns the constants and the code objects of
//! the lambdas it makes closures of, so code is traced and freed like any
//! data. Lambdas that make closures of each other (`letfn*` siblings) would
//! make that ownership cyclic, so each strongly connected component is
//! compiled as one `Group` sharing one pool, whose members find each other's
//! code objects through a weak table (`bytecode::Group`). Vars are resolved
//! (interned) at load time; they are immortal. `compile` checks every jump
//! target and that code cannot fall off its end, which is what lets the
//! dispatch loop fetch instructions and registers without bounds checks.
//!
//! # Frames (`interp.rs`)
//! Each thread has one register stack, a contiguous array of value words the
//! runtime can scan. A frame is a window of it: `nregs` registers, the
//! parameters first. Frame records (the caller's closure, code, base, resume
//! pc and destination register) are pushed on one `Vec` when a genera
//! function calls another and popped when it returns: calls never recurse on
//! the Rust stack. The dispatch loop keeps the current frame in locals.
//!
//! # Calling convention
//! A call consumes the callee and the arguments. The caller copies the
//! arguments to the top of the register stack, which is exactly where the
//! callee's window (and its parameter registers `0..n`) will start. The
//! callee is picked by arity (exact fixed arity first, then the variadic one,
//! whose extra arguments are collected into a seq for the rest parameter);
//! a wrong count throws `arity_error`. A frame owns its closure and any
//! parameter the body only borrows, and releases them when it returns,
//! throws or tail-calls. Native functions are called directly with the
//! argument window: as a borrowed slice, or for natives that consume their
//! arguments as a mutable one they may take values out of (so `reduce` or
//! `count` over a lazy seq holds its only reference and releases each cell
//! as it walks); either way the caller drops what is left in the window
//! after. Anything else callable goes through `callable::invoke`.
//! `TailCall` replaces the frame in place, so mutual tail recursion runs in
//! constant space; `recur` and loops are jumps. Each call and each loop
//! back-edge costs one reduction (`reductions()`), the future preemption
//! hook for actors.
//!
//! Runtime code calls closures back (`reduce`, lazy seqs, `swap!`) through
//! `callable::invoke`, which lands in `invoke_closure`: a nested dispatch
//! loop on the same register stack, above the caller's window. Nesting is
//! bounded by a budget of Rust stack and a count; deep genera recursion is
//! bounded by the register stack and a frame count. Both throw
//! StackOverflowError instead of crashing.
//!
//! # Exceptions
//! `try` costs nothing until something throws: the handler covering each
//! instruction is in a table, as in JVM exception tables. When an instruction
//! throws, the VM drops the registers that the IR's `unwind` list names for
//! it, adds a trace frame (function, file, line), and jumps to the handler
//! if one covers the instruction, with the exception in the handler's
//! register. Otherwise it pops the frame (releasing its closure) and repeats
//! in the caller at its call instruction. At the entry frame of a run the
//! exception is returned to the Rust caller as `Err`.

mod bytecode;
mod compile;
mod disasm;
mod image;
mod interp;
mod rt;

#[cfg(test)]
mod e2e;
#[cfg(test)]
mod tests;

pub use bytecode::{Inst, Lam};
pub use interp::{set_native_stack_budget, MAX_FRAMES, STACK_SLOTS};

use genera_runtime::{callable, Value};

/// Installs the VM as the runtime's closure invoker.
pub fn install() {
    callable::set_closure_invoker(interp::invoke_closure);
    callable::set_closure_invoker_owned(interp::invoke_closure_owned);
    callable::set_closure_applier(interp::apply_closure);
    callable::set_closure_namer(interp::closure_name);
    genera_runtime::image::set_code_codec(image::codec());
    genera_runtime::actor::set_tier(genera_runtime::actor::TierOps {
        new_context: interp::new_actor_context,
        free_context: interp::free_actor_context,
        swap_context: interp::swap_context,
        context_reductions: interp::context_reductions,
    });
}

/// The fingerprint of this VM's code in images (see `image.rs`).
pub fn image_fingerprint() -> u64 {
    image::fingerprint()
}

/// Compiles a module (after Perceus) and returns its entry closure (owned).
/// Run it with `callable::invoke(entry, &[])`.
pub fn load(module: &genera_ir::Module) -> Result<Value, String> {
    compile::load(module)
}

/// A listing of the bytecode of a closure or code object.
pub fn disassemble(v: Value) -> String {
    disasm::disassemble(v)
}

/// Total reductions (calls and loop back-edges) executed on this thread.
pub fn reductions() -> u64 {
    interp::reductions()
}
