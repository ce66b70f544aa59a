//! Text: from an article's decoded text to tokens that know their sentence and voice.
//!
//! Stages, in order: boilerplate found (`boilerplate`: lines, linked headlines, embedded posts),
//! quotations found outside it (`quotes`), words tokenized and folded (`tokenize`, `fold`),
//! sentences split (`sentences`; a removed headline or post ends a sentence). The result, `Doc`,
//! is all the matcher needs. A worker keeps one `Doc` and reuses its buffers for every article.
//! `offsets` turns the byte offsets of spans into character offsets for the reports;
//! `function_words` is the list of English function words the corpus checks leave out.
//! Broken text: `mojibake` repairs double-encoded UTF-8 before analysis; `lost` finds the words
//! whose letters were lost to U+FFFD.

pub mod boilerplate;
pub(crate) mod decode;
pub(crate) mod fold;
pub(crate) mod function_words;
pub(crate) mod intern;
pub(crate) mod lost;
pub(crate) mod mojibake;
pub(crate) mod offsets;
pub(crate) mod quotes;
pub(crate) mod screen;
pub(crate) mod sentences;
pub(crate) mod tokenize;
pub(crate) mod words;

use boilerplate::Boilerplate;
use sentences::Sentence;
use tokenize::Tokens;

/// An analysed article text.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    pub tokens: Tokens,
    pub sentences: Vec<Sentence>,
    /// Byte spans of the contents of direct quotations.
    pub quotes: Vec<(usize, usize)>,
    /// Byte spans left out as boilerplate.
    pub excluded: Vec<(usize, usize)>,
    /// Lines (wholly or partly) left out as boilerplate.
    pub boilerplate_lines: usize,
    /// Boilerplate rules that matched a long line and so did not remove it whole.
    pub boilerplate_long_lines: Vec<boilerplate::LongLine>,
    /// Every boilerplate removal with its rule, in the order found (`slant explain` lists them).
    pub removals: Vec<boilerplate::Removal>,
    /// Where a removal of inserted text (a linked headline, an embedded post) starts: the copy
    /// before it and after it are different sentences. Sorted.
    breaks: Vec<usize>,
    /// Some quote mark could not be paired: the quotation boundaries are partly a guess
    /// (`quotes::find_quotes`), and quote-based figures of the article are less sure.
    pub quotes_unbalanced: bool,
    /// Words whose letters were lost to U+FFFD, and the count of U+FFFD (`lost`): empty for
    /// text without U+FFFD.
    pub lost: lost::LostWords,
    /// `quotes::find_quotes`'s buffers.
    quote_marks: quotes::Marks,
}

impl Doc {
    /// Analyses `text`, replacing whatever this `Doc` held.
    pub fn analyze(&mut self, text: &str, boilerplate: &Boilerplate) {
        self.boilerplate_lines = boilerplate.find_all(
            text,
            &mut self.excluded,
            &mut self.boilerplate_long_lines,
            &mut self.removals,
        );
        self.quotes.clear();
        self.quotes_unbalanced = quotes::find_quotes_outside(
            text,
            &self.excluded,
            &mut self.quotes,
            &mut self.quote_marks,
        );
        tokenize::tokenize(text, &self.excluded, &mut self.tokens);
        mark_quoted(&mut self.tokens, &self.quotes);
        self.breaks.clear();
        self.breaks.extend(
            self.removals
                .iter()
                .filter(|r| {
                    matches!(
                        r.how,
                        boilerplate::How::Runin(_) | boilerplate::How::Embed(_)
                    )
                })
                .map(|r| r.start),
        );
        self.breaks.sort_unstable();
        sentences::split_sentences_at(text, &mut self.tokens, &self.breaks, &mut self.sentences);
        self.lost.find(text, &self.tokens);
    }

    /// The article's removals of the kinds the run counts per outlet.
    pub fn removed(&self) -> boilerplate::Removed {
        boilerplate::Removed::of(&self.removals)
    }

    /// Tokens in the author's voice (outside quotations).
    pub fn author_tokens(&self) -> usize {
        self.tokens.list.iter().filter(|t| !t.in_quote).count()
    }

    /// Is byte offset `pos` inside a quotation?
    pub fn in_quote_at(&self, pos: usize) -> bool {
        let i = self.quotes.partition_point(|&(_, e)| e <= pos);
        self.quotes.get(i).is_some_and(|&(s, _)| s <= pos)
    }
}

fn mark_quoted(tokens: &mut Tokens, quotes: &[(usize, usize)]) {
    let mut q = quotes.iter().peekable();
    for t in &mut tokens.list {
        let pos = t.start as usize;
        while q.next_if(|&&(_, e)| e <= pos).is_some() {}
        t.in_quote = q.peek().is_some_and(|&&(s, _)| s <= pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_know_their_voice_and_sentence() {
        let text = "Ushakov said, “Several documents will be signed.” The talks went on.";
        let mut doc = Doc::default();
        doc.analyze(text, &Boilerplate::default());
        let quoted: Vec<_> = (0..doc.tokens.len())
            .filter(|&i| doc.tokens.list[i].in_quote)
            .map(|i| doc.tokens.lower(i))
            .collect();
        assert_eq!(quoted, ["several", "documents", "will", "be", "signed"]);
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.author_tokens(), 6);
        assert!(doc.in_quote_at(text.find("Several").unwrap()));
        assert!(!doc.in_quote_at(0));
    }

    proptest::proptest! {
        /// Any text: no panic, every token and sentence span inside the text on char boundaries,
        /// tokens in order and each in a sentence that contains it.
        #[test]
        fn analysis_never_panics_and_spans_stay_in_bounds(text in "(?s)(\\PC|[\"“”‘’'\\-\\.\\n ]){0,200}") {
            let mut doc = Doc::default();
            doc.analyze(&text, &Boilerplate::default());
            let mut last = 0;
            for (i, t) in doc.tokens.list.iter().enumerate() {
                let (s, e) = (t.start as usize, t.end as usize);
                proptest::prop_assert!(s < e && e <= text.len() && s >= last);
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                let sent = doc.sentences[t.sentence as usize];
                proptest::prop_assert!((sent.first_token as usize..sent.end_token as usize).contains(&i));
                proptest::prop_assert!(sent.start as usize <= s && e <= sent.end as usize);
                last = e;
            }
            for &(s, e) in &doc.quotes {
                proptest::prop_assert!(s <= e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }
}
