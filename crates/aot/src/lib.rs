//! The static library a native executable links: the runtime, the VM (for
//! the core library, which runs from the embedded core image, and for
//! `eval`/`load-string` at run time) and the driver, plus
//! `genera_aot_main`, which the generated `main` calls. Its one job is to
//! run a program compiled to C the way `genera run` runs its source:
//! `*command-line-args*`, exit codes, uncaught exceptions reported with
//! their traces, `GENERA_CHECK_LEAKS=1` for `--check-leaks`.
//!
//! It knows nothing about C generation (`genera-cgen`) or the command line.

use genera_driver::{EvalError, ImageSource, Session, SessionOptions};
use genera_runtime::{callable, heap, ns, print, Value};
use std::ffi::{c_char, CStr};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack of the thread that runs the program (as `genera run`'s).
const MAIN_STACK_BYTES: usize = 1 << 30;

/// One top-level form compiled to C: makes its constants, vars and code
/// objects and returns its entry closure (owned).
type UnitFn = unsafe extern "C" fn() -> Value;

extern "C" {
    /// The core image `genera build` embedded (`.incbin` in the generated C).
    static genera_core_image: u8;
    static genera_core_image_end: u8;
    /// The program's source file, for `*file*` (NUL-terminated).
    static genera_program_file: c_char;
    /// The namespaces whose forms are among the units, each name
    /// NUL-terminated, an empty name last (`genera build` writes it).
    static genera_program_namespaces: c_char;
    /// This thread's counts of the generated code's inline drop-reuse paths
    /// (attempts, tokens, hits), which `heap`'s counters do not see.
    fn genera_reuse_counts_here() -> *const u64;
}

struct Program {
    units: Vec<UnitFn>,
    args: Vec<String>,
    check_leaks: bool,
    stats: bool,
}

/// The entry point of a native executable: runs `n` units in order.
///
/// # Safety
/// `argv` holds `argc` NUL-terminated strings; `units` points to `n`
/// functions the C backend generated.
#[no_mangle]
pub unsafe extern "C" fn genera_aot_main(
    argc: i32,
    argv: *const *const c_char,
    units: *const UnitFn,
    n: u32,
) -> i32 {
    heap::configure_process();
    let args: Vec<String> = (1..argc.max(1) as usize)
        .map(|i| CStr::from_ptr(*argv.add(i)).to_string_lossy().into_owned())
        .collect();
    let flag = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
    let program = Program {
        units: std::slice::from_raw_parts(units, n as usize).to_vec(),
        args,
        check_leaks: flag("GENERA_CHECK_LEAKS"),
        stats: flag("GENERA_STATS"),
    };
    let worker = std::thread::Builder::new()
        .name("genera-main".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(move || run(program));
    let code = match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => {
            eprintln!("genera: internal error (a panic); this is a bug in genera");
            70
        }
        Err(e) => {
            eprintln!("genera: could not start the main thread: {e}");
            70
        }
    };
    heap::prepare_exit();
    code
}

fn embedded_image() -> &'static [u8] {
    // SAFETY: the generated C defines both symbols around the image's bytes
    // in read-only data, which lives as long as the process.
    unsafe {
        let start = std::ptr::addr_of!(genera_core_image);
        let end = std::ptr::addr_of!(genera_core_image_end);
        std::slice::from_raw_parts(start, end as usize - start as usize)
    }
}

fn run(p: Program) -> i32 {
    genera_vm::set_native_stack_budget(MAIN_STACK_BYTES - MAIN_STACK_BYTES / 8);
    genera_runtime::cabi::set_stack_budget(MAIN_STACK_BYTES - MAIN_STACK_BYTES / 8);
    let image = embedded_image();
    let options = SessionOptions {
        image: if image.is_empty() {
            ImageSource::Compile
        } else {
            ImageSource::Embedded(image)
        },
        ..SessionOptions::default()
    };
    let _session = match Session::new(options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("genera: could not start: {}", e.render(None));
            return 1;
        }
    };
    set_command_line_args(&p.args);
    // The program carries the namespaces it required when it was built;
    // one it requires only at run time comes from the source path, as
    // `genera run`'s: the current directory, src/, then GENERA_PATH.
    for name in bundled_namespaces() {
        genera_driver::mark_loaded(&name);
    }
    genera_driver::set_source_path(source_path());
    genera_runtime::cabi::capture_core_fns();
    // SAFETY: the generated C defines the NUL-terminated file name.
    let file = unsafe { CStr::from_ptr(std::ptr::addr_of!(genera_program_file)) };
    let var = ns::intern("clojure.core", "*file*");
    ns::var_set_root(
        var,
        genera_runtime::string::make_str(&file.to_string_lossy()),
    );
    let mut code = 0;
    // As `genera run` loads a file: the vars it may `set!` are bound.
    ns::push_load_bindings();
    for unit in &p.units {
        // SAFETY: the unit functions are the generated ones.
        let entry = unsafe { unit() };
        let r = callable::invoke(entry, &[]);
        heap::drop(entry);
        match r {
            Ok(v) => heap::drop(v),
            Err(t) => {
                print::flush_out();
                eprintln!("{}", EvalError::Thrown(t.0).render(None));
                code = 1;
                break;
            }
        }
    }
    let _ = ns::pop_thread_bindings();
    print::flush_out();
    finish(code, &p)
}

fn bundled_namespaces() -> Vec<String> {
    let mut names = Vec::new();
    // SAFETY: `genera build` defines the symbol as a C string of
    // NUL-terminated names followed by the string's own NUL, so every
    // step below stays inside it.
    unsafe {
        let mut p = std::ptr::addr_of!(genera_program_namespaces);
        loop {
            let name = CStr::from_ptr(p);
            if name.is_empty() {
                break;
            }
            names.push(name.to_string_lossy().into_owned());
            p = p.add(name.to_bytes().len() + 1);
        }
    }
    names
}

fn source_path() -> Vec<std::path::PathBuf> {
    let mut dirs = vec![".".into(), "src".into()];
    if let Ok(extra) = std::env::var("GENERA_PATH") {
        dirs.extend(extra.split(':').filter(|s| !s.is_empty()).map(Into::into));
    }
    dirs
}

fn set_command_line_args(args: &[String]) {
    let var = ns::intern("clojure.core", "*command-line-args*");
    let value = if args.is_empty() {
        Value::NIL
    } else {
        let items: Vec<Value> = args
            .iter()
            .map(|a| genera_runtime::string::make_str(a))
            .collect();
        genera_runtime::coll::list_from_owned(items)
    };
    ns::var_set_root(var, value);
}

fn finish(code: i32, p: &Program) -> i32 {
    // The program has returned: the other actors end with :shutdown (their
    // `finally` blocks may still print).
    genera_runtime::actor::shutdown();
    genera_runtime::print::flush_out();
    if p.stats {
        let r = heap::reuse_stats();
        // SAFETY: the generated program defines it; it returns this
        // thread's array of three counts.
        let c = unsafe { std::slice::from_raw_parts(genera_reuse_counts_here(), 3) };
        eprintln!(
            "genera: live objects {}\ngenera: reuse attempts {}, tokens {}, hits {}",
            heap::live_objects(),
            r.attempts + c[0],
            r.tokens + c[1],
            r.hits + c[2]
        );
    }
    if !p.check_leaks {
        return code;
    }
    genera_runtime::cabi::release_caches();
    ns::release_all_roots();
    let leaked = heap::leaked_objects();
    eprintln!("genera: check-leaks: {leaked} objects live after releasing roots");
    if leaked != 0 && code == 0 {
        3
    } else {
        code
    }
}
