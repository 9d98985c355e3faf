//! A `multipart/form-data` body (RFC 7578), built in memory: the Flow JSON asset upload accepts
//! nothing else. Small on purpose: text fields plus one file part, a boundary checked against the
//! content so it can never occur inside it. (ureq's own multipart module is outside its semver
//! promise, so we do not build on it.)

/// A finished body and the boundary it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart {
    boundary: String,
    bytes: Vec<u8>,
}

/// Collects the parts of a body.
#[derive(Debug, Default)]
pub struct Builder {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file: Option<(String, String)>,
    content: Vec<u8>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }
    /// A plain text field.
    pub fn text(mut self, name: &str, value: &str) -> Builder {
        self.parts.push(Part {
            name: name.to_owned(),
            file: None,
            content: value.as_bytes().to_vec(),
        });
        self
    }
    /// A file field: its file name, content type and exact bytes.
    pub fn file(
        mut self,
        name: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Builder {
        self.parts.push(Part {
            name: name.to_owned(),
            file: Some((file_name.to_owned(), content_type.to_owned())),
            content: bytes.to_vec(),
        });
        self
    }
    /// Serialises the parts with a boundary found in none of them.
    pub fn build(self) -> Multipart {
        let mut n: u64 = 0;
        let boundary = loop {
            let candidate = format!("flowgen-boundary-{n:016x}");
            let needle = candidate.as_bytes();
            let clash = self
                .parts
                .iter()
                .any(|p| p.content.windows(needle.len()).any(|w| w == needle));
            if !clash {
                break candidate;
            }
            n += 1;
        };
        let mut bytes = Vec::new();
        for p in &self.parts {
            bytes.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quote(&p.name);
            match &p.file {
                None => bytes.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
                Some((file_name, content_type)) => bytes.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n",
                        quote(file_name)
                    )
                    .as_bytes(),
                ),
            }
            bytes.extend_from_slice(&p.content);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Multipart { boundary, bytes }
    }
}

/// Names and file names are quoted strings: `"` and line breaks are percent-encoded, as browsers do.
fn quote(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

impl Multipart {
    /// The `Content-Type` header value.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }
    pub fn boundary(&self) -> &str {
        &self.boundary
    }
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_fields_and_the_file_exactly() {
        let m = Builder::new()
            .text("name", "flow.json")
            .file("file", "flow.json", "application/json", b"{\"a\": 1}\n")
            .build();
        let b = m.boundary().to_owned();
        assert_eq!(b, "flowgen-boundary-0000000000000000");
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nflow.json\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flow.json\"\r\n\
             Content-Type: application/json\r\n\r\n{{\"a\": 1}}\n\r\n--{b}--\r\n"
        );
        assert_eq!(String::from_utf8(m.bytes().to_vec()).unwrap(), expected);
        assert_eq!(
            m.content_type(),
            format!("multipart/form-data; boundary={b}")
        );
    }

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        let hostile = "x flowgen-boundary-0000000000000000 y flowgen-boundary-0000000000000001";
        let m = Builder::new().text("a", hostile).build();
        assert_eq!(m.boundary(), "flowgen-boundary-0000000000000002");
        let body = String::from_utf8(m.bytes().to_vec()).unwrap();
        assert_eq!(
            body.matches("--flowgen-boundary-0000000000000002").count(),
            2
        );
    }

    #[test]
    fn quotes_names() {
        let m = Builder::new().text("a\"b\r\n", "v").build();
        assert!(String::from_utf8_lossy(m.bytes()).contains("name=\"a%22b%0D%0A\""));
    }
}
