//! Which front-matter date strings Hugo accepts, decided the way Hugo decides.
//!
//! Hugo turns a string `date` (also `publishDate`, `lastmod`, `expiryDate`, …) into a time with
//! `cast.ToTimeInDefaultLocationE` (spf13/cast v1.10, used by Hugo 0.16x). That function tries a
//! fixed list of Go `time.Parse` layouts in order and takes the first that parses; if none does,
//! Hugo logs `the "date" front matter field is not a parsable date` and the build fails. This
//! module mirrors that list ([`LAYOUTS`], same order) and re-implements, for exactly the layout
//! elements the list uses, Go's `time.Parse` (`time/format.go`): fixed-width `01`/`02`/`04`/`05`,
//! one-or-two-digit `15`/`3`/`_2`, a space in a layout matching a run of spaces, fractional
//! seconds accepted after seconds even when the layout has none, `Z07:00` taking `Z`, Go's
//! zone-abbreviation rules for `MST`, case-insensitive month/weekday names, the weekday never
//! checked against the date, range checks (month 13, Feb 30, hour 24, minute 60), and no
//! surrounding whitespace.
//!
//! [`parse`] answers "does Hugo accept this string, and what civil time does it denote";
//! [`suggest`] proposes a corrected spelling for a string Hugo rejects.
//!
//! Known limits:
//! - Only strings are handled. YAML/TOML typing (bare integers are Unix seconds, TOML local
//!   dates, booleans) is the caller's business.
//! - No time zone database: a named zone such as `ICT` is validated only by shape, as Go does,
//!   and then ignored, as cast does (Hugo uses the site `timeZone`). `offset_seconds` is `None`
//!   in that case.
//! - Go's message texts are imitated, not reproduced byte for byte.
//! - The layout list is the one in cast v1.10; a future cast may add layouts (for instance
//!   `15:04:05`, which Hugo 0.168 rejects).

use jiff::civil::DateTime;
use regex_automata::meta;

use crate::rules::patterns::{self, Build, Groups};
use std::fmt;
use std::sync::OnceLock;

/// A date string Hugo accepted, with the civil date/time it denotes (year 0 for time-only layouts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HugoDate {
    /// The wall-clock date and time written in the string (Go fills absent fields with
    /// year 0, January, day 1, midnight).
    pub datetime: DateTime,
    /// The UTC offset Hugo ends up using, in seconds east of UTC. `None` means "the site's
    /// `timeZone`": the string had no zone, or only a zone name, which cast discards. Time-only
    /// layouts (Kitchen, Stamp…) yield `Some(0)`, because Go parses them as UTC and cast keeps it.
    pub offset_seconds: Option<i32>,
    /// The Go layout that matched, e.g. `"2006-01-02"`.
    pub layout: &'static str,
}

/// Why Hugo would reject a date string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// A Go-style explanation from the layout that got furthest into the string, e.g.
    /// `parsing time "2025-02-30" as "2006-01-02": day out of range`.
    pub message: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// One element of a Go layout, as Go's `nextStdChunk` would split it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    /// Literal text between elements (Go's "prefix"); spaces match runs of spaces.
    Lit(&'static str),
    /// `2006`
    LongYear,
    /// `06`
    Year,
    /// `Jan`
    Month,
    /// `01`
    ZeroMonth,
    /// `Mon`
    WeekDay,
    /// `Monday`
    LongWeekDay,
    /// `02`
    ZeroDay,
    /// `_2`
    UnderDay,
    /// `15`
    Hour,
    /// `3`
    Hour12,
    /// `04`
    ZeroMinute,
    /// `05`
    ZeroSecond,
    /// `PM`
    Pm,
    /// `MST`
    Tz,
    /// `-0700`
    NumTz,
    /// `-07:00`
    NumColonTz,
    /// `Z0700`
    IsoTz,
    /// `Z07:00`
    IsoColonTz,
    /// `.000…` with this many digits: exactly that many required.
    FracZero(usize),
    /// `.999…` with this many digits: optional, any number accepted.
    FracNine(usize),
}

/// How cast treats the zone a layout yields (its `timeFormatType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZoneKind {
    /// No zone in the layout: cast puts the time in the site zone.
    None,
    /// Zone name only: cast discards the name and uses the site zone.
    Named,
    /// A numeric offset (or `Z`), kept.
    Numeric,
    /// Offset and name: the offset is kept (Go's `UTC` name wins over the offset).
    NumericAndNamed,
    /// Time only: Go's default location, UTC, is kept.
    TimeOnly,
}

struct Layout {
    layout: &'static str,
    zone: ZoneKind,
    elems: &'static [Elem],
}

use Elem::*;

/// Hugo's layouts, in the order cast tries them (cast v1.10 `internal.TimeFormats`).
const LAYOUT_TABLE: &[Layout] = &[
    Layout {
        layout: "2006-01-02",
        zone: ZoneKind::None,
        elems: &[LongYear, Lit("-"), ZeroMonth, Lit("-"), ZeroDay],
    },
    Layout {
        layout: "2006-01-02T15:04:05Z07:00",
        zone: ZoneKind::Numeric,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit("T"),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            IsoColonTz,
        ],
    },
    Layout {
        layout: "2006-01-02T15:04:05",
        zone: ZoneKind::None,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit("T"),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
        ],
    },
    Layout {
        layout: "Mon, 02 Jan 2006 15:04:05 -0700",
        zone: ZoneKind::Numeric,
        elems: &[
            WeekDay,
            Lit(", "),
            ZeroDay,
            Lit(" "),
            Month,
            Lit(" "),
            LongYear,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            NumTz,
        ],
    },
    Layout {
        layout: "Mon, 02 Jan 2006 15:04:05 MST",
        zone: ZoneKind::Named,
        elems: &[
            WeekDay,
            Lit(", "),
            ZeroDay,
            Lit(" "),
            Month,
            Lit(" "),
            LongYear,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            Tz,
        ],
    },
    Layout {
        layout: "02 Jan 06 15:04 -0700",
        zone: ZoneKind::Numeric,
        elems: &[
            ZeroDay,
            Lit(" "),
            Month,
            Lit(" "),
            Year,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(" "),
            NumTz,
        ],
    },
    Layout {
        layout: "02 Jan 06 15:04 MST",
        zone: ZoneKind::Named,
        elems: &[
            ZeroDay,
            Lit(" "),
            Month,
            Lit(" "),
            Year,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(" "),
            Tz,
        ],
    },
    Layout {
        layout: "Monday, 02-Jan-06 15:04:05 MST",
        zone: ZoneKind::Named,
        elems: &[
            LongWeekDay,
            Lit(", "),
            ZeroDay,
            Lit("-"),
            Month,
            Lit("-"),
            Year,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            Tz,
        ],
    },
    Layout {
        layout: "2006-01-02 15:04:05.999999999 -0700 MST",
        zone: ZoneKind::NumericAndNamed,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            FracNine(9),
            Lit(" "),
            NumTz,
            Lit(" "),
            Tz,
        ],
    },
    Layout {
        layout: "2006-01-02T15:04:05-0700",
        zone: ZoneKind::Numeric,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit("T"),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            NumTz,
        ],
    },
    Layout {
        layout: "2006-01-02 15:04:05Z0700",
        zone: ZoneKind::Numeric,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            IsoTz,
        ],
    },
    Layout {
        layout: "2006-01-02 15:04:05",
        zone: ZoneKind::None,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
        ],
    },
    Layout {
        layout: "Mon Jan _2 15:04:05 2006",
        zone: ZoneKind::None,
        elems: &[
            WeekDay,
            Lit(" "),
            Month,
            Lit(" "),
            UnderDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            LongYear,
        ],
    },
    Layout {
        layout: "Mon Jan _2 15:04:05 MST 2006",
        zone: ZoneKind::Named,
        elems: &[
            WeekDay,
            Lit(" "),
            Month,
            Lit(" "),
            UnderDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            Tz,
            Lit(" "),
            LongYear,
        ],
    },
    Layout {
        layout: "Mon Jan 02 15:04:05 -0700 2006",
        zone: ZoneKind::Numeric,
        elems: &[
            WeekDay,
            Lit(" "),
            Month,
            Lit(" "),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            NumTz,
            Lit(" "),
            LongYear,
        ],
    },
    Layout {
        layout: "2006-01-02 15:04:05Z07:00",
        zone: ZoneKind::Numeric,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            IsoColonTz,
        ],
    },
    Layout {
        layout: "02 Jan 2006",
        zone: ZoneKind::None,
        elems: &[ZeroDay, Lit(" "), Month, Lit(" "), LongYear],
    },
    Layout {
        layout: "2006-01-02 15:04:05 -07:00",
        zone: ZoneKind::Numeric,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            NumColonTz,
        ],
    },
    Layout {
        layout: "2006-01-02 15:04:05 -0700",
        zone: ZoneKind::Numeric,
        elems: &[
            LongYear,
            Lit("-"),
            ZeroMonth,
            Lit("-"),
            ZeroDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            Lit(" "),
            NumTz,
        ],
    },
    Layout {
        layout: "3:04PM",
        zone: ZoneKind::TimeOnly,
        elems: &[Hour12, Lit(":"), ZeroMinute, Pm],
    },
    Layout {
        layout: "Jan _2 15:04:05",
        zone: ZoneKind::TimeOnly,
        elems: &[
            Month,
            Lit(" "),
            UnderDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
        ],
    },
    Layout {
        layout: "Jan _2 15:04:05.000",
        zone: ZoneKind::TimeOnly,
        elems: &[
            Month,
            Lit(" "),
            UnderDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            FracZero(3),
        ],
    },
    Layout {
        layout: "Jan _2 15:04:05.000000",
        zone: ZoneKind::TimeOnly,
        elems: &[
            Month,
            Lit(" "),
            UnderDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            FracZero(6),
        ],
    },
    Layout {
        layout: "Jan _2 15:04:05.000000000",
        zone: ZoneKind::TimeOnly,
        elems: &[
            Month,
            Lit(" "),
            UnderDay,
            Lit(" "),
            Hour,
            Lit(":"),
            ZeroMinute,
            Lit(":"),
            ZeroSecond,
            FracZero(9),
        ],
    },
];

