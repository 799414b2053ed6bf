//! Cues that hold no speech: "..." (a recogniser's or a subtitler's mark
//! for silence) and sound descriptions ("[Musique]", "(rires)", "♪ ... ♪").
//! Merged into a cue of speech they read as words someone said, so the
//! first are dropped and the second stand alone, or go with
//! `--drop-sounds`.

/// What a cue without speech holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// Dots, an ellipsis or a dash alone: nothing to show.
    Silence,
    /// A bracketed or sung description of a sound.
    Sound,
}

/// The kind of `text` (tags already removed), if it holds no speech.
pub fn of(text: &str) -> Option<Placeholder> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.chars()
        .all(|c| matches!(c, '.' | '…' | '-' | '–' | '—' | ' '))
    {
        return Some(Placeholder::Silence);
    }
    let bracketed = |open: char, close: char| {
        t.starts_with(open)
            && t.ends_with(close)
            && t[open.len_utf8()..].find(close)
                == Some(t.len() - open.len_utf8() - close.len_utf8())
    };
    if bracketed('[', ']')
        || bracketed('(', ')')
        || (t.starts_with('♪') && t.ends_with('♪'))
        || t == "♪"
    {
        return Some(Placeholder::Sound);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(of("..."), Some(Placeholder::Silence));
        assert_eq!(of(" … "), Some(Placeholder::Silence));
        assert_eq!(of("[Musique]"), Some(Placeholder::Sound));
        assert_eq!(of("(rires)"), Some(Placeholder::Sound));
        assert_eq!(of("♪ la la ♪"), Some(Placeholder::Sound));
        assert_eq!(of("[Narrateur] Il était une fois"), None);
        assert_eq!(of("(rires) et puis (applaudissements)"), None);
        assert_eq!(of("Bon... ben voilà"), None);
    }
}
