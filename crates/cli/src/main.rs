//! `genera`: the command line. Parses arguments, runs the driver, prints
//! results and errors, and chooses the exit code. The only crate that talks
//! to the terminal.

/// `eprintln!` that ignores a closed stderr (output piped into a program
/// that exited): losing a diagnostic is better than panicking over it.
macro_rules! say_err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `println!` that ignores a closed stdout.
macro_rules! say_out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod build;
mod cache;
mod completion;
mod nrepl;
mod repl;
mod test_cmd;

use clap::{Parser, Subcommand};
use genera_driver::{EvalError, ImageSource, Listing, Session, SessionOptions, Tier};
use genera_runtime::{heap, ns, print, Value};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The interpreter's own Rust stack. Deep recursion in genera code is bounded
/// by the VM's frame limit, not by this; it only has to hold re-entrant calls
/// (runtime functions calling back into genera code) and deep printing.
const MAIN_STACK_BYTES: usize = 1 << 30;

#[derive(Parser, Debug)]
#[command(
    name = "genera",
    version,
    about = "genera: a Clojure dialect with Perceus reference counting, a bytecode VM, native executables through C, and actors",
    after_help = "With no command, starts the REPL."
)]
struct Cli {
    /// Evaluate EXPR, print its value (unless nil) and exit.
    #[arg(short = 'e', long = "eval", value_name = "EXPR")]
    eval: Option<String>,

    /// Execution tier: vm, or aot (the program compiled to C and run
    /// natively; jit is not built yet).
    #[arg(long, global = true, default_value = "vm", value_name = "TIER")]
    tier: String,

    /// After the program ends, release all roots and report how many objects
    /// are still live; exit non-zero if any are.
    #[arg(long = "check-leaks", global = true)]
    check_leaks: bool,

    /// Print run statistics (reductions, live objects) on stderr at exit.
    #[arg(long, global = true)]
    stats: bool,

    /// Start from a saved image (`genera image save`) instead of the core
    /// library alone.
    #[arg(long, global = true, value_name = "FILE")]
    image: Option<PathBuf>,

    /// Compile the core library at start-up instead of loading its cached
    /// image (also GENERA_NO_IMAGE=1).
    #[arg(long = "no-image", global = true, conflicts_with = "image")]
    no_image: bool,

