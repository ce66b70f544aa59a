//! Any bytes, decoded as slant decodes an article, through the tokenizer, sentence splitter and
//! quote finder: no panic, every span in bounds and on char boundaries, tokens in order and inside
//! their sentence.
#![no_main]
use libfuzzer_sys::fuzz_target;
use slant::text::{boilerplate::Boilerplate, decode::decode, Doc};

fuzz_target!(|data: &[u8]| {
    let text = decode(data).text;
    let mut doc = Doc::default();
    doc.analyze(&text, &Boilerplate::default());
    let mut last = 0;
    for (i, t) in doc.tokens.list.iter().enumerate() {
        let (s, e) = (t.start as usize, t.end as usize);
        assert!(s < e && e <= text.len() && s >= last);
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        let sent = doc.sentences[t.sentence as usize];
        assert!((sent.first_token as usize..sent.end_token as usize).contains(&i));
        assert!(sent.start as usize <= s && e <= sent.end as usize);
        last = e;
    }
    for &(s, e) in &doc.quotes {
        assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
    }
});
