//! YouTube srv3. A transcript read from srv3 comes back byte for byte
//! except where the clean changed it: a changed event's `<s>` segments
//! are written from its words (a segment whose word is unchanged is copied
//! as it was; a word the clean merged keeps its first segment's
//! attributes), a changed time rewrites `t` and `d`, a removed event goes
//! with the line it stood on. Anything else becomes a new srv3 document:
//! one `<p t d>` per cue, `<s>` per word when the cue has word times.

use std::fmt::Write;

use crate::error::Result;
use crate::format::Format;
use crate::markup;
use crate::read::srv3::{Event3, Srv3Layout};
use crate::read::xml::escape;
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, Transcript};

use super::ttml::{apply, cue_of};

pub fn render(transcript: &Transcript) -> Result<String> {
    Ok(match &transcript.layout {
        Layout::Srv3(layout) => lossless(transcript, layout),
        _ => fresh(transcript),
    })
}

fn lossless(transcript: &Transcript, layout: &Srv3Layout) -> String {
    let mut edits = Vec::new();
    for (event, cue) in layout
        .paragraphs
        .iter()
        .zip(cue_of(transcript, layout.paragraphs.len()))
    {
        let Some((read_start, read_end)) = event.times else {
            continue; // never a cue: as it was
        };
        let Some(cue) = cue else {
            edits.push((event.removal_start..event.element.end, String::new()));
            continue;
        };
        let start = cue.start.unwrap_or(read_start);
        let end = cue.end.unwrap_or(read_end).max(start);
        let mut added = String::new();
        if start != read_start {
            match &event.t {
                Some(t) => edits.push((t.clone(), start.0.to_string())),
                None => {
                    let _ = write!(added, " t=\"{}\"", start.0);
                }
            }
        }
        if end.0 - start.0 != read_end.0.saturating_sub(read_start.0) {
            match &event.d {
                Some(d) => edits.push((d.clone(), (end.0 - start.0).to_string())),
                None => {
                    let _ = write!(added, " d=\"{}\"", end.0 - start.0);
                }
            }
        }
        if !added.is_empty() {
            edits.push((event.attributes_end..event.attributes_end, added));
        }
        if cue.text != event.text {
            let content = content(&layout.source, event, cue, start);
            if event.self_closing {
                edits.push((
                    event.attributes_end..event.element.end,
                    format!(">{content}</p>"),
                ));
            } else {
                edits.push((event.content.clone(), content));
            }
        }
    }
    apply(&layout.source, edits)
}

/// A word to write: its text, start and the segment it came from.
struct NewWord<'a> {
    text: &'a str,
    start: Option<Timestamp>,
    segment: Option<usize>,
}

/// The content of an event whose text changed.
fn content(source: &str, event: &Event3, cue: &Cue, start: Timestamp) -> String {
    let mut out = String::new();
    if event.segments.is_empty() || event.loose_text {
        escape(&cue.text, true, &mut out);
        return out;
    }
    // The clean's words when they still spell the text; else the text cut
    // before each run of spaces, as YouTube's segments are (" word").
    let joined: String = cue.words.iter().map(|w| w.text.as_str()).collect();
    let words: Vec<NewWord> = if !cue.words.is_empty() && joined == cue.text {
        cue.words
            .iter()
            .map(|w| NewWord {
                text: &w.text,
                start: w.start,
                segment: w.source_index.filter(|&i| i < event.segments.len()),
            })
            .collect()
    } else {
        pieces(&cue.text)
            .map(|text| NewWord {
                text,
                start: None,
                segment: None,
            })
            .collect()
    };
    let old: Vec<&str> = event.segments.iter().map(|s| s.text.as_str()).collect();
    let new: Vec<&str> = words.iter().map(|w| w.text).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal
            && words[new_range.clone()]
                .iter()
                .zip(&event.segments[old_range.clone()])
                .all(|(w, s)| w.start.is_none_or(|t| t == s.start))
        {
            let (first, last) = (
                &event.segments[old_range.start],
                &event.segments[old_range.end - 1],
            );
            out.push_str(&source[first.element.start..last.element.end]);
            continue;
        }
        // Changed words: each one with a segment of its own (its own, one
        // of the same word, or the run's first) or a start, in its own
        // segment; the others joined to the segment before them.
        let mut open = false;
        let mut used = vec![false; old_range.len()];
        for (j, word) in words[new_range.clone()].iter().enumerate() {
            let same_word = || {
                old_range.clone().zip(&used).find_map(|(i, &u)| {
                    (!u && event.segments[i].text.trim() == word.text.trim()).then_some(i)
                })
            };
            let first_free = || {
                (j == 0)
                    .then(|| old_range.clone().zip(&used).find(|(_, u)| !**u))
                    .flatten()
                    .map(|(i, _)| i)
            };
            let index = word
                .segment
                .or_else(|| word.start.is_none().then(same_word).flatten())
                .or_else(first_free);
            if let Some(i) = index
                && let Some(u) = i.checked_sub(old_range.start).and_then(|k| used.get_mut(k))
            {
                *u = true;
            }
            let segment = index.map(|i| &event.segments[i]);
            if open && word.start.is_none() && segment.is_none() {
                escape(word.text, true, &mut out);
                continue;
            }
            if open {
                out.push_str("</s>");
            }
            let offset = word
                .start
                .or(segment.map(|s| s.start))
                .map(|t| t.0.saturating_sub(start.0));
            match segment {
                Some(s) => {
                    let tag = &source[s.start_tag.clone()];
                    match (&s.t, offset) {
                        (Some(t), Some(offset)) if word.start.is_some_and(|w| w != s.start) => {
                            let at = t.start - s.start_tag.start;
                            let len = t.end - t.start;
                            let _ = write!(out, "{}{offset}{}", &tag[..at], &tag[at + len..]);
                        }
                        (None, Some(offset))
                            if offset > 0 && word.start.is_some_and(|w| w != s.start) =>
                        {
                            let _ = write!(out, "<s t=\"{offset}\"{}", &tag[2..]);
                        }
                        _ => out.push_str(tag),
                    }
                }
                None => match offset {
                    Some(offset) if offset > 0 => {
                        let _ = write!(out, "<s t=\"{offset}\">");
                    }
                    _ => out.push_str("<s>"),
                },
            }
            escape(word.text, true, &mut out);
            open = true;
        }
        if open {
            out.push_str("</s>");
        }
    }
    out
}

