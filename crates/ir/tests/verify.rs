//! The verifier rejects broken IR, and Perceus emits nothing superfluous:
//! removing any single `dup`, `drop` or unwind entry from Perceus output
//! makes `verify` fail.

mod common;

use common::*;
use genera_ir::{verify, Expr, JoinId, Module, VarId};

#[test]
fn every_rc_operation_is_needed() {
    for (name, e) in corpus() {
        let (_, _, m) = compile(&e);
        assert_every_rc_op_needed(name, &m);
    }
}

fn errors(m: &Module, after: bool) -> String {
    verify::verify(m, after)
        .err()
        .unwrap_or_default()
        .join("\n")
}

#[test]
fn reports_leak_and_double_consume() {
    let (_, _, m) = compile(&fib());
    let mut leak = m.clone();
    // Remove the first `drop`.
    assert!(find_mut(&mut leak, &mut |e| match e {
        Expr::Drop { body, .. } => {
            *e = std::mem::replace(&mut **body, Expr::Return(VarId(0)));
            true
        }
        _ => false,
    }));
    assert!(
        errors(&leak, true).contains("holds too much"),
        "{}",
        errors(&leak, true)
    );

    // An extra `drop v0` at the start of fib: v0 is then used after it was consumed.
    let mut double = m.clone();
    let body = &mut double.lambdas[1].arities[0].body;
    let old = std::mem::replace(body, Expr::Return(VarId(0)));
    *body = Expr::Drop {
        var: VarId(0),
        body: Box::new(old),
    };
    assert!(
        errors(&double, true).contains("v0 used after it was consumed"),
        "{}",
        errors(&double, true)
    );
}

#[test]
fn reports_rc_ops_before_perceus_and_bad_jumps() {
    let (_, _, m) = compile(&fib());
    assert!(errors(&m, false).contains("before Perceus"));

    let mut lowered = genera_ir::lower::lower(&loop_sum());
    assert!(find_mut(&mut lowered, &mut |e| match e {
        Expr::Jump { args, .. } => {
            args.pop();
            true
        }
        _ => false,
    }));
    assert!(
        errors(&lowered, false).contains("arguments for 2 parameters"),
        "{}",
        errors(&lowered, false)
    );

    let mut lowered = genera_ir::lower::lower(&loop_sum());
    assert!(find_mut(&mut lowered, &mut |e| match e {
        Expr::Jump { join, .. } => {
            *join = JoinId(7);
            true
        }
        _ => false,
    }));
    assert!(errors(&lowered, false).contains("join not in scope"));
}

#[test]
fn reports_scope_and_binding_errors() {
    let mut m = genera_ir::lower::lower(&closure_capture());
    // The inner fn returns a variable that does not exist.
    assert!(find_mut(&mut m, &mut |e| match e {
        Expr::Return(v) => {
            *v = VarId(40);
            true
        }
        _ => false,
    }));
    let errs = errors(&m, false);
    assert!(
        errs.contains("v40 is not below nvars") || errs.contains("v40 used out of scope"),
        "{errs}"
    );

    // A variable bound twice.
    let mut m = genera_ir::lower::lower(&fib());
    assert!(find_mut(&mut m, &mut |e| match e {
        Expr::Let { var, .. } if var.0 == 2 => {
            *var = VarId(3);
            true
        }
        _ => false,
    }));
    assert!(
        errors(&m, false).contains("v3 is bound twice"),
        "{}",
        errors(&m, false)
    );
}

#[test]
fn uncounted_variables_get_no_rc_operations() {
    // In fib, `v2 = const 2` and `v3 = (< n 2)` are uncounted: Perceus
    // neither dups nor drops them, and the verifier rejects a `drop` of one.
    let (_, rc, m) = compile(&fib());
    assert!(!rc.contains("drop v2") && !rc.contains("drop v3"), "{rc}");
    let mut bad = m.clone();
    let body = &mut bad.lambdas[1].arities[0].body;
    assert!(find_in(body, &mut |e| match e {
        Expr::If { then, .. } => {
            let old = std::mem::replace(&mut **then, Expr::Return(VarId(0)));
            **then = Expr::Drop {
                var: VarId(3),
                body: Box::new(old),
            };
            true
        }
        _ => false,
    }));
    assert!(
        errors(&bad, true).contains("drop of uncounted v3"),
        "{}",
        errors(&bad, true)
    );
}

#[test]
fn reuse_tokens_cross_calls_only_through_unwind_lists() {
    // In the node update, the token of `t` is held across the recursive
    // call, which lists it in `unwind`; without that, a throw would leak it.
    let (_, rc, m) = compile(&node_update_reuse());
    assert!(rc.contains("reuse v25"), "{rc}");
    let mut bad = m.clone();
    assert!(find_mut(&mut bad, &mut |e| match e {
        Expr::Let { unwind, .. } if unwind.contains(&VarId(25)) => {
            unwind.retain(|v| *v != VarId(25));
            true
        }
        _ => false,
    }));
    assert!(
        errors(&bad, true).contains("holds too much (v25)"),
        "{}",
        errors(&bad, true)
    );
}

/// Applies `f` to the first node of `e` (preorder) for which it returns true.
fn find_in(e: &mut Expr, f: &mut dyn FnMut(&mut Expr) -> bool) -> bool {
    if f(e) {
        return true;
    }
    match e {
        Expr::Let { body, .. }
        | Expr::Dup { body, .. }
        | Expr::Drop { body, .. }
        | Expr::DropReuse { body, .. }
        | Expr::FreeReuse { body, .. } => find_in(body, f),
        Expr::If { then, else_, .. } => find_in(then, f) || find_in(else_, f),
        _ => false,
    }
}
