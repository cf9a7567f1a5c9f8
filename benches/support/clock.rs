//! The benches' optional thread CPU clock (`HMS_BENCH_CLOCK=thread`) and their `main`
//! ([`bench_main!`]): on a shared machine, the time the bench thread spends preempted is not counted.

use core::time::Duration;

use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};

/// Whether `HMS_BENCH_CLOCK=thread` asks for the thread CPU clock.
pub(crate) fn thread_clock() -> bool {
    std::env::var_os("HMS_BENCH_CLOCK").is_some_and(|clock| clock == "thread")
}

/// The bench thread's CPU time, as a criterion measurement reported like wall time.
pub(crate) struct ThreadCpuTime(pub(crate) WallTime);

impl Measurement for ThreadCpuTime {
    type Intermediate = ThreadTime;
    type Value = Duration;

    fn start(&self) -> ThreadTime {
        ThreadTime::now()
    }
    fn end(&self, start: ThreadTime) -> Duration {
        start.elapsed()
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.0.formatter()
    }
}

/// The bench's `main`: each bench function (generic over the measurement) on the wall clock, or on
/// [`ThreadCpuTime`] when `HMS_BENCH_CLOCK=thread` asks for it; `config = …;` gives the
/// `Criterion<WallTime>` to start from (default: `Criterion::default()`).
macro_rules! bench_main {
    ($($bench:path),+ $(,)?) => {
        clock::bench_main!(config = criterion::Criterion::default(); $($bench),+);
    };
    (config = $config:expr; $($bench:path),+ $(,)?) => {
        fn wall_clock(c: &mut criterion::Criterion) {
            if !clock::thread_clock() {
                $($bench(c);)+
            }
        }

        fn thread_cpu_clock(c: &mut criterion::Criterion<clock::ThreadCpuTime>) {
            if clock::thread_clock() {
                $($bench(c);)+
            }
        }

        criterion::criterion_group! { name = wall; config = $config; targets = wall_clock }
        criterion::criterion_group! {
            name = thread_cpu;
            config = ($config).with_measurement(clock::ThreadCpuTime(criterion::measurement::WallTime));
            targets = thread_cpu_clock
        }
        criterion::criterion_main!(wall, thread_cpu);
    };
}
pub(crate) use bench_main;
