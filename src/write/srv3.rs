//! Writer for the format of src/read/srv3.rs.

use crate::error::{Error, Result};
use crate::transcript::Transcript;

pub fn render(_transcript: &Transcript) -> Result<String> {
    Err(Error::usage("this format cannot be written yet"))
}
