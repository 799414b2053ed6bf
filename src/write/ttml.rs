//! TTML. A transcript read from TTML comes back byte for byte except where
//! the clean changed it: a changed paragraph's text (only the characters
//! that changed; the rest keeps its spelling, entities and line layout),
//! a changed time (in the syntax it was written in), a removed paragraph
//! (with the indentation in front of it). Anything else becomes a new IMSC
//! 1.1 Text Profile document: SRT/WebVTT `<i>`, `<b>`, `<u>` become
//! styled `<span>`s, other tags are dropped, speakers become `ttm:agent`s.

use std::fmt::Write;
use std::ops::Range;

use crate::error::Result;
use crate::markup;
use crate::read::ttml::{Paragraph, TtmlLayout, format_time};
use crate::read::xml::{escape, escape_attribute, shown_text};
use crate::timestamp::Timestamp;
use crate::transcript::{Cue, Layout, Transcript};

use super::display_lines;

pub fn render(transcript: &Transcript) -> Result<String> {
    Ok(match &transcript.layout {
        Layout::Ttml(layout) => lossless(transcript, layout),
        _ => fresh(transcript),
    })
}

/// The cue of each element of the source (by `source_index`), if any is left.
pub(crate) fn cue_of(transcript: &Transcript, elements: usize) -> Vec<Option<&Cue>> {
    let mut cue_of: Vec<Option<&Cue>> = vec![None; elements];
    for cue in &transcript.cues {
        if let Some(slot) = cue.source_index.and_then(|i| cue_of.get_mut(i))
            && slot.is_none()
        {
            *slot = Some(cue);
        }
    }
    cue_of
}

/// Applies edits, sorted by start and not overlapping, to `source`.
pub(crate) fn apply(source: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(source.len() + 64);
    let mut last = 0;
    for (range, text) in edits {
        if range.start < last {
            continue; // never happens: each paragraph edits its own bytes
        }
        out.push_str(&source[last..range.start]);
        out.push_str(&text);
        last = range.end;
    }
    out.push_str(&source[last..]);
    out
}

fn lossless(transcript: &Transcript, layout: &TtmlLayout) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let cues = cue_of(transcript, layout.paragraphs.len());
    for (para, cue) in layout.paragraphs.iter().zip(cues) {
        let Some(times) = &para.times else {
            continue; // never a cue (its time did not parse): as it was
        };
        let Some(cue) = cue else {
            edits.push((para.removal_start..para.element.end, String::new()));
            continue;
        };
        let (start, end) = (
            cue.start.unwrap_or(times.start),
            cue.end.unwrap_or(times.end),
        );
        let mut added = String::new();
        if start != times.start {
            let value = Timestamp(start.0.saturating_sub(times.base.0));
            match times.begin {
                Some(attr) => edits.push((
                    attr.value_start..attr.value_end,
                    format_time(value, attr.syntax, layout.clock),
                )),
                None => {
                    let _ = write!(added, " begin=\"{}\"", value.vtt());
                }
            }
        }
        if end != times.end || (start != times.start && times.dur.is_some()) {
            if let Some(attr) = times.end_attr {
                let value = Timestamp(end.0.saturating_sub(times.base.0));
                edits.push((
                    attr.value_start..attr.value_end,
                    format_time(value, attr.syntax, layout.clock),
                ));
            }
            if let Some(attr) = times.dur {
                let value = Timestamp(end.0.saturating_sub(start.0));
                edits.push((
                    attr.value_start..attr.value_end,
                    format_time(value, attr.syntax, layout.clock),
                ));
            }
            if times.end_attr.is_none() && times.dur.is_none() {
                let value = Timestamp(end.0.saturating_sub(times.base.0));
                let _ = write!(added, " end=\"{}\"", value.vtt());
            }
        }
        if !added.is_empty() {
            edits.push((para.attributes_end..para.attributes_end, added));
        }
        if cue.text != para.text {
            let content = content(layout, para, &cue.text);
            if para.self_closing {
                let p = format!("{}p", layout.prefix);
                let tag_end = para.element.end;
                edits.push((para.attributes_end..tag_end, format!(">{content}</{p}>")));
            } else {
                edits.push((para.content.clone(), content));
            }
        }
    }
    apply(&layout.source, edits)
}

