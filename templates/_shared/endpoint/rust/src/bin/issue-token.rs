//! Prints a fresh flow token signed with FLOW_TOKEN_SECRET: `cargo run --release --bin issue-token [-- --hours N]`.

fn main() {
    let mut hours: u64 = 72;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--hours" => match args.next().and_then(|h| h.parse().ok()) {
                Some(h) if h > 0 => hours = h,
                _ => {
                    eprintln!("issue-token: --hours needs a positive whole number");
                    std::process::exit(2);
                }
            },
            "-h" | "--help" => {
                println!("usage: issue-token [--hours N]   (FLOW_TOKEN_SECRET must be set; default 72 h)");
                return;
            }
            other => {
                eprintln!("issue-token: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    match std::env::var("FLOW_TOKEN_SECRET") {
        Ok(s) if !s.is_empty() => println!("{}", flow_endpoint::token::issue(s.as_bytes(), hours)),
        _ => {
            eprintln!("issue-token: FLOW_TOKEN_SECRET is not set: export the secret the endpoint uses");
            std::process::exit(1);
        }
    }
}
