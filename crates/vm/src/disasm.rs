//! The disassembler: a readable listing of a closure's or code object's
//! bytecode, with source lines, unwind sets and handlers, followed by the
//! listings of the lambdas it makes closures of.

use crate::bytecode::{Group, Inst, Lam, NO_HANDLER, NO_REG};
use crate::rt;
use genera_runtime::tag::Tag;
use genera_runtime::{callable, Value};
use std::fmt::Write;
use std::sync::Arc;

/// Disassembles a closure or a code object made by this tier (and every
/// lambda it allocates closures of). Anything else gets a one-line note.
pub fn disassemble(v: Value) -> String {
    let code = match callable::tag_of(v) {
        Some(Tag::Closure) => callable::closure_code(v),
        Some(Tag::Code) => v,
        _ => return format!("; not a closure or code object: {}\n", rt::pr_str(v)),
    };
    let Some(first) = crate::bytecode::code_ref(code) else {
        return "; code compiled by another tier\n".into();
    };
    // Lambdas to list, as (group, member); each listed once.
    let mut todo: Vec<(Arc<Group>, usize)> = vec![(first.group.clone(), first.index)];
    let mut seen: Vec<(*const Group, usize)> = Vec::new();
    let mut out = String::new();
    while let Some((group, index)) = todo.pop() {
        if seen.contains(&(Arc::as_ptr(&group), index)) {
            continue;
        }
        seen.push((Arc::as_ptr(&group), index));
        if !out.is_empty() {
            out.push('\n');
        }
        let lam = &group.lams[index];
        lambda(&mut out, lam);
        // Then the lambdas it makes closures of: siblings, then the code
        // objects in its constants (pushed in reverse to list in order).
        for &k in lam.consts.iter().rev() {
            if let Some(c) =
                crate::bytecode::code_ref(k).filter(|_| callable::tag_of(k) == Some(Tag::Code))
            {
                todo.push((c.group.clone(), c.index));
            }
        }
        for i in (0..group.lams.len()).rev() {
            todo.push((group.clone(), i));
        }
    }
    out
}

fn lambda(out: &mut String, lam: &Lam) {
    let _ = writeln!(
        out,
        "fn {}  ({}:{})  captures: {}",
        lam.name, lam.file, lam.line, lam.ncaptures
    );
    for a in &lam.arities {
        let _ = write!(
            out,
            "  arity {}{}: {} regs, entry {}",
            a.nparams,
            if a.variadic { "+rest" } else { "" },
            a.nregs,
            a.entry
        );
        if !a.borrowed_params.is_empty() {
            let _ = write!(out, ", borrowed {}", regs(&a.borrowed_params));
        }
        out.push('\n');
    }
    if !lam.consts.is_empty() {
        out.push_str("  constants:\n");
        for (i, &k) in lam.consts.iter().enumerate() {
            let _ = writeln!(out, "    k{i:<3} {}", const_str(k));
        }
    }
    if !lam.vars.is_empty() {
        out.push_str("  vars:\n");
        for (i, name) in lam.var_names.iter().enumerate() {
            let _ = writeln!(out, "    g{i:<3} #'{name}");
        }
    }
    out.push_str("  code:\n");
    let mut last_line = u32::MAX;
    for (pc, inst) in lam.code.iter().enumerate() {
        if let Some(a) = lam.arities.iter().position(|a| a.entry as usize == pc) {
            let _ = writeln!(out, "   arity {a}:");
        }
        let line = lam.lines[pc];
        let line_col = if line != last_line {
            format!("L{line}")
        } else {
            String::new()
        };
        last_line = line;
        let (op, args) = operands(lam, inst);
        let _ = write!(out, "    {pc:4}  {line_col:<6}{op:<12} {args}");
        let unwind = lam.unwind_set(pc);
        if !unwind.is_empty() {
            let _ = write!(out, "   ; unwind {}", regs(unwind));
        }
        if lam.handler[pc] != NO_HANDLER && may_throw(inst) {
            let h = &lam.handlers[lam.handler[pc] as usize];
            let _ = write!(out, "   ; catch -> {} (r{})", h.target, h.exn);
        }
        out.push('\n');
    }
    for (i, t) in lam.cases.iter().enumerate() {
        let _ = write!(out, "  case t{i}:");
        for &(v, target) in &t.entries {
            let _ = write!(out, " {} -> {},", rt::pr_str(v), target);
        }
        let _ = writeln!(out, " default -> {}", t.default);
    }
}