/// The content of a paragraph whose text became `new`: the runs of text
/// that did not change are copied as they were written, the rest is
/// written anew. Checked by reading it back; should that give another
/// text, the whole content is written anew.
fn content(layout: &TtmlLayout, para: &Paragraph, new: &str) -> String {
    let old_tokens = tokens(&para.text);
    let new_tokens = tokens(new);
    // Where each old token starts in the source (its first character's
    // start), and the content's end after the last one.
    let mut raw_of_token = Vec::with_capacity(old_tokens.len() + 1);
    let mut char_index = 0;
    for (i, token) in old_tokens.iter().enumerate() {
        let raw = if i == 0 {
            para.content.start
        } else {
            para.raw_starts
                .get(char_index)
                .copied()
                .unwrap_or(para.content.end)
        };
        raw_of_token.push(raw);
        char_index += token.chars().count();
    }
    raw_of_token.push(para.content.end);
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &old_tokens,
        &new_tokens,
        Some(deadline),
    );
    let mut out = String::new();
    let mut pending: Vec<&str> = Vec::new();
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        // A short run that stayed between two changes is rewritten with
        // them, so a changed word is not written back a letter at a time.
        let short = old.len() < 4 && !pending.is_empty();
        if tag == similar::DiffTag::Equal && !short {
            write_new(layout, &pending, &mut out);
            pending.clear();
            let source = &layout.source;
            out.push_str(&source[raw_of_token[old.start]..raw_of_token[old.end]]);
        } else {
            pending.extend(&new_tokens[new]);
        }
    }
    write_new(layout, &pending, &mut out);
    if shown_text(&out, para.preserve).as_deref() == Some(new) {
        return out;
    }
    let mut fresh = String::new();
    write_new(layout, &new_tokens, &mut fresh);
    fresh
}

/// Tags and single characters: a tag is never cut by a diff.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for tag in markup::tags(text) {
        out.extend(char_slices(&text[last..tag.start]));
        out.push(&text[tag.clone()]);
        last = tag.end;
    }
    out.extend(char_slices(&text[last..]));
    out
}

fn char_slices(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices()
        .map(move |(i, c)| &text[i..i + c.len_utf8()])
}

/// Writes cue text as paragraph content: `<span>` tags as they are
/// (with the document's prefix), a line feed as the document's `<br/>`,
/// the rest escaped.
fn write_new(layout: &TtmlLayout, tokens: &[&str], out: &mut String) {
    for token in tokens {
        if *token == "\n" {
            out.push_str(&layout.line_break);
        } else if let Some(rest) = token.strip_prefix("<span").filter(|_| token.len() > 1) {
            let _ = write!(out, "<{}span{rest}", layout.prefix);
        } else if let Some(rest) = token.strip_prefix("</span") {
            let _ = write!(out, "</{}span{rest}", layout.prefix);
        } else {
            escape(token, false, out);
        }
    }
}

const NAMESPACES: &str = concat!(
    " xmlns=\"http://www.w3.org/ns/ttml\"",
    " xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\"",
    " xmlns:tts=\"http://www.w3.org/ns/ttml#styling\"",
    " xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\"",
);

