//! Compiling Core IR to bytecode and loading it: every lambda of a module
//! becomes one `Code` object whose payload is a `Lam`.
//!
//! Registers: each IR variable gets one register for the whole arity (no
//! liveness compaction: ANF variables are already few and short-lived, and a
//! 1:1 map keeps the disassembly readable next to the IR). Parameters come
//! first, so a caller copies arguments straight into the callee's registers
//! `0..n`; the rest parameter follows; one scratch register at the end breaks
//! cycles in the parallel moves of a jump.
//!
//! Layout of the code: an `If` is a `JumpIfFalse` to the else branch; a
//! `LetJoin` emits its continuation first and the join's body after it, so
//! jumps into a join from its continuation go forward and jumps from inside
//! the body (loops, `recur`) go backward and become `Loop`, the one jump that
//! counts a reduction. A join whose body starts by testing a parameter (the
//! join of an `or` or `and`) takes jumps whose argument for it has a known
//! truthiness (inside an `if` on that argument) past the test, to the arm it
//! would take (`Join::test`). A `Try` emits no code: the instructions of its body
//! record the handler in the `handler` table, as JVM exception tables do, so
//! entering and leaving a `try` costs nothing.
//!
//! Code objects reference the code objects of the lambdas they allocate
//! closures of (through their constant pools), so those are compiled first;
//! lambdas that make closures of each other (`letfn*`) are compiled together
//! as one `Group` (see `bytecode::Group`).

use crate::bytecode::{ArityCode, CaseTable, Group, Handler, Inst, Lam, Reg, NO_HANDLER, NO_REG};
use crate::rt;
use genera_ir::{AllocKind, Arity, ConstId, Expr, Lambda, LambdaId, Module, PrimOp, Rhs, VarId};
use genera_reader::Name;
use genera_runtime::{callable, heap, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Owned values made while loading, released when loading ends (or fails).
struct Owned(Vec<Value>);

impl Drop for Owned {
    fn drop(&mut self) {
        for v in self.0.drain(..) {
            heap::drop(v);
        }
    }
}

/// Compiles every lambda reachable from the entry and returns the entry
/// closure (owned).
pub fn load(module: &Module) -> Result<Value, String> {
    let n = module.lambdas.len();
    if module.entry.0 as usize >= n {
        return Err(format!("entry lambda {} out of range", module.entry.0));
    }
    let children: Vec<Vec<LambdaId>> = module.lambdas.iter().map(allocated_lambdas).collect();
    for (i, cs) in children.iter().enumerate() {
        if let Some(c) = cs.iter().find(|c| c.0 as usize >= n) {
            return Err(format!(
                "lambda {} allocates a closure of unknown lambda {}",
                i, c.0
            ));
        }
    }
    let groups = groups_children_first(&children, module.entry);

    // Module constants, materialized on first use and owned here.
    let mut consts: Vec<Option<Value>> = vec![None; module.consts.len()];
    let mut owned = Owned(Vec::new());
    let mut codes: Vec<Option<Value>> = vec![None; n];
    for members in groups {
        let mut lams = Vec::with_capacity(members.len());
        let mut pool = Vec::new();
        for &id in &members {
            let lambda = &module.lambdas[id.0 as usize];
            match compile_lambda(module, lambda, &members, &mut consts, &mut owned, &codes) {
                Ok((lam, values)) => {
                    lams.push(lam);
                    pool.extend(values);
                }
                Err(e) => {
                    owned.0.extend(pool);
                    return Err(format!("{}: {}", lambda.name, e));
                }
            }
        }
        let pool = rt::const_pool(pool);
        let group = Arc::new(Group::new(lams));
        for (i, &id) in members.iter().enumerate() {
            let code = group.make_member_code(i, pool);
            owned.0.push(code);
            codes[id.0 as usize] = Some(code);
        }
        heap::drop(pool);
    }
    for v in consts.into_iter().flatten() {
        owned.0.push(v);
    }
    let Some(entry) = codes[module.entry.0 as usize] else {
        return Err("entry lambda was not compiled".into());
    };
    if module.lambdas[module.entry.0 as usize].ncaptures != 0 {
        return Err("the entry lambda must not capture".into());
    }
    heap::dup(entry);
    Ok(callable::make_closure(entry, &[]))
}

/// The lambdas whose closures `lambda` allocates.
fn allocated_lambdas(lambda: &Lambda) -> Vec<LambdaId> {
    let mut out = Vec::new();
    let mut stack: Vec<&Expr> = lambda.arities.iter().map(|a| &a.body).collect();
    while let Some(e) = stack.pop() {
        if let Expr::Let {
            rhs:
                Rhs::Alloc {
                    kind: AllocKind::Closure(id),
                    ..
                },
            ..
        } = e
        {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        stack.extend(e.children());
    }
    out
}

/// How many times each variable is the second operand of a primitive that
/// has a form with an immediate constant (`(+ x 1)`, `(< i 10)`): a small
/// fixnum constant used only there is never loaded into a register.
fn count_immediate_uses(body: &Expr, nvars: usize) -> Vec<u32> {
    let mut uses = vec![0u32; nvars];
    let mut stack = vec![body];
    while let Some(e) = stack.pop() {
        if let Expr::Let {
            rhs: Rhs::Prim { op, args },
            ..
        } = e
        {
            if has_immediate_form(*op) && args.len() == 2 && args[0] != args[1] {
                if let Some(n) = uses.get_mut(args[1].0 as usize) {
                    *n += 1;
                }
            }
        }
        stack.extend(e.children());
    }
    uses
}

/// Primitives with an immediate-operand instruction (`AddImm`, `LtImm`, ...).
fn has_immediate_form(op: PrimOp) -> bool {
    matches!(
        op,
        PrimOp::Add
            | PrimOp::Sub
            | PrimOp::Lt
            | PrimOp::Le
            | PrimOp::Gt
            | PrimOp::Ge
            | PrimOp::NumEq
    )
}

/// How many times each variable is an operand in `body`, `Dup` and `Drop`
/// aside.
fn count_uses(body: &Expr, nvars: usize) -> Vec<u32> {
    let mut uses = vec![0u32; nvars];
    let mut add = |v: &VarId| {
        if let Some(n) = uses.get_mut(v.0 as usize) {
            *n += 1;
        }
    };
    let mut stack = vec![body];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Let { rhs, body, .. } => {
                match rhs {
                    Rhs::Call { f, args } => {
                        add(f);
                        args.iter().for_each(&mut add);
                    }
                    Rhs::Prim { args, .. } => args.iter().for_each(&mut add),
                    Rhs::Alloc { args, reuse, .. } => {
                        args.iter().for_each(&mut add);
                        reuse.iter().for_each(&mut add);
                    }
                    Rhs::Def { init, meta, .. } => {
                        init.iter().for_each(&mut add);
                        meta.iter().for_each(&mut add);
                    }
                    Rhs::SetVar { value, .. } => add(value),
                    Rhs::Const(_)
                    | Rhs::Global(_)
                    | Rhs::VarObj(_)
                    | Rhs::Capture(_)
                    | Rhs::SelfClosure => {}
                }
                stack.push(body);
            }
            Expr::If { cond, then, else_ } => {
                add(cond);
                stack.push(then);
                stack.push(else_);
            }
            Expr::Case {
                scrut,
                arms,
                default,
                ..
            } => {
                add(scrut);
                stack.extend(arms.iter().map(|(_, e)| e));
                stack.push(default);
            }
            Expr::LetJoin { body, cont, .. } => {
                stack.push(body);
                stack.push(cont);
            }
            Expr::Jump { args, .. } => args.iter().for_each(&mut add),
            Expr::Return(v) => add(v),
            Expr::TailCall { f, args, .. } => {
                add(f);
                args.iter().for_each(&mut add);
            }
            Expr::Throw { exn, .. } => add(exn),
            Expr::Try { body, handler, .. } => {
                stack.push(body);
                stack.push(handler);
            }
            Expr::DropReuse { var, body, .. } => {
                add(var);
                stack.push(body);
            }
            Expr::FreeReuse { token, body } => {
                add(token);
                stack.push(body);
            }
            Expr::Dup { body, .. } | Expr::Drop { body, .. } => stack.push(body),
        }
    }
    uses
}

