//! Reading input in large chunks and cutting it into whole lines, with the
//! memory a line may take bounded.

use std::borrow::Cow;
use std::io::{self, Read};

use chrono::{DateTime, Utc};
use memchr::{memchr, memrchr};

use crate::input::{InputEvent, MAX_LINE_BYTES, READ_CHUNK_BYTES};
use crate::output::mirror::Mirror;

/// Reads `source` to its end, mirroring every byte read, and hands whole lines
/// to `emit`. A last line without a newline is handed on at the end. Stops
/// early, without error, when `emit` returns false (nobody is listening).
pub fn read_lines(
    mut source: impl Read,
    mirror: &mut Mirror,
    mut emit: impl FnMut(InputEvent) -> bool,
) -> io::Result<()> {
    let mut buffer: Vec<u8> = Vec::with_capacity(READ_CHUNK_BYTES);
    // A line too long to keep: its head and how many bytes it has had so far.
    let mut long_line: Option<(Vec<u8>, u64)> = None;
    loop {
        let start = buffer.len();
        buffer.resize(start + READ_CHUNK_BYTES, 0);
        let read = match source.read(&mut buffer[start..]) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {
                buffer.truncate(start);
                continue;
            }
            Err(error) => {
                buffer.truncate(start);
                return Err(error);
            }
        };
        buffer.truncate(start + read);
        let read_at = Utc::now();
        if read == 0 {
            let last = match long_line.take() {
                Some((head, total_bytes)) => Some(InputEvent::LongLine {
                    head,
                    total_bytes,
                    read_at,
                }),
                None if !buffer.is_empty() => {
                    buffer.push(b'\n');
                    Some(InputEvent::lines(buffer, read_at))
                }
                None => None,
            };
            if let Some(event) = last {
                emit(event);
            }
            return Ok(());
        }
        // Mirrored after the lines are handed on: a mirror stuck on a
        // reader that does not read must not hold back what was read.
        let to_mirror = mirror.is_enabled().then(|| buffer[start..].to_vec());
        let handed_on = hand_on_lines(&mut buffer, &mut long_line, read_at, &mut emit);
        if let Some(bytes) = to_mirror {
            mirror.write(&bytes);
        }
        if !handed_on {
            return Ok(());
        }
    }
}

/// Hands the whole lines of `buffer` to `emit` (and the end of a line too
/// long to keep), leaving in it the start of the next line; false when
/// `emit` says nobody listens any more.
fn hand_on_lines(
    buffer: &mut Vec<u8>,
    long_line: &mut Option<(Vec<u8>, u64)>,
    read_at: DateTime<Utc>,
    emit: &mut impl FnMut(InputEvent) -> bool,
) -> bool {
    if let Some((head, mut total_bytes)) = long_line.take() {
        match memchr(b'\n', buffer) {
            Some(end) => {
                total_bytes += end as u64;
                if !emit(InputEvent::LongLine {
                    head,
                    total_bytes,
                    read_at,
                }) {
                    return false;
                }
                buffer.drain(..=end);
            }
            None => {
                *long_line = Some((head, total_bytes + buffer.len() as u64));
                buffer.clear();
                return true;
            }
        }
    }

    if let Some(last_newline) = memrchr(b'\n', buffer) {
        // Room for the next read after the start of a line kept here,
        // so that the next read grows nothing.
        let tail = &buffer[last_newline + 1..];
        let mut rest = Vec::with_capacity(tail.len() + READ_CHUNK_BYTES);
        rest.extend_from_slice(tail);
        buffer.truncate(last_newline + 1);
        let lines = std::mem::replace(buffer, rest);
        if !emit(InputEvent::lines(lines, read_at)) {
            return false;
        }
    }
    if buffer.len() > MAX_LINE_BYTES {
        let head = buffer[..MAX_LINE_BYTES].to_vec();
        *long_line = Some((head, buffer.len() as u64));
        buffer.clear();
    }
    true
}

/// Whole lines as read. The block is checked for UTF-8 once, on the
/// reader's thread, rather than line by line where the lines are used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineBlock {
    /// Valid UTF-8 throughout (the usual case).
    Text(String),
    /// Holds invalid UTF-8 somewhere: lines are decoded one by one.
    Bytes(Vec<u8>),
}

impl LineBlock {
    pub fn new(data: Vec<u8>) -> Self {
        match String::from_utf8(data) {
            Ok(text) => LineBlock::Text(text),
            Err(error) => LineBlock::Bytes(error.into_bytes()),
        }
    }

    /// The lines, as [`split_lines`] cuts them, as text: invalid sequences
    /// are replaced by U+FFFD.
    pub fn lines(&self) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        let bytes = self.as_bytes();
        split_lines(bytes).map(move |line| match self {
            LineBlock::Text(text) => {
                // `line` lies within `text` and is cut at ASCII bytes: it is
                // text already, found again by its offset.
                let start = line.as_ptr() as usize - bytes.as_ptr() as usize;
                Cow::Borrowed(&text[start..start + line.len()])
            }
            LineBlock::Bytes(_) => decode_line(line),
        })
    }

    /// The block's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            LineBlock::Text(text) => text.as_bytes(),
            LineBlock::Bytes(bytes) => bytes,
        }
    }
}

