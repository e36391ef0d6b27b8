//! An ordered parallel map with bounded memory: the calling thread reads items, `jobs` worker
//! threads transform them and hand the results to a sink in input order.
//!
//! At most `window` items are in flight (read but not yet handed to the sink), whatever the
//! length of the input: the reader waits when the window is full. So memory is bounded by the
//! window times the size of one item, and a slow item delays output but never reorders it.
//!
//! Threads wake each other as rarely as they can, since on a busy machine each wake-up is a
//! context switch that costs as much as scoring a short article: there is no writer thread
//! (the worker that finishes the next result in order hands it, and any that waited for it, to
//! the sink), and a reader stopped by a full window waits until half of it is free. The sink
//! hears [`Event::Idle`] when no input is waiting to be worked on (so an interactive pipeline
//! sees each result at once) and every [`IDLE_EVERY`] while results flow, not after every
//! result: a batch is written in large blocks.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What the sink receives.
pub enum Event<O> {
    /// The next result, in input order.
    Item(O),
    /// A good moment to flush output and redraw progress: no input is waiting to be worked
    /// on, or [`IDLE_EVERY`] has passed since the last one.
    Idle,
}

/// How often the sink hears [`Event::Idle`] while results keep coming.
pub const IDLE_EVERY: Duration = Duration::from_millis(100);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Counts the items in flight; the reader waits while the window is full, until half of it
/// is free again.
struct Window {
    in_flight: Mutex<usize>,
    freed: Condvar,
    size: usize,
}

impl Window {
    /// The count at which a waiting reader is woken.
    fn low(&self) -> usize {
        self.size / 2
    }

    /// Waits for room for one more item; `false` once the pipeline stops.
    fn acquire(&self, stop: &AtomicBool) -> bool {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let mut n = lock(&self.in_flight);
        if *n >= self.size {
            while *n > self.low() {
                if stop.load(Ordering::Relaxed) {
                    return false;
                }
                n = self
                    .freed
                    .wait_timeout(n, Duration::from_millis(100))
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
        }
        *n += 1;
        true
    }

    fn release(&self) {
        let mut n = lock(&self.in_flight);
        *n -= 1;
        if *n == self.low() {
            self.freed.notify_one();
        }
    }
}

/// The results waiting for their turn, and the sink they go to.
struct Output<O, S> {
    next: u64,
    pending: BTreeMap<u64, O>,
    sink: S,
    /// The sink's first error: nothing more is handed to it.
    error: Option<io::Error>,
    last_idle: Instant,
}

impl<O, S: FnMut(Event<O>) -> io::Result<()>> Output<O, S> {
    fn send(&mut self, e: Event<O>, window: &Window, stop: &AtomicBool) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = (self.sink)(e) {
            self.error = Some(e);
            stop.store(true, Ordering::Relaxed);
            window.freed.notify_all();
        }
    }

    /// Takes result `seq` and hands the sink every result now ready, in order.
    fn put(&mut self, seq: u64, o: O, window: &Window, stop: &AtomicBool) {
        self.pending.insert(seq, o);
        while let Some(o) = self.pending.remove(&self.next) {
            self.next += 1;
            self.send(Event::Item(o), window, stop);
            window.release();
        }
        if self.last_idle.elapsed() >= IDLE_EVERY {
            self.idle(window, stop);
        }
    }

    fn idle(&mut self, window: &Window, stop: &AtomicBool) {
        self.last_idle = Instant::now();
        self.send(Event::Idle, window, stop);
    }
}