/// A new IMSC 1.1 Text Profile document.
fn fresh(transcript: &Transcript) -> String {
    let mut speakers: Vec<&str> = Vec::new();
    for cue in &transcript.cues {
        if let Some(s) = cue.speaker.as_deref().filter(|s| !s.trim().is_empty())
            && !speakers.contains(&s)
        {
            speakers.push(s);
        }
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // xml:lang "" says the language is not known (XML 1.0 §2.12).
    let _ = writeln!(
        out,
        "<tt{NAMESPACES} ttp:contentProfiles=\"http://www.w3.org/ns/ttml/profile/imsc1.1/text\" ttp:timeBase=\"media\" xml:lang=\"\">"
    );
    out.push_str("  <head>\n");
    if !speakers.is_empty() {
        out.push_str("    <metadata>\n");
        for (i, name) in speakers.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <ttm:agent type=\"person\" xml:id=\"speaker{}\">\n        <ttm:name type=\"full\">{}</ttm:name>\n      </ttm:agent>",
                i + 1,
                escape_attribute(name.trim())
            );
        }
        out.push_str("    </metadata>\n");
    }
    out.push_str(concat!(
        "    <styling>\n",
        "      <style xml:id=\"default\" tts:fontFamily=\"proportionalSansSerif\" tts:fontSize=\"100%\" tts:textAlign=\"center\" tts:color=\"white\" tts:backgroundColor=\"rgba(0,0,0,0.8)\"/>\n",
        "    </styling>\n",
        "    <layout>\n",
        "      <region xml:id=\"bottom\" tts:origin=\"10% 10%\" tts:extent=\"80% 80%\" tts:displayAlign=\"after\"/>\n",
        "    </layout>\n",
        "  </head>\n",
        "  <body style=\"default\" region=\"bottom\">\n",
        "    <div>\n",
    ));
    for cue in &transcript.cues {
        let (Some(start), Some(end)) = (cue.start, cue.end) else {
            continue;
        };
        let _ = write!(
            out,
            "      <p begin=\"{}\" end=\"{}\"",
            start.vtt(),
            end.vtt()
        );
        if let Some(i) = cue
            .speaker
            .as_deref()
            .and_then(|s| speakers.iter().position(|k| *k == s))
        {
            let _ = write!(out, " ttm:agent=\"speaker{}\"", i + 1);
        }
        out.push('>');
        let lines: Vec<&str> = display_lines(transcript, cue, false).collect();
        out.push_str(&styled(&lines));
        out.push_str("</p>\n");
    }
    out.push_str("    </div>\n  </body>\n</tt>\n");
    out
}

/// What a styling tag of SRT or WebVTT becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Italic,
    Bold,
    Underline,
    /// A TTML `<span>` already.
    Span,
}

impl Style {
    fn open(self) -> &'static str {
        match self {
            Style::Italic => "<span tts:fontStyle=\"italic\">",
            Style::Bold => "<span tts:fontWeight=\"bold\">",
            Style::Underline => "<span tts:textDecoration=\"underline\">",
            Style::Span => "<span>",
        }
    }
}

/// Lines with their tags made TTML: `<i>` `<b>` `<u>` (and `<span>`s)
/// become balanced spans across the lines, every other tag is dropped.
fn styled(lines: &[&str]) -> String {
    let mut out = String::new();
    // (style, the tag that opened it as written, for spans)
    let mut open: Vec<(Style, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        let line = line.trim();
        let mut last = 0;
        for tag in markup::tags(line) {
            escape(&collapse(&line[last..tag.start]), false, &mut out);
            last = tag.end;
            let raw = &line[tag];
            let closing = raw.starts_with("</");
            let name: String = raw
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let style = match name.as_str() {
                "i" => Style::Italic,
                "b" => Style::Bold,
                "u" => Style::Underline,
                "span" => Style::Span,
                _ => continue,
            };
            if !closing {
                let written = if style == Style::Span && styling_only_span(raw) {
                    raw.to_string()
                } else {
                    style.open().to_string()
                };
                out.push_str(&written);
                open.push((style, written));
            } else if let Some(at) = open.iter().rposition(|(s, _)| *s == style) {
                // Close the ones opened inside it, then reopen them.
                let inner: Vec<(Style, String)> = open.drain(at..).skip(1).collect();
                for _ in 0..=inner.len() {
                    out.push_str("</span>");
                }
                for (_, written) in &inner {
                    out.push_str(written);
                }
                open.extend(inner);
            }
        }
        escape(&collapse(&line[last..]), false, &mut out);
    }
    for _ in &open {
        out.push_str("</span>");
    }
    out
}