/// The Go layouts Hugo tries, in order (for messages such as "expected one of …").
pub const LAYOUTS: [&str; 24] = [
    "2006-01-02",
    "2006-01-02T15:04:05Z07:00",
    "2006-01-02T15:04:05",
    "Mon, 02 Jan 2006 15:04:05 -0700",
    "Mon, 02 Jan 2006 15:04:05 MST",
    "02 Jan 06 15:04 -0700",
    "02 Jan 06 15:04 MST",
    "Monday, 02-Jan-06 15:04:05 MST",
    "2006-01-02 15:04:05.999999999 -0700 MST",
    "2006-01-02T15:04:05-0700",
    "2006-01-02 15:04:05Z0700",
    "2006-01-02 15:04:05",
    "Mon Jan _2 15:04:05 2006",
    "Mon Jan _2 15:04:05 MST 2006",
    "Mon Jan 02 15:04:05 -0700 2006",
    "2006-01-02 15:04:05Z07:00",
    "02 Jan 2006",
    "2006-01-02 15:04:05 -07:00",
    "2006-01-02 15:04:05 -0700",
    "3:04PM",
    "Jan _2 15:04:05",
    "Jan _2 15:04:05.000",
    "Jan _2 15:04:05.000000",
    "Jan _2 15:04:05.000000000",
];

/// Try Hugo's layouts in Hugo's order; Ok on the first that parses (Go semantics: fixed digit widths, range checks incl. Feb 30 / month 13 / hour 24, fractional seconds after seconds, `Z07:00` takes `Z` or ±hh:mm, month/weekday names case-insensitive, weekday never checked against the date, NO surrounding whitespace allowed, `_2` = space-padded day, named zones like `MST` accepted as any alphabetic abbreviation per Go rules).
pub fn parse(s: &str) -> Result<HugoDate, DateError> {
    // The failure reported is the one from the layout that read furthest into the string:
    // that is the layout the author most likely meant. Ties go to the layout with the least
    // left to read, then to list order.
    let mut best: Option<(&Layout, Failure)> = None;
    for layout in LAYOUT_TABLE {
        match go_parse(layout, s.as_bytes()) {
            Ok(date) => return Ok(date),
            Err(fail) => {
                let better = match &best {
                    None => true,
                    Some((_, b)) => {
                        (fail.consumed, std::cmp::Reverse(fail.elems_left))
                            > (b.consumed, std::cmp::Reverse(b.elems_left))
                    }
                };
                if better {
                    best = Some((layout, fail));
                }
            }
        }
    }
    let trimmed = s.trim();
    if trimmed.len() != s.len() && !trimmed.is_empty() {
        // Go never trims, but the most useful thing to say is that the whitespace is the
        // only problem, rather than where some layout stopped matching.
        if let Ok(d) = parse(trimmed) {
            return Err(DateError {
                message: format!(
                    "parsing time {s:?}: surrounding whitespace is not allowed (without it, it matches {:?})",
                    d.layout
                ),
            });
        }
    }
    let message = match best {
        Some((layout, fail)) => match fail.kind {
            FailKind::Syntax { rest, elem } => format!(
                "parsing time {:?} as {:?}: cannot parse {:?} as {:?}",
                s, layout.layout, rest, elem
            ),
            FailKind::ExtraText(rest) => format!(
                "parsing time {:?} as {:?}: extra text: {:?}",
                s, layout.layout, rest
            ),
            FailKind::Range(what) => format!("parsing time {s:?}: {what} out of range"),
        },
        None => format!("parsing time {s:?}: no layout to try"),
    };
    Err(DateError { message })
}

/// How far one layout got before failing, and why.
struct Failure {
    /// Bytes of input consumed before the failing element.
    consumed: usize,
    /// Layout elements not yet matched (fewer = closer to a match).
    elems_left: usize,
    kind: FailKind,
}

enum FailKind {
    /// Go's "cannot parse REST as ELEM".
    Syntax { rest: String, elem: String },
    /// Go's "extra text: REST".
    ExtraText(String),
    /// Go's "WHAT out of range".
    Range(&'static str),
}

/// The fields Go's `parse` accumulates.
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanos: i64,
    pm: bool,
    am: bool,
    /// Go's `z != nil`: a `Z` or a `UTC` zone name was read.
    utc: bool,
    /// Go's `zoneOffset != -1`.
    zone_offset: Option<i64>,
}

