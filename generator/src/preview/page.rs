//! The HTML shell of the preview: inline CSS and script (from `assets/`), the routing SVG, the
//! Flow as an inert JSON data block, and a Content-Security-Policy that allows only those inline
//! pieces (by hash) and `data:` images, so the page can load nothing from anywhere.

use openssl::base64;
use openssl::sha::sha256;

const CSS: &str = include_str!("assets/preview.css");
const JS: &str = include_str!("assets/preview.js");

/// The whole page. `boot_json` is the data the script reads; `served` allows calls back to the
/// page's own origin (the `--serve` server), which a file page never makes.
pub fn html(file_name: &str, graph_svg: &str, boot_json: &str, served: bool) -> String {
    let csp = format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; connect-src {}; \
         base-uri 'none'; form-action 'none'",
        hash(JS),
        hash(CSS),
        if served { "'self'" } else { "'none'" }
    );
    let title = escape_text(&format!("{file_name} · flowgen preview"));
    let mut out =
        String::with_capacity(CSS.len() + JS.len() + graph_svg.len() + boot_json.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    out.push_str(&csp);
    out.push_str("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    out.push_str(&title);
    out.push_str("</title>\n<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header class=\"top\"><h1>");
    out.push_str(&escape_text(file_name));
    out.push_str("</h1><span id=\"summary\"></span><nav><a href=\"#play\">Play</a><a href=\"#routing\">Routing</a><a href=\"#screens\">Screens</a></nav></header>\n");
    out.push_str("<noscript><p class=\"noscript\">The screens are drawn by the page's script: allow JavaScript for this file.</p></noscript>\n");
    out.push_str("<main>\n<section id=\"play\" class=\"band\"><h2>Play</h2><div id=\"player\"></div></section>\n");
    out.push_str("<section id=\"routing\" class=\"band\"><h2>Routing</h2><div class=\"graph\">");
    out.push_str(graph_svg);
    out.push_str("</div></section>\n<section id=\"screens\" class=\"band\"><h2>Screens</h2><div id=\"flow-notes\"></div><div id=\"overview\"></div></section>\n</main>\n");
    out.push_str("<script type=\"application/json\" id=\"flowgen-data\">");
    out.push_str(&embed_json(boot_json));
    out.push_str("</script>\n<script>");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` become `\u` escapes (so no
/// `</script>` or `<!--` can end or change the element), and so do U+2028/U+2029. The result
/// is still the same JSON document for `JSON.parse`.
pub fn embed_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML or SVG element content and quoted attribute values.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSP source expression for an inline element's exact text.
fn hash(text: &str) -> String {
    format!("sha256-{}", base64::encode_block(&sha256(text.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_element() {
        let json = r#"{"a":"</script><!--x--> & \u2028"}"#;
        let safe = embed_json(json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        let orig: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back, orig);
    }

    #[test]
    fn policy_hashes_the_inline_pieces() {
        let page = html("f.json", "<svg></svg>", "{}", false);
        assert!(page.contains(&hash(JS)) && page.contains(&hash(CSS)));
        assert!(page.contains("connect-src 'none'"));
        assert!(html("f.json", "", "{}", true).contains("connect-src 'self'"));
    }
}
