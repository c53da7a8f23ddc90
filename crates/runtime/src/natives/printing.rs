//! Printing: `pr`, `prn`, `print`, `str` and friends.

use super::*;

pub(super) fn print_args(a: &[Value], readably: bool) -> Res<String> {
    let mut out = String::new();
    for (i, x) in a.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        print::pr_into(&mut out, *x, readably)?;
    }
    Ok(out)
}
pub(super) fn n_pr(a: &[Value]) -> Res {
    print::write_out(&print_args(a, true)?);
    Ok(Value::NIL)
}
/// After a newline (`prn`, `println`, `newline`): flushes stdout when
/// `*flush-on-newline*` is true (the default), as JVM Clojure's `*out*`
/// does, so a program piped into another shows its lines as it prints them.
fn end_line() {
    thread_local! {
        static VAR: Value = ns::intern("clojure.core", "*flush-on-newline*");
    }
    let on = VAR.with(|var| match ns::var_get_opt(*var) {
        Some(v) => {
            let t = v.truthy();
            heap::drop(v);
            t
        }
        None => true,
    });
    if on {
        print::flush_out();
    }
}
pub(super) fn n_prn(a: &[Value]) -> Res {
    let mut s = print_args(a, true)?;
    s.push('\n');
    print::write_out(&s);
    end_line();
    Ok(Value::NIL)
}
pub(super) fn n_print(a: &[Value]) -> Res {
    print::write_out(&print_args(a, false)?);
    Ok(Value::NIL)
}
pub(super) fn n_println(a: &[Value]) -> Res {
    let mut s = print_args(a, false)?;
    s.push('\n');
    print::write_out(&s);
    end_line();
    Ok(Value::NIL)
}
pub(super) fn n_pr_str(a: &[Value]) -> Res {
    Ok(make_str(&print_args(a, true)?))
}
pub(super) fn n_prn_str(a: &[Value]) -> Res {
    let mut s = print_args(a, true)?;
    s.push('\n');
    Ok(make_str(&s))
}
pub(super) fn n_print_str(a: &[Value]) -> Res {
    Ok(make_str(&print_args(a, false)?))
}
pub(super) fn n_println_str(a: &[Value]) -> Res {
    let mut s = print_args(a, false)?;
    s.push('\n');
    Ok(make_str(&s))
}
pub(super) fn n_newline(a: &[Value]) -> Res {
    ar(a, 0, "newline")?;
    print::write_out("\n");
    end_line();
    Ok(Value::NIL)
}
pub(super) fn n_flush(a: &[Value]) -> Res {
    ar(a, 0, "flush")?;
    print::flush_out();
    Ok(Value::NIL)
}
pub(super) fn n_push_out(a: &[Value]) -> Res {
    ar(a, 0, "%push-out")?;
    print::push_out();
    Ok(Value::NIL)
}
pub(super) fn n_pop_out(a: &[Value]) -> Res {
    ar(a, 0, "%pop-out")?;
    Ok(make_str(&print::pop_out()))
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("pr", n_pr),
        ("prn", n_prn),
        ("print", n_print),
        ("println", n_println),
        ("pr-str", n_pr_str),
        ("prn-str", n_prn_str),
        ("print-str", n_print_str),
        ("println-str", n_println_str),
        ("newline", n_newline),
        ("flush", n_flush),
        ("%push-out", n_push_out),
        ("%pop-out", n_pop_out),
    ]
}
