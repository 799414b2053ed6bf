//! Work at once: two halves of one job ([`join`]) on targets with
//! threads, unless the program asked for none (`clean --jsonl` runs one
//! record at a time on one thread unless given `-j`, so a batch engine
//! that runs one process per core gets what it asked for); or many items,
//! files or their syncs, on as many workers as the caller says
//! ([`map_in_order`]). On wasm32 there are no threads to spawn, and the
//! work runs one piece after the other.

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

/// `f` of every item, in the items' order, on up to `workers` threads
/// that each take the next item as they finish one (files differ in
/// size); on the calling thread alone for one worker or one item, and on
/// wasm32. A panic in `f` is resumed here, as on one thread.
pub fn map_in_order<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let workers = workers.min(items.len());
    // The caller says how many workers: `single_threaded` is for `join`,
    // deep in the library, where the caller cannot say.
    if cfg!(target_family = "wasm") || workers < 2 {
        return items.into_iter().map(f).collect();
    }
    let count = items.len();
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let next = || {
        queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .next()
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some((i, item)) = next() {
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        let mut all = Vec::with_capacity(count);
        for handle in handles {
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Threads for CPU work: one per core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items_whatever_order_they_finish_in() {
        // Early items take longest, so later ones finish first.
        let items: Vec<u64> = (0..40).collect();
        let out = map_in_order(items, 4, |i| {
            std::thread::sleep(std::time::Duration::from_millis(40 - i));
            i * 10
        });
        assert_eq!(out, (0..40).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn every_worker_takes_items() {
        let seen = std::sync::Mutex::new(std::collections::HashSet::new());
        map_in_order((0..64).collect::<Vec<u32>>(), 3, |_| {
            seen.lock().unwrap().insert(std::thread::current().id());
            std::thread::sleep(std::time::Duration::from_millis(5));
        });
        assert!(
            seen.lock().unwrap().len() > 1,
            "one thread did all the work"
        );
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            map_in_order(vec![1, 2, 3, 4], 2, |i| assert!(i != 3, "item three"));
        });
        assert!(caught.is_err());
    }
}
