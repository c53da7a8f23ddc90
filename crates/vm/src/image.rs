//! The VM's half of live images: how a code object's payload (a member of a
//! compiled `Group`) is written and read back.
//!
//! A group is written once, as a shared blob, however many of its members'
//! code objects the image holds; each code object's own payload is just
//! (blob, member index). Values a lambda mentions (its constants, its vars,
//! its `case` constants) are written as image words through the runtime's
//! `Writer`, so they are restored like every other object. `case` tables'
//! lookup maps are keyed by value words, which change from one process to
//! the next, so only their entries are written and the maps are rebuilt.

use crate::bytecode::{ArityCode, CaseTable, Group, Handler, Inst, Lam, CODE_OPS};
use crate::compile::build_case_table;
use genera_runtime::image::{
    ByteReader, ByteWriter, CodeCodec, Loader, ObjectTable, Payload, SharedBytes, Writer,
};
use genera_runtime::{callable, Value};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// The VM's image fingerprint: its source's hash (any change to the
/// instruction set or this encoding changes it).
pub fn fingerprint() -> u64 {
    u64::from_str_radix(env!("GENERA_VM_SRC_HASH"), 16).unwrap_or(0)
}

/// The codec `install` registers with the runtime.
pub fn codec() -> CodeCodec {
    CodeCodec {
        fingerprint: fingerprint(),
        save: save_code,
        load: load_code,
    }
}

/// The parts of a lambda that go through serde (postcard): small, or
/// (`code`) an enum whose layout is the compiler's business.
#[derive(Serialize, Deserialize)]
struct LamShape {
    arities: Vec<ArityCode>,
    handlers: Vec<Handler>,
    code: Vec<Inst>,
}

fn save_code(code: Value, w: &mut Writer) -> Result<Vec<u8>, String> {
    let Some(cref) = crate::bytecode::code_ref(code) else {
        return Err("cannot save an image: a code object of another tier".into());
    };
    let (blob, new) = w.shared(Arc::as_ptr(&cref.group) as usize);
    if new {
        let mut out = ByteWriter::default();
        out.u32(cref.group.lams.len() as u32);
        for lam in &cref.group.lams {
            write_lam(lam, w, &mut out)?;
        }
        w.set_shared(blob, out.bytes);
    }
    let mut out = ByteWriter::default();
    out.u32(blob);
    out.u32(cref.index as u32);
    Ok(out.bytes)
}

/// Writes one lambda: its names and numbers, the per-instruction tables as
/// raw little-endian arrays (the bulk of the code, copied rather than
/// parsed on load), its values as image words, and the rest through serde.
fn write_lam(lam: &Lam, w: &mut Writer, out: &mut ByteWriter) -> Result<(), String> {
    // Destructured in full so that a new field cannot be forgotten here.
    let Lam {
        name,
        file,
        line,
        ncaptures,
        arities,
        only_fixed,
        code,
        lines,
        side,
        unwind,
        unwind_regs,
        handler,
        handlers,
        cases,
        consts,
        vars,
        var_names,
    } = lam;
    out.str(name);
    out.str(file);
    out.u32(*line);
    out.u32(*ncaptures);
    out.u16(*only_fixed);
    u32s(out, lines);
    u16s(out, side);
    u32s(out, unwind);
    u16s(out, unwind_regs);
    u32s(out, handler);
    let words = |vs: &[Value], w: &mut Writer| vs.iter().map(|&v| w.value(v)).collect::<Vec<_>>();
    u64s(out, &words(consts, w));
    u64s(out, &words(vars, w));
    out.u32(var_names.len() as u32);
    for n in var_names {
        out.str(n);
    }
    out.u32(cases.len() as u32);
    for t in cases {
        out.u32(t.default);
        out.u32(t.entries.len() as u32);
        for &(v, pc) in &t.entries {
            out.u64(w.value(v));
            out.u32(pc);
        }
    }
    let shape = LamShape {
        arities: arities.clone(),
        handlers: handlers.clone(),
        code: code.clone(),
    };
    out.blob(&postcard::to_allocvec(&shape).map_err(|e| e.to_string())?);
    Ok(())
}

fn u16s(out: &mut ByteWriter, xs: &[u16]) {
    out.u32(xs.len() as u32);
    xs.iter().for_each(|x| out.u16(*x));
}

fn u32s(out: &mut ByteWriter, xs: &[u32]) {
    out.u32(xs.len() as u32);
    xs.iter().for_each(|x| out.u32(*x));
}

fn u64s(out: &mut ByteWriter, xs: &[u64]) {
    out.u32(xs.len() as u32);
    xs.iter().for_each(|x| out.u64(*x));
}

/// A code object loaded from an image, until it first runs: its group is
/// decoded then (most of the core library never runs in a given process,
/// so start-up decodes nothing), and the code object's payload becomes the
/// usual `CodeRef` (`force`).
struct LazyCode {
    group: Arc<LazyGroup>,
    index: usize,
}

/// A group's bytes as the image holds them, and the group once decoded.
struct LazyGroup {
    bytes: SharedBytes,
    objects: ObjectTable,
    decoded: OnceLock<Result<Arc<Group>, String>>,
}

