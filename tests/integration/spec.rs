//! A test as a specification, in one block: the command line, environment,
//! stdin and server faults, then what must come of them: the exit status,
//! stdout, stderr and what the fake ingest API accepted.
//!
//! ```ignore
//! Test::new()
//!     .args(["pipe", "--no-console"])
//!     .stdin("a\nb\n")
//!     .fault(Fault::error(500, "server_error"))
//!     .expect_exit(0)
//!     .expect_messages(["a", "b"])
//!     .expect_requests(3)
//!     .run();
//! ```
//!
//! `run` checks every expectation and hands back the test's world and the
//! output, for what a test checks beyond them.

use std::ffi::OsString;
use std::process::Output;

use serde_json::Value;

use crate::fake_ingest::Fault;
use crate::test_env::{text, TestEnv};

/// Where a test runs: a world of its own, or one it shares with other runs.
enum World<'a> {
    Own(Box<TestEnv>),
    Shared(&'a TestEnv),
}

/// One run of the binary and what must come of it.
pub struct Test<'a> {
    world: World<'a>,
    args: Vec<OsString>,
    env: Vec<(String, OsString)>,
    stdin: Option<Vec<u8>>,
    /// Without the key, project and URL of the fake server in the environment.
    bare: bool,
    faults: Vec<Fault>,
    exit: Option<i32>,
    stdout: Option<Vec<u8>>,
    stderr: Option<String>,
    stderr_contains: Vec<String>,
    stderr_lacks: Vec<String>,
    output_lacks: Vec<String>,
    messages: Option<Vec<String>>,
    accepted: Option<Vec<Value>>,
    requests: Option<usize>,
}

/// What a run gave: the world it ran in and the binary's output.
pub struct Ran<'a> {
    world: World<'a>,
    pub output: Output,
}

impl Ran<'_> {
    /// The world the run happened in: its home, and the fake server.
    pub fn env(&self) -> &TestEnv {
        match &self.world {
            World::Own(env) => env,
            World::Shared(env) => env,
        }
    }

    pub fn stdout(&self) -> String {
        text(&self.output.stdout)
    }

    pub fn stderr(&self) -> String {
        text(&self.output.stderr)
    }
}

impl Test<'static> {
    /// A run in a world of its own: a temporary HOME and a fake server,
    /// the binary set up through the environment to ship to it.
    pub fn new() -> Self {
        Test::in_world(World::Own(Box::new(TestEnv::new())))
    }
}

impl<'a> Test<'a> {
    /// A run in `env`, which other runs of the test share.
    pub fn in_env(env: &'a TestEnv) -> Self {
        Test::in_world(World::Shared(env))
    }

    fn in_world(world: World<'a>) -> Self {
        Test {
            world,
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            bare: false,
            faults: Vec::new(),
            exit: None,
            stdout: None,
            stderr: None,
            stderr_contains: Vec::new(),
            stderr_lacks: Vec::new(),
            output_lacks: Vec::new(),
            messages: None,
            accepted: None,
            requests: None,
        }
    }

    /// The arguments, after the program's name.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// One more argument.
    pub fn arg(self, arg: impl Into<OsString>) -> Self {
        self.args([arg])
    }

    /// An environment variable, set after (and so over) the test's own.
    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> Self {
        self.env.push((name.to_owned(), value.into()));
        self
    }

    /// Runs without the fake server's key, project and URL in the environment.
    pub fn bare(mut self) -> Self {
        self.bare = true;
        self
    }

    /// What the binary reads on stdin.
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// A fault the fake server answers a request with, in the order given,
    /// before it answers normally again.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// The exit status the run must end with.
    pub fn expect_exit(mut self, code: i32) -> Self {
        self.exit = Some(code);
        self
    }

    /// Exactly what the run must print on stdout.
    pub fn expect_stdout(mut self, stdout: impl Into<Vec<u8>>) -> Self {
        self.stdout = Some(stdout.into());
        self
    }

    /// Exactly what the run must print on stderr.
    pub fn expect_stderr(mut self, stderr: &str) -> Self {
        self.stderr = Some(stderr.to_owned());
        self
    }

    /// Text stderr must hold (repeatable).
    pub fn expect_stderr_contains(mut self, part: &str) -> Self {
        self.stderr_contains.push(part.to_owned());
        self
    }

    /// Text stderr may not hold (repeatable).
    pub fn expect_stderr_lacks(mut self, part: &str) -> Self {
        self.stderr_lacks.push(part.to_owned());
        self
    }

    /// Text neither stdout nor stderr may hold (repeatable): a key, say.
    pub fn expect_output_lacks(mut self, part: &str) -> Self {
        self.output_lacks.push(part.to_owned());
        self
    }

    /// The messages of the entries the server accepted, in order: all of them.
    pub fn expect_messages<I, S>(mut self, messages: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.messages = Some(messages.into_iter().map(Into::into).collect());
        self
    }

    /// The entries the server accepted, in order, whole.
    pub fn expect_accepted(mut self, entries: Vec<Value>) -> Self {
        self.accepted = Some(entries);
        self
    }

    /// How many requests the server received (0: nothing was sent).
    pub fn expect_requests(mut self, count: usize) -> Self {
        self.requests = Some(count);
        self
    }

    /// Runs the binary to its end and checks every expectation; a failure
    /// shows the run's stderr.
    pub fn run(self) -> Ran<'a> {
        let Test {
            world,
            args,
            env,
            stdin,
            bare,
            faults,
            exit,
            stdout,
            stderr,
            stderr_contains,
            stderr_lacks,
            output_lacks,
            messages,
            accepted,
            requests,
        } = self;
        let ran = {
            let test_env = match &world {
                World::Own(env) => &**env,
                World::Shared(env) => *env,
            };
            for fault in faults {
                test_env.server.push_fault(fault);
            }
            let mut command = if bare {
                test_env.bare_command()
            } else {
                test_env.command()
            };
            command.args(&args);
            for (name, value) in &env {
                command.env(name, value);
            }
            if let Some(stdin) = stdin {
                command.write_stdin(stdin);
            }
            command.output().expect("the binary runs")
        };
        let ran = Ran { world, output: ran };
        let (out, err) = (ran.stdout(), ran.stderr());
        let context = format!("{args:?}\nstderr: {err}");
        if let Some(code) = exit {
            assert_eq!(ran.output.status.code(), Some(code), "exit of {context}");
        }
        if let Some(stdout) = stdout {
            assert!(
                ran.output.stdout == stdout,
                "stdout of {context}\nstdout: {out:?}, not {:?}",
                text(&stdout)
            );
        }
        if let Some(stderr) = stderr {
            assert_eq!(err, stderr, "stderr of {args:?}");
        }
        for part in stderr_contains {
            assert!(err.contains(&part), "no {part:?} in stderr of {context}");
        }
        for part in stderr_lacks {
            assert!(!err.contains(&part), "{part:?} in stderr of {context}");
        }
        for part in output_lacks {
            assert!(
                !out.contains(&part) && !err.contains(&part),
                "{part:?} printed by {context}\nstdout: {out}"
            );
        }
        let server = &ran.env().server;
        if let Some(messages) = messages {
            assert_eq!(
                server.messages(),
                messages,
                "messages accepted for {context}"
            );
        }
        if let Some(entries) = accepted {
            assert_eq!(server.accepted(), entries, "entries accepted for {context}");
        }
        if let Some(count) = requests {
            assert_eq!(server.requests().len(), count, "requests of {context}");
        }
        ran
    }
}
