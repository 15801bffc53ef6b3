//! Allocator settings for the long-running server.
//!
//! SQLite allocates through the C library's `malloc`, which on glibc gives each thread's arena back
//! to the kernel as soon as its top is free (`madvise`), so that the next request faults the same
//! pages in again: a fifth of the server's time under load went to those faults and `madvise` calls.
//! A server's working set is bounded (its connections and their page caches), so it keeps freed
//! memory for reuse instead.
#![allow(unsafe_code)]

/// Bytes of free memory at the top of an arena that glibc keeps instead of returning.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEEP_FREE_BYTES: libc::c_int = 256 << 20;

/// Tells the C allocator to keep freed memory for reuse. Call before the server starts its threads.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes glibc's allocator parameters; it is called before the
        // runtime starts any thread, and the values are within glibc's documented ranges.
        let ok = unsafe {
            libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_FREE_BYTES) == 1
                && libc::mallopt(libc::M_TOP_PAD, 16 << 20) == 1
        };
        if !ok {
            tracing::warn!("the C allocator did not accept its settings; serving anyway");
        }
    }
}
