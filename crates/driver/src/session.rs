//! A session: the runtime initialised, the core library loaded, and the
//! pipeline that evaluates forms in it.

use crate::env::RuntimeEnv;
use crate::error::EvalError;
use crate::load;
use genera_reader::{Form, FormKind, Reader};
use genera_runtime::{callable, heap, ns, Value};

/// Which execution tier compiles and runs the code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Tier {
    Vm,
    Jit,
    Aot,
}

impl Tier {
    pub fn parse(s: &str) -> Option<Tier> {
        match s {
            "vm" => Some(Tier::Vm),
            "jit" => Some(Tier::Jit),
            "aot" => Some(Tier::Aot),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SessionOptions {
    pub tier: Tier,
    /// Run the IR verifier after lowering and after Perceus (always on in
    /// debug builds).
    pub verify_ir: bool,
    /// Where the core library (and, for a saved image, the rest) comes from.
    pub image: crate::ImageSource,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            tier: Tier::Vm,
            verify_ir: cfg!(debug_assertions),
            image: crate::ImageSource::Compile,
        }
    }
}

pub struct Session {
    options: SessionOptions,
    /// The namespace whose `-main` the image this session started from runs.
    image_main: Option<String>,
}

/// What `genera emit` shows for each top-level form.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Listing {
    /// Core IR after Perceus (dup/drop/reuse and unwind sets explicit).
    Ir,
    /// The VM's bytecode.
    Bytecode,
}

