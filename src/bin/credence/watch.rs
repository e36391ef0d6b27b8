//! `--watch-rules`: a thread that polls the rule directory and swaps in the new rule set when
//! it loads, reporting each reload (or each refused edit) on stderr.

use credence::{ReloadEvent, Reloadable, RuleWatcher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running watcher; dropping it stops the thread.
pub struct Watch {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Polls `dir` every `interval_ms` milliseconds and reloads `handle` on changes.
    pub fn start(dir: PathBuf, handle: Reloadable, interval_ms: u64) -> Watch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let interval = Duration::from_millis(interval_ms.max(10));
        let thread = std::thread::spawn(move || {
            let mut watcher = RuleWatcher::new(&dir, handle.clone());
            let mut next = Instant::now() + interval;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(10).min(interval));
                if Instant::now() < next {
                    continue;
                }
                next = Instant::now() + interval;
                match watcher.poll() {
                    Some(ReloadEvent::Reloaded(v)) => {
                        eprintln!("credence: rules reloaded from {}: version {v}", dir.display())
                    }
                    Some(ReloadEvent::Rejected(e)) => eprintln!(
                        "credence: rules not reloaded, keeping version {}:\n{}",
                        handle.current().version(),
                        crate::format::load_error(&e)
                    ),
                    None => {}
                }
            }
        });
        Watch {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
