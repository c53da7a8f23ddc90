//! The instruction set and the compiled form of a lambda (`Lam`), the payload
//! of every `Code` object this tier makes.
//!
//! An instruction is 8 bytes: a one-byte opcode and up to three `u16`
//! register operands, or one `u16` and one `u32` (a jump target or an index
//! into the lambda's operand side table). Operand lists of any length (call
//! arguments, captured values, collection elements) live in `Lam::side`, so
//! the instruction stream stays dense and fixed-width.
//!
//! Per-instruction metadata lives in arrays parallel to `Lam::code`, indexed
//! by pc: the source line (`lines`), the registers to drop if the instruction
//! throws (`unwind`, an index into `unwind_regs`) and the innermost active
//! exception handler (`handler`, an index into `handlers`). The dispatch loop
//! never reads them except to unwind, so they cost nothing on the fast path.

use genera_runtime::{callable, heap, Value};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A register: an index into the current frame's window of the register stack.
pub type Reg = u16;

/// "No register" in an optional operand (no reuse token, no `init`, no `meta`).
pub const NO_REG: u16 = u16::MAX;

/// "No handler" in `Lam::handler`.
pub const NO_HANDLER: u32 = u32::MAX;

/// One bytecode instruction. `dst` registers receive an owned value unless
/// noted; operands are borrowed unless the instruction consumes them (the
/// IR's ownership rules, which the comments repeat).
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Inst {
    // ---- loads -------------------------------------------------------------
    /// `dst = consts[k]`, dup'd.
    LoadConst {
        dst: Reg,
        k: u16,
    },
    /// `dst` = the current value of `vars[var]` (thread binding, else root).
    /// Throws if the var is unbound.
    LoadGlobal {
        dst: Reg,
        var: u16,
    },
    /// `dst = vars[var]`, the var object itself (immortal, so no count).
    LoadVar {
        dst: Reg,
        var: u16,
    },
    /// `dst` = captured value `idx` of the frame's closure (borrowed).
    LoadCapture {
        dst: Reg,
        idx: u16,
    },
    /// `dst` = the frame's closure (borrowed).
    LoadSelf {
        dst: Reg,
    },
    /// `dst = src` (a move: `src` is dead afterwards or borrowed).
    Move {
        dst: Reg,
        src: Reg,
    },

    // ---- reference counting ----------------------------------------------
    Dup {
        r: Reg,
    },
    Drop {
        r: Reg,
    },
    /// `dst` = a reuse token from dropping `src` if its memory holds `size`
    /// bytes, else `Value::NONE`.
    DropReuse {
        dst: Reg,
        src: Reg,
        size: u16,
    },
    FreeReuse {
        r: Reg,
    },

    // ---- calls and control -----------------------------------------------
    /// `side[ops..]` = `f, nargs, args...`; consumes `f` and the arguments.
    Call {
        dst: Reg,
        ops: u32,
    },
    /// As `Call`, replacing the frame; the frame's closure is released.
    TailCall {
        ops: u32,
    },
    /// A call of the value of a var: `side[ops..]` = `var, nargs, args...`;
    /// consumes the arguments. The function is read at the call (the
    /// compiler only fuses a var load into its call when nothing between
    /// them can run code) and, being a non-dynamic var's closure or native,
    /// borrowed from the root: no count on the call path.
    CallVar {
        dst: Reg,
        ops: u32,
    },
    /// As `CallVar`, replacing the frame.
    TailCallVar {
        ops: u32,
    },
    /// Returns `r` (consumed) to the caller; the frame's closure is released.
    Return {
        r: Reg,
    },
    Jump {
        target: u32,
    },
    /// A backward jump (a loop back-edge): counts a reduction.
    Loop {
        target: u32,
    },
    JumpIfFalse {
        cond: Reg,
        target: u32,
    },
    /// Fused compare-and-branch: `if !(a OP b) goto target`, for an `if` on
    /// a comparison whose result is used nowhere else. The target is an
    /// absolute pc below 65536 (the compiler falls back to the unfused pair
    /// for longer functions).
    JumpUnlessLt {
        a: Reg,
        b: Reg,
        target: u16,
    },
    JumpUnlessLe {
        a: Reg,
        b: Reg,
        target: u16,
    },
    JumpUnlessGt {
        a: Reg,
        b: Reg,
        target: u16,
    },
    JumpUnlessGe {
        a: Reg,
        b: Reg,
        target: u16,
    },
    JumpUnlessNumEq {
        a: Reg,
        b: Reg,
        target: u16,
    },
    JumpUnlessEquiv {
        a: Reg,
        b: Reg,
        target: u16,
    },
    JumpUnlessIdentical {
        a: Reg,
        b: Reg,
        target: u16,
    },
    /// Fused compare-and-branch with an immediate fixnum second operand:
    /// `if !(a OP imm) goto target` (`(< i 10)`, `(= n 0)` on numbers).
    JumpUnlessLtImm {
        a: Reg,
        imm: i16,
        target: u16,
    },
    JumpUnlessLeImm {
        a: Reg,
        imm: i16,
        target: u16,
    },
    JumpUnlessGtImm {
        a: Reg,
        imm: i16,
        target: u16,
    },
    JumpUnlessGeImm {
        a: Reg,
        imm: i16,
        target: u16,
    },
    JumpUnlessNumEqImm {
        a: Reg,
        imm: i16,
        target: u16,
    },
    /// Jumps to the arm of `cases[table]` whose constant equals `scrut`.
    Case {
        scrut: Reg,
        table: u16,
    },
    /// Throws `r` (consumed).
    Throw {
        r: Reg,
    },

    // ---- allocation and vars ----------------------------------------------
    /// `side[ops..]` = `code const, reuse, n, captures...` (captures consumed).
    MakeClosure {
        dst: Reg,
        ops: u32,
    },
    /// A closure of a lambda in the same group as this one (a `letfn*`
    /// sibling): `side[ops..]` = `member, reuse, n, captures...`.
    MakeSiblingClosure {
        dst: Reg,
        ops: u32,
    },
    /// `side[ops..]` = `reuse, n, items...` (consumed).
    MakeVector {
        dst: Reg,
        ops: u32,
    },
    /// `side[ops..]` = `reuse, n, k1, v1, ...` (consumed); n is the pair count.
    MakeMap {
        dst: Reg,
        ops: u32,
    },
    MakeSet {
        dst: Reg,
        ops: u32,
    },
    /// `side[ops..]` = `reuse, n, desc, fields...` (consumed; n counts the
    /// descriptor too): a record or deftype instance.
    MakeInstance {
        dst: Reg,
        ops: u32,
    },
    /// `side[ops..]` = `reuse, x, seq` (consumed).
    Cons {
        dst: Reg,
        ops: u32,
    },
    /// `side[ops..]` = `var, init|NO_REG, meta|NO_REG` (consumed); `dst` = the var.
    Def {
        dst: Reg,
        ops: u32,
    },
    /// Sets the thread binding of `vars[var]` to `src` (consumed); `dst` = the value.
    SetVar {
        dst: Reg,
        var: u16,
        src: Reg,
    },

    // ---- primitives (one opcode per `ir::PrimOp`) -------------------------
    Add {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Sub {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Mul {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Div {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Neg {
        dst: Reg,
        a: Reg,
    },
    Inc {
        dst: Reg,
        a: Reg,
    },
    Dec {
        dst: Reg,
        a: Reg,
    },
    Quot {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Rem {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Mod {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `dst = a + imm` with a fixnum immediate (`(+ x 1)`); as `Add`.
    AddImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    /// `dst = a - imm` with a fixnum immediate (`(- n 2)`); as `Sub`.
    SubImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    /// Comparisons with a fixnum immediate second operand.
    LtImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    LeImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    GtImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    GeImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    NumEqImm {
        dst: Reg,
        a: Reg,
        imm: i16,
    },
    Lt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Gt {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Le {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Ge {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    NumEq {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Equiv {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Identical {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Not {
        dst: Reg,
        a: Reg,
    },
    IsNil {
        dst: Reg,
        a: Reg,
    },
    IsZero {
        dst: Reg,
        a: Reg,
    },
    First {
        dst: Reg,
        a: Reg,
    },
    Rest {
        dst: Reg,
        a: Reg,
    },
    Next {
        dst: Reg,
        a: Reg,
    },
    Seq {
        dst: Reg,
        a: Reg,
    },
    /// Consumes `a`.
    Count {
        dst: Reg,
        a: Reg,
    },
    /// Consumes `a`.
    Nth {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `Count` borrowing `a`: what `dup a; count a` compiles to.
    CountBorrowed {
        dst: Reg,
        a: Reg,
    },
    /// `Nth` borrowing `a`: what `dup a; nth a b` compiles to.
    NthBorrowed {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    Get {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// Consumes `a`.
    Conj {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// `side[ops..]` = `coll, k, v`; consumes `coll`.
    Assoc {
        dst: Reg,
        ops: u32,
    },
    Deref {
        dst: Reg,
        a: Reg,
    },
    ExceptionIs {
        dst: Reg,
        a: Reg,
        b: Reg,
    },
    /// Consumes `a`.
    WithMeta {
        dst: Reg,
        a: Reg,
        b: Reg,
    },

    // ---- superinstructions (pairs the compiler sees in a row) -------------
    /// `Dup a; Dup b` in one dispatch.
    DupPair {
        a: Reg,
        b: Reg,
    },
    /// `Drop a; Drop b` in one dispatch.
    DropPair {
        a: Reg,
        b: Reg,
    },
    /// `Move { dst, src }; Loop { target }`: the last move of a `recur`
    /// and its back-edge (counts a reduction). The target is below 65536
    /// (the compiler emits the pair otherwise).
    MoveLoop {
        dst: Reg,
        src: Reg,
        target: u16,
    },
}

// The whole point of the encoding: one instruction is one 8-byte word.
const _: () = assert!(std::mem::size_of::<Inst>() == 8);

/// An exception handler: where a `try`'s handler code starts and the register
/// that receives the exception.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Handler {
    pub target: u32,
    pub exn: Reg,
}

/// One arity of a lambda.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ArityCode {
    /// Fixed parameters, in registers `0..nparams`.
    pub nparams: u16,
    /// The rest parameter, if any, is register `nparams`.
    pub variadic: bool,
    /// Registers in a frame of this arity (the frame's window size).
    pub nregs: u16,
    /// Where its code starts in `Lam::code`.
    pub entry: u32,
    /// Parameter registers the body only borrows: the frame owns them on
    /// behalf of the calling convention and drops them when it exits.
    pub borrowed_params: Vec<Reg>,
}

/// A `case` dispatch table, built at load time.
#[derive(Debug, Default)]
pub struct CaseTable {
    /// Constants whose equality is identity of the value word (fixnums,
    /// characters, nil, booleans, interned keywords) -> target pc.
    pub exact: HashMap<u64, u32, BuildHasherDefault<WordHasher>>,
    /// Every other constant, by runtime hash -> (constant, target pc); the
    /// match is confirmed with runtime equality. Numbers that also sit in
    /// `exact` are here too, so a boxed number equal to a fixnum finds them.
    pub general: HashMap<u64, Vec<(Value, u32)>, BuildHasherDefault<WordHasher>>,
    pub default: u32,
    /// Every constant is an integer in the range of a Java int: like the
    /// JVM's `case` in `:int` mode, a scrutinee that is not a number goes to
    /// the default without being hashed. (Otherwise, as the JVM hashes the
    /// scrutinee, a miss in `exact` hashes any object but a keyword, which
    /// may realize a lazy seq and so throw.)
    pub int_mode: bool,
    /// Every (constant, target) pair in source order, for the disassembler.
    pub entries: Vec<(Value, u32)>,
}

/// A fast hasher for value words and precomputed hashes (Fibonacci hashing).
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A compiled lambda: the payload of its `Code` object. All arities share one
/// instruction stream, constant pool and side tables.
///
/// `consts` holds borrowed copies of the values in the code object's
/// constant vector (which owns them), so the `Lam` is only valid while its
/// code object lives; the VM reaches it only through a live closure.
#[derive(Debug)]
pub struct Lam {
    pub name: String,
    pub file: Arc<str>,
    pub line: u32,
    pub ncaptures: u32,
    pub arities: Vec<ArityCode>,
    /// The parameter count when the lambda has one fixed arity (the common
    /// case, decided with one compare), else `u16::MAX`.
    pub only_fixed: u16,
    pub code: Vec<Inst>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    /// Operand lists of variable length.
    pub side: Vec<u16>,
    /// For each instruction, an index into `unwind_regs` where a list
    /// `len, regs...` of registers to drop if it throws starts.
    pub unwind: Vec<u32>,
    pub unwind_regs: Vec<u16>,
    /// For each instruction, the innermost handler covering it (index into
    /// `handlers`) or `NO_HANDLER`.
    pub handler: Vec<u32>,
    pub handlers: Vec<Handler>,
    pub cases: Vec<CaseTable>,
    /// Constants (borrowed from the code object's constant vector).
    pub consts: Vec<Value>,
    /// Vars (immortal).
    pub vars: Vec<Value>,
    /// The qualified names of `vars`, for the disassembler.
    pub var_names: Vec<String>,
}

impl Lam {
    /// The arity to run for a call with `nargs` arguments.
    #[inline]
    pub fn select_arity(&self, nargs: usize) -> Option<usize> {
        if self.only_fixed as usize == nargs {
            return Some(0);
        }
        // A fixed arity with exactly `nargs` parameters wins over a variadic
        // one with as many fixed parameters, as in Clojure.
        if let Some(i) = self
            .arities
            .iter()
            .position(|a| !a.variadic && a.nparams as usize == nargs)
        {
            return Some(i);
        }
        self.arities
            .iter()
            .position(|a| a.variadic && nargs >= a.nparams as usize)
    }

    /// The registers to drop if instruction `pc` throws.
    pub fn unwind_set(&self, pc: usize) -> &[u16] {
        let at = self.unwind[pc] as usize;
        let len = self.unwind_regs[at] as usize;
        &self.unwind_regs[at + 1..at + 1 + len]
    }
}

/// The lambdas of one strongly connected component of the "makes closures
/// of" relation, compiled together. Most groups have one member; a
/// `letfn*` group whose members refer to each other has several.
///
/// Code objects own the code objects of the lambdas they make closures of
/// (through their constant pools), which would be a reference cycle inside a
/// group. So members do not own each other: every member's code object owns
/// the group (an `Arc`) and the group's one constant pool, and the group
/// keeps a weak table of its members' live code objects. Making a closure of
/// a sibling reuses the sibling's live code object, or makes a fresh one if
/// it has died; a dying code object clears its entry (`CodeRef::drop`).
#[derive(Debug)]
pub struct Group {
    pub lams: Vec<Lam>,
    /// The value word of each member's live code object, or 0. Each member
    /// has at most one live code object at a time.
    live: Vec<AtomicU64>,
    /// The group's constant pool (a word; each member code object owns a
    /// reference to it).
    pool: AtomicU64,
}

impl Group {
    pub fn new(lams: Vec<Lam>) -> Group {
        let live = lams.iter().map(|_| AtomicU64::new(0)).collect();
        Group {
            lams,
            live,
            pool: AtomicU64::new(0),
        }
    }

    /// Makes the code object of member `index` (owned), sharing `pool`
    /// (borrowed: the new code object takes its own reference).
    pub fn make_member_code(self: &Arc<Group>, index: usize, pool: Value) -> Value {
        self.pool.store(pool.0, Ordering::Relaxed);
        heap::dup(pool);
        let lam = &self.lams[index] as *const Lam;
        let payload = Box::into_raw(Box::new(CodeRef {
            lam,
            group: self.clone(),
            index,
        }));
        let code = callable::make_code_raw(pool, payload as *mut (), &CODE_OPS);
        self.live[index].store(code.0, Ordering::Relaxed);
        code
    }

    /// Makes `code`, a code object an image loader allocated (immortal,
    /// its constants `pool` already filled), member `index`'s live code
    /// object, and returns its payload.
    pub fn adopt_member_code(self: &Arc<Group>, index: usize, code: Value, pool: Value) -> CodeRef {
        self.pool.store(pool.0, Ordering::Relaxed);
        self.live[index].store(code.0, Ordering::Relaxed);
        CodeRef {
            group: self.clone(),
            index,
            lam: &self.lams[index] as *const Lam,
        }
    }

    /// A code object for member `index` (owned): the live one, or a new one.
    pub fn member_code(self: &Arc<Group>, index: usize) -> Value {
        let live = self.live[index].load(Ordering::Relaxed);
        if live != 0 {
            let code = Value(live);
            heap::dup(code);
            return code;
        }
        // Some member's code object is running this, so the pool is alive.
        self.make_member_code(index, Value(self.pool.load(Ordering::Relaxed)))
    }
}

/// The payload of every code object this tier makes: member `index` of
/// `group`. `lam` points into the group, which it keeps alive. `lam` is the
/// first field (`repr(C)`), so the call path reaches the compiled lambda
/// with one load from the code object's payload pointer.
#[derive(Debug)]
#[repr(C)]
pub struct CodeRef {
    pub lam: *const Lam,
    pub group: Arc<Group>,
    pub index: usize,
}

/// The `CodeOps` of this tier's code objects: a code object is this tier's
/// exactly when its ops pointer is `&CODE_OPS`.
pub static CODE_OPS: callable::CodeOps = callable::CodeOps {
    type_id: std::any::TypeId::of::<CodeRef>,
    drop: drop_code_ref,
};

/// # Safety
/// `p` is a `Box<CodeRef>` made by `make_member_code`, freed once.
unsafe fn drop_code_ref(p: *mut ()) {
    drop(Box::from_raw(p as *mut CodeRef));
}

/// The compiled lambda of code object `code` if this tier made it.
/// Valid while `code` lives.
#[inline(always)]
pub fn code_lam(code: Value) -> Option<*const Lam> {
    if std::ptr::eq(callable::code_ops(code), &CODE_OPS) {
        // SAFETY: this tier's code objects' payload is a live CodeRef whose
        // first field (repr(C)) is `lam`.
        Some(unsafe { *(callable::code_payload_raw(code) as *const *const Lam) })
    } else {
        crate::image::force(code)
    }
}

/// The payload of code object `code` if this tier made it (decoding it
/// first if it came from an image and has not run yet). Valid while
/// `code` lives.
pub fn code_ref<'a>(code: Value) -> Option<&'a CodeRef> {
    if callable::tag_of(code) != Some(genera_runtime::tag::Tag::Code) {
        return None;
    }
    code_lam(code)?;
    callable::code_payload::<CodeRef>(code)
}

// SAFETY: `lam` points into `group`, which is immutable after load (only
// the atomic `live` table changes) and lives as long as this CodeRef.
unsafe impl Send for CodeRef {}
// SAFETY: as above.
unsafe impl Sync for CodeRef {}

impl Drop for CodeRef {
    fn drop(&mut self) {
        // This code object is dying: it is no longer the member's live one.
        self.group.live[self.index].store(0, Ordering::Relaxed);
    }
}