thread_local! {
    /// While `Session::compile_program` runs: each top-level form's module
    /// (after Perceus), text and file, in the order they finished running.
    /// Recorded: the program's top-level forms and those of every file
    /// `require` loads from the source path (at `FILE_BASE`'s depth), not
    /// forms `eval` or `load-file` evaluate while a form runs (those run
    /// again in the built program). A form is recorded when it has run, so
    /// the forms of a namespace a form requires come before it: the built
    /// program defines the namespace, then runs the `require`, which finds
    /// it loaded.
    static UNITS: std::cell::RefCell<Option<Vec<Unit>>> =
        const { std::cell::RefCell::new(None) };
    /// The `RUNNING` depth of the top-level forms of the file being loaded
    /// now (0: the program itself), innermost last; and that file.
    static FILE_BASE: std::cell::RefCell<Vec<(u32, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
    /// How many top-level forms are running on this thread (nested by
    /// `require`, `load` and `eval`).
    static RUNNING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// While `Session::emit_file` runs: what to list and the text so far.
    static LISTING: std::cell::RefCell<Option<(Listing, String)>> =
        const { std::cell::RefCell::new(None) };
}

impl Session {
    /// Initialises the runtime, installs the tier and loads the core library.
    /// One session per thread: the runtime's namespaces are per process.
    pub fn new(options: SessionOptions) -> Result<Session, EvalError> {
        if options.tier != Tier::Vm {
            return Err(EvalError::Other(format!(
                "the {:?} tier is not built yet: genera runs on the bytecode VM today (use --tier vm)",
                options.tier
            )));
        }
        genera_vm::install();
        let mut image_main = None;
        match &options.image {
            crate::ImageSource::Compile => {
                genera_runtime::init();
                load::install(options.clone());
                load::load_core()?;
            }
            crate::ImageSource::CoreCache => {
                crate::image::load_core_cached(|| load::install(options.clone()))?
            }
            crate::ImageSource::Embedded(bytes) => {
                genera_runtime::init_for_image();
                load::install(options.clone());
                crate::image::load_embedded(bytes)?;
            }
            crate::ImageSource::File(path) => {
                genera_runtime::init_for_image();
                load::install(options.clone());
                image_main = crate::image::load(path)?;
            }
        }
        Ok(Session {
            options,
            image_main,
        })
    }

    /// The namespace whose `-main` the image this session started from
    /// names (`genera image save --main NS`), if any.
    pub fn image_main(&self) -> Option<&str> {
        self.image_main.as_deref()
    }

    pub fn options(&self) -> &SessionOptions {
        &self.options
    }

    /// Evaluates every form in `src` in order, returning the last value
    /// (owned; nil for empty input). Stops at the first error; the forms
    /// before it have taken effect.
    pub fn eval_source(&mut self, src: &str, file: &str) -> Result<Value, EvalError> {
        eval_source(src, file)
    }

    /// Evaluates one form, returning its value (owned).
    pub fn eval_form(&mut self, form: &Form) -> Result<Value, EvalError> {
        eval_form(form)
    }

    /// Compiles one form all the way to bytecode without running it (macros
    /// still run, as they do at compile time). For tools and the compiler
    /// fuzz test.
    pub fn compile_form(&mut self, form: &Form) -> Result<(), EvalError> {
        let mut env = RuntimeEnv;
        let hir = genera_analyzer::analyze(form, &mut env)?;
        let module = compile(&hir)?;
        let entry = genera_vm::load(&module).map_err(|message| EvalError::Compile { message })?;
        heap::drop(entry);
        Ok(())
    }

    /// Loads `path` as `genera run` does (top-level forms run, as Clojure's
    /// compiler runs them, so macros and defs take effect; the program's own
    /// output is discarded) and returns the listing of every top-level form.
    pub fn emit_file(&mut self, path: &str, what: Listing) -> Result<String, EvalError> {
        let src = crate::source::read_source(path)?;
        LISTING.with(|l| *l.borrow_mut() = Some((what, String::new())));
        let quiet = Quiet::start();
        let result = eval_source(&src, path);
        drop(quiet);
        let listing = LISTING
            .with(|l| l.borrow_mut().take())
            .map(|(_, text)| text);
        heap::drop(result?);
        Ok(listing.unwrap_or_default())
    }

    /// Loads `path` as `genera run` does (top-level forms run, as Clojure's
    /// `compile` runs them, so macros and defs take effect; the program's
    /// output is discarded) and returns every top-level form's Core IR
    /// after Perceus with the form's text: the input of a native backend.
    /// A form that throws when run does not stop the build (the built
    /// program throws there when it runs); a form that does not compile does.
    pub fn compile_program(&mut self, path: &str) -> Result<Program, EvalError> {
        load::record_sources(true);
        let result = compile_file(path);
        let (sources, namespaces) = load::record_sources(false);
        let mut units = result?;
        // The backend names the program's file after the first unit's (for
        // `*file*`); a required namespace's forms may come first.
        if units.first().is_some_and(|u| u.file != path) {
            units.insert(0, compile_only("nil", path)?);
        }
        Ok(Program {
            units,
            namespaces,
            sources,
        })
    }

    /// `genera build -m NS`: compiles namespace `ns`'s file from the source
    /// path as `compile_program` compiles a program, followed by a last
    /// unit, compiled but not run, that calls `ns/-main` with
    /// `*command-line-args*` (what `genera run -m NS args` does).
    ///
    /// Errors: the namespace is not on the source path, a form does not
    /// compile, or the namespace has no `-main` after loading.
    pub fn compile_main(&mut self, ns: &str) -> Result<Program, EvalError> {
        let file = load::find_ns_file(ns)?.display().to_string();
        // A namespace the program requires may require this one back.
        load::mark_loaded(ns);
        let mut program = self.compile_program(&file)?;
        if genera_runtime::ns::find_var(ns, "-main").is_none() {
            return Err(EvalError::Other(format!(
                "Namespace {ns} has no -main function"
            )));
        }
        let text = format!("(clojure.core/apply {ns}/-main clojure.core/*command-line-args*)");
        program.units.push(compile_only(&text, &file)?);
        program.namespaces.push(ns.to_string());
        Ok(program)
    }

    /// Loads namespace `ns` from the source path unless it is loaded
    /// (`require`).
    pub fn load_ns(&mut self, ns: &str) -> Result<(), EvalError> {
        load::load_ns(ns)
    }

    /// `genera run -m NS args`: loads namespace `ns` from the source path and
    /// calls its `-main` with the arguments as strings.
    pub fn run_main(&mut self, ns: &str, args: &[String]) -> Result<Value, EvalError> {
        load::load_ns(ns)?;
        let Some(main) = genera_runtime::ns::find_var(ns, "-main") else {
            return Err(EvalError::Other(format!(
                "Namespace {ns} has no -main function"
            )));
        };
        let f = genera_runtime::ns::var_get(main)?;
        let args: Vec<Value> = args
            .iter()
            .map(|a| genera_runtime::string::make_str(a))
            .collect();
        let result = callable::invoke(f, &args);
        heap::drop(f);
        for a in args {
            heap::drop(a);
        }
        Ok(result?)
    }

    /// Loads a file as `genera run` does.
    pub fn load_file(&mut self, path: &str) -> Result<Value, EvalError> {
        let src = crate::source::read_source(path)?;
        eval_source(&src, path)
    }
}

/// A program compiled for a native backend (`Session::compile_program`).
pub struct Program {
    /// The top-level forms to run, in order: those of the namespaces the
    /// program requires from the source path, each before the form that
    /// required it, and the program's own.
    pub units: Vec<Unit>,
    /// The namespaces whose forms are among the units (the built program
    /// marks them loaded, so its `require`s do not read them again).
    pub namespaces: Vec<String>,
    /// Every source file loaded from disk while compiling (the program
    /// first, then each file `require`, `load` or `load-file` read), as
    /// (absolute path, the text compiled): what a cache of built programs
    /// must key on.
    pub sources: Vec<(std::path::PathBuf, String)>,
}

/// The unit of the one form in `text`, compiled but not run.
fn compile_only(text: &str, file: &str) -> Result<Unit, EvalError> {
    let form = Reader::new(text, file)
        .next_form()
        .ok_or_else(|| EvalError::Other(format!("nothing to compile in {text}")))??;
    let mut env = RuntimeEnv;
    let hir = genera_analyzer::analyze(&form, &mut env)?;
    Ok(Unit {
        module: compile(&hir)?,
        title: text.to_string(),
        file: file.to_string(),
    })
}

/// One top-level form compiled for a native backend.
pub struct Unit {
    /// Its Core IR after Perceus.
    pub module: genera_ir::Module,
    /// The form's text.
    pub title: String,
    /// The file it was read from.
    pub file: String,
}

/// The top-level forms of `path`, each run and recorded (see
/// `Session::compile_program`).
fn compile_file(path: &str) -> Result<Vec<Unit>, EvalError> {
    let src = crate::source::read_source(path)?;
    load::note_source(path, &src);
    UNITS.with(|u| *u.borrow_mut() = Some(Vec::new()));
    let quiet = Quiet::start();
    let mut reader = Reader::new(&src, path);
    let depth = ns::binding_depth();
    ns::push_load_bindings();
    let result = loading_file(path, || {
        while let Some(form) = reader.next_form() {
            match form.map_err(EvalError::from).and_then(|f| eval_form(&f)) {
                Ok(v) => heap::drop(v),
                // Dropping the error releases the exception.
                Err(EvalError::Thrown(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    });
    ns::unwind_bindings_to(depth);
    drop(quiet);
    let units = UNITS.with(|u| u.borrow_mut().take()).unwrap_or_default();
    result.map(|()| units)
}

/// Loads source text: every top-level form in turn, with the vars a file
/// may `set!` bound for the load (`ns::push_load_bindings`).
pub(crate) fn eval_source(src: &str, file: &str) -> Result<Value, EvalError> {
    let depth = ns::binding_depth();
    ns::push_load_bindings();
    let result = eval_forms(src, file);
    ns::unwind_bindings_to(depth);
    result
}

fn eval_forms(src: &str, file: &str) -> Result<Value, EvalError> {
    let mut reader = Reader::new(src, file);
    let mut last = Value::NIL;
    while let Some(form) = reader.next_form() {
        // The previous form's value is released before a read error ends
        // the load, as before the next form runs.
        heap::drop(std::mem::replace(&mut last, Value::NIL));
        last = eval_form(&form?)?;
    }
    Ok(last)
}

/// Evaluates a top-level form as read: its tagged literals are given to
/// their data readers first (`genera_runtime::tagged`), as Clojure's reader
/// does while reading, so `*data-readers*` set by one form applies to the
/// next.
pub(crate) fn eval_form(form: &Form) -> Result<Value, EvalError> {
    if genera_runtime::tagged::has_tagged(form) {
        let form = genera_runtime::tagged::apply_data_readers(form.clone())?;
        return eval_read_form(&form);
    }
    eval_read_form(form)
}

/// Evaluates a top-level form whose data readers have been applied: a
/// top-level `do` has each of its forms compiled and run in turn, so a
/// macro defined by one is usable by the next.
pub(crate) fn eval_read_form(form: &Form) -> Result<Value, EvalError> {
    let mut env = RuntimeEnv;
    let expanded = genera_analyzer::macroexpand(form, &mut env).map_err(interrupted_or)?;
    if let FormKind::List(items) = &expanded.kind {
        if items.first().is_some_and(|h| h.is_symbol("do")) {
            let mut last = Value::NIL;
            for item in &items[1..] {
                heap::drop(last);
                last = eval_read_form(item)?;
            }
            return Ok(last);
        }
    }
    let hir = genera_analyzer::analyze(&expanded, &mut env).map_err(interrupted_or)?;
    let module = compile(&hir)?;
    let entry = genera_vm::load(&module).map_err(|message| EvalError::Compile { message })?;
    record_listing(form, &module, entry);
    let depth = RUNNING.with(|r| r.get());
    RUNNING.with(|r| r.set(depth + 1));
    let result = callable::invoke(entry, &[]);
    RUNNING.with(|r| r.set(depth));
    heap::drop(entry);
    UNITS.with(|u| {
        if let Some(units) = u.borrow_mut().as_mut() {
            let file = FILE_BASE.with(|b| {
                b.borrow()
                    .last()
                    .filter(|(base, _)| *base == depth)
                    .map(|(_, f)| f.clone())
            });
            if let Some(file) = file {
                units.push(Unit {
                    module,
                    title: form.to_string(),
                    file,
                });
            }
        }
    });
    Ok(result?)
}

/// Runs `load` (the evaluation of `file`'s forms) with those forms
/// recorded as units when a program is being compiled (see `UNITS`).
pub(crate) fn loading_file<T>(file: &str, load: impl FnOnce() -> T) -> T {
    let depth = RUNNING.with(|r| r.get());
    FILE_BASE.with(|b| b.borrow_mut().push((depth, file.to_string())));
    let result = load();
    FILE_BASE.with(|b| b.borrow_mut().pop());
    result
}

/// An analysis error, or the interrupt that stopped a macro's expansion
/// (so Ctrl-C during compilation reads as an interrupt, not a bad form).
fn interrupted_or(e: impl Into<EvalError>) -> EvalError {
    if crate::env::take_interrupted() {
        EvalError::Thrown(genera_runtime::interrupt::interrupted().0)
    } else {
        e.into()
    }
}

/// Appends this form's IR or bytecode to the listing, when emitting.
fn record_listing(form: &Form, module: &genera_ir::Module, entry: Value) {
    LISTING.with(|l| {
        if let Some((what, text)) = l.borrow_mut().as_mut() {
            text.push_str(&format!(";; {} {}\n", form.span, form));
            match what {
                Listing::Ir => text.push_str(&genera_ir::print::print_module(module)),
                Listing::Bytecode => text.push_str(&genera_vm::disassemble(entry)),
            }
            text.push('\n');
        }
    });
}

/// HIR to Core IR with reference counting made explicit.
pub(crate) fn compile(hir: &genera_hir::Expr) -> Result<genera_ir::Module, EvalError> {
    let verify = load::options().verify_ir;
    let mut module = genera_ir::lower::lower(hir);
    // Name the form's entry for stack traces as Clojure does (`user/eval`).
    if let Some(entry) = module.lambdas.get_mut(module.entry.0 as usize) {
        entry.name = format!("{}/eval", genera_runtime::ns::current_ns());
    }
    if verify {
        check(
            genera_ir::verify::verify(&module, false),
            "lowering",
            &module,
        )?;
    }
    genera_ir::perceus::run(&mut module);
    if verify {
        check(genera_ir::verify::verify(&module, true), "perceus", &module)?;
    }
    Ok(module)
}

fn check(
    result: Result<(), Vec<String>>,
    pass: &str,
    module: &genera_ir::Module,
) -> Result<(), EvalError> {
    result.map_err(|errors| EvalError::Compile {
        message: format!(
            "IR verification failed after {pass}:\n  {}\n{}",
            errors.join("\n  "),
            genera_ir::print::print_module(module)
        ),
    })
}

/// Discards a program's output while it runs at build time: the main
/// program's through a capture, its actors' (which have captures of their
/// own) through a sink; when it ends, the program's actors are stopped, so
/// what they print then is discarded too.
struct Quiet(Option<genera_runtime::print::Sink>);

impl Quiet {
    fn start() -> Quiet {
        genera_runtime::print::push_out();
        Quiet(genera_runtime::print::set_out_sink(Some(Box::new(|_| {}))))
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        genera_runtime::actor::shutdown();
        let _ = genera_runtime::print::pop_out();
        genera_runtime::print::set_out_sink(self.0.take());
    }
}
