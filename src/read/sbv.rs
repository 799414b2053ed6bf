//! SubViewer SBV as YouTube Studio exports it: `0:00:01.000,0:00:03.500`,
//! the text lines, a blank line.
//! (Being written: this module's reader and its writer in src/write/sbv.rs
//! are filled in by issue 12.)

use crate::error::{Error, Result};
use crate::transcript::Transcript;

use super::Defects;

pub(super) fn parse(_text: &str, _defects: &mut Defects) -> Result<Transcript> {
    Err(Error::parse(1, 1, "this format cannot be read yet"))
}
