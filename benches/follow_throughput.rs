//! The follow benchmark: `follow` of a file written as it is read, against
//! `pipe --file` of the same lines; the write-to-accepted latency of a slow
//! writer; and the follower's CPU while idle. Release binary, local fake API.
//!
//!     cargo bench --bench follow_throughput -- [--lines N] [--idle-seconds N]
//!
//! A benchmark, not a test: nothing here fails on a figure.

#[path = "../tests/support/fake_ingest.rs"]
mod fake_ingest;

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_ingest::{FakeIngest, Options, TEST_KEY, TEST_PROJECT};

const BINARY: &str = env!("CARGO_BIN_EXE_logingestor");

fn main() {
    let mut lines = 2_000_000;
    let mut idle_seconds = 60;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lines" => lines = args.next().and_then(|n| n.parse().ok()).expect("--lines N"),
            "--idle-seconds" => {
                idle_seconds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--idle-seconds N")
            }
            _ => {}
        }
    }
    let home = tempfile::tempdir().unwrap();
    let input = home.path().join("input.log");
    let bytes = generate(&input, lines);
    let server = FakeIngest::with_options(Options {
        keep_entries: false,
        count_only: true,
        ..Options::default()
    });
    println!("{lines} lines, {:.1} MB", bytes as f64 / 1e6);

    let started = Instant::now();
    let status = command(&server, home.path())
        .args(["pipe", "--no-console", "--file"])
        .arg(&input)
        .status()
        .unwrap();
    assert!(status.success());
    let pipe = started.elapsed();
    assert_eq!(server.accepted_count(), lines as u64);
    println!(
        "pipe --file:                 {:>9.0} lines/s  {:>6.1} MB/s",
        lines as f64 / pipe.as_secs_f64(),
        bytes as f64 / 1e6 / pipe.as_secs_f64()
    );

    // The same lines, appended 1 MiB at a time while a follower reads them.
    let followed = home.path().join("followed.log");
    File::create(&followed).unwrap();
    let mut follower = command(&server, home.path())
        .args(["follow", "--from", "start", "--positions"])
        .arg(home.path().join("positions.json"))
        .arg(&followed)
        .spawn()
        .unwrap();
    while !home.path().join("positions.json").exists() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let started = Instant::now();
    let mut source = File::open(&input).unwrap();
    let mut sink = OpenOptions::new().append(true).open(&followed).unwrap();
    let mut chunk = vec![0; 1 << 20];
    loop {
        let read = source.read(&mut chunk).unwrap();
        if read == 0 {
            break;
        }
        sink.write_all(&chunk[..read]).unwrap();
    }
    let written = started.elapsed();
    assert!(server.wait_for_entries(2 * lines, Duration::from_secs(600)));
    let follow = started.elapsed();
    println!(
        "follow, file growing:        {:>9.0} lines/s  {:>6.1} MB/s  ({:.0} % of pipe; written in {:.2}s)",
        lines as f64 / follow.as_secs_f64(),
        bytes as f64 / 1e6 / follow.as_secs_f64(),
        100.0 * pipe.as_secs_f64() / follow.as_secs_f64(),
        written.as_secs_f64()
    );

    let ticks_before = cpu_ticks(&follower);
    std::thread::sleep(Duration::from_secs(idle_seconds));
    let ticks = cpu_ticks(&follower) - ticks_before;
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    println!(
        "idle over {idle_seconds} s:                {ticks} ticks of CPU ({:.3} %)",
        100.0 * ticks as f64 / per_second / idle_seconds as f64
    );
    stop(&mut follower);

    latency(home.path());
}

/// A slow writer (a line every 100 ms) against a follower at the default
/// 1 s flush interval: how long from each write to its acceptance.
fn latency(home: &Path) {
    let server = FakeIngest::with_options(Options::default());
    let followed = home.join("slow.log");
    File::create(&followed).unwrap();
    let positions = home.join("slow-positions.json");
    let mut follower = command(&server, home)
        .args(["follow", "--positions"])
        .arg(&positions)
        .arg(&followed)
        .spawn()
        .unwrap();
    while !positions.exists() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let count = 50;
    let writer = {
        let followed = followed.clone();
        std::thread::spawn(move || {
            let mut out = OpenOptions::new().append(true).open(followed).unwrap();
            (0..count)
                .map(|n| {
                    let at = Instant::now();
                    writeln!(out, "slow line {n}").unwrap();
                    std::thread::sleep(Duration::from_millis(100));
                    at
                })
                .collect::<Vec<_>>()
        })
    };
    let mut arrivals = Vec::new();
    while arrivals.len() < count {
        let accepted = server.accepted_count() as usize;
        while arrivals.len() < accepted {
            arrivals.push(Instant::now());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let written = writer.join().unwrap();
    let mut delays: Vec<Duration> = written
        .iter()
        .zip(&arrivals)
        .map(|(w, a)| *a - *w)
        .collect();
    delays.sort();
    println!(
        "slow writer, write to accepted: median {} ms, worst {} ms ({count} lines, 1 s flush interval)",
        delays[count / 2].as_millis(),
        delays[count - 1].as_millis()
    );
    stop(&mut follower);
}

fn stop(child: &mut Child) {
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// User and system CPU ticks of `child` so far.
fn cpu_ticks(child: &Child) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", child.id())).unwrap();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn command(server: &FakeIngest, home: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("STREAMLOGIA_API_KEY", TEST_KEY)
        .env("STREAMLOGIA_PROJECT_ID", TEST_PROJECT)
        .env("STREAMLOGIA_API_URL", server.url())
        .stdout(Stdio::null());
    command
}

/// Writes `count` lines of about 100 bytes, as the pipe benchmark does.
fn generate(path: &Path, count: usize) -> u64 {
    const LEVELS: [&str; 5] = ["INFO", "INFO", "DEBUG", "WARN", "ERROR"];
    let mut out = BufWriter::new(File::create(path).unwrap());
    let mut bytes = 0;
    for n in 0..count {
        let line = format!(
            "2026-11-24T19:{:02}:{:02}.{:03}Z {:<5} [worker-{}] handled /api/v1/orders id={} status=200 dur_ms={}\n",
            (n / 60_000) % 60,
            (n / 1000) % 60,
            n % 1000,
            LEVELS[n % 5],
            n % 8,
            n * 7919 % 100_000,
            n % 997,
        );
        bytes += line.len() as u64;
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    bytes
}
