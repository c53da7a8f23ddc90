//! The emitter on small hand-built IR: the C it writes compiles against the
//! generated header, and has the shape the module doc promises.

use super::*;
use genera_ir::core::{AllocKind, Arity, ConstId, JoinId, LambdaId};
use genera_reader::Span;

fn lambda(name: &str, params: Vec<VarId>, nvars: u32, njoins: u32, body: Expr) -> Lambda {
    Lambda {
        name: name.into(),
        span: sp(),
        ncaptures: 0,
        arities: vec![Arity {
            params,
            rest: None,
            borrowed: vec![],
            nvars,
            njoins,
            body,
        }],
    }
}

fn let_(var: u32, rhs: Rhs, body: Expr) -> Expr {
    Expr::Let {
        var: VarId(var),
        rhs,
        span: sp(),
        unwind: vec![],
        body: Box::new(body),
    }
}

/// Compiles `c` (with the header beside it) to an object file.
fn compiles(c: &str) {
    let dir = std::env::temp_dir().join(format!("genera-cgen-{}-{}", std::process::id(), c.len()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("genera.h"), genera_runtime::cabi::c_header()).unwrap();
    std::fs::write(dir.join("p.c"), c).unwrap();
    let out = std::process::Command::new("cc")
        .current_dir(&dir)
        .args([
            "-std=gnu11",
            "-c",
            "-Werror=implicit-function-declaration",
            "p.c",
        ])
        .output()
        .expect("cc");
    assert!(
        out.status.success(),
        "{}\n{c}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn module(lambdas: Vec<Lambda>, consts: Vec<Form>) -> Module {
    Module {
        lambdas,
        consts,
        entry: LambdaId(0),
    }
}

#[test]
fn arithmetic_with_throw_checks() {
    // (fn [x] (+ x 1))
    let body = let_(
        1,
        Rhs::Const(ConstId(0)),
        let_(
            2,
            Rhs::Prim {
                op: PrimOp::Add,
                args: vec![VarId(0), VarId(1)],
            },
            Expr::Return(VarId(2)),
        ),
    );
    let m = module(
        vec![lambda("user/f", vec![VarId(0)], 3, 0, body)],
        vec![Form::new(FormKind::Int(1), sp())],
    );
    let c = emit_program(&[Unit {
        module: &m,
        file: "t.clj",
        title: "(fn [x] (+ x 1))".into(),
    }])
    .unwrap();
    assert!(c.contains("v2 = genera_add(v0, v1);"), "{c}");
    assert!(c.contains("if (GENERA_UNLIKELY(v2 == GV_THROWN))"), "{c}");
    compiles(&c);
}

#[test]
fn loops_are_gotos_and_self_tail_calls_loop() {
    // loop with a join: j0(v1) = if v1 then return v1 else jump j0(v1)
    let join_body = Expr::If {
        cond: VarId(1),
        then: Box::new(Expr::Return(VarId(1))),
        else_: Box::new(Expr::TailCall {
            f: VarId(2),
            args: vec![VarId(1)],
            span: sp(),
            unwind: vec![],
        }),
    };
    let body = let_(
        2,
        Rhs::SelfClosure,
        Expr::LetJoin {
            join: JoinId(0),
            params: vec![VarId(1)],
            body: Box::new(join_body),
            cont: Box::new(Expr::Jump {
                join: JoinId(0),
                args: vec![VarId(0)],
            }),
        },
    );
    let m = module(vec![lambda("user/g", vec![VarId(0)], 3, 1, body)], vec![]);
    let c = emit_program(&[Unit {
        module: &m,
        file: "t.clj",
        title: "g".into(),
    }])
    .unwrap();
    assert!(c.contains("goto j0;") && c.contains("j0: ;"), "{c}");
    assert!(
        c.contains("if (v2 == self)") && c.contains("goto top;"),
        "{c}"
    );
    assert!(c.contains("return GV_TAIL;"), "{c}");
    compiles(&c);
}

#[test]
fn try_handlers_catch_and_constants_round_trip() {
    // (try (throw "x") (catch e e))
    let body = Expr::Try {
        body: Box::new(let_(
            0,
            Rhs::Const(ConstId(0)),
            Expr::Throw {
                exn: VarId(0),
                span: sp(),
                unwind: vec![],
            },
        )),
        exn: VarId(1),
        handler: Box::new(Expr::Return(VarId(1))),
    };
    let m = module(
        vec![lambda("user/eval", vec![], 2, 0, body)],
        vec![Form::new(FormKind::Str("a \"b\"\n".into()), sp())],
    );
    let c = emit_program(&[Unit {
        module: &m,
        file: "t.clj",
        title: "try".into(),
    }])
    .unwrap();
    assert!(
        c.contains("goto handler1;") && c.contains("handler1: v1 = genera_catch();"),
        "{c}"
    );
    assert!(
        c.contains("genera_const_read(\"\\\"a \\\\\\\"b\\\\\\\"\\\\n\\\"\""),
        "{c}"
    );
    compiles(&c);
}

fn name(n: &str) -> genera_reader::Name {
    genera_reader::Name {
        ns: Some("user".into()),
        name: n.into(),
    }
}

/// The unit of `(defn NAME [x] (NAME x))` (meta `meta`, or none): lambda 0
/// the entry, lambda 1 the function.
fn defn_module(n: &str, meta: Option<Form>) -> Module {
    let def = Rhs::Def {
        var: name(n),
        init: Some(VarId(0)),
        meta: meta.as_ref().map(|_| VarId(1)),
    };
    let entry = let_(
        0,
        Rhs::Alloc {
            kind: AllocKind::Closure(LambdaId(1)),
            args: vec![],
            reuse: None,
        },
        let_(
            1,
            Rhs::Const(ConstId(0)),
            let_(2, def, Expr::Return(VarId(2))),
        ),
    );
    let call = let_(
        1,
        Rhs::Global(name(n)),
        let_(
            2,
            Rhs::Call {
                f: VarId(1),
                args: vec![VarId(0)],
            },
            Expr::Return(VarId(2)),
        ),
    );
    module(
        vec![
            lambda("user/eval", vec![], 3, 0, entry),
            lambda(&format!("user/{n}"), vec![VarId(0)], 3, 0, call),
        ],
        vec![meta.unwrap_or(Form::new(FormKind::Nil, sp()))],
    )
}

fn kw(n: &str) -> Form {
    Form::new(
        FormKind::Keyword {
            name: genera_reader::Name {
                ns: None,
                name: n.into(),
            },
            auto: false,
        },
        sp(),
    )
}

#[test]
fn top_level_defns_are_called_directly() {
    let f = defn_module("f", None);
    let redef = defn_module(
        "g",
        Some(Form::new(
            FormKind::Map(vec![kw("redef"), Form::new(FormKind::Bool(true), sp())]),
            sp(),
        )),
    );
    let units: Vec<Unit> = [&f, &redef]
        .iter()
        .map(|m| Unit {
            module: m,
            file: "t.clj",
            title: "defn".into(),
        })
        .collect();
    let c = emit_program(&units).unwrap();
    assert!(
        c.contains("u0_l1_fn = genera_immortal_o(v0)"),
        "the defn's closure is kept in its static: {c}"
    );
    assert!(
        c.contains("v2 = genera_call_direct(u0_l1_a0, v1, (gv[]){v0});"),
        "{c}"
    );
    assert!(
        c.contains("genera_var_get(u1_vars[0], 1) /* user/g */")
            && c.contains("genera_call(v1, (gv[]){v0}, 1)"),
        "a ^:redef var is called through the var: {c}"
    );
    compiles(&c);
    // Defined twice: through the var.
    let again = defn_module("f", None);
    let c = emit_program(&[
        Unit {
            module: &f,
            file: "t.clj",
            title: "defn".into(),
        },
        Unit {
            module: &again,
            file: "t.clj",
            title: "defn".into(),
        },
    ])
    .unwrap();
    assert!(!c.contains("genera_call_direct"), "{c}");
}

fn sp() -> Span {
    Span {
        file: "t.clj".into(),
        line: 1,
        col: 1,
        start: 0,
        end: 0,
    }
}
