//! Text from the corpus on a terminal: article text, outlets and file names can hold escape
//! sequences (`ESC ]52;…` sets the clipboard, `ESC [2J` clears the screen), which a terminal would
//! obey. Printed to a terminal, control characters are shown as `\u{1b}` instead; written to a
//! file or pipe, the text is left as it is.

use std::borrow::Cow;
use std::io::IsTerminal;

/// `s` with every control character but newline and tab written as `\u{…}`.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `s` for stderr: made printable when stderr is a terminal.
pub fn for_stderr(s: &str) -> Cow<'_, str> {
    if std::io::stderr().is_terminal() {
        printable(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether stdout is a terminal (then `explain` shows corpus text through `printable`).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(
            printable("a\u{1b}]52;c;aGk=\u{7}b"),
            "a\\u{1b}]52;c;aGk=\\u{7}b"
        );
        assert_eq!(printable("line\n\ttab \u{9b}2J"), "line\n\ttab \\u{9b}2J");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }
}
