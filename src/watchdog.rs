//! A watchdog over policy evaluation: regorus checks its time limit between steps, so one
//! built-in call (`numbers.range(1, 3e8)`) can run past `--timeout` or allocate gigabytes. A
//! thread samples the elapsed time of every running evaluation and the memory they added, and
//! calls the breach handler (the binary ends the run with exit 2 and a report saying which).

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Which bound an evaluation passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// An evaluation ran this long, past the time limit (plus grace).
    Time { elapsed: Duration, limit: Duration },
    /// Evaluations added this much resident memory, past the limit.
    Memory { used: u64, limit: u64 },
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Breach::Time { elapsed, limit } => write!(
                f,
                "a policy evaluation ran for {:.1} s, past the time limit of {:.1} s (--timeout), inside one built-in call that cannot be interrupted",
                elapsed.as_secs_f64(),
                limit.as_secs_f64()
            ),
            Breach::Memory { used, limit } => write!(
                f,
                "policy evaluation used {} MiB of memory, past the limit of {} MiB (limits.maxMemoryBytes in the configuration)",
                used >> 20,
                limit >> 20
            ),
        }
    }
}

struct State {
    timeout: Duration,
    max_memory: u64,
    running: Mutex<Vec<(u64, Instant)>>,
    next_id: AtomicU64,
    active: AtomicUsize,
    /// Resident bytes when the first evaluation started (0: not yet).
    baseline: AtomicU64,
    fired: AtomicBool,
}

static STATE: OnceLock<State> = OnceLock::new();

/// How often the watchdog looks.
const PERIOD: Duration = Duration::from_millis(20);

/// Starts the watchdog for this process: an evaluation running longer than `timeout` plus a
/// grace of half of it (at least 250 ms), or evaluations adding more than `max_memory` resident
/// bytes, call `on_breach` once (from the watchdog's thread). Later calls do nothing.
pub fn start(timeout: Duration, max_memory: u64, on_breach: impl Fn(Breach) + Send + 'static) {
    let state = State {
        timeout,
        max_memory,
        running: Mutex::new(Vec::new()),
        next_id: AtomicU64::new(0),
        active: AtomicUsize::new(0),
        baseline: AtomicU64::new(0),
        fired: AtomicBool::new(false),
    };
    if STATE.set(state).is_err() {
        return;
    }
    let grace = (timeout / 2).max(Duration::from_millis(250));
    let _ = std::thread::Builder::new()
        .name("modelgate-watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(PERIOD);
            let Some(s) = STATE.get() else { return };
            if s.active.load(Ordering::Acquire) == 0 {
                continue;
            }
            let oldest = s
                .running
                .lock()
                .ok()
                .and_then(|r| r.iter().map(|(_, t)| *t).min());
            let breach = match oldest {
                Some(t) if t.elapsed() > s.timeout + grace => Some(Breach::Time {
                    elapsed: t.elapsed(),
                    limit: s.timeout,
                }),
                _ => resident_bytes().and_then(|rss| {
                    let used = rss.saturating_sub(s.baseline.load(Ordering::Acquire));
                    (used > s.max_memory).then_some(Breach::Memory {
                        used,
                        limit: s.max_memory,
                    })
                }),
            };
            if let Some(b) = breach {
                if !s.fired.swap(true, Ordering::AcqRel) {
                    on_breach(b);
                }
            }
        });
}

/// Marks one evaluation as running while it lives.
pub struct Running(Option<u64>);

/// Registers an evaluation with the watchdog (a no-op when none was started).
pub fn evaluation() -> Running {
    let Some(s) = STATE.get() else {
        return Running(None);
    };
    if s.baseline.load(Ordering::Acquire) == 0 {
        let _ = s.baseline.compare_exchange(
            0,
            resident_bytes().unwrap_or(0).max(1),
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }
    let id = s.next_id.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut r) = s.running.lock() {
        r.push((id, Instant::now()));
    }
    s.active.fetch_add(1, Ordering::AcqRel);
    Running(Some(id))
}

impl Drop for Running {
    fn drop(&mut self) {
        let (Some(id), Some(s)) = (self.0, STATE.get()) else {
            return;
        };
        if let Ok(mut r) = s.running.lock() {
            r.retain(|(i, _)| *i != id);
        }
        s.active.fetch_sub(1, Ordering::AcqRel);
    }
}

/// This process's resident memory in bytes (Linux: `/proc/self/statm`); `None` elsewhere.
pub fn resident_bytes() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        Some(pages * rustix::param::page_size() as u64)
    }
    #[cfg(not(target_os = "linux"))]
    None
}
