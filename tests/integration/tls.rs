//! TLS end to end: the fake serves https with certificates made for the
//! test; a certificate the trust roots refuse is a configuration error.

use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
};

use crate::fake_ingest::{FakeIngest, Options};
use crate::test_env::{spooled_messages, text, TestEnv};

/// A certificate authority made for one test.
struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl TestCa {
    fn new(name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().unwrap();
        TestCa {
            issuer: CertifiedIssuer::self_signed(params, key).unwrap(),
        }
    }

    /// Writes the CA's certificate as a PEM bundle under the test's HOME.
    fn bundle(&self, env: &TestEnv) -> PathBuf {
        env.write_file("ca.pem", &self.issuer.pem())
    }

    /// A server configuration with a certificate for `names`, signed by this
    /// CA, valid from `not_before` to `not_after` (years).
    fn server(&self, names: &[&str], valid: (i32, i32)) -> Arc<rustls::ServerConfig> {
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params.not_before = date_time_ymd(valid.0, 1, 1);
        params.not_after = date_time_ymd(valid.1, 1, 1);
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let key_der = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key_der)
        .unwrap();
        Arc::new(config)
    }
}

/// A test world whose fake speaks TLS with `tls`.
fn tls_env(tls: Arc<rustls::ServerConfig>) -> TestEnv {
    TestEnv {
        home: tempfile::tempdir().unwrap(),
        server: FakeIngest::with_tls(Options::default(), tls),
    }
}

const NOW_VALID: (i32, i32) = (2020, 2090);

#[test]
fn entries_go_over_tls_to_a_server_the_ca_file_trusts() {
    let ca = TestCa::new("test CA");
    let env = tls_env(ca.server(&["localhost"], NOW_VALID));
    let output = env
        .command()
        .arg("--ca-file")
        .arg(ca.bundle(&env))
        .args(["pipe", "--no-console"])
        .write_stdin("over tls\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(env.server.messages(), ["over tls"]);
    let output = env
        .command()
        .arg("--ca-file")
        .arg(ca.bundle(&env))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
}

#[test]
fn a_certificate_the_trust_roots_refuse_stops_spools_and_exits_78() {
    let ca = TestCa::new("test CA");
    let other_ca = TestCa::new("another CA");
    let cases = [
        (
            "an unknown issuer",
            ca.server(&["localhost"], NOW_VALID),
            &other_ca,
        ),
        (
            "another name",
            ca.server(&["logs.example.com"], NOW_VALID),
            &ca,
        ),
        ("expired", ca.server(&["localhost"], (2001, 2002)), &ca),
    ];
    for (case, server, trusted) in cases {
        let env = tls_env(server);
        let output = env
            .command()
            .arg("--ca-file")
            .arg(trusted.bundle(&env))
            .args(["--retry-for", "30s", "pipe", "--no-console"])
            .write_stdin("a\nb\n")
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{case}: {stderr}");
        assert!(stderr.contains("certificate"), "{case}: {stderr}");
        assert!(stderr.contains("--ca-file"), "{case}: {stderr}");
        assert_eq!(spooled_messages(&env.spool_dir()), ["a", "b"], "{case}");
        assert!(env.server.accepted().is_empty(), "{case}");
        let output = env
            .command()
            .arg("--ca-file")
            .arg(trusted.bundle(&env))
            .arg("check")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(78), "{case}: check");
        assert!(text(&output.stdout).contains("FAIL"), "{case}: check");
    }
}