/// One layout, Go's `time.parse` loop, restricted to the elements Hugo's layouts contain.
fn go_parse(layout: &Layout, input: &[u8]) -> Result<HugoDate, Failure> {
    let mut f = Fields {
        year: 0,
        month: -1,
        day: -1,
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
        pm: false,
        am: false,
        utc: false,
        zone_offset: None,
    };
    let mut value = input;
    let elems = layout.elems;
    for (i, &elem) in elems.iter().enumerate() {
        let consumed = input.len() - value.len();
        let fail = |kind| Failure {
            consumed,
            elems_left: elems.len() - i,
            kind,
        };
        let hold = value;
        let syntax = || {
            fail(FailKind::Syntax {
                rest: lossy(hold),
                elem: render(elem),
            })
        };
        // Go's errBad/range checks; `range` is checked before `ok`, as in Go.
        let mut range: Option<&'static str> = None;
        let ok: bool = match elem {
            Lit(prefix) => match skip(value, prefix.as_bytes()) {
                Some(rest) => {
                    value = rest;
                    true
                }
                None => false,
            },
            Year => match value.get(..2).and_then(atoi) {
                Some(y) => {
                    value = &value[2..];
                    f.year = if y >= 69 { y + 1900 } else { y + 2000 };
                    true
                }
                None => false,
            },
            LongYear => {
                match value
                    .get(..4)
                    .filter(|p| p[0].is_ascii_digit())
                    .and_then(atoi)
                {
                    Some(y) => {
                        value = &value[4..];
                        f.year = y;
                        true
                    }
                    None => false,
                }
            }
            Month => match lookup(&SHORT_MONTHS, value) {
                Some((m, rest)) => {
                    f.month = m as i64 + 1;
                    value = rest;
                    true
                }
                None => false,
            },
            ZeroMonth => match getnum(value, true) {
                Some((m, rest)) => {
                    f.month = m;
                    value = rest;
                    if !(1..=12).contains(&m) {
                        range = Some("month");
                    }
                    true
                }
                None => false,
            },
            WeekDay | LongWeekDay => {
                // Go only checks that a weekday name is there; it never compares it
                // with the date.
                let tab: &[&str] = if elem == WeekDay {
                    &SHORT_DAYS
                } else {
                    &LONG_DAYS
                };
                match lookup(tab, value) {
                    Some((_, rest)) => {
                        value = rest;
                        true
                    }
                    None => false,
                }
            }
            ZeroDay | UnderDay => {
                if elem == UnderDay && value.first() == Some(&b' ') {
                    value = &value[1..];
                }
                // Any day 0–99 is read here; it is checked against the month at the end.
                match getnum(value, elem == ZeroDay) {
                    Some((d, rest)) => {
                        f.day = d;
                        value = rest;
                        true
                    }
                    None => false,
                }
            }
            Hour => match getnum(value, false) {
                Some((h, rest)) => {
                    f.hour = h;
                    value = rest;
                    if h >= 24 {
                        range = Some("hour");
                    }
                    true
                }
                None => false,
            },
            Hour12 => match getnum(value, false) {
                Some((h, rest)) => {
                    f.hour = h;
                    value = rest;
                    if h > 12 {
                        range = Some("hour");
                    }
                    true
                }
                None => false,
            },
            ZeroMinute => match getnum(value, true) {
                Some((m, rest)) => {
                    f.minute = m;
                    value = rest;
                    if m >= 60 {
                        range = Some("minute");
                    }
                    true
                }
                None => false,
            },
            ZeroSecond => match getnum(value, true) {
                Some((sec, rest)) => {
                    f.second = sec;
                    value = rest;
                    if sec >= 60 {
                        range = Some("second");
                        true
                    } else if value.len() >= 2
                        && is_comma_or_period(value[0])
                        && value[1].is_ascii_digit()
                        && !next_is_fraction(&elems[i + 1..])
                    {
                        // Go accepts a fractional second after the seconds even when the
                        // layout has none.
                        let n = 1 + value[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                        match parse_nanoseconds(value, n) {
                            Ok(ns) => {
                                f.nanos = ns;
                                value = &value[n..];
                                true
                            }
                            Err(Some(what)) => {
                                range = Some(what);
                                true
                            }
                            Err(None) => false,
                        }
                    } else {
                        true
                    }
                }
                None => false,
            },
            Pm => match value.get(..2) {
                Some(b"PM") => {
                    f.pm = true;
                    value = &value[2..];
                    true
                }
                Some(b"AM") => {
                    f.am = true;
                    value = &value[2..];
                    true
                }
                _ => false,
            },
            IsoTz | IsoColonTz if value.first() == Some(&b'Z') => {
                value = &value[1..];
                f.utc = true;
                true
            }
            IsoTz | IsoColonTz | NumTz | NumColonTz => {
                let colon = matches!(elem, IsoColonTz | NumColonTz);
                let width = if colon { 6 } else { 5 };
                match value.get(..width) {
                    Some(v) if !colon || v[3] == b':' => {
                        let (hh, mm) = if colon {
                            (&v[1..3], &v[4..6])
                        } else {
                            (&v[1..3], &v[3..5])
                        };
                        match (getnum(hh, true), getnum(mm, true)) {
                            (Some((h, _)), Some((m, _))) => {
                                // Go uses `>` here: offsets of 24 hours or 60 minutes pass.
                                if h > 24 {
                                    range = Some("time zone offset hour");
                                }
                                if m > 60 {
                                    range = Some("time zone offset minute");
                                }
                                let off = h * 3600 + m * 60;
                                value = &value[width..];
                                match v[0] {
                                    b'+' => {
                                        f.zone_offset = Some(off);
                                        true
                                    }
                                    b'-' => {
                                        f.zone_offset = Some(-off);
                                        true
                                    }
                                    _ => false,
                                }
                            }
                            _ => false,
                        }
                    }
                    _ => false,
                }
            }
            Tz => {
                if value.starts_with(b"UTC") {
                    f.utc = true;
                    value = &value[3..];
                    true
                } else {
                    match parse_time_zone(value) {
                        Some(n) => {
                            value = &value[n..];
                            true
                        }
                        None => false,
                    }
                }
            }
            FracZero(digits) => {
                let n = 1 + digits;
                if value.len() < n {
                    false
                } else {
                    match parse_nanoseconds(value, n) {
                        Ok(ns) => {
                            f.nanos = ns;
                            value = &value[n..];
                            true
                        }
                        Err(Some(what)) => {
                            range = Some(what);
                            true
                        }
                        Err(None) => false,
                    }
                }
            }
            FracNine(_) => {
                if value.len() < 2 || !is_comma_or_period(value[0]) || !value[1].is_ascii_digit() {
                    // Fraction omitted: fine.
                    true
                } else {
                    // Any number of digits, even more than the layout asks for.
                    let n = 1 + value[1..].iter().take_while(|b| b.is_ascii_digit()).count();
                    match parse_nanoseconds(value, n) {
                        Ok(ns) => {
                            f.nanos = ns;
                            value = &value[n..];
                            true
                        }
                        Err(Some(what)) => {
                            range = Some(what);
                            true
                        }
                        Err(None) => false,
                    }
                }
            }
        };
        if let Some(what) = range {
            return Err(fail(FailKind::Range(what)));
        }
        if !ok {
            return Err(syntax());
        }
    }
    let consumed = input.len() - value.len();
    if !value.is_empty() {
        return Err(Failure {
            consumed,
            elems_left: 0,
            kind: FailKind::ExtraText(lossy(value)),
        });
    }
    if f.pm && f.hour < 12 {
        f.hour += 12;
    } else if f.am && f.hour == 12 {
        f.hour = 0;
    }
    if f.month < 0 {
        f.month = 1;
    }
    if f.day < 0 {
        f.day = 1;
    }
    if f.day < 1 || f.day > days_in(f.month, f.year) {
        return Err(Failure {
            consumed,
            elems_left: 0,
            kind: FailKind::Range("day"),
        });
    }
    let out_of_range = || Failure {
        consumed,
        elems_left: 0,
        kind: FailKind::Range("date"),
    };
    let narrow = |v: i64| i8::try_from(v).map_err(|_| out_of_range());
    let datetime = DateTime::new(
        i16::try_from(f.year).map_err(|_| out_of_range())?,
        narrow(f.month)?,
        narrow(f.day)?,
        narrow(f.hour)?,
        narrow(f.minute)?,
        narrow(f.second)?,
        i32::try_from(f.nanos).map_err(|_| out_of_range())?,
    )
    .map_err(|_| out_of_range())?;
    // Go's result zone: `z` (Z or the name UTC) wins, then a numeric offset, else the
    // default (UTC for time.Parse). cast then replaces the zone of no-zone and named-zone
    // layouts with the site's.
    let go_offset = if f.utc { Some(0) } else { f.zone_offset };
    let offset_seconds = match layout.zone {
        ZoneKind::None | ZoneKind::Named => None,
        ZoneKind::Numeric | ZoneKind::NumericAndNamed => go_offset,
        ZoneKind::TimeOnly => Some(0),
    }
    .and_then(|o| i32::try_from(o).ok());
    Ok(HugoDate {
        datetime,
        offset_seconds,
        layout: layout.layout,
    })
}

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The layout text of one element (for messages and for checking the table).
fn render(elem: Elem) -> String {
    match elem {
        Lit(s) => s.to_string(),
        LongYear => "2006".into(),
        Year => "06".into(),
        Month => "Jan".into(),
        ZeroMonth => "01".into(),
        WeekDay => "Mon".into(),
        LongWeekDay => "Monday".into(),
        ZeroDay => "02".into(),
        UnderDay => "_2".into(),
        Hour => "15".into(),
        Hour12 => "3".into(),
        ZeroMinute => "04".into(),
        ZeroSecond => "05".into(),
        Pm => "PM".into(),
        Tz => "MST".into(),
        NumTz => "-0700".into(),
        NumColonTz => "-07:00".into(),
        IsoTz => "Z0700".into(),
        IsoColonTz => "Z07:00".into(),
        FracZero(n) => format!(".{}", "0".repeat(n)),
        FracNine(n) => format!(".{}", "9".repeat(n)),
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Go's `nextStdChunk` test inside the seconds case: is the next element a fraction?
fn next_is_fraction(rest: &[Elem]) -> bool {
    matches!(
        rest.iter().find(|e| !matches!(e, Lit(_))),
        Some(FracZero(_) | FracNine(_))
    )
}

fn is_comma_or_period(b: u8) -> bool {
    b == b'.' || b == b','
}

/// Go's `skip`: match a literal, a space in it matching any run of spaces (and, at the very
/// end of the input, none).
fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Option<&'a [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&v| v != b' ') {
                return None;
            }
            prefix = trim_spaces(prefix);
            value = trim_spaces(value);
            continue;
        }
        if value.first() != Some(&p) {
            return None;
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Some(value)
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| b == b' ').count();
    &s[n..]
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let d0 = *s.first().filter(|b| b.is_ascii_digit())?;
    match s.get(1).filter(|b| b.is_ascii_digit()) {
        Some(&d1) => Some((i64::from(d0 - b'0') * 10 + i64::from(d1 - b'0'), &s[2..])),
        None if fixed => None,
        None => Some((i64::from(d0 - b'0'), &s[1..])),
    }
}

