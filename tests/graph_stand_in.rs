//! A local stand-in for Meta's Graph API (the Flows API, business encryption, messages): a real
//! HTTP/1.1 server on 127.0.0.1 that records every request and answers with Meta's shapes and
//! error objects (as documented in the research notes, §1.2). Each test scripts its own [`Meta`].

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{json, Value};

pub const WABA: &str = "1001";
pub const PHONE: &str = "5550001";

/// One request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Without the version prefix, e.g. `/1001/flows`.
    pub path: String,
    pub version: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
    /// Form fields (urlencoded body).
    pub fn form(&self) -> BTreeMap<String, String> {
        parse_pairs(&String::from_utf8_lossy(&self.body))
            .into_iter()
            .collect()
    }
    /// Multipart fields: name → (file name, bytes).
    pub fn multipart(&self) -> BTreeMap<String, (Option<String>, Vec<u8>)> {
        let ct = self.header("content-type").unwrap_or_default();
        let boundary = ct.split("boundary=").nth(1).unwrap_or_default().to_owned();
        parse_multipart(&self.body, &boundary)
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A Flow as the stand-in keeps it.
#[derive(Debug, Clone, Default)]
pub struct FakeFlow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub categories: Vec<String>,
    pub endpoint_uri: Option<String>,
    pub json: Option<Vec<u8>>,
    pub application: bool,
}

/// The stand-in's state and script.
#[derive(Debug, Default)]
pub struct Meta {
    /// The only token accepted (`Bearer <token>`).
    pub token: String,
    /// Answer every call with 190, echoing the token in the message (flowgen must scrub it).
    pub token_expired: bool,
    pub flows: Vec<FakeFlow>,
    /// At most this many Flows per list page (0: no cap beyond `limit`).
    pub page_size: usize,
    /// Returned (once) by the next upload.
    pub validation_errors: Option<Value>,
    /// A published Flow cannot be edited (139001), as for older Flows and On-Prem WABAs.
    pub immutable_published: bool,
    /// Answer the first request with this method and path with this rate-limit code, `times` times.
    pub rate_limit: Option<(String, String, i64, u32)>,
    /// New Flows get a connected Meta app.
    pub apps_connected: bool,
    pub key: Option<String>,
    /// `VALID` or `MISMATCH`.
    pub key_status: String,
    /// Answer the key GET as a flat object instead of `{"data": [...]}`.
    pub key_flat: bool,
    /// Reads right after a key upload that carry no status yet.
    pub key_pending_reads: u32,
    /// Refuse to publish with 139002 and this message (a check only Meta can run, e.g. the
    /// endpoint's health check).
    pub refuse_publish: Option<String>,
    pub requests: Vec<Recorded>,
    next_id: u64,
}

/// The running server; stops when dropped.
pub struct StandIn {
    pub url: String,
    meta: Arc<Mutex<Meta>>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl StandIn {
    pub fn start(meta: Meta) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let meta = Arc::new(Mutex::new(meta));
        let stop = Arc::new(AtomicBool::new(false));
        let (m, s) = (meta.clone(), stop.clone());
        let handle = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &m);
                }
            }
        });
        StandIn {
            url,
            meta,
            stop,
            handle: Some(handle),
        }
    }
    pub fn meta(&self) -> MutexGuard<'_, Meta> {
        self.meta.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.meta().requests.clone()
    }
    pub fn clear_requests(&self) {
        self.meta().requests.clear();
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Meta {
    pub fn new(token: &str) -> Meta {
        Meta {
            token: token.to_owned(),
            key_status: "VALID".into(),
            next_id: 2001,
            ..Meta::default()
        }
    }
    /// Adds a Flow that already exists in the WABA.
    pub fn with_flow(mut self, name: &str, status: &str) -> Meta {
        let id = self.new_id();
        self.flows.push(FakeFlow {
            id,
            name: name.to_owned(),
            status: status.to_owned(),
            categories: vec!["OTHER".into()],
            json: Some(b"{}".to_vec()),
            ..FakeFlow::default()
        });
        self
    }
    fn new_id(&mut self) -> String {
        if self.next_id == 0 {
            self.next_id = 2001;
        }
        let id = self.next_id.to_string();
        self.next_id += 1;
        id
    }
    pub fn flow(&self, id: &str) -> Option<&FakeFlow> {
        self.flows.iter().find(|f| f.id == id)
    }
}

fn serve(stream: TcpStream, meta: &Arc<Mutex<Meta>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let header = |k: &str| {
        headers
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(len, 0);
        let _ = reader.read_exact(&mut body);
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            if reader.read_line(&mut size).unwrap_or(0) == 0 {
                break;
            }
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            let _ = reader.read_exact(&mut chunk);
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let (full_path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), parse_pairs(q)),
        None => (target.clone(), Vec::new()),
    };
    let (version, path) = match full_path.trim_start_matches('/').split_once('/') {
        Some((v, rest)) if v.starts_with('v') => (v.to_owned(), format!("/{rest}")),
        _ => (String::new(), full_path.clone()),
    };
    let recorded = Recorded {
        method,
        path,
        version,
        query,
        headers,
        body,
    };
    let (status, answer) = {
        let mut m = meta.lock().unwrap_or_else(|e| e.into_inner());
        m.requests.push(recorded.clone());
        answer(&mut m, &recorded)
    };
    let text = answer.to_string();
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        if status == 200 { "OK" } else { "Error" },
        text.len()
    );
    let _ = out.flush();
}