/// Maps `input` through `work` on `jobs` threads and feeds the results to `sink` in input
/// order. Stops early (and returns the error) when the sink fails, e.g. on a closed pipe.
pub fn ordered_map<I, O>(
    input: impl Iterator<Item = I>,
    jobs: usize,
    window: usize,
    work: impl Fn(I) -> O + Sync,
    sink: impl FnMut(Event<O>) -> io::Result<()> + Send,
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
    // The window bounds what is sent, so sending never waits.
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, I)>(window.size);
    let work_rx = Mutex::new(work_rx);
    let output = Mutex::new(Output {
        next: 0,
        pending: BTreeMap::new(),
        sink,
        error: None,
        last_idle: Instant::now(),
    });
    // Items sent and not yet taken by a worker.
    let queued = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let (work_rx, work, stop, window, output, queued) =
                (&work_rx, &work, &stop, &window, &output, &queued);
            s.spawn(move || loop {
                let next = lock(work_rx).recv();
                let Ok((seq, item)) = next else { break };
                queued.fetch_sub(1, Ordering::SeqCst);
                // After the sink failed, keep draining (without working) so the reader is
                // never left waiting.
                if stop.load(Ordering::Relaxed) {
                    window.release();
                    continue;
                }
                let o = work(item);
                let mut out = lock(output);
                out.put(seq, o, window, stop);
                if queued.load(Ordering::SeqCst) == 0 {
                    // No input is waiting: let the output catch up.
                    out.idle(window, stop);
                }
            });
        }
        let mut input = input.enumerate();
        while window.acquire(&stop) {
            let Some((seq, item)) = input.next() else { break };
            queued.fetch_add(1, Ordering::SeqCst);
            if work_tx.send((seq as u64, item)).is_err() {
                break;
            }
        }
        drop(work_tx);
    });
    let mut out = output.into_inner().unwrap_or_else(|p| p.into_inner());
    debug_assert!(out.error.is_some() || out.pending.is_empty());
    out.idle(&window, &stop);
    out.error.map_or(Ok(()), Err)
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
    fn the_window_bounds_what_is_read_ahead_of_the_sink() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let sunk = std::sync::atomic::AtomicUsize::new(0);
        let ahead = std::sync::atomic::AtomicUsize::new(0);
        let input = (0..2_000u64).inspect(|_| {
            let n = read.fetch_add(1, Ordering::SeqCst) + 1;
            ahead.fetch_max(n - sunk.load(Ordering::SeqCst), Ordering::SeqCst);
        });
        ordered_map(
            input,
            2,
            10,
            |i| {
                std::thread::sleep(Duration::from_micros(i % 3 * 20));
                i
            },
            |e| {
                if let Event::Item(_) = e {
                    sunk.fetch_add(1, Ordering::SeqCst);
                }
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(sunk.load(Ordering::SeqCst), 2_000);
        let ahead = ahead.load(Ordering::SeqCst);
        assert!((2..=10).contains(&ahead), "read {ahead} ahead of the sink");
        assert_eq!(read.load(Ordering::SeqCst), 2_000);
    }

    /// An interactive pipeline: the next line is typed only once the last result is out
    /// (handed to the sink and flushed by an `Idle`). Without the `Idle` before a worker
    /// waits for input, this would wait forever (here: fail after five seconds).
    #[test]
    fn each_result_is_flushed_before_more_input_is_awaited() {
        let log: Mutex<Vec<Option<u64>>> = Mutex::new(Vec::new());
        let flushed = |i: u64| {
            let log = lock(&log);
            let at = log.iter().position(|&e| e == Some(i));
            at.is_some_and(|at| log[at + 1..].contains(&None))
        };
        let input = (0..20u64).inspect(|&i| {
            if i > 0 {
                let t0 = Instant::now();
                while !flushed(i - 1) {
                    assert!(
                        t0.elapsed() < Duration::from_secs(5),
                        "result {} never flushed",
                        i - 1
                    );
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        });
        ordered_map(
            input,
            2,
            8,
            |i| i,
            |e| {
                lock(&log).push(match e {
                    Event::Item(i) => Some(i),
                    Event::Idle => None,
                });
                Ok(())
            },
        )
        .unwrap();
        let items: Vec<u64> = lock(&log).iter().flatten().copied().collect();
        assert_eq!(items, (0..20).collect::<Vec<_>>());
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
