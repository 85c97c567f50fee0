//! A local fake of the Streamlogia ingest API, for trying logingestor by hand.
//!
//!     cargo run --example fake_ingest -- [ADDRESS] [--fault SPEC]... [--latency DURATION]
//!
//! ADDRESS defaults to 127.0.0.1:8080. It accepts the key
//! `ls_app_live_TESTKEY0123456789abcdef` for the project
//! `5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10`, enforces the API contract, and
//! prints every accepted entry on stdout as one JSON line.
//!
//! `--fault SPEC` scripts the answers to the next requests, in order
//! (repeatable); SPEC is one of, each with an optional `xN` to repeat it:
//! `503` (any status; `429:retry-after=90` adds the header), `reset` (close
//! without an answer), `apply-reset` (store the entries, then close),
//! `delay=20s` (answer after a wait). `--latency 50ms` delays every answer,
//! like a server across the internet. Gzipped bodies are decoded;
//! `--refuse-gzip` answers them with 415 instead.

#[path = "../tests/support/fake_ingest.rs"]
mod fake_ingest;

use std::time::Duration;

use fake_ingest::{FakeIngest, Fault, Options, TEST_KEY, TEST_PROJECT};

fn main() {
    let mut address = "127.0.0.1:8080".to_owned();
    let mut faults = Vec::new();
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fault" => {
                let spec = args.next().unwrap_or_default();
                match parse_fault(&spec) {
                    Ok(parsed) => faults.extend(parsed),
                    Err(why) => return eprintln!("fake_ingest: --fault {spec}: {why}"),
                }
            }
            "--latency" => {
                let text = args.next().unwrap_or_default();
                match humantime::parse_duration(&text) {
                    Ok(latency) => options.answer_delay = latency,
                    Err(why) => return eprintln!("fake_ingest: --latency {text}: {why}"),
                }
            }
            "--refuse-gzip" => options.refuse_gzip = true,
            other => address = other.to_owned(),
        }
    }
    let server = FakeIngest::bind(&address, options);
    for fault in faults {
        server.push_fault(fault);
    }
    eprintln!("fake ingest API listening on {}", server.url());
    eprintln!("  export STREAMLOGIA_API_URL={}", server.url());
    eprintln!("  export STREAMLOGIA_API_KEY={TEST_KEY}");
    eprintln!("  export STREAMLOGIA_PROJECT_ID={TEST_PROJECT}");
    let mut printed = 0;
    let mut requests_seen = 0;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        for request in server.requests().iter().skip(requests_seen) {
            if request.status != 200 {
                eprintln!("{} {} -> {}", request.method, request.path, request.status);
            }
            requests_seen += 1;
        }
        let accepted = server.accepted();
        for entry in &accepted[printed..] {
            println!("{entry}");
        }
        printed = accepted.len();
    }
}

/// The faults one `--fault` SPEC stands for: `KIND[xN][:retry-after=S]`.
fn parse_fault(spec: &str) -> Result<Vec<Fault>, String> {
    let (head, option) = match spec.split_once(':') {
        Some((head, option)) => (head, Some(option)),
        None => (spec, None),
    };
    let (kind, count) = match head.rsplit_once('x') {
        Some((kind, count)) if !count.is_empty() && count.chars().all(|c| c.is_ascii_digit()) => {
            (kind, count.parse::<usize>().map_err(|e| e.to_string())?)
        }
        _ => (head, 1),
    };
    let fault = if kind == "reset" {
        Fault::Reset
    } else if kind == "apply-reset" {
        Fault::ApplyThenReset
    } else if let Some(wait) = kind.strip_prefix("delay=") {
        Fault::Delay(humantime::parse_duration(wait).map_err(|e| e.to_string())?)
    } else {
        let status = kind.parse().map_err(|_| "not a status or a fault")?;
        let mut fault = Fault::error(status, "scripted");
        if let (Fault::Status { headers, .. }, Some(option)) = (&mut fault, option) {
            let seconds = option
                .strip_prefix("retry-after=")
                .ok_or("the only option is retry-after=SECONDS")?;
            headers.push(("Retry-After".into(), seconds.to_owned()));
        }
        fault
    };
    Ok(vec![fault; count])
}
