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

use crate::bytecode::{ArityCode, CaseTable, CodeRef, Group, Handler, Inst, Lam};
use crate::compile::build_case_table;
use genera_runtime::image::{ByteReader, ByteWriter, CodeCodec, Loader, Writer};
use genera_runtime::{callable, Value};
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::sync::Arc;

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

#[derive(Serialize, Deserialize)]
struct GroupImage {
    lams: Vec<LamImage>,
}

/// A `Lam` with its values as image words.
#[derive(Serialize, Deserialize)]
struct LamImage {
    name: String,
    file: String,
    line: u32,
    ncaptures: u32,
    arities: Vec<ArityCode>,
    only_fixed: u16,
    code: Vec<Inst>,
    lines: Vec<u32>,
    side: Vec<u16>,
    unwind: Vec<u32>,
    unwind_regs: Vec<u16>,
    handler: Vec<u32>,
    handlers: Vec<Handler>,
    cases: Vec<(Vec<(u64, u32)>, u32)>,
    consts: Vec<u64>,
    vars: Vec<u64>,
    var_names: Vec<String>,
}

fn save_code(code: Value, w: &mut Writer) -> Result<Vec<u8>, String> {
    let Some(cref) = callable::code_payload::<CodeRef>(code) else {
        return Err("cannot save an image: a code object of another tier".into());
    };
    let (blob, new) = w.shared(Arc::as_ptr(&cref.group) as usize);
    if new {
        let lams = cref.group.lams.iter().map(|l| lam_image(l, w)).collect();
        let bytes = postcard::to_allocvec(&GroupImage { lams }).map_err(|e| e.to_string())?;
        w.set_shared(blob, bytes);
    }
    let mut out = ByteWriter::default();
    out.u32(blob);
    out.u32(cref.index as u32);
    Ok(out.bytes)
}

fn lam_image(lam: &Lam, w: &mut Writer) -> LamImage {
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
    LamImage {
        name: name.clone(),
        file: file.to_string(),
        line: *line,
        ncaptures: *ncaptures,
        arities: arities.clone(),
        only_fixed: *only_fixed,
        code: code.clone(),
        lines: lines.clone(),
        side: side.clone(),
        unwind: unwind.clone(),
        unwind_regs: unwind_regs.clone(),
        handler: handler.clone(),
        handlers: handlers.clone(),
        cases: cases
            .iter()
            .map(|t| {
                let entries = t.entries.iter().map(|&(v, pc)| (w.value(v), pc)).collect();
                (entries, t.default)
            })
            .collect(),
        consts: consts.iter().map(|&v| w.value(v)).collect(),
        vars: vars.iter().map(|&v| w.value(v)).collect(),
        var_names: var_names.clone(),
    }
}

fn load_code(
    code: Value,
    bytes: &[u8],
    r: &mut Loader,
) -> Result<Box<dyn Any + Send + Sync>, String> {
    let mut input = ByteReader::new(bytes);
    let blob = input.u32()?;
    let index = input.u32()? as usize;
    let group = match r.cached(blob) {
        Some(g) => g
            .downcast::<Group>()
            .map_err(|_| "corrupted: a shared blob of another kind".to_string())?,
        None => {
            let image: GroupImage = postcard::from_bytes(r.shared(blob)?)
                .map_err(|e| format!("corrupted: compiled code: {e}"))?;
            let lams = image
                .lams
                .into_iter()
                .map(|l| lam_from_image(l, r))
                .collect::<Result<Vec<_>, _>>()?;
            let g = Arc::new(Group::new(lams));
            r.cache(blob, g.clone());
            g
        }
    };
    if index >= group.lams.len() {
        return Err(format!(
            "corrupted: member {index} of a group of {}",
            group.lams.len()
        ));
    }
    let pool = callable::code_consts(code);
    Ok(Box::new(group.adopt_member_code(index, code, pool)))
}

fn lam_from_image(l: LamImage, r: &Loader) -> Result<Lam, String> {
    let values = |ws: &[u64]| {
        ws.iter()
            .map(|&w| r.value(w))
            .collect::<Result<Vec<_>, _>>()
    };
    let mut cases = Vec::with_capacity(l.cases.len());
    for (entries, default) in &l.cases {
        let mut t = CaseTable {
            default: *default,
            ..CaseTable::default()
        };
        for &(w, pc) in entries {
            t.entries.push((r.value(w)?, pc));
        }
        build_case_table(&mut t)?;
        cases.push(t);
    }
    let lam = Lam {
        name: l.name,
        file: l.file.into(),
        line: l.line,
        ncaptures: l.ncaptures,
        arities: l.arities,
        only_fixed: l.only_fixed,
        code: l.code,
        lines: l.lines,
        side: l.side,
        unwind: l.unwind,
        unwind_regs: l.unwind_regs,
        handler: l.handler,
        handlers: l.handlers,
        cases,
        consts: values(&l.consts)?,
        vars: values(&l.vars)?,
        var_names: l.var_names,
    };
    crate::compile::check_lam(&lam)?;
    Ok(lam)
}
