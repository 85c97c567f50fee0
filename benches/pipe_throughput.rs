//! The pipe benchmark: generated input through the release binary into a
//! local fake ingest API, plus `send` against `curl` and slow-producer latency.
//!
//!     cargo bench --bench pipe_throughput -- [--lines N] [--runs N] [--args "EXTRA PIPE ARGS"]
//!         [--latencies 0,50,150] [--latency-lines N] [--gzip] [--pipe-only]
//!
//! For each latency (the fake answers after that many milliseconds, with one
//! id per entry, as across the internet) prints lines/s, MB/s of input, CPU
//! seconds per million lines, peak RSS, requests in flight at the fake (most
//! at once, and the mean over the time any was in flight) and request bytes
//! on the wire (medians over the runs, peak RSS and in flight at most the
//! largest). `--latency-lines` sets the input for the latencies above 0 (by
//! default `--lines`); `--gzip` repeats each latency with `--compress gzip`;
//! `--pipe-only` skips the `send`, slow-producer and flaky-server parts. It
//! is a benchmark, not a test: nothing here fails on a figure.

#[path = "../tests/support/fake_ingest.rs"]
mod fake_ingest;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_ingest::{FakeIngest, Options, TEST_KEY, TEST_PROJECT};

const BINARY: &str = env!("CARGO_BIN_EXE_logingestor");

struct Settings {
    lines: usize,
    runs: usize,
    extra_args: Vec<String>,
    /// Answer delays of the fake, in milliseconds.
    latencies: Vec<u64>,
    /// Lines of input for the latencies above 0.
    latency_lines: Option<usize>,
    gzip: bool,
    pipe_only: bool,
}

fn settings() -> Settings {
    let mut settings = Settings {
        lines: 1_000_000,
        runs: 5,
        extra_args: Vec::new(),
        latencies: vec![0, 50, 150],
        latency_lines: None,
        gzip: false,
        pipe_only: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lines" => {
                settings.lines = args.next().and_then(|n| n.parse().ok()).expect("--lines N")
            }
            "--runs" => settings.runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--args" => {
                settings.extra_args = args
                    .next()
                    .expect("--args \"...\"")
                    .split_whitespace()
                    .map(String::from)
                    .collect()
            }
            "--latencies" => {
                settings.latencies = args
                    .next()
                    .expect("--latencies 0,50,150")
                    .split(',')
                    .map(|ms| ms.trim().parse().expect("--latencies in milliseconds"))
                    .collect()
            }
            "--latency-lines" => {
                settings.latency_lines = args.next().and_then(|n| n.parse().ok());
                assert!(settings.latency_lines.is_some(), "--latency-lines N");
            }
            "--gzip" => settings.gzip = true,
            "--pipe-only" => settings.pipe_only = true,
            _ => {} // cargo bench passes --bench
        }
    }
    settings
}

/// Writes `count` lines of about 100 bytes: plain text, mixed levels, one in
/// eight an access log.
fn generate_input(path: &Path, count: usize) -> u64 {
    const LEVELS: [&str; 5] = ["INFO", "INFO", "DEBUG", "WARN", "ERROR"];
    const PATHS: [&str; 4] = [
        "/api/v1/orders",
        "/api/v1/users",
        "/healthz",
        "/api/v2/payments/refund",
    ];
    let mut out = BufWriter::new(File::create(path).unwrap());
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut bytes = 0;
    for n in 0..count {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // One line in eight is an access log (nginx combined + request time).
        let line = if n % 8 == 7 {
            format!(
                "10.0.{}.{} - - [24/Nov/2026:19:{:02}:{:02} +0000] \"GET {} HTTP/1.1\" {} {} \"-\" \"curl/8.5.0\" 0.{:03}\n",
                state % 255,
                state % 7,
                (n / 60_000) % 60,
                (n / 1000) % 60,
                PATHS[(state >> 8) as usize % 4],
                [200, 201, 404, 500][(state >> 16) as usize % 4],
                state % 5000,
                state % 1000,
            )
        } else {
            format!(
            "2026-11-24T19:{:02}:{:02}.{:03}Z {:<5} [worker-{}] handled {} id={} status={} dur_ms={}\n",
            (n / 60_000) % 60,
            (n / 1000) % 60,
            n % 1000,
            LEVELS[(state % 5) as usize],
            state % 8,
            PATHS[(state >> 8) as usize % 4],
            state % 100_000,
            [200, 201, 404, 500][(state >> 16) as usize % 4],
            state % 997,
            )
        };
        bytes += line.len() as u64;
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    bytes
}

fn command(server: &FakeIngest, home: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("HOME", home)
        .env("STREAMLOGIA_API_KEY", TEST_KEY)
        .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
        .env("STREAMLOGIA_API_URL", server.url());
    command
}

struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: i64,
}