/// The ops of code objects not decoded yet.
static LAZY_OPS: callable::CodeOps = callable::CodeOps {
    type_id: std::any::TypeId::of::<LazyCode>,
    drop: drop_lazy,
};

/// # Safety
/// `p` is a `Box<LazyCode>` made by `load_code`, freed once.
unsafe fn drop_lazy(p: *mut ()) {
    drop(Box::from_raw(p as *mut LazyCode));
}

fn load_code(_code: Value, bytes: &[u8], r: &mut Loader) -> Result<Payload, String> {
    let mut input = ByteReader::new(bytes);
    let blob = input.u32()?;
    let index = input.u32()? as usize;
    let group = match r.cached(blob) {
        Some(g) => g
            .downcast::<LazyGroup>()
            .map_err(|_| "corrupted: a shared blob of another kind".to_string())?,
        None => {
            let g = Arc::new(LazyGroup {
                bytes: r.shared_bytes(blob)?,
                objects: r.object_table(),
                decoded: OnceLock::new(),
            });
            r.cache(blob, g.clone());
            g
        }
    };
    let payload = Box::into_raw(Box::new(LazyCode { group, index }));
    Ok((payload as *mut (), &LAZY_OPS))
}

/// If `code` was loaded from an image and has not run yet, decodes its
/// group and makes its payload the usual `CodeRef`; returns its lambda.
/// `None` for code of another tier (or, after a message on stderr, for
/// code an image holds damaged).
#[cold]
pub(crate) fn force(code: Value) -> Option<*const Lam> {
    if !std::ptr::eq(callable::code_ops(code), &LAZY_OPS) {
        return None;
    }
    // SAFETY: a code object with LAZY_OPS has a live LazyCode payload.
    let lazy = unsafe { &*(callable::code_payload_raw(code) as *const LazyCode) };
    let index = lazy.index;
    let decoded = lazy.group.decoded.get_or_init(|| decode_group(&lazy.group));
    let group = match decoded {
        Ok(g) if index < g.lams.len() => g.clone(),
        Ok(g) => {
            eprintln!(
                "genera: image code damaged: member {index} of a group of {}",
                g.lams.len()
            );
            return None;
        }
        Err(e) => {
            eprintln!("genera: image code damaged: {e}");
            return None;
        }
    };
    let pool = callable::code_consts(code);
    let cref = Box::into_raw(Box::new(group.adopt_member_code(index, code, pool)));
    // SAFETY: nothing holds the LazyCode but this code object (`lazy` is
    // not used below), and one thread runs genera code.
    unsafe {
        let (old, _) = callable::replace_code_payload(code, cref as *mut (), &CODE_OPS);
        drop_lazy(old);
        Some((*cref).lam)
    }
}

fn decode_group(g: &LazyGroup) -> Result<Arc<Group>, String> {
    let mut input = ByteReader::new(g.bytes.bytes());
    let n = input.u32()? as usize;
    let mut lams = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        lams.push(read_lam(&mut input, &g.objects)?);
    }
    Ok(Arc::new(Group::new(lams)))
}

fn read_lam(input: &mut ByteReader, r: &ObjectTable) -> Result<Lam, String> {
    let name = input.str()?.to_string();
    let file = input.str()?.into();
    let line = input.u32()?;
    let ncaptures = input.u32()?;
    let only_fixed = input.u16()?;
    let lines = input.u32s()?;
    let side = input.u16s()?;
    let unwind = input.u32s()?;
    let unwind_regs = input.u16s()?;
    let handler = input.u32s()?;
    let values = |ws: Vec<u64>| {
        ws.into_iter()
            .map(|w| r.value(w))
            .collect::<Result<Vec<_>, _>>()
    };
    let consts = values(input.u64s()?)?;
    let vars = values(input.u64s()?)?;
    let mut var_names = Vec::new();
    for _ in 0..input.u32()? {
        var_names.push(input.str()?.to_string());
    }
    let mut cases = Vec::new();
    for _ in 0..input.u32()? {
        let mut t = CaseTable {
            default: input.u32()?,
            ..CaseTable::default()
        };
        for _ in 0..input.u32()? {
            let v = r.value(input.u64()?)?;
            t.entries.push((v, input.u32()?));
        }
        build_case_table(&mut t)?;
        cases.push(t);
    }
    let shape: LamShape = postcard::from_bytes(input.blob()?)
        .map_err(|e| format!("corrupted: compiled code: {e}"))?;
    let n = shape.code.len();
    if [lines.len(), unwind.len(), handler.len()] != [n, n, n] {
        return Err("corrupted: compiled code tables of different lengths".into());
    }
    let lam = Lam {
        name,
        file,
        line,
        ncaptures,
        arities: shape.arities,
        only_fixed,
        code: shape.code,
        lines,
        side,
        unwind,
        unwind_regs,
        handler,
        handlers: shape.handlers,
        cases,
        consts,
        vars,
        var_names,
    };
    crate::compile::check_lam(&lam)?;
    Ok(lam)
}
