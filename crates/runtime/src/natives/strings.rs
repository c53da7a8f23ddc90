//! Strings, characters, symbols and keywords in `clojure.core`.

use super::*;

pub(super) fn n_str(a: &[Value]) -> Res {
    let mut out = String::new();
    for x in a {
        print::str_into(&mut out, *x)?;
    }
    Ok(make_str(&out))
}

/// Char index -> byte offset in `s` (`None` past the end).
/// Java's `%e`: `d.dddddde+XX` with `p` decimals and a two-digit exponent.
fn scientific(f: f64, p: usize) -> String {
    let s = format!("{f:.p$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// Java's `%g`: `p` significant digits (at least 1), fixed notation when
/// the rounded value is at least 10^-4 and below 10^p, else scientific.
fn general(f: f64, p: usize) -> String {
    let p = p.max(1);
    if f == 0.0 {
        return fixed_half_up(f, p - 1);
    }
    let exp: i32 = format!("{:.*e}", p - 1, f.abs())
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    if (-4..p as i32).contains(&exp) {
        fixed_half_up(f, (p as i32 - 1 - exp) as usize)
    } else {
        scientific(f, p - 1)
    }
}

pub(super) fn char_to_byte(s: &str, i: usize) -> Option<usize> {
    if i == 0 {
        return Some(0);
    }
    s.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()))
        .nth(i)
}

pub(super) fn n_subs(a: &[Value]) -> Res {
    ar_range(a, 2, 3, "subs")?;
    let s = str_arg(a[0])?;
    let start = long_arg(a[1])?;
    let len = s.chars().count() as i64;
    let end = match a.get(2) {
        Some(e) => long_arg(*e)?,
        None => len,
    };
    if start < 0 || end > len || start > end {
        return Err(error::throw(
            "StringIndexOutOfBoundsException",
            &format!("begin {start}, end {end}, length {len}"),
        ));
    }
    let bs = char_to_byte(s, start as usize).unwrap_or(s.len());
    let be = char_to_byte(s, end as usize).unwrap_or(s.len());
    Ok(make_str(&s[bs..be]))
}
pub(super) fn n_name(a: &[Value]) -> Res {
    ar(a, 1, "name")?;
    let x = a[0];
    if string::is_string(x) {
        return Ok(dupd(x));
    }
    if string::is_keyword(x) || string::is_symbol(x) {
        return Ok(make_str(string::name_parts(x).1));
    }
    Err(cast_error(x, "clojure.lang.Named"))
}
pub(super) fn n_namespace(a: &[Value]) -> Res {
    ar(a, 1, "namespace")?;
    let x = a[0];
    if string::is_keyword(x) || string::is_symbol(x) {
        return Ok(string::name_parts(x).0.map(make_str).unwrap_or(Value::NIL));
    }
    Err(cast_error(x, "clojure.lang.Named"))
}
pub(super) fn n_symbol(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "symbol")?;
    if a.len() == 2 {
        let ns = if a[0].is_nil() {
            None
        } else {
            Some(str_arg(a[0])?)
        };
        return Ok(string::symbol(ns, str_arg(a[1])?));
    }
    let x = a[0];
    if string::is_symbol(x) {
        return Ok(dupd(x));
    }
    if let Some(s) = string::as_str(x) {
        return Ok(string::symbol_from(s));
    }
    if string::is_keyword(x) {
        let (ns, n) = string::name_parts(x);
        return Ok(string::symbol(ns, n));
    }
    if ns::is_var(x) {
        let (ns, n) = ns::var_name(x);
        return Ok(string::symbol(Some(&ns), &n));
    }
    Err(error::illegal_arg("no conversion to symbol"))
}
pub(super) fn n_keyword(a: &[Value]) -> Res {
    ar_range(a, 1, 2, "keyword")?;
    if a.len() == 2 {
        let ns = if a[0].is_nil() {
            None
        } else {
            Some(str_arg(a[0])?)
        };
        return Ok(string::keyword(ns, str_arg(a[1])?));
    }
    let x = a[0];
    if string::is_keyword(x) {
        return Ok(x);
    }
    if let Some(s) = string::as_str(x) {
        return Ok(string::keyword_from(s));
    }
    if string::is_symbol(x) {
        let (ns, n) = string::name_parts(x);
        return Ok(string::keyword(ns, n));
    }
    Ok(Value::NIL)
}

pub(super) static GENSYM: AtomicU64 = AtomicU64::new(1000);