fn const_str(k: Value) -> String {
    if callable::tag_of(k) == Some(Tag::Code) {
        match crate::bytecode::code_ref(k) {
            Some(c) => format!("<code {}>", c.group.lams[c.index].name),
            None => "<code>".into(),
        }
    } else {
        rt::pr_str(k)
    }
}

fn regs(rs: &[u16]) -> String {
    let v: Vec<String> = rs.iter().map(|r| format!("r{r}")).collect();
    format!("[{}]", v.join(" "))
}

fn opt(r: u16) -> String {
    if r == NO_REG {
        "-".into()
    } else {
        format!("r{r}")
    }
}

fn list(lam: &Lam, at: usize, n: usize) -> String {
    regs(&lam.side[at..at + n])
}

/// `(r1 r2 r3)`: callee and arguments of a call.
fn call_str(lam: &Lam, ops: usize) -> String {
    let n = lam.side[ops + 1] as usize;
    let mut parts = vec![format!("r{}", lam.side[ops])];
    parts.extend(
        lam.side[ops + 2..ops + 2 + n]
            .iter()
            .map(|r| format!("r{r}")),
    );
    format!("({})", parts.join(" "))
}

/// A `CallVar`'s operands: the var by name, then the argument registers.
fn var_call_str(lam: &Lam, ops: usize) -> String {
    let n = lam.side[ops + 1] as usize;
    let var = lam.side[ops] as usize;
    let name = lam.var_names.get(var).map_or("?", |s| s.as_str());
    let mut parts = vec![format!("#'{name}")];
    parts.extend(
        lam.side[ops + 2..ops + 2 + n]
            .iter()
            .map(|r| format!("r{r}")),
    );
    format!("({})", parts.join(" "))
}

fn may_throw(inst: &Inst) -> bool {
    !matches!(
        inst,
        Inst::LoadConst { .. }
            | Inst::LoadVar { .. }
            | Inst::LoadCapture { .. }
            | Inst::LoadSelf { .. }
            | Inst::Move { .. }
            | Inst::Dup { .. }
            | Inst::Drop { .. }
            | Inst::DupPair { .. }
            | Inst::DropPair { .. }
            | Inst::MoveLoop { .. }
            | Inst::DropReuse { .. }
            | Inst::FreeReuse { .. }
            | Inst::Jump { .. }
            | Inst::Loop { .. }
            | Inst::JumpIfFalse { .. }
            | Inst::JumpUnlessIdentical { .. }
            | Inst::Return { .. }
    )
}

