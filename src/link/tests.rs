use super::*;
use crate::lexicon::parse_lexicon;
use crate::matcher::Matcher;
use crate::text::boilerplate::Boilerplate;
use std::path::Path;

struct Linked {
    /// (matched text, actor, speaker as written, resolved speaker) of each non-actor hit.
    hits: Vec<(String, String, String, String)>,
}

fn run(text: &str) -> Linked {
    let actors = parse_lexicon(
            Path::new("actors.csv"),
            b"pattern,category\nU.S.,us\n=US,us\nPutin,russia\nUshakov,russia\nKirby,us\nSabrina Singh,us\nPentagon,us\nInterfax,russia\nMoscow,russia\nRussia,russia\nRussian Navy,russia\nKremlin,russia\nPyongyang,north_korea\nBeijing,china\nIranian,iran\nHua Chunying,china\nWhite House,us\nChinese,china\nGermany,germany\nFrench,france\n",
        )
        .unwrap();
    let attribution = parse_lexicon(
            Path::new("attribution.csv"),
            b"pattern,category\nsaid,neutral\ntelling,neutral\nadded,neutral\ncalled,neutral\naccording to,neutral\ndenied,accusing\naccused,accusing\ndismissed,accusing\nallegations,distancing\nnoted,endorsing\nin a statement,neutral\ntold,neutral\nadding,neutral\ncalling,neutral\nsay,neutral\nalleged,distancing\nresponded,neutral\nsaying,neutral\nquoted,neutral\nsays,neutral\nputs it,neutral\n",
        )
        .unwrap();
    let tone = parse_lexicon(
        Path::new("tone.csv"),
        b"pattern,category\nhostile,negative\n",
    )
    .unwrap();
    let set = LexiconSet::new(vec![tone, attribution, actors], None);
    let mut doc = Doc::default();
    doc.analyze(text, &Boilerplate::default());
    let mut hits = Vec::new();
    Matcher::new(&set).find(text, &doc, &mut hits);
    let mut speakers = Vec::new();
    Linker::new(&set).link(text, &doc, &mut hits, &mut speakers);
    let actor_names = &set.lexicons[2].categories;
    let words = |(s, e): (u32, u32)| {
        let toks = &doc.tokens.list;
        text[toks[s as usize].start as usize..toks[e as usize - 1].end as usize].to_owned()
    };
    Linked {
        hits: hits
            .iter()
            .zip(&speakers)
            .filter(|(h, _)| h.lexicon != 2)
            .map(|(h, sp)| {
                (
                    text[h.start as usize..h.end as usize].to_owned(),
                    h.actor.map_or("-".to_owned(), |a| actor_names[a].clone()),
                    sp.map_or("-".to_owned(), |s| words((s.tok_start, s.tok_end))),
                    sp.and_then(|s| s.resolved).map_or("-".to_owned(), words),
                )
            })
            .collect(),
    }
}

/// (matched, actor) pairs.
fn links(text: &str) -> Vec<(String, String)> {
    run(text).hits.into_iter().map(|h| (h.0, h.1)).collect()
}

