//! Randomized fault scenarios: each seed draws an input, a script of server
//! faults, a spool cap, a buffer policy and stop signals, runs the real
//! binary against the fake, and checks that every line read is in exactly
//! one place (accepted by the fake, in the spool, in the dead-letter file,
//! or counted as dropped), that `--stats` agrees, and that the exit code is
//! the one the documented table gives for those counts. A line may be in
//! two places only when a request holding it had an uncertain answer.
//!
//! CI runs a few dozen seeds. The long run, and the replay of one seed:
//!
//!     FAULT_SCENARIOS=2000 cargo test --release --test integration fault_scenarios_long -- --ignored --nocapture
//!     FAULT_SEED=17 cargo test --test integration fault_scenario_replay -- --ignored --nocapture

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use fastrand::Rng;
use serde_json::Value;

use crate::fake_ingest::{FakeIngest, Fault, Options};
use crate::test_env::{spooled_messages, Stats, TestEnv};

/// The longest a scenario may take before it counts as a hang.
const HANG_LIMIT: Duration = Duration::from_secs(60);

/// When stop signals come.
#[derive(Debug, Clone, Copy)]
enum Stop {
    None,
    /// SIGTERM (or SIGINT) once this many lines were written.
    Once {
        after_lines: usize,
        signal: i32,
    },
    /// Twice; the second once the first was heard.
    Twice {
        after_lines: usize,
    },
}

/// What one seed draws.
struct Scenario {
    seed: u64,
    lines: Vec<Vec<u8>>,
    /// The last line is written without a newline.
    partial_last_line: bool,
    args: Vec<String>,
    faults: Vec<Fault>,
    max_body_bytes: usize,
    stop: Stop,
    spool_off: bool,
}

impl std::fmt::Debug for Scenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let longest = self.lines.iter().map(Vec::len).max().unwrap_or(0);
        let faults: Vec<String> = self
            .faults
            .iter()
            .map(|fault| match fault {
                Fault::Status {
                    status, headers, ..
                } => match headers.first() {
                    Some((_, wait)) => format!("{status}(retry-after {wait})"),
                    None => status.to_string(),
                },
                other => format!("{other:?}"),
            })
            .collect();
        write!(
            f,
            "seed {}: {} lines (longest {longest} bytes{}), args {:?}, faults {faults:?}, \
             max body {}, stop {:?}",
            self.seed,
            self.lines.len(),
            if self.partial_last_line {
                ", the last without a newline"
            } else {
                ""
            },
            self.args,
            self.max_body_bytes,
            self.stop,
        )
    }
}

impl Scenario {
    /// The `--timeout` the scenario runs with.
    fn timeout(&self) -> Duration {
        self.duration_arg("--timeout").unwrap()
    }

    fn duration_arg(&self, flag: &str) -> Option<Duration> {
        let at = self.args.iter().position(|arg| arg == flag)?;
        let millis = self.args[at + 1].trim_end_matches("ms").parse().unwrap();
        Some(Duration::from_millis(millis))
    }
}

/// The marker the fake refuses (422), as if the entry were invalid.
const POISON: &str = "POISON";