/// Waits for the child with wait4, to get its own CPU time and peak RSS.
fn wait_with_usage(child: &std::process::Child) -> (std::process::ExitStatus, Duration, i64) {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let seconds = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    (
        std::process::ExitStatus::from_raw(status),
        cpu,
        usage.ru_maxrss,
    )
}

fn run_pipe(server: &FakeIngest, home: &Path, input: &Path, extra_args: &[String]) -> Run {
    let started = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by wait4 in wait_with_usage
    let child = command(server, home)
        .args(["pipe", "--no-console"])
        .args(extra_args)
        .stdin(File::open(input).unwrap())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (status, cpu, max_rss_kib) = wait_with_usage(&child);
    let wall = started.elapsed();
    assert!(status.success(), "logingestor pipe failed: {status:?}");
    Run {
        wall,
        cpu,
        max_rss_kib,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

/// What one run of `pipe` at one latency showed.
struct Measured {
    run: Run,
    in_flight_max: usize,
    in_flight_mean: f64,
    wire_bytes: u64,
}

fn bench_pipe(settings: &Settings, home: &Path) {
    for &latency in &settings.latencies {
        let lines = match latency {
            0 => settings.lines,
            _ => settings.latency_lines.unwrap_or(settings.lines),
        };
        bench_pipe_at(settings, home, latency, lines, &settings.extra_args);
        if settings.gzip {
            let mut args = settings.extra_args.clone();
            args.extend(["--compress".to_owned(), "gzip".to_owned()]);
            bench_pipe_at(settings, home, latency, lines, &args);
        }
    }
}

fn bench_pipe_at(settings: &Settings, home: &Path, latency_ms: u64, lines: usize, args: &[String]) {
    let input = home.join(format!("input-{lines}.log"));
    let bytes = if input.exists() {
        std::fs::metadata(&input).unwrap().len()
    } else {
        generate_input(&input, lines)
    };
    let server = FakeIngest::with_options(Options {
        keep_entries: false,
        count_only: true,
        answer_delay: Duration::from_millis(latency_ms),
        ..Options::default()
    });
    println!(
        "pipe at {latency_ms} ms: {lines} lines, {:.1} MB of input, {} runs, extra args {args:?}",
        bytes as f64 / 1e6,
        settings.runs,
    );
    let mut runs = Vec::new();
    for run in 0..settings.runs {
        let before = server.accepted_count();
        server.reset_measures();
        let result = run_pipe(&server, home, &input, args);
        let delivered = server.accepted_count() - before;
        assert_eq!(delivered, lines as u64, "run {run}: not every line arrived");
        let in_flight = server.in_flight();
        let measured = Measured {
            run: result,
            in_flight_max: in_flight.max,
            in_flight_mean: in_flight.mean,
            wire_bytes: server.wire_bytes(),
        };
        println!(
            "  run {run}: {:>9.0} lines/s  {:>6.1} MB/s  cpu {:.2}s  peak RSS {:.1} MiB  \
             in flight max {} mean {:.1}  {:.1} MB on the wire",
            lines as f64 / measured.run.wall.as_secs_f64(),
            bytes as f64 / 1e6 / measured.run.wall.as_secs_f64(),
            measured.run.cpu.as_secs_f64(),
            measured.run.max_rss_kib as f64 / 1024.0,
            measured.in_flight_max,
            measured.in_flight_mean,
            measured.wire_bytes as f64 / 1e6,
        );
        runs.push(measured);
    }
    let lines_per_second = median(
        runs.iter()
            .map(|r| lines as f64 / r.run.wall.as_secs_f64())
            .collect(),
    );
    let mb_per_second = median(
        runs.iter()
            .map(|r| bytes as f64 / 1e6 / r.run.wall.as_secs_f64())
            .collect(),
    );
    let cpu_per_million = median(
        runs.iter()
            .map(|r| r.run.cpu.as_secs_f64() / (lines as f64 / 1e6))
            .collect(),
    );
    let peak_rss = runs.iter().map(|r| r.run.max_rss_kib).max().unwrap() as f64 / 1024.0;
    let in_flight_max = runs.iter().map(|r| r.in_flight_max).max().unwrap();
    let in_flight_mean = median(runs.iter().map(|r| r.in_flight_mean).collect());
    let wire_mb = median(runs.iter().map(|r| r.wire_bytes as f64 / 1e6).collect());
    println!(
        "pipe median at {latency_ms} ms{}: {lines_per_second:.0} lines/s, {mb_per_second:.1} MB/s, \
         {cpu_per_million:.2} CPU s per million lines, peak RSS {peak_rss:.1} MiB, \
         in flight max {in_flight_max} mean {in_flight_mean:.1}, {wire_mb:.1} MB on the wire \
         ({:.0} bytes per line)",
        if args.is_empty() { String::new() } else { format!(" {args:?}") },
        wire_mb * 1e6 / lines as f64,
    );
}

fn bench_send_against_curl(home: &Path) {
    const ROUNDS: usize = 20;
    let server = FakeIngest::with_options(Options {
        keep_entries: false,
        ..Options::default()
    });
    let body = format!(
        "[{{\"projectId\":\"{TEST_PROJECT}\",\"level\":\"ERROR\",\"message\":\"backup failed: disk full\",\
         \"source\":\"bench\",\"timestamp\":\"2026-11-24T19:09:41.123Z\"}}]"
    );
    let body_path = home.join("body.json");
    std::fs::write(&body_path, &body).unwrap();
    let mut send_times = Vec::new();
    let mut curl_times = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let status = command(&server, home)
            .args([
                "send",
                "--no-console",
                "--level",
                "error",
                "--source",
                "bench",
                "backup failed: disk full",
            ])
            .status()
            .unwrap();
        send_times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(status.success());

        let started = Instant::now();
        let status = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-f",
                "-H",
                "Content-Type: application/json",
            ])
            .arg("-H")
            .arg(format!("Authorization: Bearer {TEST_KEY}"))
            .arg("--data-binary")
            .arg(format!("@{}", body_path.display()))
            .arg(format!("{}/v1/ingest", server.url()))
            .status();
        match status {
            Ok(status) if status.success() => {
                curl_times.push(started.elapsed().as_secs_f64() * 1000.0)
            }
            _ => {}
        }
    }
    print!(
        "send of one entry: median {:.1} ms wall over {ROUNDS} runs",
        median(send_times)
    );
    if curl_times.is_empty() {
        println!("; curl not available for comparison");
    } else {
        println!(
            "; curl posting the same body: median {:.1} ms",
            median(curl_times)
        );
    }
}