/// The next number for gensyms and generated names (Clojure's `RT.nextID`).
pub fn next_id() -> u64 {
    GENSYM.fetch_add(1, Ordering::Relaxed)
}

pub(super) fn n_gensym(a: &[Value]) -> Res {
    ar_range(a, 0, 1, "gensym")?;
    let prefix = match a.first() {
        Some(p) => print::str_of_value(*p)?,
        None => "G__".to_string(),
    };
    Ok(string::symbol(None, &format!("{prefix}{}", next_id())))
}
/// `(char x)`: `RT.charCast`, the code point of `(long x)` in 0..=65535.
pub(super) fn n_char(a: &[Value]) -> Res {
    ar(a, 1, "char")?;
    if a[0].is_char() {
        return Ok(a[0]);
    }
    let n = long_arg(a[0])?;
    if !(0..=0xFFFF).contains(&n) {
        return Err(error::illegal_arg(&format!(
            "Value out of range for char: {}",
            num::str_num(a[0])
        )));
    }
    char_of_code(n)
}

/// The char with UTF-16 code unit `n` (0..=65535). Genera's chars are
/// Unicode scalar values, so a lone surrogate has no representation.
pub(super) fn char_of_code(n: i64) -> Res {
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .map(Value::char)
        .ok_or_else(|| {
            error::illegal_arg(&format!(
                "genera does not support surrogate chars (code unit {n}): chars are Unicode scalar values"
            ))
        })
}

/// `format`: Java's `String.format` for the common conversions: `%s %d %f
/// %e %x %X %o %c %b %n %%`, with flags `-0+, ` width and precision.
pub(super) fn n_format(a: &[Value]) -> Res {
    ar_min(a, 1, "format")?;
    let fmt = str_arg(a[0])?;
    let mut args = a[1..].iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // `%2$s`: an explicit argument index (1-based).
        let mut ahead = chars.clone();
        let index: String = ahead.by_ref().take_while(|d| d.is_ascii_digit()).collect();
        let explicit = if !index.is_empty() && fmt_has_dollar(&chars, index.len()) {
            chars = ahead;
            index.parse::<usize>().ok()
        } else {
            None
        };
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "-0+ ,#".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let Some(conv) = chars.next() else {
            return Err(error::throw(
                "UnknownFormatConversionException",
                "Conversion = '%'",
            ));
        };
        let body = match conv {
            '%' => "%".to_string(),
            'n' => "\n".to_string(),
            _ => {
                let next = match explicit {
                    Some(i) => i.checked_sub(1).and_then(|i| a[1..].get(i)),
                    None => args.next(),
                };
                let Some(&arg) = next else {
                    return Err(error::throw(
                        "MissingFormatArgumentException",
                        &format!(
                            "Format specifier '%{}{flags}{width}{}{conv}'",
                            explicit.map(|i| format!("{i}$")).unwrap_or_default(),
                            precision.map(|p| format!(".{p}")).unwrap_or_default()
                        ),
                    ));
                };
                format_one(conv, arg, &flags, precision)?
            }
        };
        let w: usize = width.parse().unwrap_or(0);
        let len = body.chars().count();
        if len < w {
            let pad = w - len;
            if flags.contains('-') {
                out.push_str(&body);
                out.push_str(&" ".repeat(pad));
            } else if flags.contains('0') && !matches!(conv, 's' | 'c' | 'b') {
                let (sign, digits) = match body.strip_prefix('-') {
                    Some(d) => ("-", d),
                    None => ("", body.as_str()),
                };
                out.push_str(sign);
                out.push_str(&"0".repeat(pad));
                out.push_str(digits);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&body);
            }
        } else {
            out.push_str(&body);
        }
    }
    Ok(make_str(&out))
}

/// Whether the `n` digits at the start of `chars` are followed by `$`.
fn fmt_has_dollar(chars: &std::iter::Peekable<std::str::Chars>, n: usize) -> bool {
    chars.clone().nth(n) == Some('$')
}

/// `%.Nf` as Java: the double's decimal string (`Double.toString`) rounded
/// HALF_UP to `p` places, so `(format "%.0f" 2.5)` is `"3"`.
fn fixed_half_up(f: f64, p: usize) -> String {
    use std::str::FromStr;
    match bigdecimal::BigDecimal::from_str(&num::java_double_to_string(f.abs())) {
        Ok(d) => {
            let r = d.with_scale_round(p as i64, bigdecimal::RoundingMode::HalfUp);
            let s = r.to_plain_string();
            if f.is_sign_negative() {
                format!("-{s}")
            } else {
                s
            }
        }
        Err(_) => format!("{f:.p$}"),
    }
}

