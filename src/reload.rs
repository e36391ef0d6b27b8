//! Live reload for long-running pipelines: a [`Reloadable`] handle holds the current
//! [`Engine`] and swaps in a new one atomically, only after the new rule set compiled.
//!
//! Scoring takes a snapshot ([`Reloadable::current`], a cheap clone) and finishes on it, so an
//! article in flight during a swap is scored entirely by the old rule set. A broken edit keeps
//! the old set and returns the error. [`RuleWatcher`] polls a rule directory for content
//! changes (no file-system notification dependency: a content hash of every `*.toml` file).
//!
//! ```
//! use credence::{Article, Engine, Reloadable, RuleSource};
//! let handle = Reloadable::new(Engine::default());
//! let before = handle.current();
//! // a broken rule set is refused and the old one stays
//! assert!(handle.reload_sources(vec![RuleSource::new("x.toml", "[[rule]")]).is_err());
//! assert_eq!(handle.current().version(), before.version());
//! ```

use crate::engine::Engine;
use crate::ruleset::{LoadError, RuleSource};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// A shared, atomically replaceable engine. Clone the handle to share it between threads.
///
/// ```
/// use credence::{Article, Engine, Reloadable, RuleSource};
/// let handle = Reloadable::new(Engine::default());
/// let snapshot = handle.current(); // score with this; later swaps do not affect it
/// let mut sources = credence::embedded_sources();
/// sources.push(RuleSource::new("extra.toml", "[[override]]\nid = \"placeholder/bracket-token\"\nenabled = false\n"));
/// let version = handle.reload_sources(sources).unwrap().expect("a new version");
/// assert_eq!(handle.current().version(), version);
/// let a = Article::from_plain_text("T\n\nMoscow, [Date] – x.\n");
/// assert!(snapshot.score(&a).findings.iter().any(|f| f.rule == "placeholder/bracket-token"));
/// assert!(!handle.current().score(&a).findings.iter().any(|f| f.rule == "placeholder/bracket-token"));
/// ```
#[derive(Debug, Clone)]
pub struct Reloadable {
    current: Arc<RwLock<Engine>>,
}

impl Reloadable {
    /// A handle starting with this engine.
    pub fn new(engine: Engine) -> Self {
        Reloadable {
            current: Arc::new(RwLock::new(engine)),
        }
    }

    /// The engine to score with now: a snapshot that later swaps do not affect.
    pub fn current(&self) -> Engine {
        // A poisoned lock only means a writer panicked between two assignments of a value
        // that is always valid; the engine inside is still whole.
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the engine. Returns the previous one.
    pub fn swap(&self, engine: Engine) -> Engine {
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        std::mem::replace(&mut *guard, engine)
    }

    /// Compiles `sources` and swaps the result in; on error the current engine stays.
    /// Returns the new version, or `None` when it equals the current one (nothing swapped).
    pub fn reload_sources(&self, sources: Vec<RuleSource>) -> Result<Option<String>, LoadError> {
        let engine = Engine::from_sources(sources)?;
        if engine.version() == self.current().version() {
            return Ok(None);
        }
        let version = engine.version().to_string();
        self.swap(engine);
        Ok(Some(version))
    }

    /// Loads a rule directory and swaps it in; see [`Reloadable::reload_sources`].
    pub fn reload_dir(&self, dir: impl AsRef<Path>) -> Result<Option<String>, LoadError> {
        self.reload_sources(RuleSource::read_dir(dir)?)
    }
}

/// What one poll of a [`RuleWatcher`] found.
#[derive(Debug)]
pub enum ReloadEvent {
    /// The files changed and the new rule set is live, with this version.
    Reloaded(String),
    /// The files changed but do not load; the previous rule set stays.
    Rejected(LoadError),
}

/// Polls a rule directory and reloads a [`Reloadable`] when the files' content changes.
///
/// ```no_run
/// use credence::{Engine, ReloadEvent, Reloadable, RuleWatcher};
/// let handle = Reloadable::new(Engine::from_dir("my-rules")?);
/// let mut watcher = RuleWatcher::new("my-rules", handle.clone());
/// std::thread::spawn(move || loop {
///     match watcher.poll() {
///         Some(ReloadEvent::Reloaded(v)) => eprintln!("rules reloaded: version {v}"),
///         Some(ReloadEvent::Rejected(e)) => eprintln!("rules not reloaded:\n{e}"),
///         None => {}
///     }
///     std::thread::sleep(std::time::Duration::from_millis(500));
/// });
/// // workers score with handle.current()
/// # Ok::<(), credence::LoadError>(())
/// ```
#[derive(Debug)]
pub struct RuleWatcher {
    dir: PathBuf,
    handle: Reloadable,
    last: Option<u64>,
}

impl RuleWatcher {
    /// Watches `dir`; the handle's current engine is taken to be loaded from its present content.
    pub fn new(dir: impl Into<PathBuf>, handle: Reloadable) -> Self {
        let dir = dir.into();
        let last = fingerprint(&dir);
        RuleWatcher { dir, handle, last }
    }