/// The strongly connected components of the "makes closures of" graph
/// reachable from `entry`, each after every component it makes closures of
/// (Tarjan's algorithm, iteratively, which finishes components in exactly
/// that order).
fn groups_children_first(children: &[Vec<LambdaId>], entry: LambdaId) -> Vec<Vec<LambdaId>> {
    let n = children.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    let mut visit = |v: usize,
                     index: &mut Vec<Option<usize>>,
                     low: &mut Vec<usize>,
                     stack: &mut Vec<usize>,
                     on_stack: &mut Vec<bool>| {
        index[v] = Some(next);
        low[v] = next;
        next += 1;
        stack.push(v);
        on_stack[v] = true;
    };
    let e = entry.0 as usize;
    visit(e, &mut index, &mut low, &mut stack, &mut on_stack);
    calls.push((e, 0));
    while let Some(&mut (v, ref mut i)) = calls.last_mut() {
        if let Some(w) = children[v].get(*i).map(|w| w.0 as usize) {
            *i += 1;
            match index[w] {
                None => {
                    visit(w, &mut index, &mut low, &mut stack, &mut on_stack);
                    calls.push((w, 0));
                }
                Some(iw) if on_stack[w] => low[v] = low[v].min(iw),
                Some(_) => {}
            }
        } else {
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if Some(low[v]) == index[v] {
                let mut group = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    group.push(LambdaId(w as u32));
                    if w == v {
                        break;
                    }
                }
                group.reverse();
                out.push(group);
            }
        }
    }
    out
}

struct Join {
    params: Vec<Reg>,
    /// Where the join's body starts, once emitted.
    pc: Option<u32>,
    /// Jumps to patch when it is.
    fixups: Vec<usize>,
    /// When the body starts by branching on parameter `test` (an `or`/`and`
    /// join), jumps whose argument for it has a known truthiness skip that
    /// test: these go to the body's then arm, `to_else` to its else arm
    /// (patched when the body's `if` has placed it).
    test: Option<usize>,
    to_then: Vec<usize>,
    to_else: Vec<usize>,
}

struct FnCompiler<'a> {
    module: &'a Module,
    /// The lambdas compiled together with this one (its group).
    siblings: &'a [LambdaId],
    module_consts: &'a mut Vec<Option<Value>>,
    codes: &'a [Option<Value>],
    lam: Lam,
    /// The constant pool being built (owned; becomes the code's consts).
    pool: Vec<Value>,
    const_index: HashMap<u32, u16>,
    code_index: HashMap<u32, u16>,
    var_index: HashMap<Name, u16>,
    /// Per arity: VarId -> register.
    regs: Vec<Reg>,
    scratch: Reg,
    joins: Vec<Option<Join>>,
    handler: u32,
    line: u32,
    /// Unwind lists already in `unwind_regs`, to share identical ones.
    unwind_cache: HashMap<Vec<u16>, u32>,
    /// Per arity: variables that never hold a counted heap object (booleans
    /// from comparisons, immediate or immortal constants). Their `Dup` and
    /// `Drop` compile to nothing.
    imm: Vec<bool>,
    /// Per arity: how many uses of each variable could take an immediate
    /// (`count_immediate_uses`).
    imm_uses: Vec<u32>,
    /// Per arity: variables bound to a small fixnum constant that only
    /// immediate operands use; never loaded.
    small: HashMap<VarId, i16>,
    /// Per arity: how many times each variable is an operand (not counting
    /// `Dup`/`Drop`), to find comparisons used only by an `if`.
    uses: Vec<u32>,
    /// Whether to fuse comparisons into branches (off for functions too long
    /// for the fused instructions' 16-bit targets).
    fuse: bool,
    /// Variables bound to a var's value whose one use, a call, compiles to
    /// `CallVar` on that var (index into `vars`): the load emits nothing.
    var_calls: HashMap<VarId, u16>,
    /// Set when a `Dup` of the collection was folded into the `count`/`nth`
    /// that follows it: compile that primitive as its borrowing variant.
    borrow_next: bool,
    /// Variables whose truthiness is known where code is being emitted
    /// (inside the arms of an `if` on them), for `Join::test`.
    known: Vec<(VarId, bool)>,
    /// `JumpIfFalse` instructions that are a join's test, with the join
    /// whose `to_else` jumps wait for the test's else arm.
    join_tests: Vec<(usize, usize)>,
}

/// A function too long for fused branches: compile it again without them.
const RETRY_WITHOUT_FUSION: &str = "retry without fused branches";

/// Compiles one lambda of a group (`siblings`): its `Lam` and the values of
/// its constant pool (owned), in the order its `consts` index them.
fn compile_lambda(
    module: &Module,
    lambda: &Lambda,
    siblings: &[LambdaId],
    module_consts: &mut Vec<Option<Value>>,
    owned: &mut Owned,
    codes: &[Option<Value>],
) -> Result<(Lam, Vec<Value>), String> {
    match compile_lambda_with(module, lambda, siblings, module_consts, owned, codes, true) {
        Err(e) if e == RETRY_WITHOUT_FUSION => {
            compile_lambda_with(module, lambda, siblings, module_consts, owned, codes, false)
        }
        other => other,
    }
}

