//! TR005 possible-misrecognition: a span that sounds like a dictionary name but is not listed (fuzzy match).

use crate::lint::diagnostic::Severity;
use crate::lint::rule::RuleInfo;

pub const RULE: RuleInfo = RuleInfo {
    code: "TR005",
    name: "possible-misrecognition",
    severity: Severity::Warning,
    summary: "a span that sounds like a dictionary name but is not listed (fuzzy match)",
    explanation: "Reserved for the fuzzy and phonetic matcher: a span close in sound and spelling to a canonical, that the dictionary does not list. Its fix is unsafe: a wrong correction is worse than none. Not active yet.",
    example: "\"Yann Lequin\" -> \"Yann LeCun\" (unsafe)",
};
