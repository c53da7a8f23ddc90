//! `genera.actors`: the natives under the namespace's Clojure half
//! (`lib/genera/actors.clj`, which adds `receive`). See `crate::actor`.

use super::*;
use crate::actor;

/// The namespace these natives are bound in.
pub const NAMESPACE: &str = "genera.actors";

fn n_spawn(a: &[Value]) -> Res {
    ar_min(a, 1, "spawn")?;
    actor::spawn(a[0], &a[1..], false)
}
fn n_spawn_link(a: &[Value]) -> Res {
    ar_min(a, 1, "spawn-link")?;
    actor::spawn(a[0], &a[1..], true)
}
fn n_send(a: &[Value]) -> Res {
    ar(a, 2, "!")?;
    actor::send(a[0], a[1])
}
fn n_self(a: &[Value]) -> Res {
    ar(a, 0, "self")?;
    Ok(actor::self_pid())
}
fn n_recv_start(a: &[Value]) -> Res {
    ar(a, 1, "%recv-start")?;
    let ms = if a[0].is_nil() {
        None
    } else {
        Some(long_arg(a[0])?)
    };
    actor::recv_start(ms);
    Ok(Value::NIL)
}
fn n_recv_next(a: &[Value]) -> Res {
    ar(a, 0, "%recv-next")?;
    b(actor::recv_next()?)
}
fn n_recv_current(a: &[Value]) -> Res {
    ar(a, 0, "%recv-current")?;
    actor::recv_current()
}
fn n_recv_take(a: &[Value]) -> Res {
    ar(a, 0, "%recv-take")?;
    actor::recv_take()
}
fn n_link(a: &[Value]) -> Res {
    ar(a, 1, "link")?;
    actor::link(a[0])?;
    Ok(Value::TRUE)
}
fn n_unlink(a: &[Value]) -> Res {
    ar(a, 1, "unlink")?;
    actor::unlink(a[0])?;
    Ok(Value::TRUE)
}
fn n_monitor(a: &[Value]) -> Res {
    ar(a, 1, "monitor")?;
    actor::monitor(a[0])
}
fn n_demonitor(a: &[Value]) -> Res {
    ar(a, 1, "demonitor")?;
    b(actor::demonitor(a[0])?)
}
fn n_trap_exit(a: &[Value]) -> Res {
    ar(a, 1, "trap-exit")?;
    b(actor::trap_exit(a[0].truthy()))
}
fn n_exit(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "exit")?;
    if a.len() == 1 {
        return Err(actor::exit_self(a[0]));
    }
    actor::exit(a[0], a[1])?;
    Ok(Value::TRUE)
}
fn n_kill(a: &[Value]) -> Res {
    ar(a, 1, "kill")?;
    actor::exit(a[0], string::keyword(None, "kill"))?;
    Ok(Value::TRUE)
}
fn n_alive(a: &[Value]) -> Res {
    ar(a, 1, "alive?")?;
    b(actor::is_alive(a[0])?)
}
fn n_register(a: &[Value]) -> Res {
    ar(a, 2, "register")?;
    actor::register(a[0], a[1])?;
    Ok(Value::TRUE)
}
fn n_unregister(a: &[Value]) -> Res {
    ar(a, 1, "unregister")?;
    b(actor::unregister(a[0]))
}
fn n_whereis(a: &[Value]) -> Res {
    ar(a, 1, "whereis")?;
    Ok(actor::whereis(a[0]))
}
fn n_processes(a: &[Value]) -> Res {
    ar(a, 0, "processes")?;
    Ok(actor::processes())
}
fn n_info(a: &[Value]) -> Res {
    ar(a, 1, "info")?;
    actor::info(a[0])
}
fn n_is_pid(a: &[Value]) -> Res {
    ar(a, 1, "pid?")?;
    b(actor::is_pid(a[0]))
}
fn n_send_after(a: &[Value]) -> Res {
    ar(a, 3, "send-after")?;
    actor::send_after(long_arg(a[0])?, a[1], a[2])?;
    Ok(Value::TRUE)
}

pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("spawn", n_spawn),
        ("spawn-link", n_spawn_link),
        ("!", n_send),
        ("self", n_self),
        ("%recv-start", n_recv_start),
        ("%recv-next", n_recv_next),
        ("%recv-current", n_recv_current),
        ("%recv-take", n_recv_take),
        ("link", n_link),
        ("unlink", n_unlink),
        ("monitor", n_monitor),
        ("demonitor", n_demonitor),
        ("trap-exit", n_trap_exit),
        ("exit", n_exit),
        ("kill", n_kill),
        ("alive?", n_alive),
        ("register", n_register),
        ("unregister", n_unregister),
        ("whereis", n_whereis),
        ("processes", n_processes),
        ("info", n_info),
        ("send-after", n_send_after),
        ("pid?", n_is_pid),
    ]
}