    /// Extra source directories for `require`, separated by ':'.
    #[arg(long = "cp", alias = "classpath", global = true, value_name = "PATH")]
    classpath: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a program: FILE, with ARGS in *command-line-args*.
    Run {
        /// Load namespace NS (from the source path) and call its `-main`
        /// with the arguments, instead of running a file.
        #[arg(short = 'm', long = "main", value_name = "NS")]
        main: Option<String>,
        /// The program (with -m: the first argument). Optional when the
        /// image (`--image`) names a main namespace.
        file: Option<String>,
        /// Arguments for the program, in `*command-line-args*`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Start the REPL.
    Repl,
    /// Start an nREPL server for editors (CIDER, Calva, Conjure,
    /// vim-fireplace); writes .nrepl-port in the current directory.
    Nrepl {
        /// The port to listen on (0 or absent: any free port).
        #[arg(long, default_value_t = 0, value_name = "N")]
        port: u16,
        /// The address to listen on (default: loopback only).
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: String,
    },
    /// Live images: save a session to a file, run one.
    Image {
        #[command(subcommand)]
        action: ImageCommand,
    },
    /// Build a native executable: the program compiled to C and linked
    /// with the runtime (its top-level forms run at build time, as
    /// Clojure's compiler runs them; their output is discarded).
    Build {
        /// Build namespace NS from the source path; the executable calls
        /// its `-main` with the command-line arguments.
        #[arg(short = 'm', long = "main", value_name = "NS", conflicts_with = "file")]
        main: Option<String>,
        /// The program.
        #[arg(required_unless_present = "main")]
        file: Option<String>,
        /// The executable to write (default: the file's name without .clj,
        /// or the last part of NS).
        #[arg(short = 'o', value_name = "OUT")]
        out: Option<PathBuf>,
        /// Link statically: no shared-library dependencies (needs the C
        /// library's static archive, libc.a).
        #[arg(long = "static")]
        static_link: bool,
    },
    /// The compiled-program cache of `run --tier aot`.
    Cache {
        #[command(subcommand)]
        action: CacheCommand,
    },
    /// Show the IR, bytecode or C of each top-level form of a program (the
    /// program's top-level forms run, as Clojure's compiler runs them; its
    /// output is discarded).
    Emit {
        file: String,
        /// Core IR after Perceus (the default).
        #[arg(long, conflicts_with_all = ["bytecode", "c"])]
        ir: bool,
        /// The VM's bytecode.
        #[arg(long, conflicts_with = "c")]
        bytecode: bool,
        /// The C the AOT tier compiles (readable; `#include "genera.h"`).
        #[arg(long)]
        c: bool,
    },
    /// Run clojure.test tests: load each FILE (a directory: its .clj/.cljc
    /// files) or NAMESPACE (from the source path; test/ is on it), default
    /// every .clj/.cljc file under test/; run their tests, print the report;
    /// exit 1 if any test failed or threw.
    Test {
        /// Test files, directories of them, or namespaces on the source path.
        #[arg(value_name = "FILE|DIR|NAMESPACE")]
        paths: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum CacheCommand {
    /// Entries, their total size, and the hits and misses counted since the
    /// last clear.
    Stats,
    /// Remove every compiled program and the core images.
    Clear,
}

#[derive(Subcommand, Debug)]
enum ImageCommand {
    /// Save an image: the core library, plus PROGRAM's definitions (its
    /// top-level forms run) or namespace NS loaded, to FILE.
    Save {
        file: PathBuf,
        /// Load namespace NS from the source path; running the image calls
        /// its `-main`.
        #[arg(
            short = 'm',
            long = "main",
            value_name = "NS",
            conflicts_with = "program"
        )]
        main: Option<String>,
        /// A program to load before saving.
        program: Option<String>,
    },
    /// Run an image: call the `-main` of the namespace it was saved with
    /// (`--main`), with ARGS (the same as `genera --image FILE run ARGS`).
    Run {
        file: PathBuf,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    heap::configure_process();
    let cli = Cli::parse();
    let worker = std::thread::Builder::new()
        .name("genera-main".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(move || run(cli));
    let result = worker.map(|h| h.join());
    heap::prepare_exit();
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(_)) => {
            say_err!("genera: internal error (a panic); this is a bug in genera");
            ExitCode::from(70)
        }
        Err(e) => {
            say_err!("genera: could not start the main thread: {e}");
            ExitCode::from(70)
        }
    }
}

fn run(cli: Cli) -> u8 {
    // Re-entrant runs (runtime code calling back into genera code) may use
    // most of this thread's stack; keep a margin for the Rust frames above.
    genera_vm::set_native_stack_budget(MAIN_STACK_BYTES - MAIN_STACK_BYTES / 8);
    let Some(tier) = Tier::parse(&cli.tier) else {
        say_err!(
            "genera: unknown tier '{}': expected vm, jit or aot",
            cli.tier
        );
        return 2;
    };
    if tier == Tier::Jit {
        say_err!("genera: the jit tier is not built yet (use --tier vm or aot)");
        return 2;
    }
    let mut dirs = source_path(cli.classpath.as_deref());
    if let Some(Command::Test { .. }) = &cli.command {
        dirs.insert(2, PathBuf::from("test"));
    }
    genera_driver::set_source_path(dirs);
    match (&cli.eval, &cli.command) {
        (None, Some(Command::Cache { action })) => return cache_command(action),
        (None, Some(Command::Run { main, file, args })) if tier == Tier::Aot => {
            let (target, args) = match (main, file) {
                (Some(ns), _) => {
                    let args: Vec<String> = file.iter().chain(args).cloned().collect();
                    (build::Target::Main(ns.clone()), args)
                }
                (None, Some(f)) => (build::Target::File(f.clone()), args.clone()),
                (None, None) => {
                    say_err!("genera run: give a FILE to run (or -m NS)");
                    return 2;
                }
            };
            return run_aot(&target, &args, &cli);
        }
        _ => {}
    }
    let options = SessionOptions {
        // The AOT tier compiles on the VM's session (macros, defs at build time).
        tier: Tier::Vm,
        image: image_source(&cli),
        ..SessionOptions::default()
    };
    let mut session = match Session::new(options) {
        Ok(s) => s,
        Err(e) => {
            say_err!("genera: could not start: {}", e.render(None));
            return 1;
        }
    };
    // As clojure.main binds them around a script, -e and the REPL, so that
    // `(set! *print-length* 3)` works and holds while results print.
    let depth = ns::binding_depth();
    ns::push_load_bindings();
    let code = match (&cli.eval, &cli.command) {
        (Some(expr), _) => eval_and_print(&mut session, expr),
        (
            None,
            Some(Command::Run {
                main: Some(ns),
                file,
                args,
            }),
        ) => {
            let args: Vec<String> = file.iter().chain(args).cloned().collect();
            run_main(&mut session, ns, &args)
        }
        (
            None,
            Some(Command::Run {
                main: None,
                file,
                args,
            }),
        ) => {
            match (file, session.image_main().map(str::to_string)) {
                (Some(file), _) => run_file(&mut session, file, args),
                (None, Some(ns)) => run_main(&mut session, &ns, args),
                (None, None) => {
                    say_err!("genera run: give a FILE to run (or -m NS, or --image FILE saved with --main)");
                    2
                }
            }
        }
        (None, Some(Command::Image { action })) => image_command(&mut session, action),
        (
            None,
            Some(Command::Build {
                main,
                file,
                out,
                static_link,
            }),
        ) => build_command(&mut session, main, file, out, *static_link),
        (None, Some(Command::Emit { file, c: true, .. })) => {
            match build::emit_c(&mut session, file) {
                Ok(text) => {
                    print::write_out(&text);
                    0
                }
                Err(e) => {
                    say_err!("genera emit: {}", e.0);
                    1
                }
            }
        }
        (None, Some(Command::Emit { file, bytecode, .. })) => {
            let what = if *bytecode {
                Listing::Bytecode
            } else {
                Listing::Ir
            };
            emit(&mut session, file, what)
        }
        (None, Some(Command::Test { paths })) => test_cmd::run(&mut session, paths),
        (None, Some(Command::Nrepl { port, bind })) => nrepl::run(
            &mut session,
            &nrepl::Options {
                port: *port,
                bind: bind.clone(),
            },
        ),
        (None, _) => repl::run(&mut session),
    };
    ns::unwind_bindings_to(depth);
    print::flush_out();
    finish(code, &cli)
}

/// `genera build [-m NS | FILE] [-o OUT] [--static]`.
fn build_command(
    session: &mut Session,
    main: &Option<String>,
    file: &Option<String>,
    out: &Option<PathBuf>,
    static_link: bool,
) -> u8 {
    let (target, default_out) = match (main, file) {
        (Some(ns), _) => (
            build::Target::Main(ns.clone()),
            ns.rsplit('.').next().unwrap_or(ns).to_string(),
        ),
        (None, Some(f)) => (
            build::Target::File(f.clone()),
            f.strip_suffix(".clj").unwrap_or(f).to_string(),
        ),
        (None, None) => {
            say_err!("genera build: give a FILE to build (or -m NS)");
            return 2;
        }
    };
    let out = out.clone().unwrap_or_else(|| PathBuf::from(default_out));
    let link = build::LinkOptions { static_link };
    match build::build(session, &target, &out, link) {
        Ok(_) => 0,
        Err(e) => {
            say_err!("genera build: {}", e.0);
            1
        }
    }
}

/// `run --tier aot`: build (or reuse the cached build of) the target and
/// run it with `args`; its exit code is ours. A cache hit starts no
/// session (nothing is compiled, the core library is not loaded).
fn run_aot(target: &build::Target, args: &[String], cli: &Cli) -> u8 {
    let exe = cache::Cache::open().and_then(|cache| {
        cache.get_or_build(target, || {
            let options = SessionOptions {
                tier: Tier::Vm,
                image: image_source(cli),
                ..SessionOptions::default()
            };
            Session::new(options)
                .map_err(|e| build::BuildError(format!("could not start: {}", e.render(None))))
        })
    });
    let exe = match exe {
        Ok(exe) => exe,
        Err(e) => {
            say_err!("genera: {}", e.0);
            return 1;
        }
    };
    let mut cmd = std::process::Command::new(&exe);
    cmd.args(args);
    if cli.check_leaks {
        cmd.env("GENERA_CHECK_LEAKS", "1");
    }
    if cli.stats {
        cmd.env("GENERA_STATS", "1");
    }
    // The program takes this process's place (its exit code and signals
    // are then the user's directly, and no genera process waits beside it).
    use std::os::unix::process::CommandExt as _;
    print::flush_out();
    let e = cmd.exec();
    say_err!("genera: cannot run {}: {e}", exe.display());
    1
}

/// `genera cache stats` and `genera cache clear`.
fn cache_command(action: &CacheCommand) -> u8 {
    let cache = match cache::Cache::open() {
        Ok(c) => c,
        Err(e) => {
            say_err!("genera cache: {}", e.0);
            return 1;
        }
    };
    let images = cache::genera_cache_dir()
        .map(|d| core_images(&d))
        .unwrap_or_default();
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    match action {
        CacheCommand::Stats => {
            let s = cache.stats();
            say_out!("compiled programs: {}", cache.dir().display());
            say_out!("  entries: {}", s.entries);
            say_out!("  total size: {:.1} MiB", mib(s.bytes));
            say_out!("  hits: {}", s.hits);
            say_out!("  misses: {}", s.misses);
            let bytes: u64 = images.iter().map(|(_, len)| len).sum();
            say_out!("core images: {} ({:.1} MiB)", images.len(), mib(bytes));
            0
        }
        CacheCommand::Clear => {
            let entries = cache.stats().entries;
            let freed = match cache.clear() {
                Ok(b) => b,
                Err(e) => {
                    say_err!("genera cache clear: {}", e.0);
                    return 1;
                }
            };
            let mut image_bytes = 0;
            for (p, len) in &images {
                if std::fs::remove_file(p).is_ok() {
                    image_bytes += len;
                }
            }
            say_out!(
                "removed {entries} compiled programs and {} core images ({:.1} MiB)",
                images.len(),
                mib(freed + image_bytes)
            );
            0
        }
    }
}

/// The driver's core images in genera's cache directory, with their sizes.
fn core_images(dir: &std::path::Path) -> Vec<(PathBuf, u64)> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    list.flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with("core-") && n.ends_with(".img")
        })
        .map(|e| (e.path(), e.metadata().map_or(0, |m| m.len())))
        .collect()
}