fn compile_lambda_with(
    module: &Module,
    lambda: &Lambda,
    siblings: &[LambdaId],
    module_consts: &mut Vec<Option<Value>>,
    owned: &mut Owned,
    codes: &[Option<Value>],
    fuse: bool,
) -> Result<(Lam, Vec<Value>), String> {
    let mut c = FnCompiler {
        module,
        siblings,
        module_consts,
        codes,
        lam: Lam {
            name: lambda.name.clone(),
            file: lambda.span.file.clone(),
            line: lambda.span.line,
            ncaptures: lambda.ncaptures,
            arities: Vec::new(),
            only_fixed: u16::MAX,
            code: Vec::new(),
            lines: Vec::new(),
            side: Vec::new(),
            unwind: Vec::new(),
            unwind_regs: vec![0],
            handler: Vec::new(),
            handlers: Vec::new(),
            cases: Vec::new(),
            consts: Vec::new(),
            vars: Vec::new(),
            var_names: Vec::new(),
        },
        pool: Vec::new(),
        const_index: HashMap::new(),
        code_index: HashMap::new(),
        var_index: HashMap::new(),
        regs: Vec::new(),
        scratch: 0,
        joins: Vec::new(),
        handler: NO_HANDLER,
        line: lambda.span.line,
        unwind_cache: HashMap::new(),
        imm: Vec::new(),
        imm_uses: Vec::new(),
        small: HashMap::new(),
        borrow_next: false,
        var_calls: HashMap::new(),
        uses: Vec::new(),
        fuse,
        known: Vec::new(),
        join_tests: Vec::new(),
    };
    c.unwind_cache.insert(Vec::new(), 0);
    if lambda.arities.is_empty() {
        return Err("a lambda needs at least one arity".into());
    }
    let result = lambda
        .arities
        .iter()
        .try_for_each(|a| c.arity(a))
        .and_then(|()| c.check());
    let pool = std::mem::take(&mut c.pool);
    if let Err(e) = result {
        owned.0.extend(pool);
        return Err(e);
    }
    if let [a] = c.lam.arities.as_slice() {
        if !a.variadic {
            c.lam.only_fixed = a.nparams;
        }
    }
    c.lam.consts = pool.clone();
    Ok((c.lam, pool))
}

