//! A small HTTP/1.1 client over hyper (already part of axum): enough for the Graph API
//! follow-up (https via OpenSSL, http for local tests) and for the stub's own tests.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use openssl::ssl::{SslConnector, SslMethod};
use tokio::net::TcpStream;

/// A response: status, headers (lower-case names) and the whole body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

struct Target {
    tls: bool,
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Result<Target, String> {
    let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(format!("unsupported URL scheme in {url}"));
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let default_port = if tls { 443 } else { 80 };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or("bad IPv6 host")?;
        let host = &v6[..end];
        let port = v6[end + 1..].strip_prefix(':').map(str::parse).transpose().map_err(|_| "bad port")?;
        (host.to_owned(), port.unwrap_or(default_port))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), p.parse().map_err(|_| "bad port")?),
            None => (authority.to_owned(), default_port),
        }
    };
    if host.is_empty() {
        return Err("empty host".into());
    }
    Ok(Target { tls, host, port, path: path.to_owned() })
}

async fn exchange<I>(io: I, req: hyper::Request<Full<Bytes>>) -> Result<Response, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, conn) = hyper::client::conn::http1::handshake(io).await.map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let resp = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes().to_vec();
    Ok(Response { status, headers, body })
}

/// Sends one request (connection closed afterwards) and reads the whole answer.
pub async fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
    timeout: Duration,
) -> Result<Response, String> {
    let t = parse_url(url)?;
    let host_header = if (t.tls && t.port == 443) || (!t.tls && t.port == 80) {
        t.host.clone()
    } else if t.host.contains(':') {
        format!("[{}]:{}", t.host, t.port)
    } else {
        format!("{}:{}", t.host, t.port)
    };
    let mut builder = hyper::Request::builder()
        .method(method)
        .uri(&t.path)
        .header("host", host_header)
        .header("connection", "close");
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let req = builder.body(Full::new(Bytes::from(body))).map_err(|e| e.to_string())?;
    let work = async {
        let tcp = TcpStream::connect((t.host.as_str(), t.port)).await.map_err(|e| e.to_string())?;
        let _ = tcp.set_nodelay(true);
        if t.tls {
            let connector = SslConnector::builder(SslMethod::tls_client()).map_err(|e| e.to_string())?.build();
            let ssl = connector.configure().and_then(|c| c.into_ssl(&t.host)).map_err(|e| e.to_string())?;
            let mut stream = tokio_openssl::SslStream::new(ssl, tcp).map_err(|e| e.to_string())?;
            std::pin::Pin::new(&mut stream).connect().await.map_err(|e| e.to_string())?;
            exchange(TokioIo::new(stream), req).await
        } else {
            exchange(TokioIo::new(tcp), req).await
        }
    };
    tokio::time::timeout(timeout, work).await.map_err(|_| "timed out".to_string())?
}
