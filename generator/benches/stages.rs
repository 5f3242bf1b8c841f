//! Time and peak heap of each generation stage, next to the time and heap of
//! parsing the same document into `openapiv3::OpenAPI` alone.
//!
//! ```text
//! cargo bench -p openapi-gen --bench stages -- [--runs N] [DOCUMENT...]
//! ```
//!
//! Without documents it reads the Seam, Stripe, GitHub and Microsoft Graph
//! documents from `../shared/corpus/` next to the repository. Each document
//! runs once with heap counting on, for the peak heap of each stage. It then
//! runs `--runs` times (default 5) with counting off, for the median times,
//! because counting slows the allocator. The output is Markdown.

// A `Diagnostic` is large, but it only travels on the path that ends a run,
// as in the library.
#![allow(clippy::result_large_err)]

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use openapi_gen::{emit, load, model, resolve, Diagnostic, Settings};

/// The allocator of the `openapi-gen` binary, mimalloc, counting the bytes
/// currently allocated and the maximum since the last [`reset_peak`] while
/// [`COUNTING`] is set.
struct CountingAllocator;

/// Whether allocations are counted. Blocks allocated while it is off and
/// freed while it is on make [`CURRENT`] low by their size, so the runs
/// switch it only between documents, when little is allocated.
static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the layout is passed on unchanged to mimalloc.
        let pointer = unsafe { MiMalloc.alloc(layout) };
        if !pointer.is_null() && COUNTING.load(Ordering::Relaxed) {
            record_growth(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller passes a pointer this allocator returned with `layout`.
        unsafe { MiMalloc.dealloc(pointer, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            CURRENT.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc` is passed on unchanged.
        let moved = unsafe { MiMalloc.realloc(pointer, layout, new_size) };
        if !moved.is_null() && COUNTING.load(Ordering::Relaxed) {
            CURRENT.fetch_sub(layout.size() as isize, Ordering::Relaxed);
            record_growth(new_size);
        }
        moved
    }
}

fn record_growth(size: usize) {
    let size = size as isize;
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Sets the peak to what is allocated now and returns that amount.
fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now.max(0) as usize
}

/// Time and heap of one stage in one run.
#[derive(Clone, Copy, Default)]
struct Sample {
    time: Duration,
    /// CPU time of the whole process, every thread, user and system, in
    /// clock ticks. It counts the worker threads of `emit::format`, and it
    /// depends less than `time` on other processes on the machine.
    cpu_ticks: Option<u64>,
    /// Peak heap during the stage, counting what was allocated before it.
    peak: usize,
    /// Peak heap during the stage above what was allocated when it started.
    added: usize,
}

/// Reads the user and system CPU time of the process, all its threads, in
/// clock ticks, from fields 14 and 15 of `/proc/self/stat`. Returns `None`
/// where that file does not exist.
fn process_cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name in field 2 may contain spaces, but ends with `)`.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// Runs `stage` and measures it.
fn measure<T>(stage: impl FnOnce() -> T) -> (T, Sample) {
    let before = reset_peak();
    let cpu_before = process_cpu_ticks();
    let start = Instant::now();
    let value = stage();
    let time = start.elapsed();
    let cpu_ticks = cpu_before.zip(process_cpu_ticks()).map(|(before, after)| after - before);
    let peak = PEAK.load(Ordering::Relaxed).max(0) as usize;
    let sample = Sample {
        time,
        cpu_ticks,
        peak,
        added: peak.saturating_sub(before),
    };
    (value, sample)
}

/// `codegen + format` is one stage because `emit::format` builds the token
/// streams of the Rust files on its worker threads, each next to its
/// formatting. `emit::codegen` only lays out the files.
const STAGES: [&str; 5] = ["load", "resolve", "model", "codegen + format", "write"];

/// One run: the floor, then each stage in turn until one fails.
struct Run {
    floor: Sample,
    stages: Vec<Sample>,
    /// `openapi_gen::generate` and `emit::write` in one go, as the command
    /// line runs them: the warnings are located next to rendering there,
    /// so this can take less than the sum of the stages.
    whole: Option<Sample>,
    failure: Option<String>,
}

fn run_once(document: &Path, scratch: &Path) -> Run {
    let (parsed, floor) = measure(|| -> Result<openapiv3::OpenAPI, String> {
        let text = std::fs::read_to_string(document).map_err(|error| error.to_string())?;
        serde_json::from_str(&text).map_err(|error| error.to_string())
    });
    let mut run = Run {
        floor,
        stages: Vec::new(),
        whole: None,
        failure: parsed.err().map(|error| format!("openapiv3 parse: {error}")),
    };
    if let Err(failure) = run_stages(document, scratch, &mut run.stages) {
        run.failure = Some(failure);
        return run;
    }
    let _ = std::fs::remove_dir_all(scratch);
    let (written, whole) = measure(|| {
        let generated = openapi_gen::generate(document, &Settings::default())?;
        emit::write(scratch, &generated.files)
    });
    match written {
        Ok(_) => run.whole = Some(whole),
        Err(error) => run.failure = Some(format!("whole run: {}", error.to_string().lines().next().unwrap_or_default())),
    }
    run
}

fn run_stages(document: &Path, scratch: &Path, samples: &mut Vec<Sample>) -> Result<(), String> {
    let failed = |stage: &str, error: Diagnostic| {
        let first_line = error.to_string().lines().next().unwrap_or_default().to_string();
        format!("{stage}: {first_line}")
    };
    let (source, sample) = measure(|| load::load_file(document));
    samples.push(sample);
    let source = source.map_err(|error| failed("load", error))?;

    let (resolved, sample) = measure(|| resolve::resolve(source));
    samples.push(sample);
    let resolved = resolved.map_err(|error| failed("resolve", error))?;

    let settings = Settings::default();
    let (api, sample) = measure(|| model::build(&resolved, &settings));
    samples.push(sample);
    let api = api.map_err(|error| failed("model", error))?;
    drop(resolved);

    let (files, sample) = measure(|| emit::codegen(&api, &settings, "bench").and_then(emit::format));
    samples.push(sample);
    let files = files.map_err(|error| failed("codegen + format", error))?;

    // Every run writes into an empty folder, so every file is written.
    let _ = std::fs::remove_dir_all(scratch);
    let (written, sample) = measure(|| emit::write(scratch, &files));
    samples.push(sample);
    written.map_err(|error| failed("write", error))?;
    Ok(())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn milliseconds(time: Duration) -> String {
    format!("{:.1}", time.as_secs_f64() * 1000.0)
}

fn mebibytes(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// Clock ticks per second in `/proc/*/stat`: `USER_HZ`, which Linux fixes
/// at 100 for user space.
const TICKS_PER_SECOND: f64 = 100.0;

/// Median wall time and median CPU time of `samples`.
fn medians(samples: &[Sample]) -> (Duration, Option<Duration>) {
    let time = median(samples.iter().map(|sample| sample.time).collect());
    let ticks: Option<Vec<Duration>> = samples
        .iter()
        .map(|sample| sample.cpu_ticks.map(|ticks| Duration::from_secs_f64(ticks as f64 / TICKS_PER_SECOND)))
        .collect();
    (time, ticks.map(median))
}

/// Prints the Markdown rows of one document: times from `runs`, heap from
/// `heap_run`. Returns whether every run succeeded.
fn report(document: &Path, heap_run: &Run, runs: &[Run]) -> bool {
    let name = document.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let size = std::fs::metadata(document).map(|meta| meta.len()).unwrap_or(0);
    println!();
    println!("### {name} ({} MiB, {} runs)", mebibytes(size as usize), runs.len());
    println!();
    println!("| stage | median wall ms | median process CPU ms | peak heap MiB | added by stage MiB |");
    println!("|---|---:|---:|---:|---:|");
    let row = |label: &str, samples: Vec<Sample>, heap: Option<Sample>| {
        let (time, cpu) = medians(&samples);
        let cpu_text = cpu.map(milliseconds).unwrap_or_default();
        let (peak, added) = heap.map_or((String::new(), String::new()), |heap| (mebibytes(heap.peak), mebibytes(heap.added)));
        println!("| {label} | {} | {cpu_text} | {peak} | {added} |", milliseconds(time));
        (time, cpu.unwrap_or_default())
    };

    let floor = row(
        "floor: read + `openapiv3` parse",
        runs.iter().map(|run| run.floor).collect(),
        Some(heap_run.floor),
    );

    let completed = runs.iter().map(|run| run.stages.len()).min().unwrap_or(0);
    let mut total = (Duration::ZERO, Duration::ZERO);
    for (index, stage) in STAGES.iter().enumerate().take(completed) {
        let samples = runs.iter().map(|run| run.stages[index]).collect();
        let (time, cpu) = row(stage, samples, heap_run.stages.get(index).copied());
        total.0 += time;
        total.1 += cpu;
    }

    let peak = heap_run.stages.iter().map(|sample| sample.peak).max().unwrap_or(0);
    if completed == STAGES.len() {
        println!(
            "| **all stages** | {} | {} | {} | |",
            milliseconds(total.0),
            milliseconds(total.1),
            mebibytes(peak)
        );
        println!();
        println!(
            "All stages take {:.1} times the floor in wall time, {:.1} times in CPU time.",
            total.0.as_secs_f64() / floor.0.as_secs_f64().max(f64::EPSILON),
            total.1.as_secs_f64() / floor.1.as_secs_f64().max(f64::EPSILON)
        );
    }
    let wholes: Option<Vec<Sample>> = runs.iter().map(|run| run.whole).collect();
    if let Some(wholes) = wholes {
        let (time, cpu) = medians(&wholes);
        let cpu = cpu.unwrap_or_default();
        println!();
        println!(
            "The whole run (`generate` and write) takes {} ms of wall time and {} ms of process CPU time: {:.1} times the floor in wall time, {:.1} times in CPU time.",
            milliseconds(time),
            milliseconds(cpu),
            time.as_secs_f64() / floor.0.as_secs_f64().max(f64::EPSILON),
            cpu.as_secs_f64() / floor.1.as_secs_f64().max(f64::EPSILON)
        );
    }
    if let Some(failure) = runs.iter().chain([heap_run]).find_map(|run| run.failure.as_ref()) {
        println!();
        println!("Failed at {failure}");
        return false;
    }
    true
}

fn main() {
    let mut runs = 5usize;
    let mut documents = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                let value = args.next().unwrap_or_default();
                runs = value.parse().unwrap_or_else(|_| panic!("invalid --runs value `{value}`: expected a positive integer"));
            }
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => {}
            // `cargo bench` runs in `generator/`: a relative path that is
            // not found there is read from the workspace root, where the
            // commands in BENCHMARKS.md are typed.
            _ => {
                let path = PathBuf::from(arg);
                let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
                documents.push(if path.is_relative() && !path.exists() { workspace.join(path) } else { path });
            }
        }
    }
    assert!(runs > 0, "--runs must be at least 1");
    if documents.is_empty() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        for relative in [
            "seam/openapi.json",
            "realworld-3.0/stripe-spec3-2022-04-12.json",
            "realworld-3.0/github-api.github.com-v1.1.4.json",
            "realworld-3.0/microsoft-graph-v1.0.json",
        ] {
            documents.push(corpus.join(relative));
        }
    }
    let scratch = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-stages/out");
    let mut failed = false;
    for document in &documents {
        COUNTING.store(true, Ordering::Relaxed);
        let heap_run = run_once(document, &scratch);
        COUNTING.store(false, Ordering::Relaxed);
        let results: Vec<Run> = (0..runs).map(|_| run_once(document, &scratch)).collect();
        failed |= !report(document, &heap_run, &results);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if failed {
        std::process::exit(1);
    }
}
