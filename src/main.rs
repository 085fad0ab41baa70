use std::process::ExitCode;

use clap::Parser;

/// jemalloc, on Linux with glibc: 7% less time than glibc's malloc at 10,000 reports
/// (README, "Performance").
#[cfg(all(feature = "jemalloc", target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (its `malloc_conf` string, under the prefix
/// the crate builds it with), tuned on the 2-core machine the targets are set on: two
/// arenas (against jemalloc's default of four per CPU) and freed pages returned after
/// 50 ms. With jemalloc's defaults the peak at 10,000 reports is 63–65 MB; with these,
/// 56–58 MB. Not one arena per CPU (`percpu_arena`): jemalloc turns that off, with a
/// line on stderr in every run, when the process may use fewer CPUs than the machine
/// has (`taskset`, a pinned container or CI job). Returned at once, the peak is 54 MB
/// but a one-file run takes 1,270 page faults instead of 900 (glibc's malloc: 700–750),
/// as pages freed are handed back and touched again. `_RJEM_MALLOC_CONF` in the
/// environment overrides them.
#[cfg(all(feature = "jemalloc", target_os = "linux", target_env = "gnu"))]
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: Option<&'static u8> = JEMALLOC_CONF.first();

#[cfg(all(feature = "jemalloc", target_os = "linux", target_env = "gnu"))]
static JEMALLOC_CONF: &[u8] = b"narenas:2,dirty_decay_ms:50,muzzy_decay_ms:0\0";

fn main() -> ExitCode {
    fewer_malloc_arenas();
    let cli = eventlint::cli::Cli::parse();
    ExitCode::from(eventlint::app::run(cli))
}

/// glibc gives each thread that allocates its own arena (up to 8 per core), and memory freed
/// in one arena is not reused by another: with the walker's and rayon's threads that is
/// about 6 MB more peak memory at 10,000 reports (62 MB against 55 MB with two arenas, at no
/// measurable cost in time). Called before any thread starts. Only for a build without
/// jemalloc (`--no-default-features`).
#[cfg(all(not(feature = "jemalloc"), target_os = "linux", target_env = "gnu"))]
fn fewer_malloc_arenas() {
    // SAFETY: mallopt only sets a tuning parameter of glibc's allocator; no thread of ours
    // runs yet. Its result (0 when the value is refused) leaves the default, which is fine.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(not(feature = "jemalloc"), target_os = "linux", target_env = "gnu")))]
fn fewer_malloc_arenas() {}
