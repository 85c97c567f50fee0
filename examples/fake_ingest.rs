//! A local fake of the Streamlogia ingest API, for trying logingestor by hand.
//!
//!     cargo run --example fake_ingest -- [ADDRESS]      (default 127.0.0.1:8080)
//!
//! It accepts the key `ls_app_live_TESTKEY0123456789abcdef` for the project
//! `5f0c6a34-5f5c-4b8e-9c55-3b1a1f1f2a10`, enforces the API contract, and
//! prints every accepted entry on stdout as one JSON line.

#[path = "../tests/support/fake_ingest.rs"]
mod fake_ingest;

use std::time::Duration;

use fake_ingest::{FakeIngest, Options, TEST_KEY, TEST_PROJECT};

fn main() {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let server = FakeIngest::bind(&address, Options::default());
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