/// Where the session's core library comes from: `--image`, `image run`,
/// `--no-image` (or GENERA_NO_IMAGE), else the cached core image.
fn image_source(cli: &Cli) -> ImageSource {
    if let Some(Command::Image {
        action: ImageCommand::Run { file, .. },
    }) = &cli.command
    {
        return ImageSource::File(file.clone());
    }
    if let Some(f) = &cli.image {
        return ImageSource::File(f.clone());
    }
    let env_off = std::env::var_os("GENERA_NO_IMAGE").is_some_and(|v| !v.is_empty() && v != "0");
    if cli.no_image || env_off {
        ImageSource::Compile
    } else {
        ImageSource::CoreCache
    }
}

fn image_command(session: &mut Session, action: &ImageCommand) -> u8 {
    match action {
        ImageCommand::Save {
            file,
            main,
            program,
        } => {
            if let Some(ns_name) = main {
                if let Err(e) = session.load_ns(ns_name) {
                    return report(e, None);
                }
            }
            if let Some(p) = program {
                let code = run_file(session, p, &[]);
                if code != 0 {
                    return code;
                }
                set_command_line_args(&[]);
            }
            print::flush_out();
            match genera_driver::save_image(file, main.as_deref()) {
                Ok((objects, bytes)) => {
                    say_err!(
                        "genera: saved {} ({objects} objects, {} KiB)",
                        file.display(),
                        bytes.div_ceil(1024)
                    );
                    0
                }
                Err(e) => {
                    say_err!("genera: {}", e.render(None));
                    1
                }
            }
        }
        ImageCommand::Run { args, .. } => match session.image_main().map(str::to_string) {
            Some(ns) => run_main(session, &ns, args),
            None => {
                say_err!("genera image run: this image was saved without --main NS; start it with genera --image FILE (a REPL), -e or run FILE");
                2
            }
        },
    }
}