/// Go's `atoi`: an optional sign, then digits only. The sign matters: Go reads the two-digit
/// year `+5` as 2005, and a `.000` fraction `.+12` as 12 ms.
fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut x: i64 = 0;
    for &d in digits {
        x = x.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    Some(if neg { -x } else { x })
}

/// Go's `parseNanoseconds`: `value[0]` is the separator, `value[1..n]` the digits (only the
/// first nine count). `Err(Some(_))` is a range error, `Err(None)` a syntax error.
fn parse_nanoseconds(value: &[u8], n: usize) -> Result<i64, Option<&'static str>> {
    if !value.first().copied().is_some_and(is_comma_or_period) {
        return Err(None);
    }
    let n = n.min(10);
    let ns = value.get(1..n).and_then(atoi).ok_or(None)?;
    if ns < 0 {
        return Err(Some("fractional second"));
    }
    let scale = 10_i64.pow(u32::try_from(10 - n).unwrap_or(0));
    Ok(ns * scale)
}

/// Go's `lookup`: a case-insensitive (ASCII letters only) prefix match against a name table.
fn lookup<'a>(tab: &[&str], val: &'a [u8]) -> Option<(usize, &'a [u8])> {
    tab.iter().enumerate().find_map(|(i, name)| {
        let name = name.as_bytes();
        let head = val.get(..name.len())?;
        let same = head.iter().zip(name).all(|(&a, &b)| {
            a == b || {
                let (la, lb) = (a | 0x20, b | 0x20);
                la == lb && la.is_ascii_lowercase()
            }
        });
        same.then(|| (i, &val[name.len()..]))
    })
}

/// Go's `parseTimeZone`: how many bytes of `value` form a zone abbreviation.
fn parse_time_zone(value: &[u8]) -> Option<usize> {
    if value.len() < 3 {
        return None;
    }
    if value.starts_with(b"ChST") || value.starts_with(b"MeST") {
        return Some(4);
    }
    if value.starts_with(b"GMT") {
        // `GMT` optionally followed by a signed hour offset of at most 23.
        return Some(3 + parse_signed_offset(&value[3..]));
    }
    if value[0] == b'+' || value[0] == b'-' {
        let n = parse_signed_offset(value);
        return (n > 0).then_some(n);
    }
    let upper = value
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    match upper {
        3 => Some(3),
        4 if value[3] == b'T' || value.starts_with(b"WITA") => Some(4),
        5 if value[4] == b'T' => Some(5),
        _ => None,
    }
}

/// Go's `parseSignedOffset`: `+h`/`-hh` with a value of at most 23; 0 when absent or bad.
fn parse_signed_offset(value: &[u8]) -> usize {
    let Some((&sign, rest)) = value.split_first() else {
        return 0;
    };
    if sign != b'+' && sign != b'-' {
        return 0;
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return 0;
    }
    let mut x: u64 = 0;
    for &d in &rest[..digits] {
        x = match x
            .checked_mul(10)
            .and_then(|x| x.checked_add(u64::from(d - b'0')))
        {
            Some(x) => x,
            None => return 0,
        };
    }
    if x > 23 { 0 } else { 1 + digits }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month, with Go's proleptic Gregorian leap years (year 0 is leap).
fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------------------------

/// The nearest valid form of an unparsable date, when it can be inferred (e.g. "09/09/2025" -> "2025-09-09", "2025-9-9" -> "2025-09-09", "2025-09-09 10:00" -> "2025-09-09 10:00:00" or "2025-09-09T10:00:00", "17-11-2025" -> "2025-11-17", "2025/09/09" -> "2025-09-09", "Sept 9 2025" -> "2025-09-09"). Return None when ambiguous in a way you cannot resolve or when it's not a date at all (e.g. "`r Sys.Date()`"). For DD/MM vs MM/DD: if one part > 12 it is decided; if both <= 12 prefer DD/MM (the reports are Vietnamese) but only if the result is a real date.
///
/// Returns `None` for a string Hugo already accepts. Every suggestion is checked with
/// [`parse`]. The suggestion keeps what the author wrote (time, fraction, `T` or space,
/// offset) and only fixes its spelling: `YYYY-MM-DD`, then `HH:MM:SS`, then `Z` or `±hh:mm`.
pub fn suggest(s: &str) -> Option<String> {
    if parse(s).is_ok() {
        return None;
    }
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return None;
    }
    if parse(trimmed).is_ok() {
        return Some(trimmed.to_string());
    }
    let candidate = infer(trimmed)?;
    parse(&candidate).is_ok().then_some(candidate)
}

/// A civil date read from free text.
struct Ymd {
    year: i64,
    month: i64,
    day: i64,
}

const MONTH_RE: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const WEEKDAY_RE: &str = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+";
/// Vietnamese words, precomposed or decomposed: ngày (day), tháng (month), năm (year),
/// thứ … / chủ nhật (weekday names).
const VI_DAY: &str = r"ng(?:à|a\x{300})y";
const VI_MONTH: &str = r"th(?:á|a\x{301})ng";
const VI_YEAR: &str = r"n(?:ă|a\x{306})m";
const VI_WEEKDAY: &str =
    r"(?:th(?:ứ|u\x{31B}\x{301}|ư\x{301})\s+\S+|ch(?:ủ|u\x{309})\s+nh\S+)\s*,?\s*";

