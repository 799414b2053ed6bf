//! ASS/SSA (Aegisub): [Script Info], styles and events; the Name field is the speaker.
//! (Being written: this module's reader and its writer in
//! src/write/ass.rs are filled in by issue 12.)

use crate::error::{Error, Result};
use crate::transcript::Transcript;

use super::Defects;

/// What the writer needs of the file as read, besides its cues.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssLayout {}

pub(super) fn parse(_text: &str, _defects: &mut Defects) -> Result<Transcript> {
    Err(Error::parse(1, 1, "this format cannot be read yet"))
}
