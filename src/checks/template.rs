//! A rule's message or help template (`the title {title} is a placeholder`), cut at its
//! `{name}` placeholders when the rule loads, and filled for each finding. A site can have
//! tens of thousands of findings of one rule: the template is searched for its braces once,
//! not once per finding.

use crate::diagnostic::{Text, intern};

/// Longest value put into a message: page text quoted in a message (a heading, a title) is
/// cut after this many characters, so a 1 MB heading does not make a 1 MB message.
const MAX_ARG_CHARS: usize = 200;

/// A message or help template, ready to fill.
#[derive(Debug, Clone)]
pub struct Template {
    text: Box<str>,
    /// The text, interned, when it has no placeholder: every finding of the rule shares it
    /// rather than a copy (and does not look it up among the interned texts).
    fixed: Option<&'static str>,
    /// Where each `{…}` is, braces included, in order; `None` when two `{` follow each
    /// other without a `}` between them (then a filled value could complete a placeholder,
    /// and the template is filled argument by argument, see [`fill_in_turn`]).
    slots: Option<Box<[(usize, usize)]>>,
}

impl Template {
    pub fn new(text: &str) -> Template {
        let bytes = text.as_bytes();
        let mut slots = Vec::new();
        let mut alternate = true;
        let mut open = None;
        for i in memchr::memchr2_iter(b'{', b'}', bytes) {
            match (bytes.get(i), open) {
                (Some(b'{'), Some(_)) => {
                    alternate = false;
                    break;
                }
                (Some(b'{'), None) => open = Some(i),
                (_, Some(start)) => {
                    slots.push((start, i + 1));
                    open = None;
                }
                (_, None) => {}
            }
        }
        Template {
            text: text.into(),
            fixed: (!text.contains('{')).then(|| intern(text)),
            slots: alternate.then(|| slots.into_boxed_slice()),
        }
    }

    /// The template with each `{name}` replaced by the value given for `name` (the first
    /// such argument); unknown ones are left as written. Placeholders are replaced one
    /// argument after the other (see [`fill_in_turn`]), so a value that itself holds a later
    /// argument's placeholder gets it replaced too. Without braces in the values and the
    /// names (and in a template whose braces alternate), no replacement can make a
    /// placeholder that was not in the template: then the template's own placeholders are
    /// filled in one pass, into a string of the final length.
    pub fn fill(&self, args: &[(&str, &str)]) -> Text {
        if let Some(fixed) = self.fixed {
            return Text::Borrowed(fixed);
        }
        // Names are short: a plain loop costs less than a vectorised search's setup; values
        // (a quoted line, a list of names) are often long enough for the search to pay.
        let braces = |s: &str| match s.len() {
            0..16 => s.bytes().any(|b| matches!(b, b'{' | b'}')),
            _ => memchr::memchr2(b'{', b'}', s.as_bytes()).is_some(),
        };
        let cut = |v: &str| v.len() > MAX_ARG_CHARS && v.chars().nth(MAX_ARG_CHARS).is_some();
        match &self.slots {
            Some(slots)
                if !args
                    .iter()
                    .any(|(name, value)| braces(name) || braces(value) || cut(value)) =>
            {
                Text::Owned(self.fill_slots(slots, args))
            }
            _ => Text::Owned(fill_in_turn(&self.text, args)),
        }
    }

    /// The one pass of [`Template::fill`].
    fn fill_slots(&self, slots: &[(usize, usize)], args: &[(&str, &str)]) -> String {
        let text = &*self.text;
        let value = |&(start, end): &(usize, usize)| {
            let name = text.get(start + 1..end - 1)?;
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        };
        let mut len = text.len();
        for slot in slots {
            if let Some(v) = value(slot) {
                len = len - (slot.1 - slot.0) + v.len();
            }
        }
        let mut out = String::with_capacity(len);
        let mut at = 0;
        for slot in slots {
            if let Some(v) = value(slot) {
                out.push_str(text.get(at..slot.0).unwrap_or(""));
                out.push_str(v);
                at = slot.1;
            }
        }
        out.push_str(text.get(at..).unwrap_or(""));
        out
    }
}

/// The template filled as first written: each argument's placeholders replaced in turn, its
/// value cut after [`MAX_ARG_CHARS`] characters. What [`Template::fill`] falls back to, and
/// its reference.
fn fill_in_turn(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        let value = match value.char_indices().nth(MAX_ARG_CHARS) {
            Some((cut, _)) => format!("{}…", &value[..cut]),
            None => (*value).to_string(),
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_agrees_with_replacing_each_argument_in_turn() {
        let long = "é".repeat(MAX_ARG_CHARS + 3);
        let templates = [
            "",
            "plain",
            "{a}",
            "the {a} of {b}, {a} again",
            "{b}{a}{c}",
            "{unknown} and {a}",
            "{{a}}",
            "{x{a}y}",
            "{a}b}",
            "}{a}{",
            "{a",
            "a}",
            "{}",
            "{a}{}",
            "{a}}{b}",
            "Mục {a} – “{b}”",
        ];
        let arg_sets: [&[(&str, &str)]; 9] = [
            &[],
            &[("a", "1")],
            &[("a", "1"), ("b", "two words")],
            &[("a", "{b}"), ("b", "X")],
            &[("a", "b"), ("b", "X")],
            &[("a", "1"), ("a", "2")],
            &[("", "empty"), ("a", "}")],
            &[("a", &long), ("b", "Đích")],
            &[("b", "{"), ("c", "z"), ("a", "y")],
        ];
        crate::test_inputs::assert_agree_on_pairs(
            &templates,
            &arg_sets,
            |template, args| Template::new(template).fill(args).into_owned(),
            |template, args| fill_in_turn(template, args),
        );
    }

    #[test]
    fn one_pass_is_taken_for_plain_templates_and_values_and_sized_exactly() {
        let t = Template::new("the {a} of {b}");
        let filled = t.fill(&[("a", "x"), ("b", "yz")]);
        let Text::Owned(filled) = filled else {
            panic!("a template with placeholders borrowed");
        };
        assert_eq!((filled.as_str(), filled.capacity()), ("the x of yz", 11));
        assert_eq!(t.slots.as_deref(), Some(&[(4, 7), (11, 14)][..]));
        assert!(Template::new("{{a}}").slots.is_none());
        assert!(Template::new("plain").fixed.is_some());
        assert!(matches!(
            Template::new("plain").fill(&[("a", "x")]),
            Text::Borrowed("plain")
        ));
    }
}