/// The mnemonic and operand text of one instruction.
fn operands(lam: &Lam, inst: &Inst) -> (&'static str, String) {
    let s = |i: u32| lam.side[i as usize];
    match *inst {
        Inst::LoadConst { dst, k } => (
            "const",
            format!("r{dst} = k{k}  ; {}", const_str(lam.consts[k as usize])),
        ),
        Inst::LoadGlobal { dst, var } => (
            "global",
            format!("r{dst} = @#'{}", lam.var_names[var as usize]),
        ),
        Inst::LoadVar { dst, var } => {
            ("var", format!("r{dst} = #'{}", lam.var_names[var as usize]))
        }
        Inst::LoadCapture { dst, idx } => ("capture", format!("r{dst} = captured[{idx}]")),
        Inst::LoadSelf { dst } => ("self", format!("r{dst}")),
        Inst::Move { dst, src } => ("move", format!("r{dst} = r{src}")),
        Inst::Dup { r } => ("dup", format!("r{r}")),
        Inst::Drop { r } => ("drop", format!("r{r}")),
        Inst::DupPair { a, b } => ("dup", format!("r{a} r{b}")),
        Inst::DropPair { a, b } => ("drop", format!("r{a} r{b}")),
        Inst::MoveLoop { dst, src, target } => ("move-loop", format!("r{dst} = r{src}; {target}")),
        Inst::DropReuse { dst, src, size } => {
            ("drop-reuse", format!("r{dst} = r{src} ({size} bytes)"))
        }
        Inst::FreeReuse { r } => ("free-reuse", format!("r{r}")),
        Inst::Call { dst, ops } => ("call", format!("r{dst} = {}", call_str(lam, ops as usize))),
        Inst::TailCall { ops } => ("tail-call", call_str(lam, ops as usize)),
        Inst::CallVar { dst, ops } => (
            "call-var",
            format!("r{dst} = {}", var_call_str(lam, ops as usize)),
        ),
        Inst::TailCallVar { ops } => ("tail-call-var", var_call_str(lam, ops as usize)),
        Inst::Return { r } => ("return", format!("r{r}")),
        Inst::Jump { target } => ("jump", format!("{target}")),
        Inst::Loop { target } => ("loop", format!("{target}")),
        Inst::JumpIfFalse { cond, target } => ("jump-if-not", format!("r{cond} {target}")),
        Inst::JumpUnlessLt { a, b, target } => ("jump-if-!<", format!("r{a} r{b} {target}")),
        Inst::JumpUnlessLe { a, b, target } => ("jump-if-!<=", format!("r{a} r{b} {target}")),
        Inst::JumpUnlessGt { a, b, target } => ("jump-if-!>", format!("r{a} r{b} {target}")),
        Inst::JumpUnlessGe { a, b, target } => ("jump-if-!>=", format!("r{a} r{b} {target}")),
        Inst::JumpUnlessNumEq { a, b, target } => ("jump-if-!==", format!("r{a} r{b} {target}")),
        Inst::JumpUnlessEquiv { a, b, target } => ("jump-if-!=", format!("r{a} r{b} {target}")),
        Inst::JumpUnlessIdentical { a, b, target } => {
            ("jump-if-!ident", format!("r{a} r{b} {target}"))
        }
        Inst::Case { scrut, table } => ("case", format!("r{scrut} t{table}")),
        Inst::Throw { r } => ("throw", format!("r{r}")),
        Inst::MakeClosure { dst, ops } => (
            "closure",
            format!(
                "r{dst} = {} {} reuse {}",
                const_str(lam.consts[s(ops) as usize]),
                list(lam, ops as usize + 3, s(ops + 2) as usize),
                opt(s(ops + 1))
            ),
        ),
        Inst::MakeSiblingClosure { dst, ops } => (
            "closure",
            format!(
                "r{dst} = <sibling {}> {} reuse {}",
                s(ops),
                list(lam, ops as usize + 3, s(ops + 2) as usize),
                opt(s(ops + 1))
            ),
        ),
        Inst::MakeVector { dst, ops } => (
            "vector",
            format!(
                "r{dst} = {} reuse {}",
                list(lam, ops as usize + 2, s(ops + 1) as usize),
                opt(s(ops))
            ),
        ),
        Inst::MakeMap { dst, ops } => (
            "map",
            format!(
                "r{dst} = {} reuse {}",
                list(lam, ops as usize + 2, 2 * s(ops + 1) as usize),
                opt(s(ops))
            ),
        ),
        Inst::MakeSet { dst, ops } => (
            "set",
            format!(
                "r{dst} = {} reuse {}",
                list(lam, ops as usize + 2, s(ops + 1) as usize),
                opt(s(ops))
            ),
        ),
        Inst::MakeInstance { dst, ops } => (
            "instance",
            format!(
                "r{dst} = {} reuse {}",
                list(lam, ops as usize + 2, s(ops + 1) as usize),
                opt(s(ops))
            ),
        ),
        Inst::Cons { dst, ops } => (
            "cons",
            format!(
                "r{dst} = r{} r{} reuse {}",
                s(ops + 1),
                s(ops + 2),
                opt(s(ops))
            ),
        ),
        Inst::Def { dst, ops } => (
            "def",
            format!(
                "r{dst} = #'{} init {} meta {}",
                lam.var_names[s(ops) as usize],
                opt(s(ops + 1)),
                opt(s(ops + 2))
            ),
        ),
        Inst::SetVar { dst, var, src } => (
            "set!",
            format!("r{dst} = #'{} r{src}", lam.var_names[var as usize]),
        ),
        Inst::Assoc { dst, ops } => ("assoc", format!("r{dst} = {}", list(lam, ops as usize, 3))),
        Inst::AddImm { dst, a, imm } => ("add", format!("r{dst} = r{a} #{imm}")),
        Inst::SubImm { dst, a, imm } => ("sub", format!("r{dst} = r{a} #{imm}")),
        Inst::LtImm { dst, a, imm } => ("lt", format!("r{dst} = r{a} #{imm}")),
        Inst::LeImm { dst, a, imm } => ("le", format!("r{dst} = r{a} #{imm}")),
        Inst::GtImm { dst, a, imm } => ("gt", format!("r{dst} = r{a} #{imm}")),
        Inst::GeImm { dst, a, imm } => ("ge", format!("r{dst} = r{a} #{imm}")),
        Inst::NumEqImm { dst, a, imm } => ("num-eq", format!("r{dst} = r{a} #{imm}")),
        Inst::JumpUnlessLtImm { a, imm, target } => ("jump-if-!<", format!("r{a} #{imm} {target}")),
        Inst::JumpUnlessLeImm { a, imm, target } => {
            ("jump-if-!<=", format!("r{a} #{imm} {target}"))
        }
        Inst::JumpUnlessGtImm { a, imm, target } => ("jump-if-!>", format!("r{a} #{imm} {target}")),
        Inst::JumpUnlessGeImm { a, imm, target } => {
            ("jump-if-!>=", format!("r{a} #{imm} {target}"))
        }
        Inst::JumpUnlessNumEqImm { a, imm, target } => {
            ("jump-if-!==", format!("r{a} #{imm} {target}"))
        }
        Inst::Add { dst, a, b } => ("add", format!("r{dst} = r{a} r{b}")),
        Inst::Sub { dst, a, b } => ("sub", format!("r{dst} = r{a} r{b}")),
        Inst::Mul { dst, a, b } => ("mul", format!("r{dst} = r{a} r{b}")),
        Inst::Div { dst, a, b } => ("div", format!("r{dst} = r{a} r{b}")),
        Inst::Quot { dst, a, b } => ("quot", format!("r{dst} = r{a} r{b}")),
        Inst::Rem { dst, a, b } => ("rem", format!("r{dst} = r{a} r{b}")),
        Inst::Mod { dst, a, b } => ("mod", format!("r{dst} = r{a} r{b}")),
        Inst::Lt { dst, a, b } => ("lt", format!("r{dst} = r{a} r{b}")),
        Inst::Gt { dst, a, b } => ("gt", format!("r{dst} = r{a} r{b}")),
        Inst::Le { dst, a, b } => ("le", format!("r{dst} = r{a} r{b}")),
        Inst::Ge { dst, a, b } => ("ge", format!("r{dst} = r{a} r{b}")),
        Inst::NumEq { dst, a, b } => ("num-eq", format!("r{dst} = r{a} r{b}")),
        Inst::Equiv { dst, a, b } => ("equiv", format!("r{dst} = r{a} r{b}")),
        Inst::Identical { dst, a, b } => ("identical", format!("r{dst} = r{a} r{b}")),
        Inst::Nth { dst, a, b } => ("nth", format!("r{dst} = r{a} r{b}")),
        Inst::NthBorrowed { dst, a, b } => ("nth&", format!("r{dst} = r{a} r{b}")),
        Inst::Get { dst, a, b } => ("get", format!("r{dst} = r{a} r{b}")),
        Inst::Conj { dst, a, b } => ("conj", format!("r{dst} = r{a} r{b}")),
        Inst::ExceptionIs { dst, a, b } => ("exception-is", format!("r{dst} = r{a} r{b}")),
        Inst::WithMeta { dst, a, b } => ("with-meta", format!("r{dst} = r{a} r{b}")),
        Inst::Neg { dst, a } => ("neg", format!("r{dst} = r{a}")),
        Inst::Inc { dst, a } => ("inc", format!("r{dst} = r{a}")),
        Inst::Dec { dst, a } => ("dec", format!("r{dst} = r{a}")),
        Inst::Not { dst, a } => ("not", format!("r{dst} = r{a}")),
        Inst::IsNil { dst, a } => ("nil?", format!("r{dst} = r{a}")),
        Inst::IsZero { dst, a } => ("zero?", format!("r{dst} = r{a}")),
        Inst::First { dst, a } => ("first", format!("r{dst} = r{a}")),
        Inst::Rest { dst, a } => ("rest", format!("r{dst} = r{a}")),
        Inst::Next { dst, a } => ("next", format!("r{dst} = r{a}")),
        Inst::Seq { dst, a } => ("seq", format!("r{dst} = r{a}")),
        Inst::Count { dst, a } => ("count", format!("r{dst} = r{a}")),
        Inst::CountBorrowed { dst, a } => ("count&", format!("r{dst} = r{a}")),
        Inst::Deref { dst, a } => ("deref", format!("r{dst} = r{a}")),
    }
}
