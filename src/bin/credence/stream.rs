//! An ordered parallel map with bounded memory: the calling thread reads items, `jobs` worker
//! threads transform them, and one writer thread hands the results to a sink in input order.
//!
//! At most `window` items are in flight (read but not yet written), whatever the length of the
//! input: the reader waits for the writer when the window is full. So memory is bounded by the
//! window times the size of one item, and a slow item delays output but never reorders it.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// What the sink receives.
pub enum Event<O> {
    /// The next result, in input order.
    Item(O),
    /// No result is ready right now: a good moment to flush output (interactive pipelines see
    /// each result as soon as it is ready) and redraw progress.
    Idle,
}

/// Counts the items in flight; the reader waits while the window is full.
struct Window {
    in_flight: Mutex<usize>,
    freed: Condvar,
    size: usize,
}

impl Window {
    fn acquire(&self, stop: &AtomicBool) -> bool {
        let mut n = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        while *n >= self.size {
            if stop.load(Ordering::Relaxed) {
                return false;
            }
            n = self
                .freed
                .wait_timeout(n, Duration::from_millis(100))
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *n += 1;
        true
    }

    fn release(&self) {
        let mut n = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        *n -= 1;
        self.freed.notify_one();
    }
}

/// Maps `input` through `work` on `jobs` threads and feeds the results to `sink` in input
/// order. Stops early (and returns the error) when the sink fails, e.g. on a closed pipe.
pub fn ordered_map<I, O>(
    input: impl Iterator<Item = I>,
    jobs: usize,
    window: usize,
    work: impl Fn(I) -> O + Sync,
    mut sink: impl FnMut(Event<O>) -> io::Result<()> + Send,
) -> io::Result<()>
where
    I: Send,
    O: Send,
{
    let jobs = jobs.max(1);
    let window = Window {
        in_flight: Mutex::new(0),
        freed: Condvar::new(),
        size: window.max(jobs),
    };
    let stop = AtomicBool::new(false);
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, I)>(jobs * 2);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, O)>();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let (work_rx, work, stop) = (&work_rx, &work, &stop);
            s.spawn(move || loop {
                let next = work_rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((seq, item)) = next else { break };
                // After the writer stopped, keep draining (without working) so the reader is
                // never left blocked on a full channel.
                if stop.load(Ordering::Relaxed) {
                    continue;
                }
                let _ = done_tx.send((seq, work(item)));
            });
        }
        drop(done_tx);
        let (window, stop) = (&window, &stop);
        let writer = s.spawn(move || -> io::Result<()> {
            let mut pending: BTreeMap<u64, O> = BTreeMap::new();
            let mut next = 0u64;
            let fail = |e: io::Error| {
                stop.store(true, Ordering::Relaxed);
                window.freed.notify_all();
                Err(e)
            };
            loop {
                let first = match done_rx.recv_timeout(Duration::from_millis(200)) {
                    Ok(x) => Some(x),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                if let Some((seq, o)) = first {
                    pending.insert(seq, o);
                }
                while let Ok((seq, o)) = done_rx.try_recv() {
                    pending.insert(seq, o);
                }
                while let Some(o) = pending.remove(&next) {
                    next += 1;
                    if let Err(e) = sink(Event::Item(o)) {
                        return fail(e);
                    }
                    window.release();
                }
                if let Err(e) = sink(Event::Idle) {
                    return fail(e);
                }
            }
            debug_assert!(pending.is_empty());
            sink(Event::Idle)
        });
        for (seq, item) in (0u64..).zip(input) {
            if !window.acquire(stop) || work_tx.send((seq, item)).is_err() {
                break;
            }
        }
        drop(work_tx);
        writer.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_bounds_the_window() {
        let peak = Mutex::new((0usize, 0usize)); // (in flight now, peak)
        let mut out = Vec::new();
        ordered_map(
            0..500u64,
            4,
            8,
            |i| {
                {
                    let mut p = peak.lock().unwrap();
                    p.0 += 1;
                    p.1 = p.1.max(p.0);
                }
                // later items finish first now and then
                std::thread::sleep(Duration::from_micros((500 - i) % 7 * 50));
                peak.lock().unwrap().0 -= 1;
                i * 2
            },
            |e| {
                if let Event::Item(x) = e {
                    out.push(x);
                }
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, (0..500u64).map(|i| i * 2).collect::<Vec<_>>());
        assert!(peak.lock().unwrap().1 <= 4);
    }

    #[test]
    fn a_failing_sink_stops_the_reader() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let input = (0..1_000_000u64).inspect(|_| {
            read.fetch_add(1, Ordering::Relaxed);
        });
        let mut n = 0;
        let r = ordered_map(
            input,
            2,
            16,
            |i| i,
            |e| {
                if let Event::Item(_) = e {
                    n += 1;
                    if n == 10 {
                        return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
                    }
                }
                Ok(())
            },
        );
        assert!(r.is_err());
        assert!(read.load(Ordering::Relaxed) < 100);
    }
}