/// The patterns [`suggest`] reads a value with.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    Iso,
    Dmy,
    Compact,
    DayMonthName,
    MonthNameDay,
    Vietnamese,
    Time,
    Zone,
}

// `Pattern::captures` keeps each pattern's regex at its discriminant: `ALL` must list them
// in that order (checked by every compile, `cargo check` included). One left out of `ALL`
// gets no cell there, and is built each time it is used (slow, never wrong).
const _: () = {
    let mut i = 0;
    while i < Pattern::ALL.len() {
        assert!(
            Pattern::ALL[i] as usize == i,
            "Pattern::ALL is out of order"
        );
        i += 1;
    }
};

impl Pattern {
    const ALL: [Pattern; 8] = [
        Pattern::Iso,
        Pattern::Dmy,
        Pattern::Compact,
        Pattern::DayMonthName,
        Pattern::MonthNameDay,
        Pattern::Vietnamese,
        Pattern::Time,
        Pattern::Zone,
    ];
    fn source(self) -> String {
        match self {
            Pattern::Iso => r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})".into(),
            Pattern::Dmy => r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b".into(),
            Pattern::Compact => r"^(\d{4})(\d{2})(\d{2})\b".into(),
            Pattern::DayMonthName => format!(
                r"(?i)^(?:{WEEKDAY_RE})?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.]+({MONTH_RE})\b\.?,?[\s\-/.]+(\d{{4}}|\d{{2}})\b"
            ),
            Pattern::MonthNameDay => format!(
                r"(?i)^(?:{WEEKDAY_RE})?({MONTH_RE})\b\.?[\s\-/.]*(\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{{4}})\b"
            ),
            Pattern::Vietnamese => format!(
                r"(?i)^(?:{VI_WEEKDAY})?(?:{VI_DAY}\s*)?(\d{{1,2}})\s*(?:{VI_MONTH}|[-/.])\s*(\d{{1,2}})\s*(?:,?\s*{VI_YEAR}|[-/.])\s*(\d{{4}})\b"
            ),
            Pattern::Time => r"(?i)^(?:\s*[,\-]?\s*(?:at|l(?:ú|u\x{301})c)?\s*|t)(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d{1,9}))?|h(\d{2})?)?\s*(am|pm|a\.m\.|p\.m\.)?".into(),
            Pattern::Zone => r"(?i)^\s*(?:(z|utc|gmt|ict)?\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?)\s*\.?$".into(),
        }
    }

    /// The first match in `t`, with its groups. Each pattern is built on its first use
    /// (a run reads few values this way, and the first pattern that matches ends the
    /// reading), for short texts (see `rules::patterns`): as `regex::Regex`s, with the
    /// lazy DFA and literal prefilters no front matter value pays for, the eight took
    /// 20 M instructions to build.
    fn captures(self, t: &str) -> Option<Groups<'_>> {
        static BUILT: [OnceLock<meta::Regex>; Pattern::ALL.len()] =
            [const { OnceLock::new() }; Pattern::ALL.len()];
        match BUILT.get(self as usize) {
            Some(cell) => {
                patterns::captures(cell.get_or_init(|| Build::Short.builtin(&self.source())), t)
            }
            None => patterns::captures(&Build::Short.builtin(&self.source()), t),
        }
    }
}

fn num(m: Option<&str>) -> Option<i64> {
    m?.parse().ok()
}

fn month_number(name: &str) -> Option<i64> {
    let lower = name.to_ascii_lowercase();
    let idx = SHORT_MONTHS
        .iter()
        .position(|m| lower.starts_with(&m.to_ascii_lowercase()))?;
    i64::try_from(idx).ok().map(|i| i + 1)
}

/// Two-digit years as Go reads `06`: 69–99 are 19xx, the rest 20xx.
fn full_year(y: i64, digits: usize) -> i64 {
    match digits {
        2 if y >= 69 => 1900 + y,
        2 => 2000 + y,
        _ => y,
    }
}

fn valid(d: Ymd) -> Option<Ymd> {
    (d.year >= 1
        && d.year <= 9999
        && (1..=12).contains(&d.month)
        && d.day >= 1
        && d.day <= days_in(d.month, d.year))
    .then_some(d)
}

/// Day and month from two numbers in D/M or M/D order: a part above 12 decides; otherwise
/// D/M (Vietnamese order) wins.
fn day_month(a: i64, b: i64, year: i64) -> Option<Ymd> {
    let dm = Ymd {
        year,
        month: b,
        day: a,
    };
    let md = Ymd {
        year,
        month: a,
        day: b,
    };
    match (a > 12, b > 12) {
        (true, true) => None,
        (true, false) => valid(dm),
        (false, true) => valid(md),
        (false, false) => valid(dm),
    }
}

/// Reads a date at the start of `t`; returns it and the rest of the string.
fn infer_date(t: &str) -> Option<(Ymd, &str)> {
    if let Some(c) = Pattern::Iso.captures(t) {
        let (y, m, d) = (num(c.get(1))?, num(c.get(2))?, num(c.get(3))?);
        // A month above 12 with a day that could be a month: read it as YYYY-DD-MM.
        let date = if m > 12 && d <= 12 {
            Ymd {
                year: y,
                month: d,
                day: m,
            }
        } else {
            Ymd {
                year: y,
                month: m,
                day: d,
            }
        };
        return Some((valid(date)?, &t[c.span(0)?.end..]));
    }
    for re in [Pattern::Vietnamese, Pattern::Dmy] {
        if let Some(c) = re.captures(t) {
            let year_match = c.get(3)?;
            let year = full_year(year_match.parse().ok()?, year_match.len());
            let date = day_month(num(c.get(1))?, num(c.get(2))?, year)?;
            return Some((date, &t[c.span(0)?.end..]));
        }
    }
    if let Some(c) = Pattern::Compact.captures(t) {
        let date = valid(Ymd {
            year: num(c.get(1))?,
            month: num(c.get(2))?,
            day: num(c.get(3))?,
        })?;
        return Some((date, &t[c.span(0)?.end..]));
    }
    if let Some(c) = Pattern::DayMonthName.captures(t) {
        let year_match = c.get(3)?;
        let date = valid(Ymd {
            year: full_year(year_match.parse().ok()?, year_match.len()),
            month: month_number(c.get(2)?)?,
            day: num(c.get(1))?,
        })?;
        return Some((date, &t[c.span(0)?.end..]));
    }
    if let Some(c) = Pattern::MonthNameDay.captures(t) {
        let date = valid(Ymd {
            year: num(c.get(3))?,
            month: month_number(c.get(1)?)?,
            day: num(c.get(2))?,
        })?;
        return Some((date, &t[c.span(0)?.end..]));
    }
    None
}

