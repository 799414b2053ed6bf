//! Inline subtitle markup: which `<...>` runs are tags, and WebVTT's
//! character references. One definition, shared by the readers, the writers
//! and the dictionary matcher (which must never edit inside a tag).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::timestamp::Timestamp;

/// Tags of SRT (`<i> <b> <u> <font ...>`), WebVTT (`<c.class> <v Name>
/// <lang en> <ruby> <rt>` and timestamp tags), TTML's `<span ...>`, opening
/// or closing, and ASS override blocks (`{\i1}`, `{\an8}`, `{\k20}`), which
/// SRT files carry too.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"</?(?:[ibu]|c|v|lang|ruby|rt|font|span)(?:[.\s][^<>\n]*)?>|<\d{1,}:\d{2}(?::\d{2})?\.\d{3}>|\{\\[^{}\n]*\}",
    )
    .expect("tag pattern is valid")
});

/// Tags only WebVTT knows; dropped when writing SRT.
static VTT_ONLY_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"</?(?:c|v|lang|ruby|rt)(?:[.\s][^<>\n]*)?>|<\d{1,}:\d{2}(?::\d{2})?\.\d{3}>")
        .expect("tag pattern is valid")
});

/// Byte ranges of the tags in `text`.
pub fn tags(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    TAG.find_iter(text).map(|m| m.range())
}

/// The text with every tag removed: what a viewer reads.
pub fn strip_tags(text: &str) -> String {
    strip_tags_borrowed(text).into_owned()
}

/// As [`strip_tags`], without a copy of text that holds no tag (most
/// text): for counting what is shown.
pub fn strip_tags_borrowed(text: &str) -> Cow<'_, str> {
    if !may_open_tag(text) {
        return Cow::Borrowed(text);
    }
    TAG.replace_all(text, "")
}

/// Whether `text` holds what may open a tag or an ASS override block
/// (`<`, `{`): text without either holds no markup.
pub fn may_open_tag(text: &str) -> bool {
    memchr::memchr2(b'<', b'{', text.as_bytes()).is_some()
}

/// The text with WebVTT-only tags removed, for writing SRT.
pub fn strip_vtt_only_tags(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    VTT_ONLY_TAG.replace_all(text, "").into_owned()
}

/// The text with its markup in the forms SRT or WebVTT players know: a
/// TTML `<span>` styled italic, bold or underlined becomes `<i>`, `<b>` or
/// `<u>` (other spans go), ASS's `{\i1}` ... `{\i0}` likewise; WebVTT
/// drops the other ASS blocks, SRT keeps them (players read `{\an8}`) and
/// drops WebVTT-only tags.
pub fn for_output(text: &str, vtt: bool) -> String {
    if !text.contains(['<', '{']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut spans: Vec<Option<&'static str>> = Vec::new();
    let mut last = 0;
    for range in tags(text) {
        out.push_str(&text[last..range.start]);
        last = range.end;
        let tag = &text[range];
        if tag.starts_with("<span") {
            let style = [
                ("fontStyle=\"italic\"", "i"),
                ("fontWeight=\"bold\"", "b"),
                ("textDecoration=\"underline\"", "u"),
            ]
            .iter()
            .find(|(attr, _)| tag.contains(attr))
            .map(|(_, name)| *name);
            if let Some(name) = style {
                out.push_str(&format!("<{name}>"));
            }
            spans.push(style);
        } else if tag == "</span>" {
            if let Some(Some(name)) = spans.pop() {
                out.push_str(&format!("</{name}>"));
            }
        } else if let Some(inner) = tag.strip_prefix("{\\").and_then(|t| t.strip_suffix('}')) {
            match inner {
                "i1" | "b1" | "u1" => out.push_str(&format!("<{}>", &inner[..1])),
                "i0" | "b0" | "u0" => out.push_str(&format!("</{}>", &inner[..1])),
                _ if vtt => {}
                _ => out.push_str(tag),
            }
        } else if vtt || !VTT_ONLY_TAG.is_match(tag) {
            out.push_str(tag);
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The time of a timestamp tag such as `<00:00:01.000>`.
pub fn timestamp_tag(tag: &str) -> Option<Timestamp> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    match Timestamp::parse_prefix(inner) {
        Ok((parsed, len)) if len == inner.len() => Some(parsed.time),
        _ => None,
    }
}

/// Decodes WebVTT character references outside tags.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    const ENTITIES: [(&str, &str); 6] = [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&nbsp;", "\u{a0}"),
        ("&lrm;", "\u{200e}"),
        ("&rlm;", "\u{200f}"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &rest[name.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// No-break spaces and direction marks as WebVTT's character references,
/// for a file that writes them so (`Spelling::entities`).
pub fn entities_for_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\u{a0}', '\u{200e}', '\u{200f}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{a0}' => out.push_str("&nbsp;"),
            '\u{200e}' => out.push_str("&lrm;"),
            '\u{200f}' => out.push_str("&rlm;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Escapes `&`, and `<` `>` that are not part of a tag, for WebVTT.
pub fn escape_vtt(text: &str) -> String {
    if !text.contains(['&', '<', '>']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    let escape = |s: &str, out: &mut String| {
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    };
    for tag in tags(text) {
        escape(&text[last..tag.start], &mut out);
        out.push_str(&text[tag.clone()]);
        last = tag.end;
    }
    escape(&text[last..], &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_srt_and_vtt_tags_but_not_comparisons() {
        let text = "<i>a</i> <v Kevin>b</v> <c.yellow>c</c><00:00:01.000> x < y > z";
        assert_eq!(strip_tags(text), "a b c x < y > z");
        let text = "{\\an8}<span tts:color=\"yellow\">a</span> {b} {\\i1}c{\\i0}";
        assert_eq!(strip_tags(text), "a {b} c");
    }

    #[test]
    fn markup_for_players() {
        let ttml = "<span tts:fontStyle=\"italic\">Sili<span style=\"s1\">cium</span></span>";
        assert_eq!(for_output(ttml, true), "<i>Silicium</i>");
        assert_eq!(
            for_output("{\\an8}{\\i1}oui{\\i0}", false),
            "{\\an8}<i>oui</i>"
        );
        assert_eq!(for_output("{\\an8}{\\i1}oui{\\i0}", true), "<i>oui</i>");
        assert_eq!(for_output("<v A><c.x>oui</c>", false), "oui");
        assert_eq!(for_output("<v A><c.x>oui</c>", true), "<v A><c.x>oui</c>");
    }

    #[test]
    fn escape_and_decode_round_trip_outside_tags() {
        let text = "<i>R&D</i> a < b";
        let escaped = escape_vtt(text);
        assert_eq!(escaped, "<i>R&amp;D</i> a &lt; b");
        assert_eq!(decode_entities(&escaped), text);
    }

    #[test]
    fn timestamp_tags_give_their_time() {
        assert_eq!(timestamp_tag("<00:00:01.500>"), Some(Timestamp(1500)));
        assert_eq!(timestamp_tag("<i>"), None);
    }
}