impl FnCompiler<'_> {
    fn arity(&mut self, arity: &Arity) -> Result<(), String> {
        let nvars = arity.nvars as usize;
        if nvars + 1 >= NO_REG as usize {
            return Err(format!("too many variables ({nvars}) in one function"));
        }
        if arity.params.len() > u16::MAX as usize / 2 {
            return Err("too many parameters".into());
        }
        // Registers: parameters, rest, then every other variable, then scratch.
        self.regs = vec![NO_REG; nvars];
        self.var_calls.clear();
        let mut next: Reg = 0;
        for p in arity.params.iter().chain(arity.rest.iter()) {
            let slot = self
                .regs
                .get_mut(p.0 as usize)
                .ok_or_else(|| format!("parameter {p} out of range"))?;
            if *slot != NO_REG {
                return Err(format!("parameter {p} bound twice"));
            }
            *slot = next;
            next += 1;
        }
        for slot in self.regs.iter_mut() {
            if *slot == NO_REG {
                *slot = next;
                next += 1;
            }
        }
        self.scratch = next;
        let nregs = next + 1;
        let borrowed_params = arity
            .params
            .iter()
            .chain(arity.rest.iter())
            .filter(|p| arity.borrowed.contains(p))
            .map(|p| self.regs[p.0 as usize])
            .collect();
        self.joins = (0..arity.njoins).map(|_| None).collect();
        self.handler = NO_HANDLER;
        self.imm = vec![false; nvars];
        self.imm_uses = count_immediate_uses(&arity.body, nvars);
        self.small.clear();
        self.uses = count_uses(&arity.body, nvars);
        let entry = self.lam.code.len() as u32;
        self.lam.arities.push(ArityCode {
            nparams: arity.params.len() as u16,
            variadic: arity.rest.is_some(),
            nregs,
            entry,
            borrowed_params,
        });
        self.expr(&arity.body)?;
        for (j, join) in self.joins.iter().enumerate() {
            if let Some(join) = join {
                if join.pc.is_none() && !join.fixups.is_empty() {
                    return Err(format!("join j{j} is jumped to but never defined"));
                }
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<(), String> {
        check_lam(&self.lam)
    }

    fn reg(&self, v: VarId) -> Result<Reg, String> {
        match self.regs.get(v.0 as usize) {
            Some(&r) => Ok(r),
            None => Err(format!("variable {v} out of range")),
        }
    }

    fn regs_of(&self, vs: &[VarId]) -> Result<Vec<Reg>, String> {
        vs.iter().map(|v| self.reg(*v)).collect()
    }

    fn opt_reg(&self, v: Option<VarId>) -> Result<Reg, String> {
        v.map_or(Ok(NO_REG), |v| self.reg(v))
    }

    fn emit(&mut self, inst: Inst) -> usize {
        self.emit_unwinding(inst, 0)
    }

    fn emit_unwinding(&mut self, inst: Inst, unwind: u32) -> usize {
        let pc = self.lam.code.len();
        self.lam.code.push(inst);
        self.lam.lines.push(self.line);
        self.lam.unwind.push(unwind);
        self.lam.handler.push(self.handler);
        pc
    }

    fn unwind_list(&mut self, vars: &[VarId]) -> Result<u32, String> {
        // Variables that never hold a counted object need no drop; a fused
        // comparison's result is never even written to its register.
        let counted: Vec<VarId> = vars
            .iter()
            .copied()
            .filter(|v| !self.imm.get(v.0 as usize).copied().unwrap_or(false))
            .collect();
        let mut regs = self.regs_of(&counted)?;
        regs.sort_unstable();
        if let Some(&at) = self.unwind_cache.get(&regs) {
            return Ok(at);
        }
        let at = self.lam.unwind_regs.len() as u32;
        self.lam.unwind_regs.push(regs.len() as u16);
        self.lam.unwind_regs.extend_from_slice(&regs);
        self.unwind_cache.insert(regs, at);
        Ok(at)
    }

    /// Appends an operand list to the side table; returns where it starts.
    fn side(&mut self, ops: &[u16]) -> Result<u32, String> {
        let at = self.lam.side.len();
        if at + ops.len() > u32::MAX as usize {
            return Err("function too large".into());
        }
        self.lam.side.extend_from_slice(ops);
        Ok(at as u32)
    }

    fn count(n: usize) -> Result<u16, String> {
        u16::try_from(n).map_err(|_| format!("too many operands ({n})"))
    }

    fn const_value(&mut self, id: ConstId) -> Result<Value, String> {
        let i = id.0 as usize;
        let slot = self
            .module_consts
            .get_mut(i)
            .ok_or_else(|| format!("constant {i} out of range"))?;
        if let Some(v) = *slot {
            return Ok(v);
        }
        let v = rt::form_to_value(&self.module.consts[i])?;
        *slot = Some(v);
        Ok(v)
    }

    fn const_k(&mut self, id: ConstId) -> Result<u16, String> {
        if let Some(&k) = self.const_index.get(&id.0) {
            return Ok(k);
        }
        let v = self.const_value(id)?;
        let k = self.push_const(v)?;
        heap::dup(v);
        self.const_index.insert(id.0, k);
        Ok(k)
    }

    fn push_const(&mut self, v: Value) -> Result<u16, String> {
        let k = self.pool.len();
        if k >= u16::MAX as usize {
            return Err("too many constants in one function".into());
        }
        self.pool.push(v);
        Ok(k as u16)
    }

    fn code_k(&mut self, id: LambdaId) -> Result<u16, String> {
        if let Some(&k) = self.code_index.get(&id.0) {
            return Ok(k);
        }
        let code = self
            .codes
            .get(id.0 as usize)
            .copied()
            .flatten()
            .ok_or_else(|| format!("lambda {} not compiled before its parent", id.0))?;
        let k = self.push_const(code)?;
        heap::dup(code);
        self.code_index.insert(id.0, k);
        Ok(k)
    }

    fn var_k(&mut self, name: &Name) -> Result<u16, String> {
        if let Some(&k) = self.var_index.get(name) {
            return Ok(k);
        }
        let ns = name.ns.clone().unwrap_or_else(rt::current_ns);
        let var = rt::intern(&ns, &name.name)?;
        let k = self.lam.vars.len();
        if k >= u16::MAX as usize {
            return Err("too many vars in one function".into());
        }
        self.lam.vars.push(var);
        self.lam.var_names.push(format!("{ns}/{}", name.name));
        self.var_index.insert(name.clone(), k as u16);
        Ok(k as u16)
    }

    fn patch(&mut self, at: usize, target: usize) -> Result<(), String> {
        let t = target as u32;
        match &mut self.lam.code[at] {
            Inst::Jump { target } | Inst::JumpIfFalse { target, .. } => *target = t,
            Inst::JumpUnlessLt { target, .. }
            | Inst::JumpUnlessLe { target, .. }
            | Inst::JumpUnlessGt { target, .. }
            | Inst::JumpUnlessGe { target, .. }
            | Inst::JumpUnlessNumEq { target, .. }
            | Inst::JumpUnlessEquiv { target, .. }
            | Inst::JumpUnlessIdentical { target, .. }
            | Inst::JumpUnlessLtImm { target, .. }
            | Inst::JumpUnlessLeImm { target, .. }
            | Inst::JumpUnlessGtImm { target, .. }
            | Inst::JumpUnlessGeImm { target, .. }
            | Inst::JumpUnlessNumEqImm { target, .. } => {
                *target = u16::try_from(t).map_err(|_| RETRY_WITHOUT_FUSION.to_string())?;
            }
            other => return Err(format!("internal error: patching {other:?}")),
        }
        Ok(())
    }

    /// The value of `var = rhs` if it is a fixnum constant that fits an
    /// immediate operand and every use of `var` can take it as one.
    fn small_const(&mut self, var: VarId, rhs: &Rhs) -> Option<i16> {
        let Rhs::Const(c) = rhs else {
            return None;
        };
        let i = var.0 as usize;
        let uses = *self.uses.get(i)?;
        if uses == 0 || self.imm_uses.get(i) != Some(&uses) {
            return None;
        }
        let v = self.const_value(*c).ok()?;
        if !v.is_fixnum() {
            return None;
        }
        i16::try_from(v.as_fixnum()).ok()
    }

    /// Whether the variable bound by `rhs` can never hold a counted object:
    /// comparison results are booleans, and constants may be immediates or
    /// immortal (interned keywords).
    fn never_counted(&self, rhs: &Rhs) -> bool {
        match rhs {
            Rhs::Prim { op, .. } => matches!(
                op,
                PrimOp::Lt
                    | PrimOp::Gt
                    | PrimOp::Le
                    | PrimOp::Ge
                    | PrimOp::NumEq
                    | PrimOp::Equiv
                    | PrimOp::Identical
                    | PrimOp::Not
                    | PrimOp::IsNil
                    | PrimOp::IsZero
                    | PrimOp::ExceptionIs
            ),
            Rhs::Const(c) => match self.module_consts.get(c.0 as usize).copied().flatten() {
                Some(v) => !v.is_ptr() || heap::is_immortal(v),
                None => false,
            },
            Rhs::VarObj(_) => true,
            _ => false,
        }
    }

    /// Skips the dups and drops that compile to nothing (of variables that
    /// are never counted, or of `var` itself).
    fn skip_no_ops<'e>(&self, mut e: &'e Expr, vars: &[VarId]) -> &'e Expr {
        while let Expr::Dup { var: v, body } | Expr::Drop { var: v, body } = e {
            if !self.imm.get(v.0 as usize).copied().unwrap_or(false) && !vars.contains(v) {
                break;
            }
            e = body;
        }
        e
    }

    /// `let c = (< a b)` directly followed (past no-op dups and drops) by
    /// `if c`, with `c` used nowhere else, compiles to one fused
    /// compare-and-branch; so does `if (not c)`, with the branches swapped.
    /// Returns the instruction (target to patch) and the branches in the
    /// order to emit them: fall-through first.
    #[allow(clippy::type_complexity)]
    fn fused_branch<'e>(
        &mut self,
        var: VarId,
        rhs: &Rhs,
        body: &'e Expr,
    ) -> Result<Option<(Inst, usize, &'e Expr, &'e Expr)>, String> {
        let Rhs::Prim { op, args } = rhs else {
            return Ok(None);
        };
        if !self.fuse || args.len() != 2 || self.uses.get(var.0 as usize) != Some(&1) {
            return Ok(None);
        }
        let next = self.skip_no_ops(body, &[var]);
        // `(if (not (< a b)) x y)` is `(if (< a b) y x)`.
        let (next, cond_var, negated) = match next {
            Expr::Let {
                var: n,
                rhs:
                    Rhs::Prim {
                        op: PrimOp::Not,
                        args,
                    },
                body,
                ..
            } if args.as_slice() == [var] && self.uses.get(n.0 as usize) == Some(&1) => {
                (self.skip_no_ops(body, &[var, *n]), *n, true)
            }
            _ => (next, var, false),
        };
        let Expr::If { cond, then, else_ } = next else {
            return Ok(None);
        };
        if *cond != cond_var {
            return Ok(None);
        }
        let (then, else_) = if negated {
            (&**else_, &**then)
        } else {
            (&**then, &**else_)
        };
        let (a, target) = (self.reg(args[0])?, 0);
        if let Some(&imm) = self.small.get(&args[1]) {
            let inst = match op {
                PrimOp::Lt => Inst::JumpUnlessLtImm { a, imm, target },
                PrimOp::Le => Inst::JumpUnlessLeImm { a, imm, target },
                PrimOp::Gt => Inst::JumpUnlessGtImm { a, imm, target },
                PrimOp::Ge => Inst::JumpUnlessGeImm { a, imm, target },
                PrimOp::NumEq => Inst::JumpUnlessNumEqImm { a, imm, target },
                _ => return Ok(None),
            };
            self.imm[var.0 as usize] = true;
            self.imm[cond_var.0 as usize] = true;
            return Ok(Some((inst, self.lam.code.len(), then, else_)));
        }
        let b = self.reg(args[1])?;
        let inst = match op {
            PrimOp::Lt => Inst::JumpUnlessLt { a, b, target },
            PrimOp::Le => Inst::JumpUnlessLe { a, b, target },
            PrimOp::Gt => Inst::JumpUnlessGt { a, b, target },
            PrimOp::Ge => Inst::JumpUnlessGe { a, b, target },
            PrimOp::NumEq => Inst::JumpUnlessNumEq { a, b, target },
            PrimOp::Equiv => Inst::JumpUnlessEquiv { a, b, target },
            PrimOp::Identical => Inst::JumpUnlessIdentical { a, b, target },
            _ => return Ok(None),
        };
        // Neither result is ever written: no drop or unwind may touch them.
        self.imm[var.0 as usize] = true;
        self.imm[cond_var.0 as usize] = true;
        Ok(Some((inst, self.lam.code.len(), then, else_)))
    }

    /// Whether `body` starts with a `count` or `nth` whose collection (the
    /// argument those primitives consume) is `var`.
    fn consumed_by_count_or_nth(var: VarId, body: &Expr) -> bool {
        matches!(
            body,
            Expr::Let {
                rhs: Rhs::Prim {
                    op: PrimOp::Count | PrimOp::Nth,
                    args,
                },
                ..
            } if args.first() == Some(&var)
        )
    }

    /// Compiles `e`, iterating down chains of straight-line code so that the
    /// Rust stack depth is the nesting depth of branches, not the length of
    /// a function.
    /// Emits the code of `e`. What it learns about truthiness (`known`)
    /// holds only inside `e`.
    fn expr(&mut self, e: &Expr) -> Result<(), String> {
        let known = self.known.len();
        let r = self.expr_here(e);
        self.known.truncate(known);
        r
    }

    fn expr_here(&mut self, mut e: &Expr) -> Result<(), String> {
        loop {
            match e {
                Expr::Let {
                    var,
                    rhs,
                    span,
                    unwind,
                    body,
                } => {
                    if span.line != 0 {
                        self.line = span.line;
                    }
                    let unwind = self.unwind_list(unwind)?;
                    let dst = self.reg(*var)?;
                    if let Some(n) = self.small_const(*var, rhs) {
                        self.small.insert(*var, n);
                        // Never materialized: no drop or unwind touches it.
                        self.imm[var.0 as usize] = true;
                        e = body;
                        continue;
                    }
                    if let Rhs::Global(name) = rhs {
                        if self.uses.get(var.0 as usize) == Some(&1)
                            && Self::var_call_follows(*var, body)
                        {
                            let k = self.var_k(name)?;
                            self.var_calls.insert(*var, k);
                            // Never materialized: no drop or unwind touches it.
                            self.imm[var.0 as usize] = true;
                            e = body;
                            continue;
                        }
                    }
                    if let Some((inst, at, then, else_)) = self.fused_branch(*var, rhs, body)? {
                        self.emit_unwinding(inst, unwind);
                        self.expr(then)?;
                        let here = self.lam.code.len();
                        self.patch(at, here)?;
                        e = else_;
                        continue;
                    }
                    let inst = self.rhs(dst, rhs)?;
                    self.emit_unwinding(inst, unwind);
                    self.imm[var.0 as usize] = self.never_counted(rhs);
                    e = body;
                }
                Expr::Dup { var, body } => {
                    let r = self.reg(*var)?;
                    if Self::consumed_by_count_or_nth(*var, body) {
                        // `dup x; count x` (x still live after): a borrowing
                        // count does the same without touching the count.
                        self.borrow_next = true;
                    } else if !self.imm[var.0 as usize] {
                        // `dup a; dup b` (nothing can jump between them):
                        // one dispatch.
                        if let Expr::Dup {
                            var: next,
                            body: rest,
                        } = &**body
                        {
                            if !self.imm[next.0 as usize]
                                && !Self::consumed_by_count_or_nth(*next, rest)
                            {
                                let b = self.reg(*next)?;
                                self.emit(Inst::DupPair { a: r, b });
                                e = rest;
                                continue;
                            }
                        }
                        self.emit(Inst::Dup { r });
                    }
                    e = body;
                }
                Expr::Drop { var, body } => {
                    let r = self.reg(*var)?;
                    if !self.imm[var.0 as usize] {
                        if let Expr::Drop {
                            var: next,
                            body: rest,
                        } = &**body
                        {
                            if !self.imm[next.0 as usize] {
                                let b = self.reg(*next)?;
                                self.emit(Inst::DropPair { a: r, b });
                                e = rest;
                                continue;
                            }
                        }
                        self.emit(Inst::Drop { r });
                    }
                    e = body;
                }
                Expr::DropReuse {
                    var,
                    token,
                    kind,
                    body,
                } => {
                    let src = self.reg(*var)?;
                    let dst = self.reg(*token)?;
                    // Sizes past u16 are clamped; u16::MAX means "never reuse".
                    let size = match kind {
                        AllocKind::Closure(id) => match self.module.lambdas.get(id.0 as usize) {
                            Some(l) => rt::alloc_size_closure(l.ncaptures as usize),
                            None => return Err(format!("reuse for unknown lambda {}", id.0)),
                        },
                        _ => rt::alloc_size(kind),
                    };
                    let size = size.min(u16::MAX as usize) as u16;
                    self.emit(Inst::DropReuse { dst, src, size });
                    e = body;
                }
                Expr::FreeReuse { token, body } => {
                    let r = self.reg(*token)?;
                    self.emit(Inst::FreeReuse { r });
                    e = body;
                }
                Expr::If {
                    cond: var,
                    then,
                    else_,
                } => {
                    let cond = self.reg(*var)?;
                    let at = self.emit(Inst::JumpIfFalse { cond, target: 0 });
                    self.known.push((*var, true));
                    let r = self.expr(then);
                    self.known.pop();
                    r?;
                    let here = self.lam.code.len();
                    self.patch(at, here)?;
                    if let Some(i) = self.join_tests.iter().position(|&(pc, _)| pc == at) {
                        let (_, j) = self.join_tests.swap_remove(i);
                        let join = self.joins[j].as_mut().expect("a join being defined");
                        for at in std::mem::take(&mut join.to_else) {
                            self.patch(at, here)?;
                        }
                    }
                    self.known.push((*var, false));
                    e = else_;
                }
                Expr::Case {
                    scrut,
                    arms,
                    default,
                    unwind,
                } => {
                    let scrut = self.reg(*scrut)?;
                    let table = Self::count(self.lam.cases.len())?;
                    // Dispatch may throw (hash or `=` realizing a lazy seq).
                    let unwind = self.unwind_list(unwind)?;
                    self.emit_unwinding(Inst::Case { scrut, table }, unwind);
                    let mut t = CaseTable::default();
                    self.lam.cases.push(CaseTable::default());
                    for (consts, arm) in arms {
                        let pc = self.lam.code.len() as u32;
                        for c in consts {
                            // The pool keeps the constant alive with the code.
                            let k = self.const_k(*c)?;
                            t.entries.push((self.pool[k as usize], pc));
                        }
                        self.expr(arm)?;
                    }
                    t.default = self.lam.code.len() as u32;
                    build_case_table(&mut t)?;
                    self.lam.cases[table as usize] = t;
                    e = default;
                }
                Expr::LetJoin {
                    join,
                    params,
                    body,
                    cont,
                } => {
                    let j = join.0 as usize;
                    let params_ir = params;
                    let params = self.regs_of(params)?;
                    let slot = self
                        .joins
                        .get_mut(j)
                        .ok_or_else(|| format!("join {join} out of range"))?;
                    // A body that starts by testing a parameter (the join
                    // of an `or` or `and`).
                    let test = match &**body {
                        Expr::If { cond, .. } => params_ir.iter().position(|p| p == cond),
                        _ => None,
                    };
                    *slot = Some(Join {
                        params,
                        pc: None,
                        fixups: Vec::new(),
                        test,
                        to_then: Vec::new(),
                        to_else: Vec::new(),
                    });
                    self.expr(cont)?;
                    let join = self.joins[j].as_mut().expect("join defined above");
                    // A jump to the join as the very last instruction would
                    // jump to the next pc: drop it and fall through instead.
                    let last = self.lam.code.len().wrapping_sub(1);
                    if join.fixups.last() == Some(&last) {
                        join.fixups.pop();
                        self.lam.code.pop();
                        self.lam.lines.pop();
                        self.lam.unwind.pop();
                        self.lam.handler.pop();
                    }
                    let pc = self.lam.code.len();
                    let join = self.joins[j].as_mut().expect("join defined above");
                    join.pc = Some(pc as u32);
                    let fixups = std::mem::take(&mut join.fixups);
                    let to_then = std::mem::take(&mut join.to_then);
                    let waits = !join.to_else.is_empty();
                    for at in fixups {
                        self.patch(at, pc)?;
                    }
                    // The body's test is its first instruction: the then
                    // arm follows it; the else arm's place is known once
                    // the `if` has emitted its then arm.
                    for at in to_then {
                        self.patch(at, pc + 1)?;
                    }
                    if waits {
                        self.join_tests.push((pc, j));
                    }
                    e = body;
                }
                Expr::Jump { join, args } => {
                    let j = join.0 as usize;
                    let srcs = self.regs_of(args)?;
                    let (params, pc) = match self.joins.get(j).and_then(|j| j.as_ref()) {
                        Some(join) => (join.params.clone(), join.pc),
                        None => return Err(format!("jump to {join}, which is not in scope")),
                    };
                    if params.len() != srcs.len() {
                        return Err(format!(
                            "jump to {join} with {} arguments for {} parameters",
                            srcs.len(),
                            params.len()
                        ));
                    }
                    let before = self.lam.code.len();
                    self.parallel_move(&params, &srcs);
                    match pc {
                        Some(target) => {
                            // The last of the moves just emitted and the
                            // back-edge in one dispatch (a jump to that move
                            // still does both).
                            let last = self.lam.code.len().wrapping_sub(1);
                            match (self.lam.code.last().copied(), u16::try_from(target)) {
                                (Some(Inst::Move { dst, src }), Ok(target)) if last >= before => {
                                    self.lam.code[last] = Inst::MoveLoop { dst, src, target };
                                }
                                _ => {
                                    self.emit(Inst::Loop { target });
                                }
                            }
                        }
                        None => {
                            let at = self.emit(Inst::Jump { target: 0 });
                            let join = self.joins[j].as_ref().expect("checked above");
                            // An argument whose truthiness is known here
                            // for the parameter the body tests first: jump
                            // past the test, to the arm it would take.
                            let known = join.test.and_then(|i| {
                                let arg = args[i];
                                self.known
                                    .iter()
                                    .rev()
                                    .find(|(v, _)| *v == arg)
                                    .map(|k| k.1)
                            });
                            let join = self.joins[j].as_mut().expect("checked above");
                            match known {
                                Some(true) => join.to_then.push(at),
                                Some(false) => join.to_else.push(at),
                                None => join.fixups.push(at),
                            }
                        }
                    }
                    return Ok(());
                }
                Expr::Return(v) => {
                    let r = self.reg(*v)?;
                    self.emit(Inst::Return { r });
                    return Ok(());
                }
                Expr::TailCall {
                    f,
                    args,
                    span,
                    unwind,
                } => {
                    if span.line != 0 {
                        self.line = span.line;
                    }
                    let unwind = self.unwind_list(unwind)?;
                    let (ops, var) = self.call_ops(*f, args)?;
                    if self.handler == NO_HANDLER {
                        let inst = match var {
                            None => Inst::TailCall { ops },
                            Some(_) => Inst::TailCallVar { ops },
                        };
                        self.emit_unwinding(inst, unwind);
                    } else {
                        // Inside a try the frame must stay to catch what the
                        // callee throws: an ordinary call and a return.
                        let dst = self.scratch;
                        let inst = match var {
                            None => Inst::Call { dst, ops },
                            Some(_) => Inst::CallVar { dst, ops },
                        };
                        self.emit_unwinding(inst, unwind);
                        self.emit(Inst::Return { r: dst });
                    }
                    return Ok(());
                }
                Expr::Throw { exn, span, unwind } => {
                    if span.line != 0 {
                        self.line = span.line;
                    }
                    let unwind = self.unwind_list(unwind)?;
                    let r = self.reg(*exn)?;
                    self.emit_unwinding(Inst::Throw { r }, unwind);
                    return Ok(());
                }
                Expr::Try { body, exn, handler } => {
                    let exn = self.reg(*exn)?;
                    let h = self.lam.handlers.len() as u32;
                    self.lam.handlers.push(Handler { target: 0, exn });
                    let outer = self.handler;
                    self.handler = h;
                    self.expr(body)?;
                    self.handler = outer;
                    self.lam.handlers[h as usize].target = self.lam.code.len() as u32;
                    e = handler;
                }
            }
        }
    }

    /// The operands of a call: `f, nargs, args...`, with `f` a register,
    /// or a var index when the call is a `CallVar` (`Some` var).
    fn call_ops(&mut self, f: VarId, args: &[VarId]) -> Result<(u32, Option<u16>), String> {
        let var = self.var_calls.get(&f).copied();
        let mut ops = vec![
            match var {
                Some(k) => k,
                None => self.reg(f)?,
            },
            Self::count(args.len())?,
        ];
        ops.extend(self.regs_of(args)?);
        Ok((self.side(&ops)?, var))
    }

    /// Whether the straight-line code `e` calls `f` (a var's value just
    /// loaded) before anything that could run code or redefine the var:
    /// then reading the var at the call (`CallVar`) is the same as reading
    /// it at the load. Only constants, loads, allocation of vectors, conses
    /// and closures, and primitives on numbers and identity may come between.
    fn var_call_follows(f: VarId, mut e: &Expr) -> bool {
        loop {
            match e {
                Expr::Let { rhs, body, .. } => {
                    match rhs {
                        Rhs::Call { f: g, args } => return *g == f && !args.contains(&f),
                        Rhs::Const(_)
                        | Rhs::Global(_)
                        | Rhs::VarObj(_)
                        | Rhs::Capture(_)
                        | Rhs::SelfClosure => {}
                        Rhs::Prim { op, args } if !args.contains(&f) && runs_no_code(*op) => {}
                        Rhs::Alloc {
                            kind: AllocKind::Vector(_) | AllocKind::Cons | AllocKind::Closure(_),
                            args,
                            reuse,
                        } if !args.contains(&f) && *reuse != Some(f) => {}
                        _ => return false,
                    }
                    e = body;
                }
                Expr::Dup { var, body } | Expr::Drop { var, body } if *var != f => e = body,
                Expr::TailCall { f: g, args, .. } => return *g == f && !args.contains(&f),
                _ => return false,
            }
        }
    }

    fn rhs(&mut self, dst: Reg, rhs: &Rhs) -> Result<Inst, String> {
        Ok(match rhs {
            Rhs::Const(c) => Inst::LoadConst {
                dst,
                k: self.const_k(*c)?,
            },
            Rhs::Global(name) => Inst::LoadGlobal {
                dst,
                var: self.var_k(name)?,
            },
            Rhs::VarObj(name) => Inst::LoadVar {
                dst,
                var: self.var_k(name)?,
            },
            Rhs::Capture(i) => {
                if *i >= self.lam.ncaptures {
                    return Err(format!(
                        "capture {i} of a lambda with {} captures",
                        self.lam.ncaptures
                    ));
                }
                Inst::LoadCapture {
                    dst,
                    idx: *i as u16,
                }
            }
            Rhs::SelfClosure => Inst::LoadSelf { dst },
            Rhs::Call { f, args } => match self.call_ops(*f, args)? {
                (ops, None) => Inst::Call { dst, ops },
                (ops, Some(_)) => Inst::CallVar { dst, ops },
            },
            Rhs::Prim { op, args } => self.prim(dst, *op, args)?,
            Rhs::Alloc { kind, args, reuse } => {
                let reuse = self.opt_reg(*reuse)?;
                let items = self.regs_of(args)?;
                let n = Self::count(items.len())?;
                let mut ops = Vec::with_capacity(items.len() + 3);
                match kind {
                    AllocKind::Closure(id) => {
                        let ncaptures = self.module.lambdas[id.0 as usize].ncaptures as usize;
                        if items.len() != ncaptures {
                            return Err(format!(
                                "closure of lambda {} with {} captures, expected {}",
                                id.0,
                                items.len(),
                                ncaptures
                            ));
                        }
                        if ncaptures > 253 {
                            return Err("a closure captures at most 253 values".into());
                        }
                        if let Some(member) = self.siblings.iter().position(|s| s == id) {
                            ops.push(member as u16);
                            ops.extend([reuse, n]);
                            ops.extend(items);
                            return Ok(Inst::MakeSiblingClosure {
                                dst,
                                ops: self.side(&ops)?,
                            });
                        }
                        ops.push(self.code_k(*id)?);
                        ops.extend([reuse, n]);
                        ops.extend(items);
                        Inst::MakeClosure {
                            dst,
                            ops: self.side(&ops)?,
                        }
                    }
                    AllocKind::Vector(_) | AllocKind::Set(_) => {
                        ops.extend([reuse, n]);
                        ops.extend(items);
                        let ops = self.side(&ops)?;
                        if matches!(kind, AllocKind::Vector(_)) {
                            Inst::MakeVector { dst, ops }
                        } else {
                            Inst::MakeSet { dst, ops }
                        }
                    }
                    AllocKind::Map(_) => {
                        if items.len() % 2 != 0 {
                            return Err("map allocation with an odd number of operands".into());
                        }
                        ops.extend([reuse, n / 2]);
                        ops.extend(items);
                        Inst::MakeMap {
                            dst,
                            ops: self.side(&ops)?,
                        }
                    }
                    AllocKind::Instance(_) => {
                        ops.extend([reuse, n]);
                        ops.extend(items);
                        Inst::MakeInstance {
                            dst,
                            ops: self.side(&ops)?,
                        }
                    }
                    AllocKind::Cons => {
                        if items.len() != 2 {
                            return Err("cons takes two operands".into());
                        }
                        ops.push(reuse);
                        ops.extend(items);
                        Inst::Cons {
                            dst,
                            ops: self.side(&ops)?,
                        }
                    }
                }
            }
            Rhs::Def { var, init, meta } => {
                let k = self.var_k(var)?;
                let ops = [k, self.opt_reg(*init)?, self.opt_reg(*meta)?];
                Inst::Def {
                    dst,
                    ops: self.side(&ops)?,
                }
            }
            Rhs::SetVar { var, value } => Inst::SetVar {
                dst,
                var: self.var_k(var)?,
                src: self.reg(*value)?,
            },
        })
    }

    fn prim(&mut self, dst: Reg, op: PrimOp, args: &[VarId]) -> Result<Inst, String> {
        if args.len() != op.arity() {
            return Err(format!(
                "primitive {} with {} arguments",
                op.name(),
                args.len()
            ));
        }
        if let (Some(&imm), [x, _]) = (args.get(1).and_then(|v| self.small.get(v)), args) {
            let (dst, a) = (dst, self.reg(*x)?);
            return Ok(match op {
                PrimOp::Add => Inst::AddImm { dst, a, imm },
                PrimOp::Sub => Inst::SubImm { dst, a, imm },
                PrimOp::Lt => Inst::LtImm { dst, a, imm },
                PrimOp::Le => Inst::LeImm { dst, a, imm },
                PrimOp::Gt => Inst::GtImm { dst, a, imm },
                PrimOp::Ge => Inst::GeImm { dst, a, imm },
                PrimOp::NumEq => Inst::NumEqImm { dst, a, imm },
                _ => return Err(format!("internal error: {} with an immediate", op.name())),
            });
        }
        let r = self.regs_of(args)?;
        let (a, b) = (r[0], r.get(1).copied().unwrap_or(NO_REG));
        Ok(match op {
            PrimOp::Add => Inst::Add { dst, a, b },
            PrimOp::Sub => Inst::Sub { dst, a, b },
            PrimOp::Mul => Inst::Mul { dst, a, b },
            PrimOp::Div => Inst::Div { dst, a, b },
            PrimOp::Neg => Inst::Neg { dst, a },
            PrimOp::Inc => Inst::Inc { dst, a },
            PrimOp::Dec => Inst::Dec { dst, a },
            PrimOp::Quot => Inst::Quot { dst, a, b },
            PrimOp::Rem => Inst::Rem { dst, a, b },
            PrimOp::Mod => Inst::Mod { dst, a, b },
            PrimOp::Lt => Inst::Lt { dst, a, b },
            PrimOp::Gt => Inst::Gt { dst, a, b },
            PrimOp::Le => Inst::Le { dst, a, b },
            PrimOp::Ge => Inst::Ge { dst, a, b },
            PrimOp::NumEq => Inst::NumEq { dst, a, b },
            PrimOp::Equiv => Inst::Equiv { dst, a, b },
            PrimOp::Identical => Inst::Identical { dst, a, b },
            PrimOp::Not => Inst::Not { dst, a },
            PrimOp::IsNil => Inst::IsNil { dst, a },
            PrimOp::IsZero => Inst::IsZero { dst, a },
            PrimOp::First => Inst::First { dst, a },
            PrimOp::Rest => Inst::Rest { dst, a },
            PrimOp::Next => Inst::Next { dst, a },
            PrimOp::Seq => Inst::Seq { dst, a },
            PrimOp::Count if std::mem::take(&mut self.borrow_next) => {
                Inst::CountBorrowed { dst, a }
            }
            PrimOp::Count => Inst::Count { dst, a },
            PrimOp::Nth if std::mem::take(&mut self.borrow_next) => Inst::NthBorrowed { dst, a, b },
            PrimOp::Nth => Inst::Nth { dst, a, b },
            PrimOp::Get => Inst::Get { dst, a, b },
            PrimOp::Conj => Inst::Conj { dst, a, b },
            PrimOp::Assoc => Inst::Assoc {
                dst,
                ops: self.side(&r)?,
            },
            PrimOp::Deref => Inst::Deref { dst, a },
            PrimOp::ExceptionIs => Inst::ExceptionIs { dst, a, b },
            PrimOp::WithMeta => Inst::WithMeta { dst, a, b },
        })
    }

    /// Emits moves that assign `srcs[i]` to `dsts[i]` for all `i` at once.
    fn parallel_move(&mut self, dsts: &[Reg], srcs: &[Reg]) {
        let mut pending: Vec<(Reg, Reg)> = dsts
            .iter()
            .copied()
            .zip(srcs.iter().copied())
            .filter(|(d, s)| d != s)
            .collect();
        while !pending.is_empty() {
            // A move whose destination no other pending move still reads.
            let ready = pending
                .iter()
                .position(|&(d, _)| !pending.iter().any(|&(_, s)| s == d));
            match ready {
                Some(i) => {
                    let (dst, src) = pending.swap_remove(i);
                    self.emit(Inst::Move { dst, src });
                }
                None => {
                    // Only cycles remain: park one destination's old value in
                    // the scratch register and read it from there.
                    let d = pending[0].0;
                    self.emit(Inst::Move {
                        dst: self.scratch,
                        src: d,
                    });
                    for m in pending.iter_mut() {
                        if m.1 == d {
                            m.1 = self.scratch;
                        }
                    }
                }
            }
        }
    }
}

