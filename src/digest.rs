//! Digests of files and bytes: the one place modelgate hashes evidence and model files. SHA-256
//! is what every comparison uses (artifacts, subjects, records); SHA-384 and SHA-512 serve the
//! signatures and provenance subjects that name them.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// A digest algorithm of the SHA-2 family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Algorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    /// The name in-toto digest sets and Sigstore use: `sha256`, `sha384`, `sha512`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// The algorithm of that name.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "sha256" => Some(Algorithm::Sha256),
            "sha384" => Some(Algorithm::Sha384),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Sha256 => Sha256::digest(bytes).to_vec(),
            Algorithm::Sha384 => Sha384::digest(bytes).to_vec(),
            Algorithm::Sha512 => Sha512::digest(bytes).to_vec(),
        }
    }
}

/// One running digest of any algorithm.
enum Running {
    Sha256(Sha256),
    Sha384(Sha384),
    Sha512(Sha512),
}

impl Running {
    fn new(a: Algorithm) -> Running {
        match a {
            Algorithm::Sha256 => Running::Sha256(Sha256::new()),
            Algorithm::Sha384 => Running::Sha384(Sha384::new()),
            Algorithm::Sha512 => Running::Sha512(Sha512::new()),
        }
    }
    fn update(&mut self, b: &[u8]) {
        match self {
            Running::Sha256(h) => h.update(b),
            Running::Sha384(h) => h.update(b),
            Running::Sha512(h) => h.update(b),
        }
    }
    fn finish(self) -> Vec<u8> {
        match self {
            Running::Sha256(h) => h.finalize().to_vec(),
            Running::Sha384(h) => h.finalize().to_vec(),
            Running::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// Streams a reader through each of `algorithms` at once (1 MiB at a time); returns the size
/// and the digests in the same order. `path` names the source in errors.
pub fn read_all(
    r: &mut impl Read,
    path: &Path,
    algorithms: &[Algorithm],
) -> Result<(u64, Vec<Vec<u8>>)> {
    let mut running: Vec<Running> = algorithms.iter().map(|a| Running::new(*a)).collect();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        };
        size += n as u64;
        for h in &mut running {
            h.update(&buf[..n]);
        }
    }
    Ok((size, running.into_iter().map(Running::finish).collect()))
}

/// Streams a reader through sha256; returns (size, hex digest).
pub fn hash_reader(r: &mut impl Read, path: &Path) -> Result<(u64, String)> {
    let (size, mut d) = read_all(r, path, &[Algorithm::Sha256])?;
    Ok((size, hex::encode(d.remove(0))))
}

/// Streams an open file from its start through sha256; returns (size, hex digest).
pub fn hash_open(file: &mut File, path: &Path) -> Result<(u64, String)> {
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Error::io(path, e))?;
    hash_reader(file, path)
}

/// Streams an open file from its start through sha256 and `other`; returns (size, sha256 hex,
/// other hex).
pub fn hash_open_with(
    file: &mut File,
    path: &Path,
    other: Algorithm,
) -> Result<(u64, String, String)> {
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Error::io(path, e))?;
    let (size, d) = read_all(file, path, &[Algorithm::Sha256, other])?;
    Ok((size, hex::encode(&d[0]), hex::encode(&d[1])))
}

/// Streams the file at `path` through sha256; returns (size, hex digest).
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    hash_reader(&mut f, path)
}

/// The digest of the file at `path` under `algorithm`.
pub fn file_digest(path: &Path, algorithm: Algorithm) -> Result<Vec<u8>> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let (_, mut d) = read_all(&mut f, path, &[algorithm])?;
    Ok(d.remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_digests_equal_one_shot_ones() {
        let data: Vec<u8> = (0..(3 << 20) + 17).map(|i| (i % 251) as u8).collect();
        let all = [Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512];
        let (size, d) = read_all(&mut data.as_slice(), Path::new("x"), &all).unwrap();
        assert_eq!(size, data.len() as u64);
        for (a, d) in all.iter().zip(d) {
            assert_eq!(d, a.digest(&data), "{}", a.name());
            assert_eq!(Algorithm::from_name(a.name()), Some(*a));
        }
        // The empty input: sha256 of nothing.
        let (_, hex) = hash_reader(&mut [].as_slice(), Path::new("x")).unwrap();
        assert_eq!(
            hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
