//! The text of one Flow JSON file as `validate` reads it from disk.
//!
//! Why not `std::fs::read_to_string`: reading a multi-megabyte Flow (Meta's insurance template is
//! 2.7 MB of base64 images) into a fresh heap buffer takes one page fault per 4 KiB page inside
//! `read`, and on a virtual machine those faults cost more than parsing and linting the whole
//! document (bench/validate-ratio.sh --process). Large files are read instead into an anonymous
//! mapping that the kernel populates in one call (`MAP_POPULATE`). The mapping is private
//! memory: unlike a mapping of the file itself, nothing another process does to the file can
//! change the text after it was checked to be UTF-8.

use std::fs::File;
use std::io::{self, Read};
use std::ops::Deref;
use std::path::Path;

/// Files at least this large are read into a populated mapping; smaller ones into a `String`
/// (a mapping's set-up costs more than the faults it saves below this).
const MAPPED_FROM_BYTES: u64 = 256 * 1024;

/// UTF-8 text read from a file or standard input.
pub struct Source {
    repr: Repr,
}

enum Repr {
    Heap(String),
    /// The first `len` bytes of `map` are the file, checked to be UTF-8 when it was read.
    Mapped {
        map: memmap2::MmapMut,
        len: usize,
    },
}

/// A file that is not UTF-8: the offset of the first invalid byte and the valid text before it.
pub struct NotUtf8 {
    pub valid_up_to: usize,
    pub valid_prefix: String,
}

impl Source {
    /// Reads the file at `path`. The outer error is the I/O error; the inner one says the bytes
    /// are not UTF-8.
    pub fn read(path: &Path) -> io::Result<Result<Source, NotUtf8>> {
        let mut file = File::open(path)?;
        let size = file.metadata()?.len();
        if size < MAPPED_FROM_BYTES || size > usize::MAX as u64 / 2 {
            let mut bytes = Vec::with_capacity(size as usize);
            file.read_to_end(&mut bytes)?;
            return Ok(Source::from_bytes(bytes));
        }
        // One byte more than the size, to notice a file that grew since `metadata`.
        let capacity = size as usize + 1;
        let mut map = memmap2::MmapOptions::new()
            .len(capacity)
            .populate()
            .map_anon()?;
        let mut len = 0;
        while len < capacity {
            match file.read(&mut map[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if len == capacity {
            // The file grew while it was read: read it whole the ordinary way.
            let mut bytes = map[..len].to_vec();
            file.read_to_end(&mut bytes)?;
            return Ok(Source::from_bytes(bytes));
        }
        Ok(match std::str::from_utf8(&map[..len]) {
            Ok(_) => Ok(Source {
                repr: Repr::Mapped { map, len },
            }),
            Err(e) => Err(not_utf8(&map[..len], e.valid_up_to())),
        })
    }

    /// Text read some other way (standard input): checked to be UTF-8.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Source, NotUtf8> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::from(text)),
            Err(e) => {
                let valid_up_to = e.utf8_error().valid_up_to();
                Err(not_utf8(e.as_bytes(), valid_up_to))
            }
        }
    }

    /// The text. A mapped file is checked to be UTF-8 again on each call (about 0.1 ms for
    /// 2.7 MB, and `validate` asks once per file and report), which keeps the workspace free of
    /// `unsafe` (it forbids it): `read` already refused anything else, and the mapping is
    /// private memory that nothing writes to after that, so the check cannot fail.
    pub fn as_str(&self) -> &str {
        match &self.repr {
            Repr::Heap(text) => text,
            Repr::Mapped { map, len } => std::str::from_utf8(&map[..*len]).unwrap_or_default(),
        }
    }
}

fn not_utf8(bytes: &[u8], valid_up_to: usize) -> NotUtf8 {
    NotUtf8 {
        valid_up_to,
        valid_prefix: String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned(),
    }
}

impl From<String> for Source {
    fn from(text: String) -> Self {
        Source {
            repr: Repr::Heap(text),
        }
    }
}

impl Deref for Source {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.repr {
            Repr::Heap(_) => "heap",
            Repr::Mapped { .. } => "mapped",
        };
        write!(f, "Source({kind}, {} bytes)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(bytes: &[u8]) -> tempfile::NamedTempFile {
        use std::io::Write;
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    #[test]
    fn small_and_large_files_read_the_same_text() {
        let small = "{\"version\": \"7.3\", \"é\": \"😀\"}";
        let large = format!(
            "[\"{}\", \"é\"]",
            "A".repeat(MAPPED_FROM_BYTES as usize * 3)
        );
        for text in [small, large.as_str()] {
            let file = write(text.as_bytes());
            let source = Source::read(file.path()).unwrap().ok().unwrap();
            assert_eq!(source.as_str(), text);
        }
        let file = write(large.as_bytes());
        let source = Source::read(file.path()).unwrap().ok().unwrap();
        assert!(format!("{source:?}").starts_with("Source(mapped"));
    }

    #[test]
    fn invalid_utf8_is_found_in_large_files_too() {
        let mut bytes = b"[\"".to_vec();
        bytes.extend(std::iter::repeat_n(b'A', MAPPED_FROM_BYTES as usize));
        let at = bytes.len();
        bytes.extend([0xff, b'"', b']']);
        let file = write(&bytes);
        let Err(e) = Source::read(file.path()).unwrap() else {
            panic!("invalid UTF-8 accepted");
        };
        assert_eq!(e.valid_up_to, at);
        assert_eq!(e.valid_prefix.len(), at);
    }
}
