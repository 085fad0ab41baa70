//! What several checks derive from the same page, computed at most once per page, on first
//! use: its prose (and the prose lowered for the text-pattern screens), the dates written
//! in that prose, its speaker list and where its images resolve. Five speaker rules, three
//! body-date rules, two text-pattern rules and seven image rules read them; without this
//! each rule would rebuild them. Not a check kind.

use std::cell::OnceCell;

use crate::checks::body_date_scan::{self, BodyDate};
use crate::checks::image_resolve::Resolution;
use crate::checks::images;
use crate::checks::prose::prose;
use crate::checks::speaker_list::{self, SpeakerList};
use crate::document::Document;
use crate::rules::patterns::{self, ScreenSet};
use crate::sections::Section;
use crate::site::Site;

/// One page's derived values; lives as long as that page's checks run.
#[derive(Debug, Default)]
pub struct Derived {
    prose: OnceCell<String>,
    screened_prose: OnceCell<Vec<u8>>,
    first_words: OnceCell<Option<u64>>,
    body_dates: OnceCell<Vec<BodyDate>>,
    speakers: OnceCell<SpeakerList>,
    image_resolutions: OnceCell<Vec<Option<Resolution>>>,
}

impl Derived {
    /// The page's prose (see [`prose`]).
    pub fn prose(&self, doc: &Document) -> &str {
        self.prose.get_or_init(|| prose(doc))
    }

    /// The page's prose lowered for the text-pattern screens (see
    /// [`patterns::screen_text`]), once for all the rules that screen it.
    pub fn screened_prose(&self, doc: &Document) -> &[u8] {
        self.screened_prose
            .get_or_init(|| patterns::screen_text(self.prose(doc)))
    }

    /// Which of the rule set's screens' first words the screened prose has (see
    /// [`ScreenSet::found`]): one search of it for all the rules that screen it.
    pub fn first_words(&self, doc: &Document, screens: &ScreenSet) -> Option<u64> {
        *self
            .first_words
            .get_or_init(|| screens.found(self.screened_prose(doc)))
    }

    /// The dates written in the page's prose.
    pub fn body_dates(&self, doc: &Document) -> &[BodyDate] {
        self.body_dates
            .get_or_init(|| body_date_scan::scan(self.prose(doc)))
    }

    /// How each of the page's images resolves (see [`images::resolve_all`]).
    pub fn image_resolutions(&self, doc: &Document, site: Option<&Site>) -> &[Option<Resolution>] {
        self.image_resolutions
            .get_or_init(|| images::resolve_all(doc, site))
    }

    /// The entries of the page's speakers section, `section`. A page has one speakers
    /// section, so the list is kept for the section of the first call.
    pub fn speakers(&self, doc: &Document, section: &Section) -> &SpeakerList {
        self.speakers
            .get_or_init(|| speaker_list::parse(doc, section))
    }
}
