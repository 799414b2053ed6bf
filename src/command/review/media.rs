//! The recording named by `--media`, served to the page's player: its
//! type from its extension, and byte ranges, which browsers ask for to
//! seek (a player that cannot get a range cannot jump to a cue).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The one media file this review may serve.
pub struct Media {
    pub path: PathBuf,
    pub mime: &'static str,
    pub len: u64,
}

impl Media {
    /// Checks that `path` is a file that can be read.
    pub fn open(path: &Path) -> Result<Media> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
        if !meta.is_file() {
            return Err(Error::usage(
                "expected an audio or video file for --media, found something that is not a file",
            )
            .in_file(path));
        }
        File::open(path).map_err(|e| Error::io(path, &e))?;
        Ok(Media {
            path: path.to_path_buf(),
            mime: mime_of(path),
            len: meta.len(),
        })
    }

    /// Whether the page should show a video element rather than audio.
    pub fn is_video(&self) -> bool {
        self.mime.starts_with("video/")
    }

    /// The bytes of `range` (inclusive start, exclusive end).
    pub fn reader(&self, range: std::ops::Range<u64>) -> std::io::Result<impl Read + use<>> {
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(range.start))?;
        Ok(file.take(range.end - range.start))
    }
}

/// What a `Range` header asks of a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Wanted {
    /// No range (or one we do not serve partially, such as several): all.
    Whole,
    /// These bytes, exclusive end.
    Part(std::ops::Range<u64>),
    /// A range outside the file: 416.
    Unsatisfiable,
}

/// Reads a `Range: bytes=...` header (RFC 9110, 14.1.2): one range,
/// `a-b`, `a-` or `-n`. Several ranges get the whole file, as the RFC
/// allows; a malformed header is ignored, as it requires.
pub fn wanted(header: Option<&str>, len: u64) -> Wanted {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Wanted::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| s.parse::<u64>().ok();
    let range = match (first.is_empty(), last.is_empty()) {
        (true, true) => return Wanted::Whole,
        // The last n bytes.
        (true, false) => match number(last) {
            Some(0) => return Wanted::Unsatisfiable,
            Some(n) => len.saturating_sub(n)..len,
            None => return Wanted::Whole,
        },
        (false, _) => {
            let Some(start) = number(first) else {
                return Wanted::Whole;
            };
            let end = if last.is_empty() {
                len
            } else {
                match number(last) {
                    Some(l) if l >= start => l.saturating_add(1).min(len),
                    _ => return Wanted::Whole,
                }
            };
            if start >= len {
                return Wanted::Unsatisfiable;
            }
            start..end
        }
    };
    if range.is_empty() {
        Wanted::Unsatisfiable
    } else {
        Wanted::Part(range)
    }
}

/// The media type browsers need to pick a decoder, from the extension.
fn mime_of(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("mp3") => "audio/mpeg",
        Some("m4a" | "aac") => "audio/mp4",
        Some("wav") => "audio/wav",
        Some("ogg" | "oga" | "opus") => "audio/ogg",
        Some("flac") => "audio/flac",
        Some("weba") => "audio/webm",
        Some("mp4" | "m4v") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mkv") => "video/x-matroska",
        Some("mov") => "video/quicktime",
        Some("ogv") => "video/ogg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_rfc_9110_reads_them() {
        let w = |h: &str| wanted(Some(h), 1000);
        assert_eq!(w("bytes=0-499"), Wanted::Part(0..500));
        assert_eq!(w("bytes=500-"), Wanted::Part(500..1000));
        assert_eq!(w("bytes=-200"), Wanted::Part(800..1000));
        assert_eq!(w("bytes=900-5000"), Wanted::Part(900..1000));
        assert_eq!(w("bytes=-5000"), Wanted::Part(0..1000));
        assert_eq!(w("bytes=1000-"), Wanted::Unsatisfiable);
        assert_eq!(w("bytes=-0"), Wanted::Unsatisfiable);
        assert_eq!(w("bytes=0-1,5-9"), Wanted::Whole);
        assert_eq!(w("bytes=9-5"), Wanted::Whole);
        assert_eq!(w("items=0-5"), Wanted::Whole);
        assert_eq!(wanted(None, 1000), Wanted::Whole);
    }

    #[test]
    fn types_from_extensions() {
        assert_eq!(mime_of(Path::new("a.MP3")), "audio/mpeg");
        assert_eq!(mime_of(Path::new("a.webm")), "video/webm");
        assert_eq!(mime_of(Path::new("a")), "application/octet-stream");
    }
}