/// (matched, speaker, resolved) triples.
fn speakers(text: &str) -> Vec<(String, String, String)> {
    run(text)
        .hits
        .into_iter()
        .map(|h| (h.0, h.2, h.3))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn triples(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// A speaker whose name lost a letter to U+FFFD speaks for its party as the name spelled
/// right does (issue 27: `Garda�` in 69 RTE texts), with the default lexicons.
#[test]
fn a_name_with_a_letter_lost_to_u_fffd_speaks_for_its_party() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = crate::lexicon::load_dir(&root.join("lexicons")).unwrap();
    let text = "Garda\u{FFFD} said the road was closed. Miche\u{FFFD}l Martin said it was over. The T\u{FFFD}naiste told reporters so.";
    let mut doc = Doc::default();
    doc.analyze(text, &Boilerplate::new(&set.boilerplate_rules()));
    let mut hits = Vec::new();
    Matcher::new(&set).find(text, &doc, &mut hits);
    let mut speakers = Vec::new();
    Linker::new(&set).link(text, &doc, &mut hits, &mut speakers);
    let attribution = set.roles.attribution;
    let actors = set.role(set.roles.actors).unwrap().1;
    let linked: Vec<(&str, &str)> = hits
        .iter()
        .filter(|h| Some(h.lexicon) == attribution)
        .map(|h| {
            let actor = h.actor.map_or("-", |a| actors.categories[a].as_str());
            (&text[h.start as usize..h.end as usize], actor)
        })
        .collect();
    assert_eq!(
        linked,
        [
            ("said", "ireland"),
            ("said", "ireland"),
            ("told", "ireland")
        ]
    );
}

#[test]
fn speaker_before_the_verb_past_an_appositive() {
    assert_eq!(
        speakers("Yuri Ushakov, Putin’s aide for foreign affairs, said both would sign."),
        triples(&[("said", "Yuri Ushakov", "-")])
    );
    assert_eq!(
        links("Yuri Ushakov, Putin’s aide for foreign affairs, said both would sign."),
        pairs(&[("said", "russia")])
    );
    assert_eq!(
        links("Kirby, speaking of Putin’s trip, said it was hostile."),
        pairs(&[("said", "us"), ("hostile", "russia")])
    );
}

#[test]
fn speaker_after_an_inverted_quote_or_according_to() {
    assert_eq!(
        links("“We will watch Putin,” said Sabrina Singh, deputy Pentagon spokeswoman."),
        pairs(&[("said", "us")])
    );
    assert_eq!(
        speakers("“A friendly state visit,” Kremlin aide Yuri Ushakov said."),
        triples(&[("said", "Kremlin aide Yuri Ushakov", "-")])
    );
    assert_eq!(
        links("Kirby spoke; according to Interfax, the visit is set."),
        pairs(&[("according to", "russia")])
    );
}

#[test]
fn the_appositive_tells_the_party_of_an_unlisted_speaker() {
    assert_eq!(
        links("Vladimir Korolyov, Commander-in-Chief of the Russian Navy, said the ships sailed."),
        pairs(&[("said", "russia")])
    );
    // A party's office before a title and name: "Russian Navy Commander-in-Chief Admiral …".
    assert_eq!(
        links("Russian Navy Commander-in-Chief Admiral Vladimir Korolyov said so."),
        pairs(&[("said", "russia")])
    );
    // Nor one that ends the name of a firm.
    assert_eq!(
        links("Kammy Chahal, brand director of Pabst's Tsingtao US, told the media."),
        pairs(&[("told", "-")])
    );
    // Nor one that begins the name of a university.
    assert_eq!(
        links("Li Haidong, a professor at the Beijing Foreign Affairs University, said so."),
        pairs(&[("said", "-")])
    );
    // A mention that qualifies a firm is not the speaker's party.
    assert_eq!(
        links("Tom Szaky, chief executive of a US recycling firm, said prices fell."),
        pairs(&[("said", "-")])
    );
}

#[test]
fn objects_and_topics_are_not_speakers() {
    assert_eq!(
        links("Russia’s foreign ministry has dismissed a US general’s allegations."),
        pairs(&[("dismissed", "russia"), ("allegations", "us")])
    );
    assert_eq!(
        links("The minister accused Beijing of lying."),
        pairs(&[("accused", "-")])
    );
    // An unlisted speaker is a speaker: the nearest party does not win.
    assert_eq!(
        speakers("Merkel told Putin that Moscow must act."),
        triples(&[("told", "Merkel", "-")])
    );
    assert_eq!(
        links("Merkel told Putin that Moscow must act."),
        pairs(&[("told", "-")])
    );
}

#[test]
fn coordinated_chained_and_pronoun_speakers() {
    assert_eq!(
        links("Pyongyang called Putin a friend and said it would welcome him."),
        pairs(&[("called", "north_korea"), ("said", "north_korea")])
    );
    assert_eq!(
        // The marker beside its verb is one attribution with it (matcher::markers).
        links("The Kremlin said in a statement that talks went well."),
        pairs(&[("said", "russia")])
    );
    assert_eq!(
        speakers("Ushakov said the talks went well. The visit was long, the spokesman added."),
        triples(&[("said", "Ushakov", "-"), ("added", "spokesman", "Ushakov")])
    );
    assert_eq!(
        links("Ushakov said the talks went well. Kirby met Pyongyang officials, he said."),
        pairs(&[("said", "russia"), ("said", "russia")])
    );
    assert_eq!(
        speakers("Ushakov said the talks went well. She said it was long."),
        triples(&[("said", "Ushakov", "-"), ("said", "She", "Ushakov")])
    );
    // PolNeAR train (issue 27): an adverb between speaker and verb; a verb chained after
    // "but" and a participle after a subordinator have the clause's subject; an age names
    // a person; "Hours later," opens a sentence and names no one.
    assert_eq!(
        speakers("Ushakov similarly said it was long."),
        triples(&[("said", "Ushakov", "-")])
    );
    assert_eq!(
        speakers("Kirby joked about it but went on to say it was long."),
        triples(&[("say", "Kirby", "-")])
    );
    assert_eq!(
        speakers("Kirby said it was long before calling it a success."),
        triples(&[("said", "Kirby", "-"), ("calling", "Kirby", "-")])
    );
    assert_eq!(
        speakers("\"It was long,\" said the 46-year-old."),
        triples(&[("said", "46-year-old", "-")])
    );
    assert_eq!(
        speakers("Hours later, Kirby met the envoy, telling him it was long."),
        triples(&[("telling", "Kirby", "-")])
    );
    // "the family said": a noun in -ly is no adverb to skip.
    assert_eq!(
        speakers("The family said it was long."),
        triples(&[("said", "family", "-")])
    );
    // A pronoun with no name before it stays unresolved, and the next one does not stand
    // for it: a sentence's capitalized "He" is no name.
    assert_eq!(
        speakers("He said that it was long.\n\nHe added that it went well."),
        triples(&[("said", "He", "-"), ("added", "He", "-")])
    );
}

#[test]
fn unnamed_speakers_are_not_the_nearest_party() {
    assert_eq!(
        links("Missiles were used by Moscow in attacks, officials said."),
        pairs(&[("said", "-")])
    );
    assert_eq!(links("U.S. officials said so."), pairs(&[("said", "us")]));
    assert_eq!(
        links("Pentagon officials said Moscow agreed."),
        pairs(&[("said", "us")])
    );
    assert_eq!(
        links("The Interfax agency said so."),
        pairs(&[("said", "russia")])
    );
    assert_eq!(links("Nothing was denied."), pairs(&[("denied", "-")]));
}

#[test]
fn a_name_between_commas_speaks_after_its_description() {
    assert_eq!(
        speakers("But a senior Iranian adviser to the leader, Ali Velayati, dismissed it."),
        triples(&[("dismissed", "Ali Velayati", "-")])
    );
    assert_eq!(
        links("But a senior Iranian adviser to the leader, Ali Velayati, dismissed it."),
        pairs(&[("dismissed", "iran")])
    );
    // A clause between commas describes nobody: "Hua, when asked whether …, said".
    assert_eq!(
        links("Hua Chunying said no. Hua, when asked whether the White House would act, said no."),
        pairs(&[("said", "china"), ("said", "china")])
    );
}

#[test]
fn participles_and_verb_chains_keep_the_subject() {
    assert_eq!(
        speakers("Kirby told reporters on Monday at the Pentagon, adding that it was over."),
        triples(&[("told", "Kirby", "-"), ("adding", "Kirby", "-")])
    );
    assert_eq!(
        links("Putin denied the reports of talks with Pyongyang, calling them lies."),
        pairs(&[("denied", "russia"), ("calling", "russia")])
    );
    assert_eq!(
        speakers("Ushakov spoke first. Then he went on to say that it was over."),
        triples(&[("say", "he", "-")])
    );
}

#[test]
fn a_doubting_adjective_has_no_speaker() {
    assert_eq!(
        speakers("Washington condemned Pyongyang's alleged transfers of arms."),
        triples(&[("alleged", "-", "-")])
    );
}

#[test]
fn a_surname_keeps_the_party_it_was_first_named_with() {
    assert_eq!(
        links("Chinese spokeswoman Hua Chunying said it was false. Later, Hua said it again."),
        pairs(&[("said", "china"), ("said", "china")])
    );
}

#[test]
fn a_verb_glued_by_a_dash_is_still_the_cue() {
    assert_eq!(
        speakers("\"We will act tonight,\"-Farhadi said-in a statement."),
        triples(&[("said", "Farhadi", "-")])
    );
    assert_eq!(
        speakers("Kirby said no. He-said talks failed."),
        triples(&[("said", "Kirby", "-"), ("said", "He", "Kirby")])
    );
}

#[test]
fn pronouns_stand_for_the_last_speaker_of_their_gender_and_number() {
    // "he" skips a woman named between: the last *speaker* that fits.
    assert_eq!(
        speakers(
            "\"I loved it,\" Hiddleston said. \"We met,\" Ms Swift said. \"It was fun,\" he said."
        ),
        triples(&[
            ("said", "Hiddleston", "-"),
            ("said", "Ms Swift", "-"),
            ("said", "he", "Hiddleston")
        ])
    );
    // A first name tells; a "he" that stood for a name tells for later.
    assert_eq!(
        speakers("Ushakov said no. He added that it failed. Hillary Clinton said yes. He said no."),
        triples(&[
            ("said", "Ushakov", "-"),
            ("added", "He", "Ushakov"),
            ("said", "Hillary Clinton", "-"),
            ("said", "He", "Ushakov")
        ])
    );
    // "they" stands for a group, not the last person.
    assert_eq!(
        speakers("Pentagon officials said no. Kirby said yes. They added that it failed."),
        triples(&[
            ("said", "Pentagon officials", "-"),
            ("said", "Kirby", "-"),
            ("added", "They", "Pentagon officials")
        ])
    );
    // Nothing tells Kirby's gender: as before, the last name.
    assert_eq!(
        speakers("Putin said no. Kirby said yes. She said it failed."),
        triples(&[
            ("said", "Putin", "-"),
            ("said", "Kirby", "-"),
            ("said", "She", "Kirby")
        ])
    );
}

#[test]
fn the_party_from_an_appositive_of_a_candidacy() {
    assert_eq!(
        links("Gabriel, Germany's Foreign Minister, said the plan failed."),
        pairs(&[("said", "germany")])
    );
    assert_eq!(
        links("Melenchon, the far-left French presidential candidate, said it was over."),
        pairs(&[("said", "france")])
    );
}

#[test]
fn the_party_from_a_nationality_before_a_role() {
    assert_eq!(
        links("Chinese vice-foreign minister Zhang Yesui said the visit went well."),
        pairs(&[("said", "china")])
    );
    assert_eq!(
        links("The Iranian foreign ministry spokesman said the claims were false."),
        pairs(&[("said", "iran")])
    );
    assert_eq!(
        links("US Secretary of State Rex Tillerson said the talks were useful."),
        pairs(&[("said", "us")])
    );
}

#[test]
fn role_nouns_brackets_and_inverted_verbs_as_speakers() {
    assert_eq!(
        speakers(
            "Ushakov said no. \"It is done,\" the nominee responded. \"No,\" a spokesman said."
        ),
        triples(&[
            ("said", "Ushakov", "-"),
            ("responded", "nominee", "Ushakov"),
            ("said", "spokesman", "-")
        ])
    );
    // A noun that is no epithet is a speaker of its own, resolved to nobody.
    assert_eq!(
        speakers("Ushakov said no. \"We are happy,\" the announcer said."),
        triples(&[("said", "Ushakov", "-"), ("said", "announcer", "-")])
    );
    // The object of a preposition is no subject ("at the time" is a time phrase, and the
    // subject is before it); a past tense is no noun.
    assert_eq!(
        speakers("Trump at the time said it. The president denied allegations of talks."),
        triples(&[
            ("said", "Trump", "-"),
            ("denied", "president", "Trump"),
            ("allegations", "president", "Trump")
        ])
    );
    assert_eq!(
        speakers("By the end of the week said it."),
        triples(&[("said", "-", "-")])
    );
    assert_eq!(
            speakers("Sen. John Cornyn (R-Texas) told reporters so. Said Dorothy Poynter: \"We were proud.\""),
            triples(&[("told", "Sen. John Cornyn", "-"), ("Said", "Dorothy Poynter", "-")])
        );
    // Inverted after a comma; a participle after a noun; a name before a long appositive.
    assert_eq!(
        speakers("Any \"clear\" reading, said Michael Kofman, an expert, is this."),
        triples(&[("said", "Michael Kofman", "-")])
    );
    assert_eq!(
        speakers(
            "Li Haidong, a professor at a university, said the Trump administration's view is old."
        ),
        triples(&[("said", "Li Haidong", "-")])
    );
    assert_eq!(
        speakers("The Kremlin issued a statement Tuesday adding it was over."),
        triples(&[("adding", "Kremlin", "-")])
    );
    // An opening phrase of a preposition or common nouns is no subject; a quotation neither.
    assert_eq!(
        speakers("By the end of the day, Kirby met them, adding it was over."),
        triples(&[("adding", "Kirby", "-")])
    );
    assert_eq!(
        speakers("Clinton, 35, the daughter of Bill Clinton, said on Twitter it was so."),
        triples(&[("said", "Clinton", "-")])
    );
    assert_eq!(
        speakers("\"It is old,\" said a longtime adviser to Trump."),
        triples(&[("said", "longtime adviser", "-")])
    );
}

proptest::proptest! {
    /// Mentions in order (as one lexicon's are, nested or touching), any hit: the binary
    /// search finds the mention the scan finds.
    #[test]
    fn nearest_in_order_is_nearest(
        spans in proptest::collection::vec((0u32..4, 1u32..4), 0..40),
        hit in (0u32..120, 0u32..4),
    ) {
        let mut mentions = Vec::new();
        let (mut start, mut end) = (0, 0);
        for (i, (step, len)) in spans.into_iter().enumerate() {
            start += step;
            end = (start + len).max(end);
            mentions.push(Mention {
                tok_start: start,
                tok_end: end,
                sentence: 0,
                in_quote: false,
                actor: i,
            });
        }
        proptest::prop_assert!(in_order(&mentions));
        let h = Hit {
            lexicon: 0,
            entry: 0,
            tok_start: hit.0,
            tok_end: hit.0 + hit.1,
            start: 0,
            end: 0,
            sentence: 0,
            negated: false,
            in_quote: false,
            actor: None,
        };
        let scan = nearest(&mentions, &h).map(|m| m.actor);
        proptest::prop_assert_eq!(nearest_in_order(&mentions, &h).map(|m| m.actor), scan);
    }
}

#[test]
fn a_name_with_its_description_before_it_speaks_after_an_inverted_verb() {
    // News writes a profession or affiliation before a name without a comma (PolNeAR train).
    assert_eq!(
        speakers("\u{201C}I can guarantee it,\u{201D} said pollster Frank Luntz."),
        triples(&[("said", "pollster Frank Luntz", "-")])
    );
    assert_eq!(
        speakers("Clinton did well there, said Ohio State University professor Paul Beck."),
        triples(&[("said", "Ohio State University professor Paul Beck", "-")])
    );
    assert_eq!(
        speakers(
            "\u{201C}Forget it,\u{201D} said retired neurosurgeon Ben Carson, asked about it."
        ),
        triples(&[("said", "retired neurosurgeon Ben Carson", "-")])
    );
    // The name must end the clause: a verb's object is no speaker.
    assert_eq!(
        speakers("Turnout was low, said election officials in Ohio."),
        triples(&[("said", "-", "-")])
    );
}

#[test]
fn a_participle_clause_after_a_name_is_no_appositive() {
    // "referring to Trump" says whom the speaker means, not for whom the speaker speaks.
    assert_eq!(
        links("\u{201C}It is bad,\u{201D} said Al Cardenas, referring to Putin."),
        pairs(&[("said", "-")])
    );
    // An adjective in -ing that stands in a title still describes.
    assert_eq!(
        links("Ann Lee, acting Pentagon spokeswoman, said it was over."),
        pairs(&[("said", "us")])
    );
}

#[test]
fn communications_is_a_word_of_a_title() {
    // "communications director" as "press secretary": the body before it is the speaker's.
    assert_eq!(
        speakers("White House communications director Hope Hicks said it was over."),
        triples(&[(
            "said",
            "White House communications director Hope Hicks",
            "-"
        )])
    );
    assert_eq!(
        links("White House communications director Hope Hicks said it was over."),
        pairs(&[("said", "us")])
    );
}

#[test]
fn a_head_before_its_prepositional_object_speaks() {
    // The head speaks; the object tells for whom, so its party is the speaker's.
    assert_eq!(
        speakers("A spokesman for the buyer said there was a commitment."),
        triples(&[("said", "spokesman for the buyer", "-")])
    );
    assert_eq!(
        links("A spokesman for the Kremlin said the talks were over."),
        pairs(&[("said", "russia")])
    );
    assert_eq!(
        speakers("One of those advisers said the talks were over."),
        triples(&[("said", "One of those advisers", "-")])
    );
    // A quantifier counts people or bodies: not "one of the central allegations".
    let found = speakers("One of the central allegations of the speech does not stand up.");
    assert_eq!(found.len(), 1);
    assert!(!found[0].1.starts_with("One"), "{found:?}");
    // A possessive before a noun hit is its owner, not an object to extend.
    assert_eq!(
        links("Putin never cited a source for his allegations that it was over."),
        pairs(&[("allegations", "russia")])
    );
    // "Another delegate on the slate, Jim Poolman, said": the name between the commas.
    assert_eq!(
        speakers("Another delegate on the slate, Jim Poolman, said he was leaning."),
        triples(&[("said", "Jim Poolman", "-")])
    );
}

#[test]
fn a_time_phrase_between_the_subject_and_its_verb() {
    for text in [
        "The Kremlin less than two weeks ago said the talks were over.",
        "The Kremlin on Friday night said the talks were over.",
        "The Kremlin last week said the talks were over.",
        "The Kremlin earlier this month said the talks were over.",
        "The Kremlin on March 3 said the talks were over.",
        "The Kremlin in 2012 said the talks were over.",
        "The Kremlin at the time said the talks were over.",
        "The Kremlin in the past has said the talks were over.",
        "The Kremlin over the past two weeks has said the talks were over.",
        "The Kremlin in recent years has said the talks were over.",
    ] {
        assert_eq!(
            speakers(text),
            triples(&[("said", "Kremlin", "-")]),
            "{text}"
        );
    }
    // An object before the time phrase is no subject.
    assert_eq!(
        speakers("The groups who wrote to her on Thursday say the plan failed."),
        triples(&[("say", "-", "-")])
    );
}

#[test]
fn the_one_quoted_as_saying_speaks() {
    // Wire copy: the agency quotes, the official speaks.
    assert_eq!(
        links("Interfax quoted Kremlin spokesman Dmitry Peskov as saying the visit was off."),
        pairs(&[("quoted", "russia"), ("saying", "russia")])
    );
    assert_eq!(
        speakers("The paper quoted Kirby as saying the visit was off."),
        triples(&[("quoted", "paper", "-"), ("saying", "Kirby", "-")])
    );
    assert_eq!(
        speakers("They cited Kirby, now a spokesman, as once saying it was off."),
        triples(&[("saying", "Kirby", "-")])
    );
    // The passive keeps its subject.
    assert_eq!(
        speakers("Kirby was quoted as saying it was off."),
        triples(&[("quoted", "Kirby", "-"), ("saying", "Kirby", "-")])
    );
}

#[test]
fn a_capitalized_opener_names_no_one() {
    // "More", "Indeed", "No": a sentence's first word, no name the pronoun could stand for.
    assert_eq!(
        speakers("Kirby said it was over. More told the paper it was not."),
        triples(&[("said", "Kirby", "-"), ("told", "-", "-")])
    );
    assert_eq!(
        speakers("Kirby said it was over. Indeed, he told the paper so."),
        triples(&[("said", "Kirby", "-"), ("told", "he", "Kirby")])
    );
    // A first name that is a function word too, and `US` in capitals, still name.
    assert_eq!(
        speakers("Will Doyle said it was over."),
        triples(&[("said", "Will Doyle", "-")])
    );
    assert_eq!(
        links("US officials said it was over."),
        pairs(&[("said", "us")])
    );
    // The opener before names is left out of the speaker.
    assert_eq!(
        speakers("Both Kirby and Putin said it was over."),
        triples(&[("said", "Kirby and Putin", "-")])
    );
}

#[test]
fn a_relative_pronoun_before_the_verb_stands_for_its_antecedent() {
    // The pronoun is the speaker as written, as a personal pronoun is; what it stands for is
    // the resolved speaker.
    assert_eq!(
        speakers("The council passed a resolution that said the plan was wrong."),
        triples(&[("said", "that", "resolution")])
    );
    assert_eq!(
        speakers("It drew a protest from Kirby, who said the plan was wrong."),
        triples(&[("said", "who", "Kirby")])
    );
    assert_eq!(
        links("Kremlin officials who said the plan was wrong left early."),
        pairs(&[("said", "russia")])
    );
    // A conjunction `that` is followed by its clause's subject, which speaks.
    assert_eq!(
        speakers("Kirby said that officials said the plan was wrong."),
        triples(&[("said", "Kirby", "-"), ("said", "officials", "-")])
    );
}

#[test]
fn people_named_by_what_they_do_speak_for_no_party() {
    // A person named by an occupation is a speaker ("campaign manager", "strategist"), but a
    // party's name before it makes no office of it.
    assert_eq!(
        speakers("Donald Trump's campaign manager says the plan is over."),
        triples(&[("says", "Donald Trump's campaign manager", "-")])
    );
    assert_eq!(
        links("A Pentagon strategist said the plan was over."),
        pairs(&[("said", "-")])
    );
    // ... and the next "the strategist" is someone new, not the last speaker.
    assert_eq!(
        speakers("Kirby said it was over. The moderator said it was not."),
        triples(&[("said", "Kirby", "-"), ("said", "moderator", "-")])
    );
    // An adjective in -ed or a year right after the determiner begins the phrase.
    assert_eq!(
        speakers("\"It is over,\" said one unaligned Florida Republican strategist."),
        triples(&[("said", "unaligned Florida Republican strategist", "-")])
    );
    assert_eq!(
        speakers("\"It is over,\" said a 2008 Clinton veteran."),
        triples(&[("said", "2008 Clinton veteran", "-")])
    );
}

#[test]
fn coordinated_speakers_of_two_parties_take_neither() {
    assert_eq!(
        links("Putin and Kirby said the plan was over."),
        pairs(&[("said", "-")])
    );
    assert_eq!(
        links("Putin and Ushakov said the plan was over."),
        pairs(&[("said", "russia")])
    );
    assert_eq!(
        links("Putin and Ben Smith said the plan was over."),
        pairs(&[("said", "-")])
    );
}

#[test]
fn the_pronoun_of_put_it_is_its_object() {
    assert_eq!(
        speakers("Kirby said it was over. As he puts it, the plan was wrong."),
        triples(&[("said", "Kirby", "-"), ("puts it", "he", "Kirby")])
    );
}

#[test]
fn a_name_in_an_appositive_after_a_role_speaks() {
    assert_eq!(
        speakers("The plan was over, said the Pentagon's director, Sabrina Singh, on Monday."),
        triples(&[("said", "Sabrina Singh", "-")])
    );
    assert_eq!(
        speakers("The Pentagon's chief human resources officer, Sabrina Singh, told reporters it was over."),
        triples(&[("told", "Sabrina Singh", "-")])
    );
    assert_eq!(
        speakers("Ben Smith — a teacher from Mount Pleasant — said it was over."),
        triples(&[("said", "Ben Smith", "-")])
    );
    assert_eq!(
        speakers("A former official -- Ben Smith, who left in 2008 -- said it was over."),
        triples(&[("said", "Ben Smith", "-")])
    );
}

#[test]
fn a_name_that_opens_a_part_is_the_subject_of_its_participle() {
    assert_eq!(
        speakers("Both men issued a statement – Kirby saying it was over."),
        triples(&[("saying", "Kirby", "-")])
    );
    // "and" opening the sentence before a name: nothing before it to look at.
    assert_eq!(
        speakers("And Kirby saying it was over, the talks ended."),
        triples(&[("saying", "Kirby", "-")])
    );
    assert_eq!(
        speakers("Kirby erred in saying it was over."),
        triples(&[("saying", "Kirby", "-")])
    );
    assert_eq!(
        speakers("People familiar with the matter said it was over."),
        triples(&[("said", "People familiar with the matter", "-")])
    );
}
