//! A bug in understanding one line must not cost the run its input. Code
//! run through [`guarded`] that panics is caught: the caller ships the lines
//! as plain text, and the panic is told once, as a warning asking for a
//! report, instead of the default multi-line message. Panics elsewhere are
//! told as a one-line internal error.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// True while this thread runs guarded code.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// What the last guarded panic said, and where.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Set once the warning about a guarded panic was printed.
static WARNED: AtomicBool = AtomicBool::new(false);

/// Installs the panic hook: guarded panics are recorded for [`guarded`],
/// others print one line on stderr. `sanitize` makes what a panic said fit
/// for the terminal (the output stage's rule, which understanding does not
/// import).
pub fn install_hook(sanitize: fn(&str) -> String) {
    panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        let location = info
            .location()
            .map_or_else(String::new, |at| format!(" at {}:{}", at.file(), at.line()));
        let text = sanitize(&format!("{message}{location}"));
        if GUARDED.with(Cell::get) {
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        } else {
            eprintln!(
                "logingestor: error: internal error in thread '{}' (a bug: please report it): {text}",
                std::thread::current().name().unwrap_or("main")
            );
        }
    }));
}

/// Runs `work`; `Err` with what the panic said when it panicked.
pub fn guarded<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    let was_guarded = GUARDED.with(|guarded| guarded.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|guarded| guarded.set(was_guarded));
    result.map_err(|_| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

/// Tells, once per process, that understanding failed on a line, which was
/// shipped as plain text instead.
pub fn warn_once(panic: &str) {
    if !WARNED.swap(true, Ordering::SeqCst) {
        eprintln!(
            "logingestor: warning: a line could not be understood (a bug: please report it with \
             the line): {panic}; it was shipped as plain text, and so is any other such line"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guarded_panic_is_caught_with_its_message() {
        let default_hook = panic::take_hook();
        install_hook(str::to_owned);
        let ok = guarded(|| 7);
        let caught = guarded(|| -> u8 { panic!("boom {}", 1) });
        panic::set_hook(default_hook);
        assert_eq!(ok, Ok(7));
        let message = caught.unwrap_err();
        assert!(message.starts_with("boom 1 at "), "{message}");
        assert!(message.contains("panic_guard.rs"), "{message}");
    }
}