/// The current directory, `src/`, then `--cp` and `GENERA_PATH` entries.
fn source_path(cp: Option<&str>) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("."), PathBuf::from("src")];
    let extra = [cp.map(str::to_string), std::env::var("GENERA_PATH").ok()];
    for list in extra.into_iter().flatten() {
        dirs.extend(list.split(':').filter(|s| !s.is_empty()).map(PathBuf::from));
    }
    dirs
}

/// `-e EXPR`: every form in EXPR in turn, each non-nil value printed, as
/// `clojure -e` does, inside the bindings `main` pushed (so a `set!` of
/// `*print-length*` holds for the printing too).
fn eval_and_print(session: &mut Session, expr: &str) -> u8 {
    let mut reader = genera_reader::Reader::new(expr, "<expr>");
    while let Some(form) = reader.next_form() {
        let result = form
            .map_err(EvalError::from)
            .and_then(|f| session.eval_form(&f));
        match result {
            Ok(v) => {
                if !v.is_nil() {
                    print::write_out(&print::pr_str(v));
                    print::write_out("\n");
                }
                heap::drop(v);
            }
            Err(e) => return report(e, Some(expr)),
        }
    }
    0
}

fn run_file(session: &mut Session, file: &str, args: &[String]) -> u8 {
    set_command_line_args(args);
    let src = match genera_driver::read_source(file) {
        Ok(s) => s,
        Err(e) => {
            say_err!("genera: {}", e.render(None));
            return 1;
        }
    };
    set_file_var(file);
    match session.eval_source(&src, file) {
        Ok(v) => {
            heap::drop(v);
            0
        }
        Err(e) => report(e, Some(&src)),
    }
}