pub(super) fn group_thousands(digits: &str) -> String {
    let (sign, d) = match digits.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", digits),
    };
    let (int, frac) = match d.find('.') {
        Some(i) => (&d[..i], &d[i..]),
        None => (d, ""),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

pub(super) fn format_one(
    conv: char,
    arg: Value,
    flags: &str,
    precision: Option<usize>,
) -> Res<String> {
    let mismatch = || {
        error::throw(
            "IllegalFormatConversionException",
            &format!("{conv} != {}", error::class_name_of(arg)),
        )
    };
    let sign = |s: String, neg: bool| {
        if !neg && flags.contains('+') {
            format!("+{s}")
        } else if !neg && flags.contains(' ') {
            format!(" {s}")
        } else {
            s
        }
    };
    if arg.is_nil() && !matches!(conv, 'b' | 'B') {
        // Java formats a null argument as "null" for every conversion but %b.
        return Ok(if conv.is_uppercase() { "NULL" } else { "null" }.to_string());
    }
    Ok(match conv {
        's' | 'S' => {
            let s = if arg.is_nil() {
                "null".to_string()
            } else {
                print::str_of_value(arg)?
            };
            let s = match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            };
            if conv == 'S' {
                s.to_uppercase()
            } else {
                s
            }
        }
        'd' => {
            if !num::is_integer(arg) {
                return Err(mismatch());
            }
            let s = num::str_num(arg);
            let neg = s.starts_with('-');
            let s = if flags.contains(',') {
                group_thousands(&s)
            } else {
                s
            };
            sign(s, neg)
        }
        'x' | 'X' | 'o' => {
            let Some(n) = num::as_long(arg) else {
                if num::is_integer(arg) {
                    let b = num::bigint_ref(arg);
                    let s = if conv == 'o' {
                        b.to_str_radix(8)
                    } else {
                        b.to_str_radix(16)
                    };
                    return Ok(if conv == 'X' { s.to_uppercase() } else { s });
                }
                return Err(mismatch());
            };
            match conv {
                'x' => format!("{n:x}"),
                'X' => format!("{n:X}"),
                _ => format!("{n:o}"),
            }
        }
        'f' | 'e' | 'E' | 'g' => {
            if !(num::is_double(arg) || num::is_decimal(arg)) {
                return Err(mismatch());
            }
            let f = num::to_double(arg)?;
            let p = precision.unwrap_or(6);
            if f.is_nan() {
                "NaN".to_string()
            } else if f.is_infinite() {
                sign(
                    if f > 0.0 {
                        "Infinity".into()
                    } else {
                        "-Infinity".into()
                    },
                    f < 0.0,
                )
            } else {
                let s = match conv {
                    'f' => fixed_half_up(f, p),
                    'g' => general(f, p),
                    _ => {
                        let t = scientific(f, p);
                        if conv == 'E' {
                            t.to_uppercase()
                        } else {
                            t
                        }
                    }
                };
                let s = if flags.contains(',') && conv == 'f' {
                    group_thousands(&s)
                } else {
                    s
                };
                sign(s, f < 0.0)
            }
        }
        'c' => match arg.as_char() {
            Some(c) => c.to_string(),
            None => match num::as_long(arg)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(c) => c.to_string(),
                None => return Err(mismatch()),
            },
        },
        'b' | 'B' => {
            let s = if arg.is_nil() {
                "false".to_string()
            } else if arg == Value::FALSE || arg == Value::TRUE {
                (arg == Value::TRUE).to_string()
            } else {
                "true".to_string()
            };
            if conv == 'B' {
                s.to_uppercase()
            } else {
                s
            }
        }
        other => {
            return Err(error::throw(
                "UnknownFormatConversionException",
                &format!("Conversion = '{other}'"),
            ))
        }
    })
}

/// The natives of this area.
pub(super) fn natives() -> Vec<(&'static str, NativeFnPtr)> {
    vec![
        ("str", n_str),
        ("subs", n_subs),
        ("name", n_name),
        ("namespace", n_namespace),
        ("symbol", n_symbol),
        ("keyword", n_keyword),
        ("gensym", n_gensym),
        ("format", n_format),
        ("char", n_char),
    ]
}
