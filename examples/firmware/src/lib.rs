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
    use core::mem::MaybeUninit;
    use core::sync::atomic::{AtomicBool, Ordering};

    use embedded_alloc::LlffHeap;

    /// Bytes of RAM given to the heap: half of the LM3S6965's 64 KiB; the stack has the rest.
    pub const HEAP_SIZE: usize = 32 * 1024;

    #[global_allocator]
    static HEAP: LlffHeap = LlffHeap::empty();

    /// Hands the heap its memory. Returns `false`, doing nothing, if it was already called.
    pub fn init_heap() -> bool {
        static CALLED: AtomicBool = AtomicBool::new(false);
        static mut MEMORY: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];
        if CALLED.swap(true, Ordering::AcqRel) {
            return false;
        }
        // SAFETY: `CALLED` lets this run once, so `MEMORY` is handed to the heap once and nothing
        // else refers to it; its bounds are exactly `HEAP_SIZE` bytes.
        unsafe { HEAP.init(&raw mut MEMORY as usize, HEAP_SIZE) };
        true
    }
}

#[cfg(feature = "alloc")]
pub use heap::{HEAP_SIZE, init_heap};
