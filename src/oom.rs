//! Running out of memory ends a command with exit code 1 and a message, not an abort.
//!
//! Rust's answer to a failed allocation is `handle_alloc_error`: it prints "memory allocation
//! of N bytes failed" and aborts (SIGABRT, exit 134), which scripts read as a crash; and the
//! hook that would change that is unstable. So the binary's allocator (`Checked`, the system
//! allocator with a note) records the size of an allocation that failed, and a SIGABRT handler
//! (`install`) turns the abort that follows into a message and exit code 1. A run killed this
//! way has replaced nothing: reports are written beside `--out` and switched in only when
//! complete, and the next run removes what this one left. Where memory can be asked for
//! (input-sized buffers: `try_reserve`), it is, and a failure there is an ordinary error; the
//! note of it is harmless, since no abort follows.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The size of the last allocation that failed; 0 while none has.
static FAILED: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, noting failures for the SIGABRT handler.
pub struct Checked;

fn note(p: *mut u8, size: usize) -> *mut u8 {
    if p.is_null() {
        FAILED.store(size.max(1), Ordering::Relaxed);
    }
    p
}

// SAFETY: every call goes to the system allocator with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Checked {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(System.alloc(layout), layout.size())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(System.alloc_zeroed(layout), layout.size())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(System.realloc(ptr, layout, new_size), new_size)
    }
}

/// Installs the SIGABRT handler that reports a failed allocation (Unix; elsewhere nothing).
pub fn install() {
    #[cfg(unix)]
    // SAFETY: `on_abort` only reads an atomic and calls async-signal-safe functions.
    unsafe {
        libc::signal(
            libc::SIGABRT,
            on_abort as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

#[cfg(unix)]
extern "C" fn on_abort(_: libc::c_int) {
    let size = FAILED.load(Ordering::Relaxed);
    // SAFETY: write, _exit, signal and raise are async-signal-safe; the buffers live on the
    // stack.
    unsafe {
        if size == 0 {
            // Not a failed allocation: abort as if no handler were here.
            libc::signal(libc::SIGABRT, libc::SIG_DFL);
            libc::raise(libc::SIGABRT);
            return;
        }
        let mut buf = [0u8; 256];
        let mut n = 0;
        for part in [
            &b"slant: out of memory (asking for "[..],
            digits(size, &mut [0u8; 20]),
            &b" bytes more failed); no report was replaced (a run writes beside --out and switches only when complete). Free memory, give fewer --jobs, or a smaller --max-article-mb\n"[..],
        ] {
            let k = part.len().min(buf.len() - n);
            buf[n..n + k].copy_from_slice(&part[..k]);
            n += k;
        }
        libc::write(2, buf.as_ptr().cast(), n);
        libc::_exit(1);
    }
}

/// `v` in decimal, written into `buf` without allocating.
fn digits(mut v: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    &buf[at..]
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_are_written_without_allocating() {
        assert_eq!(super::digits(0, &mut [0; 20]), b"0");
        assert_eq!(super::digits(68233, &mut [0; 20]), b"68233");
        assert_eq!(
            super::digits(usize::MAX, &mut [0; 20]),
            usize::MAX.to_string().as_bytes()
        );
    }
}