/// A line as text: borrowed when it is valid UTF-8 (checked with the fast
/// validator), else with each invalid sequence replaced by `�`.
pub fn decode_line(line: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(line) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(line),
    }
}

/// Splits a block of whole lines into lines without their `\n` or `\r\n`,
/// skipping empty ones.
pub fn split_lines(data: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut rest = data;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            // memchr rather than a byte-by-byte split: this runs over all input.
            let (line, after) = match memchr(b'\n', rest) {
                Some(end) => (&rest[..end], &rest[end + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            rest = after;
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if !line.is_empty() {
                return Some(line);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out its data in pieces of the given sizes.
    struct Trickle {
        data: Vec<u8>,
        pieces: Vec<usize>,
    }

    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let want = if self.pieces.is_empty() {
                self.data.len()
            } else {
                self.pieces.remove(0)
            };
            let take = want.min(out.len()).min(self.data.len());
            out[..take].copy_from_slice(&self.data[..take]);
            self.data.drain(..take);
            Ok(take)
        }
    }

    fn lines_of(source: impl Read) -> Vec<String> {
        let mut lines = Vec::new();
        read_lines(source, &mut Mirror::disabled(), |event| {
            match event {
                InputEvent::Lines { data, .. } => {
                    lines.extend(data.lines().map(|line| line.into_owned()))
                }
                InputEvent::LongLine {
                    head, total_bytes, ..
                } => lines.push(format!("LONG {} {total_bytes}", head.len())),
            }
            true
        })
        .unwrap();
        lines
    }

    #[test]
    fn lines_decode_as_utf8_with_invalid_bytes_replaced() {
        assert!(matches!(
            decode_line("héllo".as_bytes()),
            Cow::Borrowed("héllo")
        ));
        assert_eq!(decode_line(b"bad \xff byte"), "bad \u{fffd} byte");
    }

    #[test]
    fn lines_split_across_reads_come_out_whole() {
        let source = Trickle {
            data: b"alpha\nbra".to_vec(),
            pieces: vec![3, 4, 2],
        };
        assert_eq!(lines_of(source), vec!["alpha", "bra"]);
    }

    #[test]
    fn crlf_is_trimmed_and_empty_lines_skipped() {
        assert_eq!(lines_of(&b"a\r\n\r\n\nb\n"[..]), vec!["a", "b"]);
    }

    #[test]
    fn a_block_is_text_unless_it_holds_invalid_utf8() {
        let text = LineBlock::new("héllo\r\nwörld\n\n".as_bytes().to_vec());
        assert!(matches!(text, LineBlock::Text(_)));
        assert!(text.lines().all(|line| matches!(line, Cow::Borrowed(_))));
        assert_eq!(text.lines().collect::<Vec<_>>(), ["héllo", "wörld"]);
        let bytes = LineBlock::new(b"ok\nbad \xff\n".to_vec());
        assert!(matches!(bytes, LineBlock::Bytes(_)));
        assert_eq!(bytes.lines().collect::<Vec<_>>(), ["ok", "bad \u{fffd}"]);
        assert_eq!(bytes.as_bytes(), b"ok\nbad \xff\n");
    }

    #[test]
    fn split_lines_cuts_at_every_newline() {
        let split = |data: &'static [u8]| split_lines(data).collect::<Vec<_>>();
        assert_eq!(
            split(b"one\ntwo\r\n\n\r\nthree"),
            [&b"one"[..], b"two", b"three"]
        );
        assert_eq!(split(b"\n\n"), Vec::<&[u8]>::new());
        assert_eq!(split(b""), Vec::<&[u8]>::new());
        assert_eq!(split(b"a\rb\n"), [&b"a\rb"[..]]);
    }

    #[test]
    fn a_line_longer_than_the_limit_keeps_its_head_and_length() {
        let mut data = vec![b'x'; 3 * MAX_LINE_BYTES + 5];
        data.extend_from_slice(b"\nnext\n");
        let source = Trickle {
            data,
            pieces: vec![],
        };
        assert_eq!(
            lines_of(source),
            vec![
                format!("LONG {MAX_LINE_BYTES} {}", 3 * MAX_LINE_BYTES + 5),
                "next".to_string()
            ]
        );
    }

    #[test]
    fn an_endless_line_without_newline_ends_at_eof() {
        let data = vec![b'y'; 2 * MAX_LINE_BYTES];
        assert_eq!(
            lines_of(&data[..]),
            vec![format!("LONG {MAX_LINE_BYTES} {}", 2 * MAX_LINE_BYTES)]
        );
    }

    #[test]
    fn mirrors_every_byte_read() {
        let mut mirrored = Vec::new();
        {
            let mut mirror = Mirror::to_writer(Box::new(&mut mirrored));
            read_lines(&b"one\ntwo"[..], &mut mirror, |_| true).unwrap();
        }
        assert_eq!(mirrored, b"one\ntwo");
    }
}