/// The text cut before each run of white space.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut cuts = vec![0];
    let mut previous_space = true;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if space && !previous_space {
            cuts.push(i);
        }
        previous_space = space;
    }
    cuts.push(text.len());
    cuts.dedup();
    (0..cuts.len() - 1)
        .map(move |k| &text[cuts[k]..cuts[k + 1]])
        .filter(|p| !p.is_empty())
}

/// A new srv3 document.
fn fresh(transcript: &Transcript) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\">\n<body>\n",
    );
    for cue in &transcript.cues {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        let _ = write!(
            out,
            "<p t=\"{}\" d=\"{}\">",
            start.0,
            end.0.saturating_sub(start.0)
        );
        let text = shown(transcript, &cue.text);
        let words: Vec<(String, Timestamp)> = cue
            .words
            .iter()
            .filter_map(|w| Some((markup::strip_tags(&w.text), w.start?)))
            .collect();
        let joined: String = words.iter().map(|(t, _)| t.as_str()).collect();
        let timed = !words.is_empty()
            && words.len() == cue.words.len()
            && joined.trim() == text.trim()
            && !text.contains('\n');
        if timed {
            for (i, (word, at)) in words.iter().enumerate() {
                let word = if i == 0 { word.trim_start() } else { word };
                match at.0.saturating_sub(start.0) {
                    0 if i == 0 => out.push_str("<s>"),
                    offset => {
                        let _ = write!(out, "<s t=\"{offset}\">");
                    }
                }
                escape(word, true, &mut out);
                out.push_str("</s>");
            }
        } else {
            escape(&text, true, &mut out);
        }
        out.push_str("</p>\n");
    }
    out.push_str("</body>\n</timedtext>\n");
    out
}

/// What a viewer reads of a cue: no tags, no leading space (Whisper's).
fn shown(transcript: &Transcript, text: &str) -> String {
    let text = markup::strip_tags(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| {
            if matches!(transcript.format, Format::Json | Format::Console) {
                l.trim()
            } else {
                l.trim_end()
            }
        })
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Mode, parse};

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\">\n<body>\n<p t=\"0\" d=\"1000\">[Musique]</p>\n<p t=\"1000\" d=\"2000\"><s ac=\"1\">d&#39;andrej</s><s t=\"500\" ac=\"2\"> carpathy</s><s t=\"900\" ac=\"3\"> et</s></p>\n</body>\n</timedtext>";

    #[test]
    fn unchanged_is_byte_for_byte() {
        let t = parse(DOC, Format::Srv3, Mode::Strict).unwrap().transcript;
        assert_eq!(render(&t).unwrap(), DOC);
    }

    #[test]
    fn merged_words_keep_their_first_segment() {
        let mut t = parse(DOC, Format::Srv3, Mode::Strict).unwrap().transcript;
        t.cues.remove(0);
        let cue = &mut t.cues[0];
        cue.text = "d'Andrej Karpathy et".into();
        cue.words[0].text = "d'Andrej Karpathy".into();
        cue.words.remove(1);
        let out = render(&t).unwrap();
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\">\n<body>\n<p t=\"1000\" d=\"2000\"><s ac=\"1\">d&#39;Andrej Karpathy</s><s t=\"900\" ac=\"3\"> et</s></p>\n</body>\n</timedtext>"
        );
    }

    #[test]
    fn text_without_words_is_cut_at_spaces() {
        assert_eq!(pieces("a  bc\nd").collect::<Vec<_>>(), ["a", "  bc", "\nd"]);
    }
}