/// Fills a `case` table's lookup maps from its entries (at load, and when
/// an image is loaded: the maps hold value words, which change).
pub(crate) fn build_case_table(t: &mut CaseTable) -> Result<(), String> {
    // An integer constant of any type (`3N` too, as the JVM's `:int`
    // mode) matches the fixnum scrutinee of the same value.
    let fixnum_key = |v: Value| {
        genera_runtime::num::integer_as_i64(v)
            .filter(|n| Value::fits_fixnum(*n))
            .map(Value::fixnum)
    };
    t.int_mode = t.entries.iter().all(|&(v, _)| {
        genera_runtime::num::integer_as_i64(v).is_some_and(|n| i32::try_from(n).is_ok())
    });
    for &(v, pc) in &t.entries {
        if let Some(k) = fixnum_key(v) {
            t.exact.entry(k.0).or_insert(pc);
        } else if v.is_immediate() || rt::is_keyword(v) {
            t.exact.entry(v.0).or_insert(pc);
        }
        if !(v.is_immediate() || rt::is_keyword(v)) {
            let h = rt::hash(v).map_err(|_| "a case constant cannot be hashed".to_string())?;
            t.general.entry(h).or_default().push((v, pc));
        }
    }
    Ok(())
}

/// Checks the invariants the dispatch loop relies on without checking
/// them again: every jump target is inside the code and the code cannot
/// run off its end. Run on every lambda compiled or loaded from an image.
pub(crate) fn check_lam(lam: &Lam) -> Result<(), String> {
    let len = lam.code.len() as u32;
    let in_range = |t: u32| {
        if t < len {
            Ok(())
        } else {
            Err(format!("jump target {t} out of range"))
        }
    };
    for inst in &lam.code {
        match *inst {
            Inst::Jump { target } | Inst::Loop { target } | Inst::JumpIfFalse { target, .. } => {
                in_range(target)?
            }
            Inst::JumpUnlessLt { target, .. }
            | Inst::JumpUnlessLe { target, .. }
            | Inst::JumpUnlessGt { target, .. }
            | Inst::JumpUnlessGe { target, .. }
            | Inst::JumpUnlessNumEq { target, .. }
            | Inst::JumpUnlessEquiv { target, .. }
            | Inst::JumpUnlessIdentical { target, .. }
            | Inst::JumpUnlessLtImm { target, .. }
            | Inst::JumpUnlessLeImm { target, .. }
            | Inst::JumpUnlessGtImm { target, .. }
            | Inst::JumpUnlessGeImm { target, .. }
            | Inst::JumpUnlessNumEqImm { target, .. }
            | Inst::MoveLoop { target, .. } => in_range(target as u32)?,
            _ => {}
        }
    }
    for t in &lam.cases {
        in_range(t.default)?;
        for &(_, target) in &t.entries {
            in_range(target)?;
        }
    }
    for h in &lam.handlers {
        in_range(h.target)?;
    }
    match lam.code.last() {
        Some(
            Inst::Return { .. }
            | Inst::TailCall { .. }
            | Inst::TailCallVar { .. }
            | Inst::Throw { .. }
            | Inst::Jump { .. }
            | Inst::Loop { .. }
            | Inst::MoveLoop { .. }
            | Inst::Case { .. },
        ) => Ok(()),
        _ => Err("code does not end in a terminator".into()),
    }
}

/// Primitives that never run user code (numbers, identity, truth): a var
/// load may be fused into a call past them (`var_call_follows`).
fn runs_no_code(op: PrimOp) -> bool {
    use PrimOp::*;
    matches!(
        op,
        Add | Sub
            | Mul
            | Div
            | Neg
            | Inc
            | Dec
            | Quot
            | Rem
            | Mod
            | Lt
            | Gt
            | Le
            | Ge
            | NumEq
            | Identical
            | Not
            | IsNil
            | IsZero
    )
}
