//! `flowgen keygen`: the real binary writes a key pair that OpenSSL itself opens with the
//! passphrase, with a private file only its owner can read, and refuses unsafe requests.

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use flowgen_e2e::{bin, tempdir, Run};

fn keygen(dir: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.arg("keygen")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("PASSPHRASE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run flowgen keygen").into()
}

#[test]
fn writes_an_encrypted_private_key_and_a_public_key() {
    let tmp = tempdir();
    let r = keygen(
        tmp.path(),
        &[("PASSPHRASE", "s3cret pass")],
        &["--out", "keys"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("whatsapp_business_encryption"),
        "{}",
        r.stdout
    );
    let private = tmp.path().join("keys/private.pem");
    let public = tmp.path().join("keys/public.pem");
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let pem = std::fs::read_to_string(&private).unwrap();
    assert!(
        pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "{pem}"
    );
    assert!(std::fs::read_to_string(&public)
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    // The openssl command line opens it with the passphrase, and not without.
    let opened = Command::new("openssl")
        .args(["rsa", "-in"])
        .arg(&private)
        .args(["-passin", "pass:s3cret pass", "-noout", "-text"])
        .output();
    if let Ok(out) = opened {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("2048 bit"));
        let wrong = Command::new("openssl")
            .args(["rsa", "-in"])
            .arg(&private)
            .args(["-passin", "pass:wrong", "-noout"])
            .output()
            .unwrap();
        assert!(!wrong.status.success());
    }
    assert!(!std::fs::read_dir(tmp.path().join("keys"))
        .unwrap()
        .any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".flowgen")));
}

#[test]
fn refuses_without_a_passphrase_and_names_the_variable() {
    let tmp = tempdir();
    let r = keygen(tmp.path(), &[], &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("PASSPHRASE is unset or empty"),
        "{}",
        r.stderr
    );
    let r = keygen(
        tmp.path(),
        &[("KEY_PASS", "")],
        &["--passphrase-env", "KEY_PASS"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("KEY_PASS"), "{}", r.stderr);
    assert!(!tmp.path().join("private.pem").exists());
}

#[test]
fn never_overwrites_a_key_unless_forced() {
    let tmp = tempdir();
    let env = [("PASSPHRASE", "p")];
    assert_eq!(keygen(tmp.path(), &env, &[]).code, 0);
    let before = std::fs::read(tmp.path().join("private.pem")).unwrap();
    let r = keygen(tmp.path(), &env, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(tmp.path().join("private.pem")).unwrap(),
        before
    );
    assert_eq!(keygen(tmp.path(), &env, &["--force"]).code, 0);
    assert_ne!(
        std::fs::read(tmp.path().join("private.pem")).unwrap(),
        before
    );
}