    /// Checks the directory once: `None` when its content did not change since the last poll.
    /// A directory that cannot be read counts as unchanged (an editor may be mid-save).
    pub fn poll(&mut self) -> Option<ReloadEvent> {
        let now = fingerprint(&self.dir)?;
        if self.last == Some(now) {
            return None;
        }
        self.last = Some(now);
        match self.handle.reload_dir(&self.dir) {
            Ok(Some(v)) => Some(ReloadEvent::Reloaded(v)),
            Ok(None) => None,
            Err(e) => Some(ReloadEvent::Rejected(e)),
        }
    }
}

/// FNV-1a over the paths and bytes of every `*.toml` file under `dir`, in path order.
fn fingerprint(dir: &Path) -> Option<u64> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths).ok()?;
    paths.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in paths {
        let bytes = std::fs::read(&p).ok()?;
        for b in p.to_string_lossy().bytes().chain([0]).chain(bytes).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Some(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{embedded_sources, Article};

    #[test]
    fn snapshots_survive_a_swap_and_bad_edits_keep_the_old_set() {
        let handle = Reloadable::new(Engine::default());
        let old = handle.current();
        let mut sources = embedded_sources();
        sources.push(RuleSource::new(
            "extra.toml",
            "[[override]]\nid = \"placeholder/bracket-token\"\npoints = -1\n",
        ));
        let v = handle.reload_sources(sources.clone()).unwrap().unwrap();
        assert_eq!(handle.current().version(), v);
        assert_ne!(old.version(), v);
        // unchanged content: nothing swapped
        assert_eq!(handle.reload_sources(sources).unwrap(), None);
        // the snapshot taken before still scores with the old points
        let a = Article::from_plain_text("T\n\nPARIS, [Date] – x.\n");
        let f = |e: &Engine| {
            e.score(&a)
                .findings
                .iter()
                .find(|f| f.rule == "placeholder/bracket-token")
                .unwrap()
                .points
        };
        assert_eq!(f(&old), -30);
        assert_eq!(f(&handle.current()), -1);
        let err = handle
            .reload_sources(vec![RuleSource::new(
                "bad.toml",
                "[[override]]\nid = \"nope/x\"\n",
            )])
            .unwrap_err();
        assert!(err.to_string().contains("bad.toml:2:6"), "{err}");
        assert_eq!(handle.current().version(), v);
    }

    #[test]
    fn watcher_reloads_on_content_change_only() {
        let dir = std::env::temp_dir().join(format!("credence-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credence.toml");
        std::fs::write(&file, "extends = \"default\"\n").unwrap();
        let handle = Reloadable::new(Engine::from_dir(&dir).unwrap());
        let v0 = handle.current().version().to_string();
        let mut w = RuleWatcher::new(&dir, handle.clone());
        assert!(w.poll().is_none());
        std::fs::write(&file, "extends = \"default\"\n[verdict]\npass = 90\n").unwrap();
        let Some(ReloadEvent::Reloaded(v1)) = w.poll() else {
            panic!("no reload")
        };
        assert_ne!(v0, v1);
        assert_eq!(handle.current().scoring().pass, 90);
        std::fs::write(&file, "extends = \"default\"\n[verdict]\npass = 900\n").unwrap();
        assert!(matches!(w.poll(), Some(ReloadEvent::Rejected(_))));
        assert_eq!(handle.current().version(), v1);
        assert!(w.poll().is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
