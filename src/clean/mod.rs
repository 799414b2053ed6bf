//! `clean`: the passes in order, each returning what it changed.
//! drop_lines -> blank lines (plain text) -> NFC and spaces -> dictionary.
//! The artifact and fuzzy passes slot in before the dictionary.

mod dictionary;
mod drop;
mod origin;
mod whitespace;
mod words;
mod working;

use crate::change::Change;
use crate::dict::{Dictionary, ExactMatcher};
use crate::error::Result;
use crate::format::Format;
use crate::transcript::{Cue, Transcript};

use working::Working;

/// A cleaned transcript and every change made to it, in input order.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub transcript: Transcript,
    pub changes: Vec<Change>,
}

/// A dictionary ready to clean transcripts with.
#[derive(Debug, Clone)]
pub struct Cleaner {
    dictionary: Dictionary,
    matcher: ExactMatcher,
}

impl Cleaner {
    pub fn new(dictionary: Dictionary) -> Result<Cleaner> {
        Cleaner::for_input_size(dictionary, 0)
    }

    /// As `new`, tuned for about `input_bytes` of input in all.
    pub fn for_input_size(dictionary: Dictionary, input_bytes: u64) -> Result<Cleaner> {
        let matcher = ExactMatcher::for_input_size(&dictionary, input_bytes)?;
        Ok(Cleaner {
            dictionary,
            matcher,
        })
    }

    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    pub fn clean(&self, transcript: Transcript) -> Cleaned {
        let mut changes = Vec::new();
        let Transcript {
            format,
            cues,
            preamble,
            source_json,
        } = transcript;
        let mut cues = Working::new(cues, |cue| cue_indent(format, cue));

        drop::drop_lines(
            &mut cues,
            &self.dictionary.artifacts.drop_lines,
            &mut changes,
        );
        if format == Format::Txt {
            whitespace::collapse_blank_lines(&mut cues, &mut changes);
        }
        for (cue, origin) in cues.iter_mut() {
            whitespace::normalise(cue, origin, &mut changes);
        }
        let edited = dictionary::correct(
            &mut cues,
            &self.dictionary,
            &self.matcher,
            format.has_markup(),
            &mut changes,
        );
        for group in &edited {
            let cue = &mut cues.cues[group.cue];
            words::realign(&mut cue.words, &group.old_text, &group.edits);
        }
        if edited.iter().any(|g| cues.origins[g.cue].lost_all_lines()) {
            remove_emptied(&mut cues);
        }
        let cues = cues.cues;
        changes.sort_by_key(|c| (c.line, c.column));
        Cleaned {
            transcript: Transcript {
                format,
                cues,
                preamble,
                source_json,
            },
            changes,
        }
    }
}

/// A cue whose whole text went to the canonical on the cue before it is
/// removed; its time goes to that cue, so the timeline has no hole.
fn remove_emptied(cues: &mut Working) {
    cues.retain(|cue, origin, previous| {
        if !origin.lost_all_lines() {
            return true;
        }
        if let Some(previous) = previous {
            previous.end = previous.end.max(cue.end);
        }
        false
    });
}

/// Characters before a cue's text on its first input line: TSV's two time
/// fields; everything else starts in column 1.
fn cue_indent(format: Format, cue: &Cue) -> usize {
    match (format, cue.start, cue.end) {
        (Format::Tsv, Some(s), Some(e)) => s.0.to_string().len() + e.0.to_string().len() + 2,
        _ => 0,
    }
}
