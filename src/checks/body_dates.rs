//! Checks the dates a report states: a weekday that is not the weekday of the date beside
//! it, an event date in the text that differs from the front matter `date`, and a publish
//! date in the future. The rule's `report` parameter selects which.
//!
//! Why: a report is written from memory and copied from other reports. `Monday, November 18,
//! 2025` (a Tuesday) tells the reader nothing reliable; a `date:` left at the template's value
//! sorts the report in the wrong place and contradicts the text; and a page whose publish date
//! is after today is silently left out of the site by Hugo until that day comes.
//!
//! Dates are recognised in the forms real reports use (`17/11/2025` day first, `November 17,
//! 2025`, `17 November 2025`, `2025-11-17`, `17 tháng 11, 2025`, `ngày 17 tháng 11 năm
//! 2025`, day ranges), with the weekday written before them (`Monday,` / `Thứ Hai,`) or after
//! them in parentheses. Code, HTML comments, link and image addresses and shortcodes are not
//! read. The event date is the date on a line labelled with one of the `labels` words
//! (`**Date:**`, `- **Thời gian:**`, `| Ngày | … |`); failing that, a date in the H1; failing
//! that, the first date in the text. A range covers every day in it, and a numeric date that
//! can be read both day-first and month-first matches either way.
//!
//! Examples of findings: `weekday-mismatch` (November 17, 2025 was a Monday),
//!
//! ```text
//! **Time:** 08:30 – 17:00, Tuesday, November 17, 2025
//! ```
//!
//! `body-date-mismatch`,
//!
//! ```text
//! date: 2025-09-09
//! ...
//! - **Date:** September 18, 2025
//! ```
//!
//! and `date-future`, run in 2026:
//!
//! ```text
//! date: 2027-03-01
//! ```
//!
//! Fix: correct the weekday or the date; give `date` the day of the event; for a future date,
//! correct it or build with `buildFuture`.
//!
//! Parameters: `report` (`weekday-mismatch`, `date-mismatch` or `future`); for
//! `date-mismatch`, `field` (default `date`) and `labels` (the words that mark the line
//! holding the event date). `future` reads Hugo's publish date: the site's
//! `[frontmatter] publishDate` list, or `publishDate`, `pubDate`, `published`, `date`, and
//! says nothing when the site sets `buildFuture`. "Today" is `--now` when given.

use regex_automata::meta::Regex;
use serde::Deserialize;

use super::body_date_scan::{BodyDate, weekday_name};
use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::{Field, ValueKind};
use crate::hugo::date;
use crate::rules::patterns;
use crate::span::Span;
use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    WeekdayMismatch,
    DateMismatch,
    Future,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub report: Option<Problem>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub labels: Option<Vec<String>>,
}

const DEFAULT_LABELS: &[&str] = &[
    "date",
    "time",
    "when",
    "day",
    "thời gian",
    "ngày",
    "giờ",
    "thời điểm",
];

/// Hugo's publish date: the first of these that is set.
const PUBLISH_FIELDS: &[&str] = &["publishdate", "pubdate", "published", "date"];

pub struct BodyDates {
    problem: Problem,
    field: String,
    /// The words that label the event's date (`date-mismatch` only).
    labels: Option<Regex>,
}

