//! The rule table: every rule's stable code, name, default severity and
//! explanation. Codes never change meaning; a retired rule keeps its code.
//! TR0xx: transcript content. TR1xx: subtitle timing and layout.
//! TR2xx: encoding and format.

use super::diagnostic::Severity;

/// What `lint --explain` prints and every output format names.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable code (`TR001`), for `--select`, `--ignore` and `[lint]`.
    pub code: &'static str,
    /// kebab-case, for humans and SARIF.
    pub name: &'static str,
    /// The severity unless the configuration overrides it.
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters, and what its fix does.
    pub explanation: &'static str,
    /// A line that triggers it, and what it becomes.
    pub example: &'static str,
}
