//! Compressed input and output: gzip (also multi-member, as `cat a.gz b.gz` makes) and zstd
//! (also several frames), recognised by their magic bytes, not by the file name.
//!
//! Input that is not compressed is handed back as the plain buffered reader it came in, so the
//! common path (plain JSONL) goes through no extra layer.

use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Gzip,
    Zstd,
    /// Apache Parquet (`PAR1`): read by [`super::parquet`], not as a stream.
    Parquet,
}

impl Format {
    /// Recognise a file by its magic bytes.
    pub fn sniff(head: &[u8]) -> Format {
        if head.starts_with(&[0x1f, 0x8b]) {
            Format::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Format::Zstd
        } else if head.starts_with(b"PAR1") {
            Format::Parquet
        } else {
            Format::Plain
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Gzip => "gzip",
            Format::Zstd => "zstd",
            Format::Parquet => "Parquet",
        }
    }

    pub fn is_compressed(self) -> bool {
        matches!(self, Format::Gzip | Format::Zstd)
    }
}

/// Buffer size of the readers (input side).
pub const READ_BUF: usize = 1 << 20;

/// Peek at the start of `r` (without consuming it) and say what it is. A short first read
/// (a pipe) is not retried: gzip needs 2 bytes, zstd and Parquet 4.
pub fn sniff<R: BufRead>(r: &mut R) -> io::Result<Format> {
    loop {
        match r.fill_buf() {
            Ok(head) => return Ok(Format::sniff(head)),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// A line reader over `r`, decompressing it when its magic bytes say so. Plain input is
/// returned as is (`r` itself, no extra buffering layer).
pub fn decoded<R: BufRead + Send + 'static>(
    mut r: R,
) -> io::Result<(Box<dyn BufRead + Send>, Format)> {
    let format = sniff(&mut r)?;
    let out: Box<dyn BufRead + Send> = match format {
        Format::Gzip => Box::new(BufReader::with_capacity(READ_BUF, MultiGzDecoder::new(r))),
        Format::Zstd => Box::new(BufReader::with_capacity(
            READ_BUF,
            zstd::stream::read::Decoder::with_buffer(r)?,
        )),
        Format::Plain | Format::Parquet => Box::new(r),
    };
    Ok((out, format))
}

/// Open a file for line reading (see [`decoded`]).
pub fn open(path: &Path) -> io::Result<(Box<dyn BufRead + Send>, Format)> {
    decoded(BufReader::with_capacity(READ_BUF, File::open(path)?))
}

/// Read a whole (possibly compressed) file, at most `limit` decompressed bytes.
pub fn read_to_end_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (r, _) = decoded(BufReader::with_capacity(1 << 16, File::open(path)?))?;
    let mut bytes = Vec::new();
    r.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The compression an output file gets from its name: `.gz` gzip, `.zst` zstd.
pub fn output_format(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("gz" | "gzip") => Format::Gzip,
        Some("zst" | "zstd") => Format::Zstd,
        Some("parquet") => Format::Parquet,
        _ => Format::Plain,
    }
}

/// The file name without a compression extension: `d/a.jsonl.gz` -> `a.jsonl`, `d/a.jsonl`
/// as is.
pub fn strip_compression_ext(path: &Path) -> &Path {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e)
            if matches!(
                e.to_ascii_lowercase().as_str(),
                "gz" | "gzip" | "zst" | "zstd"
            ) =>
        {
            Path::new(path.file_stem().unwrap_or(path.as_os_str()))
        }
        _ => path,
    }
}

/// A compressing writer that must be finished explicitly (trailer, checksum).
pub enum Encoder {
    Gzip(flate2::write::GzEncoder<File>),
    Zstd(zstd::stream::write::Encoder<'static, File>),
}

impl Encoder {
    pub fn new(f: File, format: Format) -> io::Result<Encoder> {
        Ok(match format {
            Format::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                f,
                flate2::Compression::default(),
            )),
            Format::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(f, 3)?),
            _ => unreachable!("not a compression format"),
        })
    }

    /// Write the trailer and return the file.
    pub fn finish(self) -> io::Result<File> {
        match self {
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
        }
    }
}

impl Write for Encoder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Zstd(e) => e.write(buf),
        }
    }

    /// Hands buffered data to the compressor only; the compressed stream is not flushed (a
    /// sync flush per chunk would cost ratio, and compressed output is not resumable anyway).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>) -> (io::Result<Vec<u8>>, Format) {
        let (mut r, f) = decoded(io::Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        (r.read_to_end(&mut out).map(|_| out), f)
    }

    #[test]
    fn multi_member_gzip_and_multi_frame_zstd() {
        let mut two = gz(b"a\n");
        two.extend(gz(b"b\n"));
        let (got, f) = read_all(two);
        assert_eq!(f, Format::Gzip);
        assert_eq!(got.unwrap(), b"a\nb\n");
        let mut z = zstd::encode_all(&b"a\n"[..], 3).unwrap();
        z.extend(zstd::encode_all(&b"b\n"[..], 3).unwrap());
        let (got, f) = read_all(z);
        assert_eq!(f, Format::Zstd);
        assert_eq!(got.unwrap(), b"a\nb\n");
    }

    #[test]
    fn truncated_streams_fail_loudly() {
        let data: Vec<u8> = (0..20000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let g = gz(&data);
        assert!(read_all(g[..g.len() / 2].to_vec()).0.is_err());
        let z = zstd::encode_all(&data[..], 3).unwrap();
        assert!(read_all(z[..z.len() / 2].to_vec()).0.is_err());
        // a cut inside the 8-byte gzip trailer
        assert!(read_all(g[..g.len() - 3].to_vec()).0.is_err());
    }

    #[test]
    fn plain_is_passed_through() {
        let (got, f) = read_all(b"{\"id\":1}\n".to_vec());
        assert_eq!(f, Format::Plain);
        assert_eq!(got.unwrap(), b"{\"id\":1}\n");
        assert_eq!(
            strip_compression_ext(Path::new("d/a.txt.gz")),
            Path::new("a.txt")
        );
        assert_eq!(output_format(Path::new("o.jsonl.zst")), Format::Zstd);
    }
}
