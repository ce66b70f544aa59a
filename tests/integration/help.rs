//! `slant help` and `--version`.

use crate::common::slant;

#[test]
fn help_topics() {
    let o = slant().args(["help", "lexicons"]).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("# Lexicons"));
    let o = slant().args(["help", "score"]).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("--max-article-mb"));
    let o = slant().arg("help").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("Topics (slant help TOPIC):"));
    let o = slant().args(["help", "nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = slant().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("slant {} (lexicon format 1)", env!("CARGO_PKG_VERSION"))
    );
}