impl Scenario {
    fn draw(seed: u64) -> Scenario {
        let mut rng = Rng::with_seed(seed);
        let count = match rng.u8(0..10) {
            0 => 1,
            1..=6 => rng.usize(1..300),
            _ => rng.usize(300..3000),
        };
        let lines = (0..count).map(|n| line(&mut rng, seed, n)).collect();
        let timeout_ms = rng.u64(300..1500);
        let mut args = vec![
            "--timeout".to_owned(),
            format!("{timeout_ms}ms"),
            "--retry-for".to_owned(),
            format!("{}ms", rng.u64(0..3000)),
        ];
        let spool_off = rng.u8(0..8) == 0;
        if spool_off {
            args.push("--no-spool".into());
        } else if rng.bool() {
            args.extend(["--spool-max".into(), format!("{}KiB", rng.u64(4..128))]);
        }
        args.extend(
            [
                "pipe",
                "--no-console",
                "--stats",
                "--multiline",
                "off",
                "--batch-size",
            ]
            .map(String::from),
        );
        args.push(rng.usize(1..500).to_string());
        args.extend([
            "--flush-interval".into(),
            format!("{}ms", rng.u64(20..500)),
            "--shutdown-timeout".into(),
            format!("{}ms", rng.u64(200..2000)),
        ]);
        match rng.u8(0..6) {
            0 => args.extend(["--when-full", "drop", "--max-buffer", "1"].map(String::from)),
            1 => args.extend(["--when-full", "spool", "--max-buffer", "1"].map(String::from)),
            _ => {}
        }
        // Several requests in flight, fixed or adapting, or strictly one.
        match rng.u8(0..4) {
            0 => args.extend(["--concurrency", "1"].map(String::from)),
            1 => args.extend(["--concurrency".into(), rng.usize(2..9).to_string()]),
            _ => args.extend([
                "--concurrency".into(),
                "auto".into(),
                "--concurrency-max".into(),
                rng.usize(2..17).to_string(),
            ]),
        }
        let faults = (0..rng.usize(0..12))
            .map(|_| fault(&mut rng, timeout_ms))
            .collect();
        let max_body_bytes = match rng.u8(0..5) {
            0 => rng.usize(2048..16_384),
            _ => 16 * 1024 * 1024,
        };
        let stop = match rng.u8(0..6) {
            0 | 1 => Stop::Once {
                after_lines: rng.usize(0..count + 1),
                signal: libc::SIGTERM,
            },
            2 => Stop::Once {
                after_lines: rng.usize(0..count + 1),
                signal: libc::SIGINT,
            },
            3 => Stop::Twice {
                after_lines: rng.usize(0..count + 1),
            },
            _ => Stop::None,
        };
        Scenario {
            seed,
            lines,
            partial_last_line: rng.u8(0..4) == 0,
            args,
            faults,
            max_body_bytes,
            stop,
            spool_off,
        }
    }
}

