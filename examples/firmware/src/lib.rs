//! What every firmware binary here shares: reporting results over semihosting, the exit code
//! QEMU passes back to the shell, and a panic or fault that ends the run as a failure instead of
//! hanging it.
//!
//! Output goes through `hprint!`/`hprintln!` with string arguments only, which write the bytes
//! as they are: no `core::fmt` machinery is linked for it, so the measured flash size is the
//! crate's own.
//!
//! With the `alloc` feature, every binary also gets a heap in RAM as its global allocator; call
//! [`init_heap`] once before the first allocation.
#![no_std]

use cortex_m_rt::{ExceptionFrame, exception};
use cortex_m_semihosting::{debug, hprint, hprintln};

/// Prints `name` and whether its check held; returns `ok`.
pub fn check(name: &str, ok: bool) -> bool {
    hprint!(if ok { "ok    " } else { "FAIL  " });
    hprint!(name);
    hprintln!();
    ok
}

/// Prints a labelled value.
pub fn show(label: &str, value: &str) {
    hprint!("      ");
    hprint!(label);
    hprint!(value);
    hprintln!();
}

/// Ends the run: QEMU exits with status 0 if `success`, 1 otherwise.
pub fn exit(success: bool) -> ! {
    if success {
        hprintln!("all checks passed");
        debug::exit(debug::EXIT_SUCCESS);
    } else {
        hprintln!("some checks FAILED");
        debug::exit(debug::EXIT_FAILURE);
    }
    // Reached only without a semihosting host (on a real board with no debugger attached).
    loop {
        cortex_m::asm::wfi();
    }
}

/// A panic is a failed run. The message is not printed: formatting it would link `core::fmt`
/// and distort the size measurement, and none of the code here is expected to panic.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    hprintln!("panicked");
    exit(false)
}

/// A fault (a bad memory access, a stack overflow into flash, …) is a failed run too, rather
/// than the default handler's endless loop.
#[exception]
unsafe fn HardFault(_frame: &ExceptionFrame) -> ! {
    hprintln!("hard fault");
    exit(false)
}

#[cfg(feature = "alloc")]
mod heap {
    use core::alloc::{GlobalAlloc, Layout};
    use core::mem::MaybeUninit;
    use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use embedded_alloc::LlffHeap;

    /// Bytes of RAM given to the heap: 2 KiB of the LM3S6965's 64 KiB. The `parse` binary holds at
    /// most about 470 bytes at once (it prints its peak); the rest is room for fragmentation.
    pub const HEAP_SIZE: usize = 2 * 1024;

    /// The heap, counting the bytes its users hold now and at most, so that a binary can report
    /// what the crate needs.
    struct CountingHeap {
        heap: LlffHeap,
        in_use: AtomicUsize,
        peak: AtomicUsize,
    }

    // SAFETY: every call is passed on to `LlffHeap` unchanged; the counters only observe it.
    unsafe impl GlobalAlloc for CountingHeap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: the caller upholds `alloc`'s contract, which is passed on as is.
            let ptr = unsafe { self.heap.alloc(layout) };
            if !ptr.is_null() {
                let now = self.in_use.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
                self.peak.fetch_max(now, Ordering::Relaxed);
            }
            ptr
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller upholds `dealloc`'s contract, which is passed on as is.
            unsafe { self.heap.dealloc(ptr, layout) };
            self.in_use.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }

    #[global_allocator]
    static HEAP: CountingHeap =
        CountingHeap { heap: LlffHeap::empty(), in_use: AtomicUsize::new(0), peak: AtomicUsize::new(0) };

    /// Hands the heap its memory. Returns `false`, doing nothing, if it was already called.
    pub fn init_heap() -> bool {
        static CALLED: AtomicBool = AtomicBool::new(false);
        static mut MEMORY: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];
        if CALLED.swap(true, Ordering::AcqRel) {
            return false;
        }
        // SAFETY: `CALLED` lets this run once, so `MEMORY` is handed to the heap once and nothing
        // else refers to it; its bounds are exactly `HEAP_SIZE` bytes.
        unsafe { HEAP.heap.init(&raw mut MEMORY as usize, HEAP_SIZE) };
        true
    }

    /// Bytes allocated and not yet freed (as requested, without the allocator's own overhead).
    pub fn heap_in_use() -> usize {
        HEAP.in_use.load(Ordering::Relaxed)
    }

    /// The most bytes that were allocated at once since start-up.
    pub fn heap_peak() -> usize {
        HEAP.peak.load(Ordering::Relaxed)
    }
}

#[cfg(feature = "alloc")]
pub use heap::{HEAP_SIZE, heap_in_use, heap_peak, init_heap};
