//! Jobs made on one thread and done on others, their results handed on in
//! the order the jobs were made: the pieces of a timed file parsed, the
//! windows of a file cleaned (src/command/windows.rs), while the thread
//! that makes them reads the file.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, mpsc};

/// Makes jobs with `make`, which gives each to the function it is handed,
/// and does them with `work` on `workers` threads, at most two per worker
/// waiting or in hand. Results go to `each` in the order of their jobs:
/// those that came while jobs were made, then, when `make` says it made
/// them all (the `bool` it returns beside its own result), the rest;
/// otherwise the rest are dropped. Returns what `make` returned. A
/// worker's panic is raised again here once the other workers are done;
/// when none is left, the jobs still made go nowhere instead of waiting
/// for a worker forever.
pub(super) fn in_order<J: Send, R: Send, T>(
    workers: usize,
    work: impl Fn(J) -> R + Sync,
    each: &mut dyn FnMut(R),
    make: impl FnOnce(&mut dyn FnMut(J)) -> (T, bool),
) -> T {
    let (todo, jobs) = mpsc::sync_channel::<(usize, J)>(workers);
    // Held by the workers alone: the last one to stop drops it, and the
    // sends below fail.
    let jobs = Arc::new(Mutex::new(jobs));
    let (finished, results) = mpsc::channel::<(usize, R)>();
    let mut in_order = InOrder {
        done: BTreeMap::new(),
        next: 0,
        each,
    };
    let work = &work;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (jobs, finished) = (Arc::clone(&jobs), finished.clone());
            scope.spawn(move || {
                loop {
                    let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((index, job)) = job else { break };
                    if finished.send((index, work(job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop((jobs, finished));
        let mut sent = 0;
        let (made, all) = make(&mut |job| {
            // Fails only once every worker has panicked.
            let _ = todo.send((sent, job));
            sent += 1;
            while let Ok(result) = results.try_recv() {
                in_order.arrived(result);
            }
        });
        drop(todo);
        if all {
            for result in results.iter() {
                in_order.arrived(result);
            }
        }
        made
    })
}

/// Results as they come back from the workers, handed on in the order of
/// their jobs.
struct InOrder<'e, R> {
    /// Results of jobs done before some job ahead of them.
    done: BTreeMap<usize, R>,
    /// The index of the next job whose result is to be handed on.
    next: usize,
    each: &'e mut dyn FnMut(R),
}

impl<R> InOrder<'_, R> {
    fn arrived(&mut self, (index, result): (usize, R)) {
        self.done.insert(index, result);
        while let Some(result) = self.done.remove(&self.next) {
            (self.each)(result);
            self.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Jobs that take longer the earlier they come, so that results come
    /// back out of order.
    fn slow_first(job: usize) -> usize {
        std::thread::sleep(std::time::Duration::from_millis((20 - job as u64 % 20) / 4));
        job * 10
    }

    #[test]
    fn results_are_handed_on_in_the_order_of_their_jobs() {
        for workers in [1, 2, 4] {
            let mut got = Vec::new();
            let made = in_order(workers, slow_first, &mut |r| got.push(r), |give| {
                (0..60).for_each(&mut *give);
                ("made", true)
            });
            assert_eq!(made, "made");
            assert_eq!(
                got,
                (0..60).map(|j| j * 10).collect::<Vec<_>>(),
                "{workers}"
            );
        }
    }

    #[test]
    fn results_left_when_not_every_job_was_made_are_dropped_in_order() {
        let mut got = Vec::new();
        in_order(2, slow_first, &mut |r| got.push(r), |give| {
            (0..30).for_each(&mut *give);
            ((), false)
        });
        assert!(
            got.len() < 30,
            "{} results came before the last job was made",
            got.len()
        );
        // Whatever came, came in order and without a gap.
        assert_eq!(got, (0..got.len()).map(|j| j * 10).collect::<Vec<_>>());
    }

    #[test]
    fn a_workers_panic_is_raised_again_and_no_job_waits_forever() {
        for fails in [5, usize::MAX] {
            // One job fails, or every one: then no worker is left.
            let work = |job: usize| {
                assert!(fails != usize::MAX && job != fails, "job {job} fails");
                job
            };
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                in_order(2, work, &mut |_| {}, |give| {
                    (0..50).for_each(&mut *give);
                    ((), true)
                })
            }));
            assert!(outcome.is_err(), "{fails}");
        }
    }
}
