//! The descriptors the shell gave the program, beyond the three standard
//! streams: `-o /dev/fd/3 3>> log` names the file the shell opened to
//! append, and writing it by its path would replace `log` and lose what it
//! held. They are listed when the program starts, before it opens
//! anything of its own: afterwards a number could be its own (the
//! interrupt pipe, an input), and the output would go there.

use std::sync::OnceLock;

/// The descriptors above 2 open when the program started, in order. Unset
/// in the library and the Python module: their process opens and closes
/// descriptors of its own.
static GIVEN: OnceLock<Vec<i32>> = OnceLock::new();

/// Lists the descriptors the program was started with. The binary calls
/// it first thing; a later call changes nothing. Where /proc cannot be
/// read (another system), nothing is listed, and descriptors above 2 are
/// taken for the files they lead to, as before.
pub fn note_given_descriptors() {
    if let Some(open) = list_open() {
        let _ = GIVEN.set(open);
    }
}

/// Whether `descriptor` is a standard stream or one the shell gave.
pub(crate) fn given(descriptor: i32) -> bool {
    (0..=2).contains(&descriptor)
        || GIVEN
            .get()
            .is_some_and(|given| given.binary_search(&descriptor).is_ok())
}

/// Whether the descriptors were listed: then a number not among them was
/// not given, and is refused rather than written into.
pub(crate) fn noted() -> bool {
    GIVEN.get().is_some()
}

/// The open descriptors above 2, from /proc. The folder's reading holds a
/// descriptor of its own, listed with the rest: it is closed once read,
/// so the one number among them no longer open is that one.
fn list_open() -> Option<Vec<i32>> {
    let folder = std::fs::read_dir("/proc/self/fd").ok()?;
    let listed: Vec<i32> = folder
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter(|&descriptor| descriptor > 2)
        .collect();
    let mut open: Vec<i32> = listed
        .into_iter()
        .filter(|descriptor| {
            std::fs::symlink_metadata(format!("/proc/self/fd/{descriptor}")).is_ok()
        })
        .collect();
    open.sort_unstable();
    Some(open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_file_is_listed() {
        use std::os::fd::AsRawFd;
        let file = tempfile::tempfile().unwrap();
        assert!(list_open().unwrap().contains(&file.as_raw_fd()));
    }
}
