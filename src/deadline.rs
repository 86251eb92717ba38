//! The per-article time bound (`saywho extract --article-timeout SECS`).
//!
//! Two layers, so that one pathological article can never hang a corpus run:
//!
//! 1. **Watchdog (the guarantee).** [`run_bounded`] runs the work on its own thread and waits at
//!    most the timeout for it. If the work is late, the caller gets [`Bounded::TimedOut`] at the
//!    deadline (and writes an error record), whatever the stages are doing; the late thread is
//!    detached and the run goes on.
//! 2. **Cooperative deadline (the clean-up).** The worker thread records its deadline in a
//!    thread-local; stages call [`check`] in their outer loops, which unwinds the late thread
//!    (a silent panic with a [`DeadlineExceeded`] payload) so a detached thread stops burning
//!    CPU soon after its deadline instead of running to completion. A stage without checks is
//!    still bounded by layer 1; it just wastes a core in the background until it finishes.
//!
//! Outside [`run_bounded`] (library use, `saywho eval`) no deadline is set and [`check`] costs
//! one thread-local read.

use std::any::Any;
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Once;
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Panic payload of [`check`] once the deadline has passed.
#[derive(Debug)]
pub struct DeadlineExceeded;

/// Unwind the current thread if its article deadline has passed (no-op when none is set).
#[inline]
pub fn check() {
    if let Some(d) = DEADLINE.with(Cell::get) {
        if Instant::now() >= d {
            std::panic::panic_any(DeadlineExceeded);
        }
    }
}

/// How bounded work ended.
#[derive(Debug)]
pub enum Bounded<T> {
    Done(T),
    /// The work panicked; the panic message.
    Panicked(String),
    /// The work was still running at the deadline.
    TimedOut,
}

/// The message of a panic payload.
pub fn panic_message(p: &(dyn Any + Send)) -> String {
    if p.is::<DeadlineExceeded>() {
        return "deadline exceeded".into();
    }
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into())
}

/// Keep the default panic report on stderr, except for the silent [`DeadlineExceeded`] unwinds.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload().is::<DeadlineExceeded>() {
                return;
            }
            prev(info)
        }));
    });
}

/// Stack of the article threads: generous, since a stage may recurse over nested structure
/// (address space only; pages are committed as used).
const STACK: usize = 64 << 20;

/// Run `f`, catching panics; with `timeout`, on a watchdog-bounded thread of its own.
pub fn run_bounded<T, F>(timeout: Option<Duration>, f: F) -> Bounded<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let Some(timeout) = timeout else {
        return match catch_unwind(AssertUnwindSafe(f)) {
            Ok(v) => Bounded::Done(v),
            Err(p) => Bounded::Panicked(panic_message(&*p)),
        };
    };
    install_quiet_hook();
    let deadline = Instant::now() + timeout;
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("saywho-article".into())
        .stack_size(STACK)
        .spawn(move || {
            DEADLINE.with(|d| d.set(Some(deadline)));
            let r = catch_unwind(AssertUnwindSafe(f));
            let _ = tx.send(r);
        });
    let handle = match spawned {
        Ok(h) => h,
        Err(e) => return Bounded::Panicked(format!("cannot start an article thread: {e}")),
    };
    match rx.recv_timeout(timeout) {
        Ok(Ok(v)) => {
            let _ = handle.join();
            Bounded::Done(v)
        }
        Ok(Err(p)) if p.is::<DeadlineExceeded>() => Bounded::TimedOut,
        Ok(Err(p)) => Bounded::Panicked(panic_message(&*p)),
        // late: detach the thread (its cooperative checks stop it) and report
        Err(mpsc::RecvTimeoutError::Timeout) => Bounded::TimedOut,
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Bounded::Panicked("article thread ended without a result".into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_work_is_done() {
        match run_bounded(Some(Duration::from_secs(5)), || 7) {
            Bounded::Done(7) => {}
            other => panic!("{other:?}"),
        }
        assert!(matches!(run_bounded(None, || 1), Bounded::Done(1)));
    }

    #[test]
    fn panics_are_caught_with_their_message() {
        match run_bounded(Some(Duration::from_secs(5)), || -> u8 { panic!("boom") }) {
            Bounded::Panicked(m) => assert_eq!(m, "boom"),
            other => panic!("{other:?}"),
        }
        match run_bounded(None, || -> u8 { panic!("boom2") }) {
            Bounded::Panicked(m) => assert_eq!(m, "boom2"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn uncooperative_work_times_out_at_the_deadline() {
        let t = Instant::now();
        let r = run_bounded(Some(Duration::from_millis(200)), || {
            std::thread::sleep(Duration::from_secs(3));
        });
        assert!(matches!(r, Bounded::TimedOut));
        assert!(t.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn cooperative_work_unwinds_at_its_check() {
        let r = run_bounded(Some(Duration::from_millis(100)), || loop {
            check();
            std::thread::sleep(Duration::from_millis(5));
        });
        assert!(matches!(r, Bounded::TimedOut));
        // no deadline outside run_bounded
        check();
    }
}
