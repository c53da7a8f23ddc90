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
    about = "genera: a Clojure dialect with a bytecode VM, Perceus reference counting and (soon) native tiers",
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
        /// The program.
        file: String,
        /// The executable to write (default: the file's name without .clj).
        #[arg(short = 'o', value_name = "OUT")]
        out: Option<PathBuf>,
    },
    /// Show the IR or bytecode of each top-level form of a program (the
    /// program's top-level forms run, as Clojure's compiler runs them; its
    /// output is discarded). C comes with the AOT tier.
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
                (Some(file), _) if tier == Tier::Aot => {
                    return run_aot(&mut session, file, args, &cli);
                }
                (Some(file), _) => run_file(&mut session, file, args),
                (None, Some(ns)) => run_main(&mut session, &ns, args),
                (None, None) => {
                    say_err!("genera run: give a FILE to run (or -m NS, or --image FILE saved with --main)");
                    2
                }
            }
        }
        (None, Some(Command::Image { action })) => image_command(&mut session, action),
        (None, Some(Command::Build { file, out })) => {
            let out = out.clone().unwrap_or_else(|| {
                PathBuf::from(file.strip_suffix(".clj").unwrap_or(file)).with_extension("")
            });
            match build::build(&mut session, file, &out) {
                Ok(()) => 0,
                Err(e) => {
                    say_err!("genera build: {}", e.0);
                    1
                }
            }
        }
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
    print::flush_out();
    finish(code, &cli)
}

/// `run --tier aot`: build (or reuse the cached build of) `file` and run
/// it with `args`; its exit code is ours.
fn run_aot(session: &mut Session, file: &str, args: &[String], cli: &Cli) -> u8 {
    let exe = match build::cached_build(session, file) {
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
    match cmd.status() {
        Ok(status) => status.code().map_or(1, |c| c as u8),
        Err(e) => {
            say_err!("genera: cannot run {}: {e}", exe.display());
            1
        }
    }
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

fn eval_and_print(session: &mut Session, expr: &str) -> u8 {
    match session.eval_source(expr, "<expr>") {
        Ok(v) => {
            if !v.is_nil() {
                print::write_out(&print::pr_str(v));
                print::write_out("\n");
            }
            heap::drop(v);
            0
        }
        Err(e) => report(e, Some(expr)),
    }
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