/// A best-effort reading of `t` as date, optional time, optional zone.
fn infer(t: &str) -> Option<String> {
    let (date, rest) = infer_date(t)?;
    let mut out = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
    if rest.trim().is_empty() {
        return Some(out);
    }
    let c = Pattern::Time.captures(rest)?;
    let whole = c.get(0)?;
    let whole_end = c.span(0)?.end;
    let has_minutes = c.get(2).is_some() || c.get(5).is_some() || c.get(3).is_some();
    let meridiem = c.get(6).map(str::to_ascii_lowercase);
    // A bare number after the date is not a time unless it says am/pm or `h`.
    if !has_minutes && meridiem.is_none() && !whole.to_ascii_lowercase().contains('h') {
        return None;
    }
    let mut hour = num(c.get(1))?;
    let minute = num(c.get(2)).or(num(c.get(5))).unwrap_or(0);
    let second = num(c.get(3)).unwrap_or(0);
    if let Some(m) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        let pm = m.starts_with('p');
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let zone = Pattern::Zone.captures(&rest[whole_end..])?;
    let separator = if whole.trim_start().starts_with(['T', 't']) {
        'T'
    } else {
        ' '
    };
    out.push(separator);
    out.push_str(&format!("{hour:02}:{minute:02}:{second:02}"));
    if let Some(frac) = c.get(4) {
        out.push('.');
        out.push_str(frac);
    }
    let name = zone.get(1).map(str::to_ascii_lowercase);
    match (name.as_deref(), zone.get(2)) {
        (None, None) => {}
        (Some("z" | "utc" | "gmt"), None) => out.push('Z'),
        (Some("ict"), None) => out.push_str("+07:00"),
        (Some("z"), Some(_)) => return None,
        (_, Some(sign)) => {
            let h = num(zone.get(3))?;
            let m = num(zone.get(4)).unwrap_or(0);
            if h > 23 || m > 59 {
                return None;
            }
            out.push_str(&format!("{sign}{h:02}:{m:02}"));
        }
        (Some(_), None) => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The light builds of `suggest`'s patterns find, with the same groups, what
    /// `regex::Regex` builds of them find, on every suffix of date-like texts.
    #[test]
    fn suggest_patterns_match_as_regex_does() {
        let texts = [
            "2025-9-9 10:30 +07:00",
            "2025/13/05T08:00:00.123Z",
            "09/18/2025 at 8h30 pm ICT",
            "9.9.25, lúc 8:05 a.m. UTC",
            "20250909 GMT+7",
            "Tuesday, 9th of September, 2025 t10:00:07,5 z",
            "Sept. 9th, 2025 10am",
            "Thứ Ba, ngày 9 tháng 9 năm 2025 lu\u{301}c 14h",
            "chu\u{309} nhật, nga\u{300}y 7 tha\u{301}ng 9, 2025",
            "th\u{1b0}\u{301} 2 9-9-2025",
            "ſept 9 2025 \u{212A}",
            "١٧/09/2025 and ２０２５-09-09",
            "  9 /  9 / 2025  -05 .",
            "",
        ];
        let mut matched = 0;
        for pattern in Pattern::ALL {
            let plain = regex::Regex::new(&pattern.source()).unwrap_or_else(|e| panic!("{e}"));
            for text in texts {
                for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    let text = &text[at..];
                    let want: Option<Vec<_>> = plain
                        .captures(text)
                        .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect());
                    let got: Option<Vec<_>> = pattern
                        .captures(text)
                        .map(|c| (0..plain.captures_len()).map(|i| c.span(i)).collect());
                    assert_eq!(got, want, "{pattern:?} {text:?}");
                    matched += usize::from(want.is_some());
                }
            }
        }
        assert!(matched > 100, "{matched}");
    }

    fn ok(s: &str) -> HugoDate {
        match parse(s) {
            Ok(d) => d,
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    fn bad(s: &str) -> String {
        match parse(s) {
            Ok(d) => panic!("{s:?} should not parse, got {d:?}"),
            Err(e) => e.message,
        }
    }

    fn dt(y: i16, mo: i8, d: i8, h: i8, mi: i8, s: i8, ns: i32) -> DateTime {
        DateTime::new(y, mo, d, h, mi, s, ns).unwrap()
    }

    #[test]
    fn table_matches_layout_strings() {
        assert_eq!(LAYOUT_TABLE.len(), LAYOUTS.len());
        for (l, name) in LAYOUT_TABLE.iter().zip(LAYOUTS) {
            let rendered: String = l.elems.iter().map(|&e| render(e)).collect();
            assert_eq!(rendered, l.layout);
            assert_eq!(l.layout, name);
        }
    }

    #[test]
    fn date_only() {
        let d = ok("2025-09-09");
        assert_eq!(d.datetime, dt(2025, 9, 9, 0, 0, 0, 0));
        assert_eq!(d.offset_seconds, None);
        assert_eq!(d.layout, "2006-01-02");
    }

    #[test]
    fn rfc3339_with_offset() {
        let d = ok("2025-09-09T10:00:00+07:00");
        assert_eq!(d.datetime, dt(2025, 9, 9, 10, 0, 0, 0));
        assert_eq!(d.offset_seconds, Some(7 * 3600));
        assert_eq!(d.layout, "2006-01-02T15:04:05Z07:00");
    }

    #[test]
    fn rfc3339_z_and_negative_offset() {
        assert_eq!(ok("2025-09-09T10:00:00Z").offset_seconds, Some(0));
        assert_eq!(
            ok("2025-09-09T10:00:00-05:30").offset_seconds,
            Some(-(5 * 3600 + 30 * 60))
        );
    }

    #[test]
    fn rfc3339_fraction() {
        let d = ok("2025-09-09T10:00:00.123Z");
        assert_eq!(d.datetime, dt(2025, 9, 9, 10, 0, 0, 123_000_000));
        // Comma separator and more than nine digits (extra digits are dropped).
        assert_eq!(
            ok("2025-09-09T10:00:00,5Z").datetime.subsec_nanosecond(),
            500_000_000
        );
        assert_eq!(
            ok("2025-09-09T10:00:00.123456789123+07:00")
                .datetime
                .subsec_nanosecond(),
            123_456_789
        );
    }

    #[test]
    fn local_datetimes() {
        assert_eq!(ok("2025-09-09T10:00:00").layout, "2006-01-02T15:04:05");
        let d = ok("2025-09-09 10:00:00");
        assert_eq!(d.layout, "2006-01-02 15:04:05");
        assert_eq!(d.offset_seconds, None);
        assert_eq!(
            ok("2025-09-09 10:00:00.5").datetime.subsec_nanosecond(),
            500_000_000
        );
    }

    #[test]
    fn issue_examples_rejected() {
        bad("09/09/2025");
        bad("2025-9-9");
        bad("2025-09-09 10:00");
        bad("`r Sys.Date()`");
        bad("");
    }

    #[test]
    fn hour_takes_one_digit() {
        assert_eq!(ok("2025-09-09T9:00:00Z").datetime.hour(), 9);
        assert_eq!(ok("2025-09-09 1:00:00").datetime.hour(), 1);
    }

    #[test]
    fn minutes_and_seconds_take_two_digits() {
        bad("2025-09-09T10:0:00Z");
        bad("2025-09-09T10:00:0Z");
    }

    #[test]
    fn ranges() {
        assert!(bad("2025-13-01").contains("month out of range"));
        assert!(bad("2025-00-10").contains("month out of range"));
        assert!(bad("2025-02-30").contains("day out of range"));
        bad("2025-09-00");
        bad("2025-09-31");
        assert!(bad("2025-09-09T24:00:00Z").contains("hour out of range"));
        bad("2025-09-09T23:60:00Z");
        bad("2025-09-09T23:59:60Z");
    }

    #[test]
    fn leap_years() {
        ok("2024-02-29");
        bad("2025-02-29");
        ok("2000-02-29");
        bad("1900-02-29");
        ok("0000-01-01");
        ok("9999-12-31");
    }

    #[test]
    fn no_surrounding_whitespace() {
        bad(" 2025-09-09");
        assert!(bad("2025-09-09 ").contains("whitespace"));
        assert!(bad("2025-09-09x").contains("extra text"));
        bad("2025-09-09\n");
    }

    #[test]
    fn space_in_layout_matches_a_run() {
        assert_eq!(ok("2025-09-09  10:00:00").layout, "2006-01-02 15:04:05");
    }

    #[test]
    fn offsets() {
        assert_eq!(
            ok("2025-09-09T10:00:00+24:00").offset_seconds,
            Some(24 * 3600)
        );
        bad("2025-09-09T10:00:00+25:00");
        ok("2025-09-09T10:00:00+07:60");
        bad("2025-09-09T10:00:00+07:61");
        let d = ok("2025-09-09T10:00:00+0700");
        assert_eq!(d.layout, "2006-01-02T15:04:05-0700");
        assert_eq!(d.offset_seconds, Some(25200));
        bad("2025-09-09T10:00:00z");
        bad("2025-09-09t10:00:00Z");
        bad("2025-09-09T10:00:00+7:00");
    }

    #[test]
    fn space_separated_offsets() {
        assert_eq!(
            ok("2025-09-09 10:00:00Z").layout,
            "2006-01-02 15:04:05Z0700"
        );
        assert_eq!(
            ok("2025-09-09 10:00:00+07:00").layout,
            "2006-01-02 15:04:05Z07:00"
        );
        assert_eq!(
            ok("2025-09-09 10:00:00 +07:00").layout,
            "2006-01-02 15:04:05 -07:00"
        );
        assert_eq!(
            ok("2025-09-09 10:00:00 +0700").layout,
            "2006-01-02 15:04:05 -0700"
        );
        assert_eq!(
            ok("2025-09-09 10:00:00+0700").layout,
            "2006-01-02 15:04:05Z0700"
        );
    }

    #[test]
    fn go_time_string() {
        let d = ok("2025-09-09 10:00:00.5 +0700 ICT");
        assert_eq!(d.layout, "2006-01-02 15:04:05.999999999 -0700 MST");
        assert_eq!(d.offset_seconds, Some(25200));
        assert_eq!(d.datetime.subsec_nanosecond(), 500_000_000);
        // Go lets the name UTC win over the numeric offset.
        assert_eq!(ok("2025-09-09 10:00:00 +0700 UTC").offset_seconds, Some(0));
    }

    #[test]
    fn rfc1123() {
        let d = ok("Tue, 09 Sep 2025 10:00:00 +0700");
        assert_eq!(d.layout, "Mon, 02 Jan 2006 15:04:05 -0700");
        assert_eq!(d.offset_seconds, Some(25200));
        let d = ok("Tue, 09 Sep 2025 10:00:00 ICT");
        assert_eq!(d.layout, "Mon, 02 Jan 2006 15:04:05 MST");
        assert_eq!(d.offset_seconds, None);
        bad("Tue, 9 Sep 2025 10:00:00 ICT");
    }

    #[test]
    fn weekday_never_checked_but_must_be_a_name() {
        ok("Fri, 09 Sep 2025 10:00:00 +0700");
        bad("Xyz, 09 Sep 2025 10:00:00 ICT");
        bad("Tuesday, 09 Sep 2025 10:00:00 ICT");
    }

    #[test]
    fn names_case_insensitive() {
        ok("tue, 09 sep 2025 10:00:00 ICT");
        ok("TUE, 09 SEP 2025 10:00:00 ICT");
        ok("09 sep 2025");
    }

    #[test]
    fn zone_abbreviations() {
        for z in [
            "UTC", "GMT", "GMT+7", "GMT-11", "ABCT", "WITA", "ChST", "MeST", "ICT", "PST",
        ] {
            ok(&format!("Tue, 09 Sep 2025 10:00:00 {z}"));
        }
        for z in ["ict", "ABCD", "AB", "GMT+24", "ABCDEF", "+24"] {
            bad(&format!("Tue, 09 Sep 2025 10:00:00 {z}"));
        }
        ok("Tue, 09 Sep 2025 10:00:00 +07");
        ok("Tue, 09 Sep 2025 10:00:00 -00");
        ok("Tue, 09 Sep 2025 10:00:00 ABCDT");
    }

    #[test]
    fn rfc822_and_rfc850() {
        let d = ok("09 Sep 25 10:00 ICT");
        assert_eq!(d.layout, "02 Jan 06 15:04 MST");
        assert_eq!(d.datetime, dt(2025, 9, 9, 10, 0, 0, 0));
        assert_eq!(ok("09 Sep 70 10:00 +0700").datetime.year(), 1970);
        assert_eq!(ok("09 Sep 68 10:00 +0700").datetime.year(), 2068);
        assert_eq!(
            ok("Tuesday, 09-Sep-25 10:00:00 ICT").layout,
            "Monday, 02-Jan-06 15:04:05 MST"
        );
    }

    #[test]
    fn two_digit_year_accepts_a_sign() {
        // Go's atoi takes a sign: "+5" is year 2005, "-5" is 1995.
        assert_eq!(ok("09 Sep +5 10:00 ICT").datetime.year(), 2005);
        assert_eq!(ok("09 Sep -5 10:00 ICT").datetime.year(), 1995);
    }

    #[test]
    fn ansic_unix_ruby() {
        assert_eq!(
            ok("Tue Sep  9 10:00:00 2025").layout,
            "Mon Jan _2 15:04:05 2006"
        );
        assert_eq!(
            ok("Tue Sep 9 10:00:00 2025").datetime,
            dt(2025, 9, 9, 10, 0, 0, 0)
        );
        assert_eq!(ok("Tue Sep 19 10:00:00 2025").datetime.day(), 19);
        assert_eq!(
            ok("Tue Sep  9 10:00:00 ICT 2025").layout,
            "Mon Jan _2 15:04:05 MST 2006"
        );
        let d = ok("Tue Sep 09 10:00:00 +0700 2025");
        assert_eq!(d.layout, "Mon Jan 02 15:04:05 -0700 2006");
        assert_eq!(d.offset_seconds, Some(25200));
    }

    #[test]
    fn day_month_name_year() {
        assert_eq!(ok("09 Sep 2025").layout, "02 Jan 2006");
        bad("9 Sep 2025");
        bad("09 September 2025");
        bad("Sept 9 2025");
    }

    #[test]
    fn kitchen() {
        let d = ok("3:04PM");
        assert_eq!(d.layout, "3:04PM");
        assert_eq!(d.datetime, dt(0, 1, 1, 15, 4, 0, 0));
        assert_eq!(d.offset_seconds, Some(0));
        assert_eq!(ok("12:30AM").datetime.hour(), 0);
        assert_eq!(ok("12:30PM").datetime.hour(), 12);
        assert_eq!(ok("0:04PM").datetime.hour(), 12);
        ok("03:04PM");
        bad("13:04PM");
        bad("3:04pm");
        bad("3:04 PM");
    }

    #[test]
    fn stamps() {
        let d = ok("Sep  9 10:00:00");
        assert_eq!(d.layout, "Jan _2 15:04:05");
        assert_eq!(d.datetime, dt(0, 9, 9, 10, 0, 0, 0));
        ok("Sep 9 10:00:00");
        ok("Sep 09 10:00:00");
        // Year 0 is a leap year.
        ok("Feb 29 10:00:00");
        bad("Feb 30 10:00:00");
        assert_eq!(ok("Sep  9 10:00:00.123").layout, "Jan _2 15:04:05");
    }

    #[test]
    fn stamp_milli_sign_quirk() {
        let d = ok("Sep  9 10:00:00.+12");
        assert_eq!(d.layout, "Jan _2 15:04:05.000");
        assert_eq!(d.datetime.subsec_nanosecond(), 12_000_000);
        bad("Sep  9 10:00:00.-12");
        // StampMicro needs seven bytes after the seconds.
        bad("Sep  9 10:00:00.+1234");
        assert_eq!(
            ok("Sep  9 10:00:00.+12345").layout,
            "Jan _2 15:04:05.000000"
        );
    }

    #[test]
    fn time_only_is_rejected() {
        bad("10:00:00");
        bad("10:00");
    }

    #[test]
    fn error_message_names_closest_layout() {
        let m = bad("2025-9-9");
        assert!(m.contains(r#"as "2006-01-02""#), "{m}");
        assert!(m.contains(r#"cannot parse "9-9" as "01""#), "{m}");
        let m = bad("2025-09-09 10:00");
        assert!(m.contains(r#"cannot parse "" as ":""#), "{m}");
        assert!(m.contains(r#""2006-01-02 15:04:05""#), "{m}");
    }

    #[test]
    fn non_ascii_input_does_not_panic() {
        bad("ngày 9 tháng 9 năm 2025");
        bad("2025-09-09T10:00:00+07:0ạ");
        bad("Tuè, 09 Sep 2025 10:00:00 ICT");
        bad("\u{feff}2025-09-09");
    }

    #[test]
    fn truncations_and_edits_never_panic() {
        let samples = [
            "2025-09-09 10:00:00.5 +0700 ICT",
            "Tuesday, 09-Sep-25 10:00:00 GMT+7",
            "Sep  9 10:00:00.+12345",
            "2025-09-09T10:00:00.123456789123+07:00",
            "3:04PM",
        ];
        for s in samples {
            for end in 0..=s.len() {
                let _ = parse(&s[..end]);
                let _ = suggest(&s[..end]);
                let _ = parse(&s[end..]);
            }
            for (i, _) in s.char_indices() {
                for c in ['9', ' ', '+', '.', 'Z', 'ạ'] {
                    let edited = format!("{}{c}{}", &s[..i], &s[i + 1..]);
                    let _ = parse(&edited);
                    let _ = suggest(&edited);
                }
            }
        }
    }

    // --- suggest ---

    fn sug(s: &str) -> Option<String> {
        let out = suggest(s);
        if let Some(x) = &out {
            assert!(parse(x).is_ok(), "suggestion {x:?} for {s:?} must parse");
        }
        out
    }

    #[test]
    fn suggest_issue_examples() {
        assert_eq!(sug("09/09/2025").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("2025-9-9").as_deref(), Some("2025-09-09"));
        assert_eq!(
            sug("2025-09-09 10:00").as_deref(),
            Some("2025-09-09 10:00:00")
        );
        assert_eq!(
            sug("2025-09-09T10:00").as_deref(),
            Some("2025-09-09T10:00:00")
        );
        assert_eq!(sug("17-11-2025").as_deref(), Some("2025-11-17"));
        assert_eq!(sug("2025/09/09").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("Sept 9 2025").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("`r Sys.Date()`"), None);
    }

    #[test]
    fn suggest_none_for_valid_or_empty() {
        assert_eq!(sug("2025-09-09"), None);
        assert_eq!(sug(""), None);
        assert_eq!(sug("   "), None);
        assert_eq!(sug("TBD"), None);
        assert_eq!(sug("Sep 9"), None);
    }

    #[test]
    fn suggest_trims() {
        assert_eq!(sug(" 2025-09-09 ").as_deref(), Some("2025-09-09"));
        assert_eq!(
            sug("2025-09-09T10:00:00+07:00\t").as_deref(),
            Some("2025-09-09T10:00:00+07:00")
        );
    }

    #[test]
    fn suggest_day_month_order() {
        // One part above 12 decides.
        assert_eq!(sug("13/09/2025").as_deref(), Some("2025-09-13"));
        assert_eq!(sug("09/13/2025").as_deref(), Some("2025-09-13"));
        // Both at most 12: D/M.
        assert_eq!(sug("03/04/2025").as_deref(), Some("2025-04-03"));
        assert_eq!(sug("3.4.2025").as_deref(), Some("2025-04-03"));
        // Both above 12, or no real date either way.
        assert_eq!(sug("13/14/2025"), None);
        assert_eq!(sug("31/02/2025"), None);
        assert_eq!(sug("02/30/2025"), None);
        // Two-digit years as Go reads them.
        assert_eq!(sug("09/09/25").as_deref(), Some("2025-09-09"));
    }

    #[test]
    fn suggest_iso_variants() {
        assert_eq!(sug("2025.09.09").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("20250909").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("2025-13-01").as_deref(), Some("2025-01-13"));
        assert_eq!(sug("2025-02-30"), None);
        assert_eq!(sug("2025-13-13"), None);
    }

    #[test]
    fn suggest_month_names() {
        assert_eq!(sug("9 Sep 2025").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("9 September 2025").as_deref(), Some("2025-09-09"));
        assert_eq!(sug("September 9, 2025").as_deref(), Some("2025-09-09"));
        assert_eq!(
            sug("Tuesday, 9th September 2025").as_deref(),
            Some("2025-09-09")
        );
        assert_eq!(sug("sep. 9th, 2025").as_deref(), Some("2025-09-09"));
        assert_eq!(
            sug("Tue, 9 Sep 2025 10:00:00 +0700").as_deref(),
            Some("2025-09-09 10:00:00+07:00")
        );
    }

    #[test]
    fn suggest_vietnamese() {
        assert_eq!(
            sug("ngày 9 tháng 9 năm 2025").as_deref(),
            Some("2025-09-09")
        );
        assert_eq!(
            sug("Ngày 17 tháng 11, năm 2025").as_deref(),
            Some("2025-11-17")
        );
        assert_eq!(sug("ngày 17/11/2025").as_deref(), Some("2025-11-17"));
        assert_eq!(sug("Thứ Ba, 9/9/2025").as_deref(), Some("2025-09-09"));
        assert_eq!(
            sug("9/9/2025 lúc 14h30").as_deref(),
            Some("2025-09-09 14:30:00")
        );
        assert_eq!(sug("09/09/2025 8h").as_deref(), Some("2025-09-09 08:00:00"));
    }

    #[test]
    fn suggest_times_and_zones() {
        assert_eq!(
            sug("2025-09-09 9:5").as_deref(),
            Some("2025-09-09 09:05:00")
        );
        assert_eq!(
            sug("2025-09-09 2:30 PM").as_deref(),
            Some("2025-09-09 14:30:00")
        );
        assert_eq!(
            sug("2025-09-09 12:00am").as_deref(),
            Some("2025-09-09 00:00:00")
        );
        assert_eq!(
            sug("2025-09-09T10:00+07:00").as_deref(),
            Some("2025-09-09T10:00:00+07:00")
        );
        assert_eq!(
            sug("2025-09-09t10:00:00z").as_deref(),
            Some("2025-09-09T10:00:00Z")
        );
        assert_eq!(
            sug("2025-09-09 10:00:00 UTC").as_deref(),
            Some("2025-09-09 10:00:00Z")
        );
        assert_eq!(
            sug("2025-09-09T10:00:00+7").as_deref(),
            Some("2025-09-09T10:00:00+07:00")
        );
        assert_eq!(
            sug("2025-09-09 10:00:00 GMT+7").as_deref(),
            Some("2025-09-09 10:00:00+07:00")
        );
        assert_eq!(
            sug("2025-09-9T10:00:00.250Z").as_deref(),
            Some("2025-09-09T10:00:00.250Z")
        );
        assert_eq!(
            sug("09/09/2025 10:00 ICT").as_deref(),
            Some("2025-09-09 10:00:00+07:00")
        );
        assert_eq!(sug("2025-09-09 24:00"), None);
        assert_eq!(sug("2025-09-09 10:00 PST"), None);
        assert_eq!(sug("2025-09-09 10"), None);
    }

    #[test]
    fn suggest_rejects_trailing_junk() {
        assert_eq!(sug("09/09/2025 - 11/09/2025"), None);
        assert_eq!(sug("2025-09-09 (tentative)"), None);
        assert_eq!(sug("2025-09-09T10:00:00+07:00 [draft]"), None);
    }
}
