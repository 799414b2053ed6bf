//! Cues that hold no speech: "..." (a recogniser's or a subtitler's mark
//! for silence) and sound descriptions ("[Musique]", "(rires)", "♪ ... ♪").
//! Merged into a cue of speech they read as words someone said, so the
//! first are dropped and the second stand alone, or go with
//! `--drop-sounds`. A sound's name alone in a cue, without brackets, as
//! Whisper writes music in French ("Musique", wild file 59: "à tout de
//! suite. Musique" was one subtitle), stands alone too; but someone may
//! answer "Music.", so it is never dropped.

/// What a cue without speech holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// Dots, an ellipsis or a dash alone: nothing to show.
    Silence,
    /// A bracketed or sung description of a sound.
    Sound,
    /// A sound's name alone, unbracketed ("Musique", "Applause."): most
    /// likely a label, maybe a word said.
    Label,
}

/// Names of sounds recognisers write alone in a segment, lower case:
/// French, English, German, Dutch, Spanish and Italian (the reference's
/// hallucination lists: "Musique", "Applaudissements", "Rires"; "music",
/// "applause"; Dutch "Muziek", "Applaus").
const LABELS: &[&str] = &[
    "musique",
    "applaudissements",
    "rires",
    "music",
    "applause",
    "laughter",
    "musik",
    "applaus",
    "gelächter",
    "muziek",
    "música",
    "aplausos",
    "risas",
    "musica",
    "applausi",
    "risate",
];

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
    let word = t.trim_end_matches(['.', '!']);
    if word.len() <= 20 && LABELS.contains(&word.to_lowercase().as_str()) {
        return Some(Placeholder::Label);
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
        assert_eq!(of("Musique"), Some(Placeholder::Label));
        assert_eq!(of(" Applause. "), Some(Placeholder::Label));
        assert_eq!(of("MÚSICA!"), Some(Placeholder::Label));
        assert_eq!(of("De la musique"), None);
        assert_eq!(of("Musique classique."), None);
    }
}