fn error(status: u16, code: i64, message: &str) -> (u16, Value) {
    (
        status,
        json!({"error": {"message": message, "type": "OAuthException", "code": code,
                         "fbtrace_id": "AbCdEfStandIn"}}),
    )
}

fn answer(m: &mut Meta, r: &Recorded) -> (u16, Value) {
    let auth = r.header("authorization").unwrap_or_default().to_owned();
    if m.token_expired {
        return error(
            401,
            190,
            &format!(
                "Error validating access token: Session has expired for token {}",
                m.token
            ),
        );
    }
    if auth != format!("Bearer {}", m.token) {
        return error(
            401,
            190,
            "Invalid OAuth access token - Cannot parse access token",
        );
    }
    if let Some((method, path, code, times)) = m.rate_limit.clone() {
        if method == r.method && path == r.path && times > 0 {
            m.rate_limit = Some((method, path, code, times - 1));
            let mut e = error(400, code, &format!("(#{code}) There have been too many calls to this WhatsApp Business account. Wait a bit and try again."));
            e.1["error"]["error_subcode"] = json!(2494055);
            return e;
        }
    }
    let segments: Vec<&str> = r.path.trim_start_matches('/').split('/').collect();
    let form = r.form();
    match (r.method.as_str(), segments.as_slice()) {
        ("GET", [WABA, "flows"]) => list(m, r),
        ("POST", [WABA, "flows"]) => create(m, &form),
        ("GET", [PHONE, "whatsapp_business_encryption"]) => {
            let Some(key) = m.key.clone() else {
                return (200, json!({"data": []}));
            };
            let mut item = json!({ "business_public_key": key });
            if m.key_pending_reads > 0 {
                m.key_pending_reads -= 1;
            } else {
                item["business_public_key_signature_status"] = json!(m.key_status);
            }
            (
                200,
                if m.key_flat {
                    item
                } else {
                    json!({ "data": [item] })
                },
            )
        }
        ("POST", [PHONE, "whatsapp_business_encryption"]) => {
            match form.get("business_public_key") {
                Some(k) if k.contains("BEGIN PUBLIC KEY") => {
                    m.key = Some(k.clone());
                    (200, json!({"success": true}))
                }
                _ => error(400, 100, "(#100) Invalid parameter business_public_key"),
            }
        }
        ("POST", [PHONE, "messages"]) => {
            let to = r.json()["to"].clone();
            (
                200,
                json!({"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                       "messages": [{"id": "wamid.STANDIN1"}]}),
            )
        }
        ("POST", [id, "assets"]) => upload(m, id, r),
        ("POST", [id, "publish"]) => publish(m, id),
        ("POST", [id]) => {
            let Some(flow) = m.flows.iter_mut().find(|f| f.id == *id) else {
                return missing(id);
            };
            if let Some(uri) = form.get("endpoint_uri") {
                if !uri.starts_with("https://") {
                    return error(400, 100, "(#100) Invalid endpoint_uri");
                }
                flow.endpoint_uri = Some(uri.clone());
            }
            if flow.status == "PUBLISHED" {
                flow.status = "DRAFT".into();
            }
            (200, json!({"success": true}))
        }
        ("GET", [id]) => get_flow(m, id, r.query("fields").unwrap_or("id,name,status")),
        ("DELETE", [_id]) => (200, json!({"success": true})),
        _ => error(400, 100, "(#100) Unknown path components"),
    }
}

fn missing(id: &str) -> (u16, Value) {
    error(
        400,
        100,
        &format!("Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."),
    )
}

fn list(m: &Meta, r: &Recorded) -> (u16, Value) {
    let limit: usize = r.query("limit").and_then(|l| l.parse().ok()).unwrap_or(25);
    let size = if m.page_size > 0 {
        limit.min(m.page_size)
    } else {
        limit
    };
    let start: usize = r
        .query("after")
        .and_then(|a| a.strip_prefix("cursor-"))
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = m
        .flows
        .iter()
        .skip(start)
        .take(size)
        .map(|f| {
            let mut v = json!({"id": f.id, "name": f.name, "status": f.status,
                               "categories": f.categories, "validation_errors": []});
            if let Some(u) = &f.endpoint_uri {
                v["endpoint_uri"] = json!(u);
            }
            v
        })
        .collect();
    let end = start + page.len();
    let mut paging =
        json!({"cursors": {"before": format!("cursor-{start}"), "after": format!("cursor-{end}")}});
    if end < m.flows.len() {
        paging["next"] = json!(format!(
            "https://graph.facebook.com/v25.0/{WABA}/flows?limit={size}&after=cursor-{end}"
        ));
    }
    (200, json!({"data": page, "paging": paging}))
}

fn create(m: &mut Meta, form: &BTreeMap<String, String>) -> (u16, Value) {
    let Some(name) = form.get("name").cloned() else {
        return error(400, 100, "(#100) The parameter name is required");
    };
    let categories: Vec<String> = match form
        .get("categories")
        .and_then(|c| serde_json::from_str(c).ok())
    {
        Some(c) => c,
        None => return error(400, 100, "(#100) Param categories must be an array"),
    };
    if m.flows.iter().any(|f| f.name == name) {
        let mut e = error(400, 100, "(#100) Invalid parameter");
        e.1["error"]["error_user_msg"] = json!("Flow name is not unique");
        return e;
    }
    let json = form
        .get("clone_flow_id")
        .and_then(|c| m.flow(c))
        .and_then(|f| f.json.clone());
    let id = m.new_id();
    let application = m.apps_connected;
    m.flows.push(FakeFlow {
        id: id.clone(),
        name,
        status: "DRAFT".into(),
        categories,
        endpoint_uri: form.get("endpoint_uri").cloned(),
        json,
        application,
    });
    (200, json!({ "id": id }))
}

fn upload(m: &mut Meta, id: &str, r: &Recorded) -> (u16, Value) {
    let parts = r.multipart();
    if !r
        .header("content-type")
        .unwrap_or_default()
        .starts_with("multipart/form-data")
    {
        return error(
            400,
            100,
            "(#100) The asset must be sent as multipart/form-data",
        );
    }
    let asset_type = parts.get("asset_type").map(|p| p.1.clone());
    if asset_type.as_deref() != Some(b"FLOW_JSON".as_slice())
        || parts.get("name").map(|p| p.1.as_slice()) != Some(b"flow.json".as_slice())
    {
        return error(
            400,
            100,
            "(#100) asset_type FLOW_JSON and name flow.json are required",
        );
    }
    let Some((_, bytes)) = parts.get("file").cloned() else {
        return error(400, 100, "(#100) The parameter file is required");
    };
    let immutable = m.immutable_published;
    let errors = m.validation_errors.take().unwrap_or_else(|| json!([]));
    let Some(flow) = m.flows.iter_mut().find(|f| f.id == id) else {
        return missing(id);
    };
    if flow.status == "PUBLISHED" && immutable {
        let mut e = error(400, 139001, "Flow can't be updated");
        e.1["error"]["error_user_msg"] = json!("You can't update a published Flow.");
        return e;
    }
    flow.json = Some(bytes);
    if flow.status == "PUBLISHED" {
        flow.status = "DRAFT".into();
    }
    (200, json!({"success": true, "validation_errors": errors}))
}

fn uses_endpoint(flow: &FakeFlow) -> bool {
    flow.json
        .as_ref()
        .and_then(|j| serde_json::from_slice::<Value>(j).ok())
        .is_some_and(|v| v.get("data_api_version").is_some())
}

fn publish(m: &mut Meta, id: &str) -> (u16, Value) {
    if let Some(why) = m.refuse_publish.clone() {
        let mut e = error(400, 139002, "Publishing Flow failed");
        e.1["error"]["error_user_title"] = json!("Flow can't be published");
        e.1["error"]["error_user_msg"] = json!(why);
        return e;
    }
    let Some(flow) = m.flows.iter_mut().find(|f| f.id == id) else {
        return missing(id);
    };
    let endpoint = uses_endpoint(flow);
    if flow.status != "DRAFT" || (endpoint && (flow.endpoint_uri.is_none() || !flow.application)) {
        let mut e = error(400, 139002, "Publishing Flow failed");
        e.1["error"]["error_user_msg"] =
            json!("The Flow can't be published: set the endpoint URI and connect a Meta app.");
        return e;
    }
    flow.status = "PUBLISHED".into();
    (200, json!({"success": true}))
}

fn get_flow(m: &Meta, id: &str, fields: &str) -> (u16, Value) {
    let Some(flow) = m.flow(id) else {
        return missing(id);
    };
    let mut out = json!({ "id": flow.id });
    for field in top_level_fields(fields) {
        let name = field
            .split(['.', '('])
            .next()
            .unwrap_or_default()
            .to_owned();
        match name.as_str() {
            "name" => out["name"] = json!(flow.name),
            "status" => out["status"] = json!(flow.status),
            "categories" => out["categories"] = json!(flow.categories),
            "validation_errors" => out["validation_errors"] = json!([]),
            "endpoint_uri" => {
                if let Some(u) = &flow.endpoint_uri {
                    out["endpoint_uri"] = json!(u);
                }
            }
            "application" if flow.application => {
                out["application"] =
                    json!({"link": "https://example.invalid/app", "name": "Acme app", "id": "777"});
            }
            "preview" => {
                let invalidate = field.contains("invalidate(true)");
                out["preview"] = json!({
                    "preview_url": format!("https://business.facebook.com/wa/manage/flows/{}/preview/?token={}",
                        flow.id, if invalidate { "rotated" } else { "stable-preview-token" }),
                    "expires_at": "2027-01-03T12:00:00+0000"
                });
            }
            "health_status" => out["health_status"] = health(flow),
            _ => {}
        }
    }
    (200, out)
}

fn health(flow: &FakeFlow) -> Value {
    let mut errors = Vec::new();
    if uses_endpoint(flow) {
        if flow.endpoint_uri.is_none() {
            errors.push(json!({"error_code": 131000, "error_description": "endpoint_uri: You need to set the endpoint URI before you can send or publish a flow.", "possible_solution": "Set the endpoint URI of the flow."}));
        }
        if !flow.application {
            errors.push(json!({"error_code": 131000, "error_description": "app_check: You need to connect a Meta app to the flow before you can send or publish it.", "possible_solution": "Connect a Meta app to the flow."}));
        }
    }
    let flow_node = if errors.is_empty() {
        json!({"entity_type": "FLOW", "id": flow.id, "can_send_message": "AVAILABLE"})
    } else {
        json!({"entity_type": "FLOW", "id": flow.id, "can_send_message": "BLOCKED", "errors": errors})
    };
    json!({
        "can_send_message": if errors.is_empty() { "AVAILABLE" } else { "BLOCKED" },
        "entities": [flow_node,
            {"entity_type": "WABA", "id": WABA, "can_send_message": "AVAILABLE"},
            {"entity_type": "BUSINESS", "id": "3001", "can_send_message": "AVAILABLE"},
            {"entity_type": "APP", "id": "777", "can_send_message": "AVAILABLE"}]
    })
}

/// `a,b.c(x,y),d` → `["a", "b.c(x,y)", "d"]`.
fn top_level_fields(fields: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in fields.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn parse_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_multipart(body: &[u8], boundary: &str) -> BTreeMap<String, (Option<String>, Vec<u8>)> {
    let mut out = BTreeMap::new();
    if boundary.is_empty() {
        return out;
    }
    let delimiter = format!("--{boundary}");
    let d = delimiter.as_bytes();
    let mut positions = Vec::new();
    let mut i = 0;
    while i + d.len() <= body.len() {
        if &body[i..i + d.len()] == d {
            positions.push(i);
            i += d.len();
        } else {
            i += 1;
        }
    }
    for pair in positions.windows(2) {
        let part = &body[pair[0] + d.len()..pair[1]];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = part.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]).into_owned();
        let content = part[split + 4..].to_vec();
        let attr = |key: &str| {
            head.split(';')
                .map(str::trim)
                .find_map(|a| a.strip_prefix(&format!("{key}=\"")))
                .map(|v| v.split('"').next().unwrap_or("").to_owned())
        };
        if let Some(name) = attr("name") {
            out.insert(name, (attr("filename"), content));
        }
    }
    out
}
