//! Flow JSON versions (`"7.3"`) and version ranges that rules apply to.

use std::fmt;

/// A Flow JSON version such as 7.3. Ordered by (major, minor); minor numbers are not decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u8,
    pub minor: u8,
}

/// Shorthand for `Version { major, minor }` usable in constants.
pub const fn v(major: u8, minor: u8) -> Version {
    Version { major, minor }
}

/// Every public Flow JSON version, oldest first.
pub const KNOWN: &[Version] = &[
    v(2, 1),
    v(3, 0),
    v(3, 1),
    v(4, 0),
    v(5, 0),
    v(5, 1),
    v(6, 0),
    v(6, 1),
    v(6, 2),
    v(6, 3),
    v(7, 0),
    v(7, 1),
    v(7, 2),
    v(7, 3),
];

/// The newest version, recommended by Meta and used by default.
pub const LATEST: Version = v(7, 3);
/// The oldest version Meta still lets you publish (older ones are frozen: send-only).
pub const OLDEST_PUBLISHABLE: Version = v(5, 1);

impl Version {
    /// Parses `"M.m"`; returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Version> {
        let (major, minor) = text.split_once('.')?;
        let ok = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
        if !ok(major) || !ok(minor) {
            return None;
        }
        Some(Version {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }
    pub fn is_known(self) -> bool {
        KNOWN.contains(&self)
    }
    pub fn is_publishable(self) -> bool {
        self.is_known() && self >= OLDEST_PUBLISHABLE
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// An inclusive range of versions a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    pub min: Version,
    pub max: Version,
}

impl Versions {
    pub const ALL: Versions = Versions {
        min: v(2, 1),
        max: LATEST,
    };
    /// From `min` up to the latest version.
    pub const fn since(min: Version) -> Versions {
        Versions { min, max: LATEST }
    }
    /// Every version strictly below `below`.
    pub const fn before(below: Version) -> Versions {
        // The version just before `below` in KNOWN (versions are sparse, so search).
        let mut i = 0;
        let mut max = v(2, 1);
        while i < KNOWN.len() {
            let k = KNOWN[i];
            if k.major < below.major || (k.major == below.major && k.minor < below.minor) {
                max = k;
            }
            i += 1;
        }
        Versions { min: v(2, 1), max }
    }
    pub const fn between(min: Version, max: Version) -> Versions {
        Versions { min, max }
    }
    pub fn contains(self, version: Version) -> bool {
        self.min <= version && version <= self.max
    }
}

impl fmt::Display for Versions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Versions::ALL {
            f.write_str("all")
        } else if self.max == LATEST {
            write!(f, ">={}", self.min)
        } else if self.min == v(2, 1) {
            write!(f, "<={}", self.max)
        } else if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}-{}", self.min, self.max)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        assert_eq!(Version::parse("7.3"), Some(v(7, 3)));
        assert!(Version::parse("7").is_none());
        assert!(Version::parse("7.3.1").is_none());
        assert!(Version::parse("").is_none());
        assert!(v(6, 3) < v(7, 0));
        assert_eq!(Versions::before(v(4, 0)).max, v(3, 1));
        assert_eq!(Versions::before(v(5, 1)).to_string(), "<=5.0");
    }
}
