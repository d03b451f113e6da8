//! Positions in the editor text: the textarea counts UTF-16 code units, diagnostics count
//! 1-based lines and characters. Pure functions, tested on the host.

/// How many lines the editor shows for `text` (a trailing newline starts an empty line).
pub fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// The UTF-16 offset of the 1-based `line` and `column` in `text`, as
/// `HTMLTextAreaElement.setSelectionRange` wants it. Positions past the end of a line stop
/// at its end; lines past the end of the text stop at the end of the text.
pub fn utf16_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (index, content) in text.split('\n').enumerate() {
        if index + 1 >= line {
            let within: usize = content
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return to_u32(offset + within);
        }
        offset += content.encode_utf16().count() + 1;
    }
    to_u32(text.encode_utf16().count())
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, line: usize, column: usize, expected: u32) {
        assert_eq!(
            utf16_offset(text, line, column),
            expected,
            "{text:?} {line}:{column}"
        );
    }

    #[test]
    fn offsets() {
        check("", 1, 1, 0);
        check("abc\ndef", 1, 1, 0);
        check("abc\ndef", 1, 3, 2);
        check("abc\ndef", 2, 1, 4);
        check("abc\ndef", 2, 3, 6);
        // Past the end of a line or of the text.
        check("abc\ndef", 1, 99, 3);
        check("abc\ndef", 9, 1, 7);
        // Line 0 and column 0 mean the start.
        check("abc\ndef", 0, 0, 0);
        // Characters outside the BMP count two UTF-16 units; accents one.
        check("é😀x\ny", 1, 3, 3);
        check("é😀x\ny", 2, 1, 5);
    }

    #[test]
    fn lines() {
        assert_eq!(line_count(""), 1);
        assert_eq!(line_count("a"), 1);
        assert_eq!(line_count("a\n"), 2);
        assert_eq!(line_count("a\nb\nc"), 3);
    }
}
