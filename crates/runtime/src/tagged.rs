//! Tagged literals: the values of the built-in tags (`#uuid` is a
//! `java.util.UUID`, `#inst` a `java.util.Date`), `clojure.lang.TaggedLiteral`
//! for tags nothing reads, and the data-reader pass that gives a read form's
//! `#tag x` its meaning, as Clojure's `LispReader.readTagged` does at read time.
//!
//! Layouts:
//! ```text
//! Uuid           header | raw: most significant 64 bits, least significant 64 bits
//! Inst           header | raw: milliseconds since the epoch (i64)
//! TaggedLiteral  header | fields: tag (symbol), form (any value)
//! ```
//!
//! The reader keeps `#tag form` as `FormKind::Tagged`; `apply_data_readers`
//! then replaces each tagged form, innermost first, by the form of what its
//! reader fn returns: `*data-readers*` first, then the defaults (`inst`,
//! `uuid`), then `*default-data-reader-fn*`, else the error "No reader
//! function for tag foo". A default tag stays a `Tagged` form (its string
//! checked), which `constant::form_to_value` turns into the value; so the
//! form of a UUID or Date value is its tagged literal again, and printed
//! constants read back as themselves.

use crate::callable;
use crate::coll;
use crate::constant;
use crate::error;
use crate::heap;
use crate::ns;
use crate::object::{alloc_fields, field, has_tag, raw, set_raw};
use crate::string;
use crate::tag::Tag;
use crate::value::Value;
use crate::Res;
use genera_reader::{Form, FormKind, Name, ReadError, Span};

// ---- java.util.UUID ---------------------------------------------------------

/// A UUID from its two halves (owned result).
pub fn uuid(msb: u64, lsb: u64) -> Value {
    let v = alloc_fields(Tag::Uuid, &[], 2);
    set_raw(v, 0, msb);
    set_raw(v, 1, lsb);
    v
}

pub fn is_uuid(v: Value) -> bool {
    has_tag(v, Tag::Uuid)
}

/// The most and least significant halves of a UUID (borrowed).
pub fn uuid_bits(v: Value) -> (u64, u64) {
    debug_assert!(is_uuid(v));
    (raw(v, 0), raw(v, 1))
}

/// `UUID.toString()`: 8-4-4-4-12 lower-case hex digits.
pub fn uuid_string(v: Value) -> String {
    let (m, l) = uuid_bits(v);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        m >> 32,
        (m >> 16) & 0xffff,
        m & 0xffff,
        l >> 48,
        l & 0xffff_ffff_ffff
    )
}

/// `UUID.fromString`: five groups of hex digits separated by dashes, each
/// group at most as long as in the canonical form (Java accepts shorter
/// groups, so `"1-2-3-4-5"` is a UUID there too). `None` if it is not one.
pub fn parse_uuid(s: &str) -> Option<(u64, u64)> {
    let groups: Vec<&str> = s.split('-').collect();
    let widths = [8, 4, 4, 4, 12];
    if groups.len() != 5 || s.len() > 36 {
        return None;
    }
    let mut parts = [0u64; 5];
    for (i, (g, w)) in groups.iter().zip(widths).enumerate() {
        if g.is_empty() || g.len() > w || !g.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        parts[i] = u64::from_str_radix(g, 16).ok()?;
    }
    let msb = (parts[0] << 32) | (parts[1] << 16) | parts[2];
    let lsb = (parts[3] << 48) | parts[4];
    Some((msb, lsb))
}

/// A random (version 4, IETF variant) UUID, as `UUID.randomUUID()`, from
/// the operating system's random source.
pub fn random_uuid() -> Res {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|e| error::throw("RuntimeException", &format!("no random source: {e}")))?;
    let msb = u64::from_be_bytes(b[..8].try_into().unwrap_or_default());
    let lsb = u64::from_be_bytes(b[8..].try_into().unwrap_or_default());
    let msb = (msb & !0xf000) | 0x4000;
    let lsb = (lsb & !(0xc000u64 << 48)) | (0x8000u64 << 48);
    Ok(uuid(msb, lsb))
}

