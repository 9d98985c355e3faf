//! `flowgen keygen [--out DIR] [--passphrase-env VAR] [--force]`: writes `private.pem` (encrypted,
//! mode 0600) and `public.pem`, each atomically, then prints how to register the public key
//! (`--format json`: `{"private_key","public_key","passphrase_env","register_command","check_command"}`).

use crate::cli::{Format, KeygenArgs};
use crate::endpoint::keygen;
use crate::error::{Error, Result, EXIT_OK};
use crate::project::write::write_file_atomic;

pub fn run(args: &KeygenArgs) -> Result<u8> {
    let var = &args.passphrase_env;
    let passphrase = std::env::var(var).unwrap_or_default();
    if passphrase.is_empty() {
        return Err(Error::usage(format!(
            "keygen: the environment variable {var} is unset or empty; set it to the passphrase that will protect private.pem (e.g. `export {var}=...`), or name another variable with --passphrase-env"
        )));
    }
    let dir = &args.out;
    let private_path = dir.join("private.pem");
    let public_path = dir.join("public.pem");
    for p in [&private_path, &public_path] {
        if p.exists() && !args.force {
            return Err(Error::usage(format!(
                "keygen: {} already exists; refusing to overwrite a key (use --force to replace it)",
                p.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    let pair = keygen::generate(passphrase.as_bytes()).map_err(Error::usage)?;
    write_file_atomic(&private_path, &pair.private_pem, 0o600)?;
    if let Some(warning) = unignored_in_git(&private_path) {
        eprintln!("{warning}");
    }
    write_file_atomic(&public_path, &pair.public_pem, 0o644)?;
    // The register call in parts: one line in JSON, continued lines for people.
    let register_parts = [
        "curl -X POST \"https://graph.facebook.com/v25.0/$PHONE_NUMBER_ID/whatsapp_business_encryption\"".to_owned(),
        "-H \"Authorization: Bearer $WHATSAPP_TOKEN\"".to_owned(),
        format!(
            "--data-urlencode \"business_public_key=$(cat {})\"",
            public_path.display()
        ),
    ];
    let register = register_parts.join(" ");
    let check = "curl \"https://graph.facebook.com/v25.0/$PHONE_NUMBER_ID/whatsapp_business_encryption\" -H \"Authorization: Bearer $WHATSAPP_TOKEN\"";
    if args.format == Format::Json {
        // `{"private_key","public_key","passphrase_env","register_command","check_command"}`
        let json = serde_json::json!({
            "private_key": private_path.display().to_string(),
            "public_key": public_path.display().to_string(),
            "passphrase_env": var,
            "register_command": register,
            "check_command": check,
        });
        crate::say!("{json}");
        return Ok(EXIT_OK);
    }
    crate::say!(
        "wrote {} (RSA-2048, PKCS#8 encrypted with AES-256-CBC under ${var}, mode 0600)",
        private_path.display()
    );
    crate::say!("wrote {}", public_path.display());
    crate::say!(
        "\nRegister the public key for each phone number that sends the Flow:\n  {}\nCheck it (business_public_key_signature_status should be VALID):\n  {check}\nStart the endpoint with PRIVATE_KEY_FILE={} and PASSPHRASE set; keep private.pem out of version control.",
        register_parts.join(" \\\n    "),
        private_path.display()
    );
    Ok(EXIT_OK)
}

/// A warning when `path` sits in a git work tree and git would track it (`git check-ignore`);
/// None outside a work tree, when it is ignored, or when git is not installed.
fn unignored_in_git(path: &std::path::Path) -> Option<String> {
    use std::process::{Command, Stdio};
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let inside = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !inside.status.success() || String::from_utf8_lossy(&inside.stdout).trim() != "true" {
        return None;
    }
    let name = path.file_name()?;
    let ignored = Command::new("git")
        .args(["check-ignore", "-q", "--"])
        .arg(name)
        .current_dir(dir)
        .stderr(Stdio::null())
        .status()
        .ok()?;
    // 0: ignored; 1: not ignored; anything else: git could not tell.
    (ignored.code() == Some(1)).then(|| {
        format!(
            "warning: {} is inside a git work tree and not ignored: a `git add .` would commit the private key; add `{}` (or `*.pem`) to .gitignore",
            path.display(),
            name.to_string_lossy()
        )
    })
}
