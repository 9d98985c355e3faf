//! `flowgen publish`: turn the arguments into a [`publish::Request`], run it, print the report
//! (progress as it happens for humans, one JSON object with `--format json`).

use crate::cli::{Format, PublishArgs};
use crate::error::Result;
use crate::publish::{self, Request, Settings};

pub fn run(args: &PublishArgs) -> Result<u8> {
    let request = Request {
        path: args.path.clone(),
        waba_id: args.waba_id.clone(),
        env: args.env.clone(),
        name: args.name.clone(),
        categories: args.categories.clone(),
        endpoint_uri: args.endpoint_uri.clone(),
        phone_number_id: args.phone_number_id.clone(),
        public_key: args.public_key.clone(),
        publish: args.publish,
        send_test: args.send_test.clone(),
        dry_run: args.dry_run,
        human: args.format == Format::Human,
    };
    let (report, code) = publish::run(&request, &Settings::from_env());
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&report).unwrap_or_default();
            crate::say!("{json}");
        }
        Format::Human => {
            let summary = publish::human_summary(&report);
            if !summary.is_empty() {
                crate::say!("{summary}");
            }
        }
    }
    if let Some(e) = &report.error {
        eprintln!("error: {e}");
    }
    Ok(code)
}