/// Line `n` of seed `seed`: it starts with its name (`s7-00042`), whatever
/// its shape, so that it can be found again in any message.
fn line(rng: &mut Rng, seed: u64, n: usize) -> Vec<u8> {
    let name = format!("s{seed}-{n:05}");
    let poison = if rng.u16(0..400) == 0 { POISON } else { "" };
    let filler_len = match rng.u8(0..20) {
        0 => rng.usize(2000..10_000),
        _ => rng.usize(0..200),
    };
    let filler: String = (0..filler_len)
        .map(|_| rng.alphanumeric())
        .collect::<String>();
    let mut bytes = match rng.u8(0..6) {
        0 => format!(r#"{{"msg":"{name} {poison}{filler}","level":"warn","n":{n}}}"#).into_bytes(),
        1 => format!("level=error msg=\"{name} {poison}{filler}\"").into_bytes(),
        2 => format!("2026-12-02T10:00:00Z ERROR {name} {poison}{filler}").into_bytes(),
        _ => format!("{name} {poison}{filler}").into_bytes(),
    };
    if rng.u8(0..30) == 0 {
        bytes.extend_from_slice(b" \xff\xfe invalid utf-8");
    }
    bytes
}

fn fault(rng: &mut Rng, timeout_ms: u64) -> Fault {
    let status = |status: u16, retry_after: Option<u64>| Fault::Status {
        status,
        body: r#"{"error":"scripted","message":"scripted"}"#.into(),
        headers: retry_after
            .map(|seconds| vec![("Retry-After".to_owned(), seconds.to_string())])
            .unwrap_or_default(),
    };
    match rng.u8(0..10) {
        0 => status(503, None),
        1 => status(500, None),
        2 => status(429, None),
        3 => status(429, Some(1)),
        4 => status(429, Some(100)),
        5 => status(413, None),
        6 => Fault::Reset,
        7 => Fault::ApplyThenReset,
        8 => Fault::Delay(Duration::from_millis(timeout_ms + 300)),
        _ => Fault::Delay(Duration::from_millis(timeout_ms / 3)),
    }
}

/// The line number in a message, as `line` names it.
fn line_number(seed: u64, message: &str) -> Option<usize> {
    let prefix = format!("s{seed}-");
    let at = message.find(&prefix)? + prefix.len();
    message.get(at..at + 5)?.parse().ok()
}

/// Runs a scenario; `Err` says what broke.
fn run(scenario: &Scenario) -> Result<(), String> {
    let env = TestEnv {
        home: tempfile::tempdir().unwrap(),
        server: FakeIngest::with_options(Options {
            max_body_bytes: scenario.max_body_bytes,
            reject_marker: Some(POISON.into()),
            ..Options::default()
        }),
    };
    for fault in &scenario.faults {
        env.server.push_fault(fault.clone());
    }
    let mut child = env
        .spawnable()
        .args(&scenario.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let writer = spawn_writer(&mut child, scenario, Arc::clone(&written));
    let stderr = collect_stderr(&mut child);
    let stopped_at = stop(&child, scenario, &written, &stderr);
    let status = wait_within(&mut child, HANG_LIMIT)?;
    writer.thread().unpark();
    let _ = writer.join();
    // A delayed answer may still be storing what logingestor gave up on.
    env.server.wait_until_idle(HANG_LIMIT);
    let stderr: String = stderr.iter().collect::<Vec<_>>().join("\n");
    if std::env::var_os("FAULT_SEED").is_some() {
        eprintln!("{scenario:?}\nexit {status:?}\n{stderr}");
    }
    check(scenario, &env, status, &stderr, stopped_at)
        .map_err(|why| format!("{why}\n--- stderr ---\n{stderr}"))
}

/// Writes the scenario's lines; keeps stdin open afterwards when a stop
/// signal is to end the run.
fn spawn_writer(
    child: &mut Child,
    scenario: &Scenario,
    written: Arc<AtomicUsize>,
) -> std::thread::JoinHandle<()> {
    let mut stdin = child.stdin.take().unwrap();
    let mut input = Vec::new();
    for (index, line) in scenario.lines.iter().enumerate() {
        input.push(line.clone());
        if !(scenario.partial_last_line && index + 1 == scenario.lines.len()) {
            input.last_mut().unwrap().push(b'\n');
        }
    }
    let keep_open = !matches!(scenario.stop, Stop::None);
    std::thread::spawn(move || {
        for line in input {
            if stdin.write_all(&line).is_err() {
                return;
            }
            written.fetch_add(1, Ordering::SeqCst);
        }
        let _ = stdin.flush();
        if keep_open {
            // Held until the process ends: the stop signal ends the run.
            std::thread::park_timeout(HANG_LIMIT);
        }
    })
}

/// The child's stderr lines, as they come.
fn collect_stderr(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// Sends the scenario's stop signals once enough lines were written; when
/// the first was sent.
fn stop(
    child: &Child,
    scenario: &Scenario,
    written: &AtomicUsize,
    stderr: &mpsc::Receiver<String>,
) -> Option<Instant> {
    let (after_lines, signal, twice) = match scenario.stop {
        Stop::None => return None,
        Stop::Once {
            after_lines,
            signal,
        } => (after_lines, signal, false),
        Stop::Twice { after_lines } => (after_lines, libc::SIGTERM, true),
    };
    let started = Instant::now();
    while written.load(Ordering::SeqCst) < after_lines && started.elapsed() < HANG_LIMIT {
        std::thread::sleep(Duration::from_millis(2));
    }
    // Before its handlers are in place a signal ends the process with
    // nothing read; the scenarios are about what happens after.
    while !catches(child.id(), signal) && started.elapsed() < HANG_LIMIT {
        std::thread::sleep(Duration::from_millis(1));
    }
    crate::test_env::signal(child.id(), signal);
    let stopped_at = Instant::now();
    if twice {
        // Two signals at once are one: the second goes once the first was heard.
        let heard = stderr
            .recv_timeout(HANG_LIMIT)
            .is_ok_and(|line| line.contains("stopping"));
        if heard {
            crate::test_env::signal(child.id(), libc::SIGTERM);
        }
    }
    Some(stopped_at)
}

/// Whether the process `pid` has a handler for `signal` (Linux: the
/// `SigCgt` mask of `/proc/PID/status`).
fn catches(pid: u32, signal: i32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return true;
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_none_or(|mask| mask & (1 << (signal - 1)) != 0)
}

fn wait_within(child: &mut Child, limit: Duration) -> Result<std::process::ExitStatus, String> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Ok(status);
        }
        if started.elapsed() > limit {
            let stacks = thread_stacks(child.id());
            child.kill().unwrap();
            return Err(format!("still running after {limit:?}: a hang\n{stacks}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every thread's name and kernel wait, and its stack when gdb is at hand,
/// of a hung process.
fn thread_stacks(pid: u32) -> String {
    let mut text = String::new();
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for task in tasks.flatten() {
            let read =
                |name: &str| std::fs::read_to_string(task.path().join(name)).unwrap_or_default();
            let state = read("stat")
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().next().map(str::to_owned))
                .unwrap_or_default();
            text.push_str(&format!(
                "thread {:?} {} state {state} waits in {} syscall {}\n{}",
                task.file_name(),
                read("comm").trim(),
                read("wchan").trim(),
                read("syscall").trim(),
                read("stack")
            ));
        }
    }
    text + &gdb_stacks(pid)
}

fn gdb_stacks(pid: u32) -> String {
    std::process::Command::new("gdb")
        .args([
            "-p",
            &pid.to_string(),
            "-batch",
            "-ex",
            "thread apply all bt",
        ])
        .output()
        .map(|output| {
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr)
        })
        .unwrap_or_else(|_| "(no gdb to show the threads)".into())
}

/// The exit code the documented table gives for a run's counts (no fault
/// here stops shipping for good, and the spool is always writable).
fn expected_exit(stats: &Stats) -> i32 {
    if stats.dropped > 0 {
        69
    } else if stats.dead_lettered > 0 {
        65
    } else if stats.spooled > 0 {
        75
    } else {
        0
    }
}

/// The messages in the dead-letter file.
fn dead_letters(env: &TestEnv) -> Vec<String> {
    let path = env.spool_dir().join("dead-letter.ndjson");
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        file.read_to_string(&mut text).unwrap();
    }
    text.lines()
        .map(|line| {
            let letter: Value = serde_json::from_str(line).unwrap();
            letter["entry"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

fn check(
    scenario: &Scenario,
    env: &TestEnv,
    status: std::process::ExitStatus,
    stderr: &str,
    stopped_at: Option<Instant>,
) -> Result<(), String> {
    if !stderr.contains("logingestor: stats: ") {
        return Err(format!("no stats line; exit {status:?}"));
    }
    let stats = std::panic::catch_unwind(|| Stats::of(stderr))
        .map_err(|_| "the stats line breaks the identity".to_owned())?;
    let code = status.code().ok_or("killed by a signal")?;
    if code != expected_exit(&stats) {
        return Err(format!(
            "exit {code}, but the counts {stats:?} call for {}",
            expected_exit(&stats)
        ));
    }
    if stats.read > scenario.lines.len() as u64 {
        return Err(format!(
            "{} read of {} lines",
            stats.read,
            scenario.lines.len()
        ));
    }
    let seed = scenario.seed;
    let accepted: Vec<String> = env.server.messages();
    let spooled = spooled_messages(&env.spool_dir());
    let dead = dead_letters(env);
    if spooled.len() as u64 != stats.spooled {
        return Err(format!(
            "{} in the spool, {} counted",
            spooled.len(),
            stats.spooled
        ));
    }
    if dead.len() as u64 != stats.dead_lettered {
        return Err(format!(
            "{} dead letters, {} counted",
            dead.len(),
            stats.dead_lettered
        ));
    }
    let mut places: HashMap<usize, usize> = HashMap::new();
    for message in accepted.iter().chain(&spooled).chain(&dead) {
        let number = line_number(seed, message)
            .or_else(|| cut_by_the_stop(scenario, &stats, message))
            .ok_or_else(|| format!("a message that is no line of the input: {message:.80}"))?;
        *places.entry(number).or_default() += 1;
    }
    if let Some(beyond) = places.keys().find(|&&n| n as u64 >= stats.read) {
        return Err(format!(
            "line {beyond} was shipped but only {} were read",
            stats.read
        ));
    }
    let numbers = |messages: &[String]| -> HashSet<usize> {
        messages
            .iter()
            .filter_map(|message| {
                line_number(seed, message).or_else(|| cut_by_the_stop(scenario, &stats, message))
            })
            .collect()
    };
    let kept: HashSet<usize> = numbers(&spooled).union(&numbers(&dead)).copied().collect();
    if kept.len() != spooled.len() + dead.len() {
        return Err("a line is kept twice (spool or dead letters)".into());
    }
    let uncertain = uncertain_lines(env, scenario, stopped_at);
    let accepted_lines = numbers(&accepted);
    let certainly_delivered = accepted_lines
        .iter()
        .filter(|number| !kept.contains(number) && !uncertain.contains(number))
        .count() as u64;
    let maybe_delivered = accepted_lines.difference(&kept).count() as u64;
    if stats.delivered < certainly_delivered || stats.delivered > maybe_delivered {
        return Err(format!(
            "{} counted delivered, but {certainly_delivered} to {maybe_delivered} were",
            stats.delivered
        ));
    }
    // A line found nowhere must be in the drop count; a line counted as
    // dropped may be found only where an answer was uncertain.
    let found_nowhere = stats.read - places.len() as u64;
    if found_nowhere > stats.dropped {
        return Err(format!(
            "{found_nowhere} lines read are nowhere, but {} counted dropped",
            stats.dropped
        ));
    }
    if let Some((number, count)) = places
        .iter()
        .find(|(number, &count)| count > 1 && !uncertain.contains(number))
    {
        return Err(format!(
            "line {number} is in {count} places, with no uncertain answer"
        ));
    }
    if scenario.spool_off && stats.spooled + stats.dead_lettered > 0 {
        return Err("entries kept with the spool off".into());
    }
    Ok(())
}

/// The last line read, when a stop cut it short: the reader keeps what it
/// read of a line it was in the middle of (the rest stays unread), so its
/// message may be too short to hold the line's name.
fn cut_by_the_stop(scenario: &Scenario, stats: &Stats, message: &str) -> Option<usize> {
    if matches!(scenario.stop, Stop::None) || stats.read == 0 || message.is_empty() {
        return None;
    }
    let last = stats.read as usize - 1;
    let line = String::from_utf8_lossy(scenario.lines.get(last)?);
    let start = line
        .char_indices()
        .take(40)
        .map(|(at, _)| at)
        .collect::<Vec<_>>();
    start
        .iter()
        .any(|&at| line[at..].starts_with(message))
        .then_some(last)
}

/// The lines of requests whose answer may not have reached logingestor: the
/// fake says so, or it took about the request timeout, or it came after a
/// stop signal (several requests may be in flight at the shutdown deadline,
/// and those still unanswered then are given up, their batches kept).
fn uncertain_lines(
    env: &TestEnv,
    scenario: &Scenario,
    stopped_at: Option<Instant>,
) -> HashSet<usize> {
    let seed = scenario.seed;
    let timeout = scenario.timeout();
    let accepted = env.server.messages();
    env.server
        .requests()
        .iter()
        .filter(|request| {
            request.answer_uncertain
                || request.answered_after + Duration::from_millis(50) >= timeout
                || stopped_at
                    .is_some_and(|stop| request.received_at + request.answered_after >= stop)
        })
        .flat_map(|request| {
            accepted[request.first_accepted..request.first_accepted + request.entries].to_vec()
        })
        .filter_map(|message| line_number(seed, &message))
        .collect()
}

/// Runs the seeds `seeds`; fails naming every seed that broke.
fn run_seeds(seeds: impl Iterator<Item = u64>) {
    let mut broken = Vec::new();
    let mut ran = 0;
    for seed in seeds {
        ran += 1;
        let scenario = Scenario::draw(seed);
        let outcome = std::panic::catch_unwind(|| run(&scenario))
            .unwrap_or_else(|_| Err("the check itself panicked".into()));
        if let Err(why) = outcome {
            eprintln!("fault scenario {seed} broke: {why}\nscenario: {scenario:?}\n");
            broken.push(seed);
        }
    }
    assert!(
        broken.is_empty(),
        "{} of {ran} fault scenarios broke, seeds {broken:?}; replay one with \
         FAULT_SEED=N cargo test --test integration fault_scenario_replay -- --ignored --nocapture",
        broken.len()
    );
}

#[test]
fn fault_scenarios_0_to_11() {
    run_seeds(0..12);
}

#[test]
fn fault_scenarios_12_to_23() {
    run_seeds(12..24);
}

#[test]
fn fault_scenarios_24_to_35() {
    run_seeds(24..36);
}

#[test]
#[ignore = "the long run: FAULT_SCENARIOS=N (default 2000), from FAULT_FIRST_SEED"]
fn fault_scenarios_long() {
    let count: u64 = std::env::var("FAULT_SCENARIOS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let first: u64 = std::env::var("FAULT_FIRST_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    run_seeds(first..first + count);
}

#[test]
#[ignore = "replays the seed FAULT_SEED"]
fn fault_scenario_replay() {
    let seed: u64 = std::env::var("FAULT_SEED")
        .expect("FAULT_SEED")
        .parse()
        .expect("a number");
    run_seeds(std::iter::once(seed));
}
