//! Writing what the user asked for, and nothing else. A run first stages
//! every output it will write ([`Plan`]): a temporary file beside each
//! regular file, checked against every file the run reads and every other
//! output. Only when all are staged are they renamed into place; a failure
//! before that removes every temporary file and leaves every file as it
//! was. A device, a FIFO or a terminal is written through, never replaced.
//!
//! This is the command line's layer: the engine (read, clean, segment,
//! write) returns text and never touches the file system.

mod descriptors;
mod lock;
mod passage;
mod plan;
mod target;
mod temp;
mod write_behind;

pub use descriptors::note_given_descriptors;
pub use lock::{Locked, read_locked};
pub use plan::Plan;
pub use target::{is_staged, names_descriptor, streamed_to};
pub(crate) use temp::TempFile;
pub use temp::install_interrupt_cleanup;