/// `UUID.hashCode()`, which Clojure's `hash` uses for UUIDs.
pub fn uuid_hash(v: Value) -> i32 {
    let (m, l) = uuid_bits(v);
    let hilo = m ^ l;
    ((hilo >> 32) as i32) ^ (hilo as i32)
}

/// `UUID.compareTo`: the halves compared as signed longs.
pub fn uuid_compare(a: Value, b: Value) -> i32 {
    let ((am, al), (bm, bl)) = (uuid_bits(a), uuid_bits(b));
    match (am as i64, al as i64).cmp(&(bm as i64, bl as i64)) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

// ---- java.util.Date ---------------------------------------------------------

/// A Date at `ms` milliseconds since 1970-01-01T00:00Z (owned result).
pub fn inst(ms: i64) -> Value {
    let v = alloc_fields(Tag::Inst, &[], 1);
    set_raw(v, 0, ms as u64);
    v
}

pub fn is_inst(v: Value) -> bool {
    has_tag(v, Tag::Inst)
}

/// `inst-ms`: milliseconds since the epoch (borrowed `v`, a Date).
pub fn inst_ms(v: Value) -> i64 {
    debug_assert!(is_inst(v));
    raw(v, 0) as i64
}

/// `Date.hashCode()`.
pub fn inst_hash(v: Value) -> i32 {
    let t = inst_ms(v);
    (t as i32) ^ ((t >> 32) as i32)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01: (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a date in the Julian calendar (through its
/// Julian day number).
fn days_from_julian(y: i64, m: i64, d: i64) -> i64 {
    let jdn = 367 * y - (7 * (y + 5001 + (m - 9) / 7)) / 4 + (275 * m) / 9 + d + 1_729_777;
    jdn - 2_440_588
}

/// The Julian-calendar date of a day number since 1970-01-01.
fn julian_from_days(z: i64) -> (i64, i64, i64) {
    let c = z + 2_440_588 + 32_082;
    let d = (4 * c + 3) / 1461;
    let e = c - 1461 * d / 4;
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    (d - 4800 + m / 10, month, day)
}

/// 1582-10-15, the first Gregorian day of `java.util.GregorianCalendar`
/// (and so of `java.util.Date` as Clojure reads and prints it): earlier
/// dates are Julian there, and so here.
const GREGORIAN_CUTOVER_DAYS: i64 = -141_427;

/// Days since the epoch of a date as the JVM's hybrid calendar reads it.
fn days_from_date(y: i64, m: i64, d: i64) -> i64 {
    if (y, m, d) < (1582, 10, 15) {
        days_from_julian(y, m, d)
    } else {
        days_from_civil(y, m, d)
    }
}

/// The date of a day number in the JVM's hybrid calendar.
fn date_from_days(z: i64) -> (i64, i64, i64) {
    if z < GREGORIAN_CUTOVER_DAYS {
        julian_from_days(z)
    } else {
        civil_from_days(z)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Milliseconds since the epoch of an RFC 3339 timestamp, with the parts
/// `clojure.instant/parse-timestamp` allows to be left out:
/// `yyyy[-MM[-dd[Thh[:mm[:ss[.fff...]]]]]][Z|±hh:mm]`. The error says
/// what is wrong, as `clojure.instant`'s "Unrecognized date/time syntax".
pub fn parse_timestamp(s: &str) -> Result<i64, String> {
    let bad = || format!("Unrecognized date/time syntax: {s}");
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize, n: usize| -> Option<i64> {
        let part = b.get(*i..*i + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        *i += n;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let year = digits(&mut i, 4).ok_or_else(bad)?;
    let field = |i: &mut usize, sep: u8, default: i64| -> Result<i64, String> {
        if b.get(*i) == Some(&sep) {
            *i += 1;
            digits(i, 2).ok_or_else(bad)
        } else {
            Ok(default)
        }
    };
    let month = field(&mut i, b'-', 1)?;
    let day = field(&mut i, b'-', 1)?;
    let hour = field(&mut i, b'T', 0)?;
    let minute = field(&mut i, b':', 0)?;
    let second = field(&mut i, b':', 0)?;
    let mut nanos: i64 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        // Any number of digits; nanoseconds are the first nine.
        let frac = &s[start..i.min(start + 9)];
        if frac.is_empty() {
            return Err(bad());
        }
        nanos = format!("{frac:0<9}").parse().map_err(|_| bad())?;
    }
    let offset_minutes = match b.get(i) {
        None => 0,
        Some(b'Z') => {
            i += 1;
            0
        }
        Some(&c @ (b'+' | b'-')) => {
            i += 1;
            let h = digits(&mut i, 2).ok_or_else(bad)?;
            if b.get(i) != Some(&b':') {
                return Err(bad());
            }
            i += 1;
            let m = digits(&mut i, 2).ok_or_else(bad)?;
            if h > 23 {
                return Err("failed: (<= 0 offset-hours 23)".into());
            }
            if m > 59 {
                return Err("failed: (<= 0 offset-minutes 59)".into());
            }
            (if c == b'-' { -1 } else { 1 }) * (h * 60 + m)
        }
        Some(_) => return Err(bad()),
    };
    if i != b.len() {
        return Err(bad());
    }
    // clojure.instant's `validated`, whose messages quote its checks.
    let checks = [
        ((1..=12).contains(&month), "(<= 1 months 12)"),
        (
            day >= 1 && day <= days_in_month(year, month),
            "(<= 1 days (days-in-month months (leap-year? years)))",
        ),
        (hour <= 23, "(<= 0 hours 23)"),
        (minute <= 59, "(<= 0 minutes 59)"),
        (
            second <= if minute == 59 { 60 } else { 59 },
            "(<= 0 seconds (if (= minutes 59) 60 59))",
        ),
    ];
    if let Some((_, check)) = checks.iter().find(|(ok, _)| !ok) {
        return Err(format!("failed: {check}"));
    }
    let days = days_from_date(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Ok(secs * 1000 + nanos / 1_000_000)
}

/// How Clojure prints a Date: `#inst` then this, always in UTC with
/// millisecond precision: `"2020-01-01T00:00:00.000-00:00"`.
pub fn timestamp_string(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = date_from_days(days);
    let (h, rem) = (rem / 3_600_000, rem % 3_600_000);
    let (min, rem) = (rem / 60_000, rem % 60_000);
    let (s, milli) = (rem / 1000, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}-00:00")
}

/// `Date.toString()` in UTC: `"Wed Jan 01 00:00:00 UTC 2020"` (genera has no
/// default time zone other than UTC).
pub fn date_string(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000) / 1000);
    let (y, m, d) = date_from_days(days);
    format!(
        "{} {} {d:02} {:02}:{:02}:{:02} UTC {y}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

// ---- clojure.lang.TaggedLiteral ---------------------------------------------

/// `(tagged-literal tag form)`: `tag` and `form` consumed.
pub fn tagged_literal(tag: Value, form: Value) -> Value {
    alloc_fields(Tag::TaggedLiteral, &[tag, form], 0)
}

pub fn is_tagged_literal(v: Value) -> bool {
    has_tag(v, Tag::TaggedLiteral)
}

/// The tag and form of a TaggedLiteral (borrowed).
pub fn tagged_parts(v: Value) -> (Value, Value) {
    (field(v, 0), field(v, 1))
}

// ---- the data-reader pass -----------------------------------------------------

/// The tags read without a reader fn: `default-data-readers`.
fn is_default_tag(tag: &Name) -> bool {
    tag.ns.is_none() && (tag.name == "inst" || tag.name == "uuid")
}

/// The value of a default tag's form (owned): the Date or UUID its string
/// names. The exceptions are Clojure's (`clojure.instant`, `clojure.uuid`).
pub fn default_tag_value(tag: &Name, form: &Form) -> Res {
    let FormKind::Str(s) = &form.kind else {
        if tag.name == "uuid" {
            return Err(error::throw(
                "AssertionError",
                "Assert failed: (string? form)",
            ));
        }
        let v = constant::form_to_value(form);
        let e = error::cast_error(v, "java.lang.CharSequence");
        heap::drop(v);
        return Err(e);
    };
    match tag.name.as_str() {
        "inst" => parse_timestamp(s)
            .map(inst)
            .map_err(|m| error::throw("RuntimeException", &m)),
        _ => parse_uuid(s).map(|(m, l)| uuid(m, l)).ok_or_else(|| {
            error::throw(
                "IllegalArgumentException",
                &format!("Invalid UUID string: {s}"),
            )
        }),
    }
}

/// `form` with every tagged literal in it replaced by what its data reader
/// makes of it (see the module doc), for code being loaded: called on each
/// top-level form as it is read, before macroexpansion, so a tag in quoted
/// data and in code mean the same thing. The error is at the tag, with
/// the message of what the reader fn threw.
pub fn apply_data_readers(form: Form) -> Result<Form, ReadError> {
    read_tags(form).map_err(|(span, t)| {
        let message = error::exception_message(t.0).unwrap_or_else(|| crate::print::pr_str(t.0));
        heap::drop(t.0);
        ReadError {
            span,
            message,
            incomplete: false,
        }
    })
}

/// As `apply_data_readers`, for `read` and `read-string`: what a reader fn
/// throws is thrown as it is.
pub fn apply_data_readers_res(form: Form) -> Res<Form> {
    read_tags(form).map_err(|(_, t)| t)
}

type TagResult<T> = Result<T, (Span, crate::Thrown)>;

fn read_tags(form: Form) -> TagResult<Form> {
    if !has_tagged(&form) {
        return Ok(form);
    }
    let Form { kind, span, meta } = form;
    let kind = match kind {
        FormKind::Tagged { tag, form } => {
            let inner = read_tags(*form)?;
            return read_tagged(tag, inner, &span).map_err(|t| (span, t));
        }
        FormKind::List(xs) => FormKind::List(all(xs)?),
        FormKind::Vector(xs) => FormKind::Vector(all(xs)?),
        FormKind::Map(xs) => FormKind::Map(all(xs)?),
        FormKind::Set(xs) => FormKind::Set(all(xs)?),
        FormKind::SyntaxQuote(x) => FormKind::SyntaxQuote(Box::new(read_tags(*x)?)),
        other => other,
    };
    let meta = match meta {
        Some(m) => Some(Box::new(read_tags(*m)?)),
        None => None,
    };
    Ok(Form { kind, span, meta })
}

fn all(xs: Vec<Form>) -> TagResult<Vec<Form>> {
    xs.into_iter().map(read_tags).collect()
}

/// Whether a tagged literal occurs anywhere in `form` (most forms have
/// none, and are then passed through without being rebuilt).
pub fn has_tagged(form: &Form) -> bool {
    let here = match &form.kind {
        FormKind::Tagged { .. } => true,
        FormKind::List(xs) | FormKind::Vector(xs) | FormKind::Map(xs) | FormKind::Set(xs) => {
            xs.iter().any(has_tagged)
        }
        FormKind::SyntaxQuote(x) => has_tagged(x),
        _ => false,
    };
    here || form.meta.as_deref().is_some_and(has_tagged)
}

/// The current value of `clojure.core/name` (owned; nil when unbound).
fn core_var(name: &str) -> Value {
    ns::find_var("clojure.core", name)
        .and_then(ns::var_get_opt)
        .unwrap_or(Value::NIL)
}

/// One tagged literal, its form's own tags already read: `LispReader`'s
/// order of `*data-readers*`, `default-data-readers`,
/// `*default-data-reader-fn*`.
fn read_tagged(tag: Name, inner: Form, span: &Span) -> Res<Form> {
    let readers = core_var("*data-readers*");
    let sym = string::symbol(tag.ns.as_deref(), &tag.name);
    let found = coll::lookup(readers, sym);
    heap::drop(readers);
    let reader = match found {
        Ok(r) => r.filter(|r| !r.is_nil()),
        Err(e) => {
            heap::drop(sym);
            return Err(e);
        }
    };
    if reader.is_none() && is_default_tag(&tag) {
        heap::drop(sym);
        heap::drop(default_tag_value(&tag, &inner)?);
        return Ok(Form::new(
            FormKind::Tagged {
                tag,
                form: Box::new(inner),
            },
            span.clone(),
        ));
    }
    let value = constant::form_to_value(&inner);
    let result = match reader {
        Some(f) => {
            let r = callable::invoke(f, &[value]);
            heap::drop(f);
            r
        }
        None => {
            let default_fn = core_var("*default-data-reader-fn*");
            let r = if default_fn.is_nil() {
                Err(error::throw(
                    "RuntimeException",
                    &format!("No reader function for tag {tag}"),
                ))
            } else {
                callable::invoke(default_fn, &[sym, value])
            };
            heap::drop(default_fn);
            r
        }
    };
    heap::drop(sym);
    heap::drop(value);
    let v = result?;
    let form = constant::value_to_form(v, span);
    heap::drop(v);
    form.map_err(|e| {
        error::throw(
            "RuntimeException",
            &format!(
                "the reader fn for tag {tag} returned a value genera cannot read as code ({e})"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn timestamps_parse_as_clojure_instant_does() {
        assert_eq!(parse_timestamp("1970"), Ok(0));
        assert_eq!(
            parse_timestamp("2020-01-01T00:00:00.000-00:00"),
            Ok(1_577_836_800_000)
        );
        assert_eq!(
            parse_timestamp("2020-01-01T05:30+05:30"),
            Ok(1_577_836_800_000)
        );
        assert_eq!(parse_timestamp("1969-12-31T23:59:59.999Z"), Ok(-1));
        assert_eq!(
            parse_timestamp("2000-02-29T00:00:00.123456789Z"),
            Ok(951_782_400_123)
        );
        for bad in [
            "",
            "20",
            "2020-1",
            "2020-01-01T",
            "2020-01-01X",
            "2020-01-01T00:00:00+0100",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_timestamp("2021-02-29"),
            Err("failed: (<= 1 days (days-in-month months (leap-year? years)))".into())
        );
    }

    #[test]
    fn uuids_parse_as_java_does() {
        let (m, l) = parse_uuid("550e8400-e29b-41d4-a716-446655440000").unwrap();
        assert_eq!((m, l), (0x550e_8400_e29b_41d4, 0xa716_4466_5544_0000));
        assert_eq!(
            parse_uuid("1-2-3-4-5"),
            Some((0x0000_0001_0002_0003, 0x0004_0000_0000_0005))
        );
        for bad in [
            "",
            "1-2-3-4",
            "g-2-3-4-5",
            "123456789-2-3-4-5",
            "1-2-3-4-5-6",
        ] {
            assert_eq!(parse_uuid(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn days_and_dates_round_trip(z in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }

        #[test]
        fn julian_days_round_trip(z in -700_000i64..-141_427) {
            let (y, m, d) = julian_from_days(z);
            prop_assert_eq!(days_from_julian(y, m, d), z);
        }

        #[test]
        fn printed_instants_read_back(ms in -12_219_292_800_000i64..253_402_300_799_999) {
            prop_assert_eq!(parse_timestamp(&timestamp_string(ms)), Ok(ms));
        }
    }
}