fn bench_slow_producer(home: &Path) {
    const LINES: usize = 20;
    let server = FakeIngest::start();
    let mut child = command(&server, home)
        .args(["pipe", "--no-console"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut written_at = Vec::new();
    for n in 0..LINES {
        writeln!(stdin, "slow line {n}").unwrap();
        stdin.flush().unwrap();
        written_at.push(Instant::now());
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(stdin);
    child.wait().unwrap();
    // Each request holds consecutive lines; a line's latency is the arrival of
    // the request that carried it.
    let mut latencies = Vec::new();
    let mut line = 0;
    for request in server.requests() {
        for _ in 0..request.entries {
            latencies.push(
                request
                    .received_at
                    .duration_since(written_at[line])
                    .as_secs_f64()
                    * 1000.0,
            );
            line += 1;
        }
    }
    let worst = latencies.iter().cloned().fold(0.0, f64::max);
    println!(
        "slow producer (a line every 100 ms, default 1s flush interval): median latency {:.0} ms, worst {:.0} ms, {} requests",
        median(latencies),
        worst,
        server.requests().len()
    );
}

/// 200 000 lines through a server failing 30 % of requests at random.
fn bench_flaky_server(home: &Path) {
    const LINES: usize = 200_000;
    let input = home.join("flaky.log");
    generate_input(&input, LINES);
    let server = FakeIngest::with_options(Options {
        failure_rate: 0.3,
        ..Options::default()
    });
    let started = Instant::now();
    let output = command(&server, home)
        .args(["pipe", "--no-console"])
        .env("XDG_STATE_HOME", home.join("flaky-state"))
        .stdin(File::open(&input).unwrap())
        .stdout(Stdio::null())
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let messages = server.messages();
    let distinct: std::collections::HashSet<&String> = messages.iter().collect();
    let expected: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let all_there = expected.iter().all(|line| distinct.contains(line));
    let failed = server.requests().iter().filter(|r| r.status != 200).count();
    println!(
        "flaky server (30 % of requests fail: 503, reset, reset after storing): {} of {LINES} lines delivered{}, \
         {} duplicates, {} requests of which {failed} failed, {:.1}s, exit code {:?}",
        distinct.len(),
        if all_there { " (every line)" } else { " (SOME MISSING)" },
        messages.len() - distinct.len(),
        server.requests().len(),
        elapsed.as_secs_f64(),
        output.status.code()
    );
}

fn main() {
    let settings = settings();
    let home = tempfile::tempdir().unwrap();
    println!("binary: {BINARY}");
    bench_pipe(&settings, home.path());
    if settings.pipe_only {
        return;
    }
    bench_send_against_curl(home.path());
    bench_slow_producer(home.path());
    bench_flaky_server(home.path());
}