impl BodyDates {
    pub fn new(params: Params) -> Result<Self, String> {
        let problem = params
            .report
            .ok_or("`report` is required: one of `weekday-mismatch`, `date-mismatch`, `future`")?;
        let words: Vec<String> = match params.labels {
            Some(words) if words.is_empty() => return Err("`labels` is empty".into()),
            Some(words) => words,
            None => DEFAULT_LABELS.iter().map(|w| w.to_string()).collect(),
        };
        let alternatives: Vec<String> = words
            .iter()
            .map(|w| {
                w.split_whitespace()
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        // Only `date-mismatch` reads the labels: the other rules of the kind do not pay for
        // compiling them.
        let labels = match problem {
            Problem::DateMismatch => Some(
                // Matched against a label (40 characters at most): built light.
                patterns::small(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))
                    .map_err(|e| format!("invalid `labels`: {e}"))?,
            ),
            _ => None,
        };
        Ok(BodyDates {
            problem,
            field: params.field.unwrap_or_else(|| "date".into()),
            labels,
        })
    }

    fn weekdays(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        for d in ctx.derived.body_dates(ctx.doc) {
            let Some((written, span)) = d.weekday else {
                continue;
            };
            if d.falls_on(written) {
                continue;
            }
            let actual = weekday_name(d.first.weekday(), d.weekday_vi);
            let weekday = &ctx.doc.text[span.start..span.end];
            let date = &ctx.doc.text[d.span.start..d.span.end];
            out.push(
                ctx.diag(
                    span,
                    &[("weekday", weekday), ("date", date), ("actual", actual)],
                )
                .with_label(format!("{date} is a {actual}"))
                .with_secondary(d.span, "this date"),
            );
        }
    }

    fn mismatch(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let Some(field) = ctx.doc.fm().and_then(|fm| fm.get(&self.field)) else {
            return;
        };
        let Some(fm_day) = intended_date(field) else {
            return;
        };
        let text = ctx.derived.prose(ctx.doc);
        let dates = ctx.derived.body_dates(ctx.doc);
        let candidates = self.event_dates(ctx, text, dates);
        let Some(first) = candidates.first() else {
            return;
        };
        if candidates.iter().any(|d| d.covers(fm_day)) {
            return;
        }
        let body = &ctx.doc.text[first.span.start..first.span.end];
        let value = match &field.value.kind {
            ValueKind::Str { text, .. } | ValueKind::Datetime(text) => text.clone(),
            _ => ctx.doc.text[field.value.span.start..field.value.span.end].to_string(),
        };
        let iso = first.first.to_string();
        out.push(
            ctx.diag(
                first.span,
                &[
                    ("body", body),
                    ("field", &field.key),
                    ("value", &value),
                    ("fm", &fm_day.to_string()),
                    ("iso", &iso),
                ],
            )
            .with_label("the event date in the text")
            .with_secondary(field.value.span, format!("{fm_day} here")),
        );
    }

    /// The dates that say when the event was: labelled ones, else the H1's, else the first.
    fn event_dates<'d>(
        &self,
        ctx: &Ctx<'_>,
        text: &str,
        dates: &'d [BodyDate],
    ) -> Vec<&'d BodyDate> {
        let labelled: Vec<&BodyDate> = dates
            .iter()
            .filter(|d| self.is_labelled(text, d.span))
            .collect();
        if !labelled.is_empty() {
            return labelled;
        }
        if let Some(h1) = ctx.doc.h1() {
            let in_h1: Vec<&BodyDate> = dates
                .iter()
                .filter(|d| h1.span.start <= d.span.start && d.span.end <= h1.span.end)
                .collect();
            if !in_h1.is_empty() {
                return in_h1;
            }
        }
        dates.iter().take(1).collect()
    }

    fn is_labelled(&self, text: &str, span: Span) -> bool {
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..span.start];
        let Some(labels) = &self.labels else {
            return false;
        };
        super::label_line::label(prefix)
            // At most 40 characters: as `{1,40}` in the pattern would say, at a fortieth of
            // its cost to compile (a Unicode class repeated 40 times).
            .filter(|label| label.chars().count() <= 40)
            .is_some_and(|label| labels.is_match(label))
    }

    fn future(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.site.is_some_and(|s| s.build_future) {
            return;
        }
        let Some(fm) = ctx.doc.fm() else { return };
        let configured = ctx.site.and_then(|s| s.frontmatter.get("publishdate"));
        let names: Vec<&str> = match configured {
            Some(list) => list
                .iter()
                .flat_map(|n| match n.as_str() {
                    ":default" => PUBLISH_FIELDS.to_vec(),
                    n if n.starts_with(':') => Vec::new(),
                    n => vec![n],
                })
                .collect(),
            None => PUBLISH_FIELDS.to_vec(),
        };
        // The first field that is set decides, as in Hugo.
        let Some(field) = names
            .iter()
            .filter_map(|n| fm.get(n))
            .find(|f| is_set(&f.value.kind))
        else {
            return;
        };
        let Some(day) = field_date(field) else { return };
        if day <= ctx.now {
            return;
        }
        let value = &ctx.doc.text[field.value.span.start..field.value.span.end];
        out.push(
            ctx.diag(
                field.value.span,
                &[
                    ("field", &field.key),
                    ("value", value),
                    ("date", &day.to_string()),
                    ("today", &ctx.now.to_string()),
                ],
            )
            .with_label(format!("after today ({})", ctx.now)),
        );
    }
}

fn is_set(kind: &ValueKind) -> bool {
    match kind {
        ValueKind::Null => false,
        ValueKind::Str { text, .. } => !text.is_empty(),
        _ => true,
    }
}

/// The calendar day a front matter date names, when Hugo can read it (and it has a year).
/// Integers are Unix seconds.
fn field_date(field: &Field) -> Option<Date> {
    let day = match &field.value.kind {
        ValueKind::Str { text, .. } | ValueKind::Datetime(text) => {
            date::parse(text).ok()?.datetime.date()
        }
        ValueKind::Int(seconds) => jiff::Timestamp::from_second(*seconds)
            .ok()?
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date(),
        _ => return None,
    };
    (day.year() > 0).then_some(day)
}

/// The day the author meant: as [`field_date`], or, for a date Hugo cannot read
/// (`date-format` reports it), the day its nearest valid spelling names (`Sept 9 2025`).
fn intended_date(field: &Field) -> Option<Date> {
    field_date(field).or_else(|| {
        let fixed = date::suggest(field.value.as_str()?)?;
        let day = date::parse(&fixed).ok()?.datetime.date();
        (day.year() > 0).then_some(day)
    })
}

impl Check for BodyDates {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        match self.problem {
            Problem::WeekdayMismatch => self.weekdays(ctx, out),
            Problem::DateMismatch => self.mismatch(ctx, out),
            Problem::Future => self.future(ctx, out),
        }
    }
}