/// `*file*` names the file being run, as in Clojure (clojure.test reports it).
pub(crate) fn set_file_var(file: &str) {
    let var = ns::intern("clojure.core", "*file*");
    ns::var_set_root(var, genera_runtime::string::make_str(file));
}

fn emit(session: &mut Session, file: &str, what: Listing) -> u8 {
    match session.emit_file(file, what) {
        Ok(text) => {
            print::write_out(&text);
            0
        }
        Err(e) => report(e, genera_driver::read_source(file).ok().as_deref()),
    }
}

fn run_main(session: &mut Session, ns_name: &str, args: &[String]) -> u8 {
    set_command_line_args(args);
    match session.run_main(ns_name, args) {
        Ok(v) => {
            heap::drop(v);
            0
        }
        Err(e) => report(e, None),
    }
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

/// Prints an error for a person on stderr; returns the exit code.
pub(crate) fn report(e: EvalError, src: Option<&str>) -> u8 {
    print::flush_out();
    say_err!("{}", e.render(src));
    1
}

/// Releases the roots for --check-leaks, prints --stats, and settles the exit code.
fn finish(code: u8, cli: &Cli) -> u8 {
    // The program has returned: the other actors end with :shutdown (their
    // `finally` blocks may still print).
    genera_runtime::actor::shutdown();
    genera_runtime::print::flush_out();
    if cli.stats {
        say_err!(
            "genera: reductions {}, live objects {}",
            genera_vm::reductions(),
            heap::live_objects()
        );
        let r = heap::reuse_stats();
        say_err!(
            "genera: reuse attempts {}, tokens {}, hits {}",
            r.attempts,
            r.tokens,
            r.hits
        );
    }
    if !cli.check_leaks {
        return code;
    }
    ns::release_all_roots();
    let leaked = heap::leaked_objects();
    say_err!("genera: check-leaks: {leaked} objects live after releasing roots");
    if leaked != 0 && code == 0 {
        3
    } else {
        code
    }
}