/// Runs of white space as one space: what TTML shows anyway.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Whether a `<span ...>` tag from the text parses as a start tag whose
/// attributes are all inline styles (`tts:`): a `style` or `region` would
/// name what this document does not define.
fn styling_only_span(tag: &str) -> bool {
    let mut reader = quick_xml::Reader::from_str(tag);
    matches!(
        reader.read_event(),
        Ok(quick_xml::events::Event::Start(ref t))
            if t.attributes().all(|a| a.is_ok_and(|a| a.key.into_inner().starts_with("tts:")))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;
    use crate::read::{Mode, parse};

    const DOC: &str = "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:frameRate=\"25\">\n  <body>\n    <div>\n      <p begin=\"00:00:01:00\" dur=\"50f\">Un  &amp;\n        deux <span style=\"s\">Trois</span></p>\n      <p begin=\"3s\" end=\"4s\">quatre</p>\n    </div>\n  </body>\n</tt>\n";

    fn read(text: &str) -> Transcript {
        parse(text, Format::Ttml, Mode::Strict).unwrap().transcript
    }

    #[test]
    fn unchanged_is_byte_for_byte() {
        assert_eq!(render(&read(DOC)).unwrap(), DOC);
    }

    #[test]
    fn only_what_changed_is_written() {
        let mut t = read(DOC);
        assert_eq!(t.cues[0].text, "Un & deux <span style=\"s\">Trois</span>");
        t.cues[0].text = "Un & deux <span style=\"s\">3</span>".into();
        t.cues[0].end = Some(Timestamp(3500));
        t.cues.pop();
        let out = render(&t).unwrap();
        assert_eq!(
            out,
            DOC.replace("Trois", "3")
                .replace("dur=\"50f\"", "dur=\"63f\"")
                .replace("\n      <p begin=\"3s\" end=\"4s\">quatre</p>", "")
        );
        let back = read(&out);
        assert_eq!(back.cues[0].end, Some(Timestamp(3520)));
    }

    #[test]
    fn prefixed_documents_keep_their_prefix() {
        // EBU-TT writes every TTML element with a `tt:` prefix.
        let doc = "<tt:tt xmlns:tt=\"http://www.w3.org/ns/ttml\" xmlns:tts=\"http://www.w3.org/ns/ttml#styling\"><tt:body><tt:div><tt:p begin=\"1s\" end=\"2s\">la <tt:span tts:fontStyle=\"italic\">stick</tt:span>\n<tt:br/>search</tt:p></tt:div></tt:body></tt:tt>";
        let mut t = read(doc);
        assert_eq!(
            t.cues[0].text,
            "la <span tts:fontStyle=\"italic\">stick</span>\nsearch"
        );
        t.cues[0].text = "la <span tts:fontStyle=\"italic\">stick</span>\nsearch !".into();
        assert_eq!(render(&t).unwrap(), doc.replace("search<", "search !<"));
        t.cues[0].text = "<span tts:fontStyle=\"italic\">Elasticsearch</span>".into();
        assert_eq!(
            render(&t).unwrap(),
            doc.replace(
                "la <tt:span tts:fontStyle=\"italic\">stick</tt:span>\n<tt:br/>search",
                "<tt:span tts:fontStyle=\"italic\">Elasticsearch</tt:span>"
            )
        );
    }

    #[test]
    fn fresh_documents_convert_styles_and_stay_balanced() {
        assert_eq!(
            styled(&["<i>a <b>b", "c</i> d</b> <c.x>e</c> & <v Bob>f"]),
            "<span tts:fontStyle=\"italic\">a <span tts:fontWeight=\"bold\">b<br/>c</span></span><span tts:fontWeight=\"bold\"> d</span> e &amp; f"
        );
    }
}
