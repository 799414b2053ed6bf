//! Two halves of one job at once, where that is allowed: on targets with
//! threads, unless the program asked for none (`clean --jsonl` runs one
//! record at a time on one thread unless given `-j`, so a batch engine
//! that runs one process per core gets what it asked for). On wasm32
//! there are no threads to spawn, and the halves run one after the other.

use std::sync::atomic::{AtomicBool, Ordering};

static SINGLE_THREADED: AtomicBool = AtomicBool::new(false);

/// From now on, [`join`] runs both halves on the calling thread.
pub fn single_threaded() {
    SINGLE_THREADED.store(true, Ordering::Relaxed);
}

/// Runs `a` here and `b` beside it when threads are allowed, and returns
/// both results; `b`'s panic is returned as its `Err`, for the caller to
/// redo the work or resume it.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, std::thread::Result<RB>)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if cfg!(target_family = "wasm") || SINGLE_THREADED.load(Ordering::Relaxed) {
        let ra = a();
        return (ra, Ok(b()));
    }
    std::thread::scope(|scope| {
        let second = scope.spawn(b);
        let first = a();
        (first, second.join())
    })
}
