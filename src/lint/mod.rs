//! `transcrub lint`: findings with positions, for CI. The content rules
//! report the same facts `clean` acts on (its changes), so `lint --fix`
//! and `clean` agree; the subtitle rules measure cues against the limits
//! of `[subtitles]`. Reading files, applying fixes and printing live in
//! `command/lint.rs` and `format/`.

pub mod check;
pub mod diagnostic;
pub mod format;
pub mod rule;
pub mod rules;

pub use diagnostic::{Applicability, Diagnostic, Fix, Severity, SourceLine};
pub use rule::RuleInfo;
