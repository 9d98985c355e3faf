//! `flowgen preview FLOW.json`: write the preview page (or `--serve` it); see [`crate::preview`].

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::cli::PreviewArgs;
use crate::error::{Error, Result, EXIT_OK};
use crate::preview::{self, serve, Options};
use crate::project::write;

pub fn run(args: &PreviewArgs) -> Result<u8> {
    // A project folder (what `flowgen new` wrote) means its flow.json.
    let flow = if args.flow.is_dir() {
        args.flow.join("flow.json")
    } else {
        args.flow.clone()
    };
    let data = args.data.as_deref().map(read_data).transpose()?;
    if args.serve {
        let relay = match &args.endpoint {
            None => None,
            Some(url) => Some(relay(args, url)?),
        };
        read(&flow)?;
        return serve::run(serve::Config {
            flow_path: flow.clone(),
            data,
            port: args.port,
            relay,
            open: args.open,
        });
    }
    let text = read(&flow)?;
    let options = Options {
        file_name: file_name(&flow),
        data,
        serve: None,
    };
    let page = preview::build(&text, &options).map_err(|d| {
        Error::usage(format!(
            "{}:{}:{}: {} ({})",
            flow.display(),
            d.line,
            d.column,
            d.message,
            d.help
        ))
    })?;
    let out = args.out.clone().unwrap_or_else(|| default_out(&flow));
    if out == Path::new("-") {
        crate::say_raw!("{}", page.html);
        return Ok(EXIT_OK);
    }
    if out == flow {
        return Err(Error::usage(format!(
            "--out {} is the Flow file itself; pick another name",
            out.display()
        )));
    }
    let out = if out.parent() == Some(Path::new("")) {
        Path::new(".").join(out)
    } else {
        out
    };
    write::write_file_atomic(&out, &page.html, 0o644)?;
    let findings = match (page.errors, page.warnings) {
        (0, 0) => String::from("no lint findings"),
        (e, w) => format!("{e} error(s), {w} warning(s), shown beside their screens"),
    };
    eprintln!(
        "wrote {} ({} screens, {} KB; {findings})",
        out.display(),
        page.screens,
        page.html.len().div_ceil(1024)
    );
    if args.open {
        preview::open_in_browser(&out.display().to_string());
    }
    Ok(EXIT_OK)
}

/// `preview.html` beside a `flow.json` (what `flowgen new` writes), else `FLOW.html`.
fn default_out(flow: &Path) -> PathBuf {
    if flow.file_name().is_some_and(|n| n == "flow.json") {
        flow.with_file_name("preview.html")
    } else {
        flow.with_extension("html")
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "flow.json".into())
}

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    String::from_utf8(bytes)
        .map_err(|_| Error::usage(format!("{} is not UTF-8; save it as UTF-8", path.display())))
}

/// `--data FILE.json`: an object of screen id → object of field values.
fn read_data(path: &Path) -> Result<Map<String, Value>> {
    let text = read(path)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{}:{}:{}: not JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    match value {
        Value::Object(map) if map.values().all(Value::is_object) => Ok(map),
        _ => Err(Error::usage(format!(
            "{}: expected {{\"SCREEN_ID\": {{\"field\": value, …}}, …}}",
            path.display()
        ))),
    }
}

fn relay(args: &PreviewArgs, url: &str) -> Result<serve::Relay> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::usage(format!(
            "--endpoint {url:?}: give an http:// or https:// URL"
        )));
    }
    let key_path = args
        .public_key
        .as_deref()
        .ok_or_else(|| Error::usage("--endpoint needs --public-key public.pem"))?;
    let key = super::read_public_key(key_path)?;
    let secret = super::app_secret_from_env(args.app_secret_env.as_deref())?;
    Ok(serve::Relay::new(url.to_owned(), key, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_page_name() {
        assert_eq!(
            default_out(Path::new("p/flow.json")),
            Path::new("p/preview.html")
        );
        assert_eq!(default_out(Path::new("a/b.json")), Path::new("a/b.html"));
    }
}
