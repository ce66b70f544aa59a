use super::*;

#[test]
fn json_records_parse_or_say_why_not() {
    let cols = Shape {
        meta_columns: ["title", "date"].iter().map(|s| s.to_string()).collect(),
        fields: Fields::default(),
    };
    let (a, text) = parse_json(
        "c.jsonl:3",
        br#"{"id": 7, "outlet": "RT", "text": "Hi.", "date": "2024-06-18", "x": 1}"#,
        &cols,
    )
    .unwrap();
    assert_eq!(
        (a.id.as_str(), a.outlet.as_str(), text.as_slice()),
        ("7", "RT", &b"Hi."[..])
    );
    assert_eq!(a.meta, ["", "2024-06-18"]);
    let (a, why) = parse_json("c.jsonl:4", br#"{"id": "x", "outlet": "RT"}"#, &cols).unwrap_err();
    assert_eq!(
        (a.id.as_str(), why.as_str()),
        ("x", "the record has no `text`")
    );
    let (_, why) = parse_json("c.jsonl:5", b"{not json", &cols).unwrap_err();
    assert!(why.starts_with("invalid JSON"));
    let (_, why) = parse_json("c.jsonl:6", br#"{"text": "t"}"#, &cols).unwrap_err();
    assert_eq!(why, "the record has no `id`");
    // Other names for the three fields: the default names are then neither read nor kept.
    let media_cloud = Shape {
        meta_columns: vec!["title".into()],
        fields: Fields {
            id: "stories_id".into(),
            outlet: "media_name".into(),
            text: "body".into(),
        },
    };
    let (a, text) = parse_json(
            "mc.jsonl:1",
            br#"{"stories_id": 12, "media_name": "nytimes.com", "body": "Hi.", "id": "x", "title": "T"}"#,
            &media_cloud,
        )
        .unwrap();
    assert_eq!(
        (
            a.id.as_str(),
            a.outlet.as_str(),
            text.as_slice(),
            a.meta[0].as_str()
        ),
        ("12", "nytimes.com", &b"Hi."[..], "T")
    );
    let (_, why) = parse_json(
        "mc.jsonl:2",
        br#"{"stories_id": 1, "text": "t"}"#,
        &media_cloud,
    )
    .unwrap_err();
    assert_eq!(why, "the record has no `body`");
}

#[test]
fn fields_named_twice_or_of_a_type_slant_cannot_read_are_named_in_the_reason() {
    let cols = Shape {
        meta_columns: vec!["title".into(), "lang".into()],
        fields: Fields::default(),
    };
    let why = |json: &str| parse_json("c.jsonl:2", json.as_bytes(), &cols).unwrap_err();
    let (a, r) = why(r#"{"id": "a", "id": "b", "outlet": "RT", "text": "t"}"#);
    assert_eq!(
        (a.id.as_str(), r.as_str()),
        (
            "",
            "the field `id` is there twice; slant would not know which to read"
        )
    );
    let (a, r) = why(r#"{"id": "a", "outlet": "RT", "outlet": "X", "text": "t"}"#);
    assert_eq!((a.id.as_str(), a.outlet.as_str()), ("a", "unknown"));
    assert!(r.contains("`outlet` is there twice"), "{r}");
    let (_, r) = why(r#"{"id": "a", "outlet": "RT", "text": "t", "lang": 1, "lang": 2}"#);
    assert!(r.contains("`lang` is there twice"), "{r}");
    for (json, reason) in [
        (
            r#"{"id": "a", "outlet": {"name": "RT"}, "text": "t"}"#,
            "`outlet` is an object; slant reads a string (or a number)",
        ),
        (
            r#"{"id": "a", "outlet": ["RT"], "text": "t"}"#,
            "`outlet` is an array; slant reads a string (or a number)",
        ),
        (
            r#"{"id": "a", "outlet": false, "text": "t"}"#,
            "`outlet` is a boolean; slant reads a string (or a number)",
        ),
        (
            r#"{"id": {"n": 1}, "outlet": "RT", "text": "t"}"#,
            "`id` is an object; slant reads a string or a whole number",
        ),
        (
            r#"{"id": true, "outlet": "RT", "text": "t"}"#,
            "`id` is a boolean; slant reads a string or a whole number",
        ),
        (
            r#"{"id": null, "outlet": "RT", "text": "t"}"#,
            "`id` is null; slant reads a string or a whole number",
        ),
        (
            r#"{"id": "a", "outlet": "RT", "text": {"body": "t"}}"#,
            "`text` is an object; slant reads a string",
        ),
        (
            r#"{"id": "a", "outlet": "RT", "text": 5}"#,
            "`text` is a number; slant reads a string",
        ),
        (
            r#"{"id": "a", "outlet": "RT", "text": null}"#,
            "`text` is null; slant reads a string",
        ),
    ] {
        assert_eq!(why(json).1, reason, "{json}");
    }
    // What slant does not read may repeat or be anything; an outlet `null` is a missing one;
    // a metadata column that is an object or array is its JSON text.
    let (a, text) = parse_json(
            "c.jsonl:3",
            br#"{"id": "a", "outlet": null, "text": "t", "authors": ["x"], "authors": {"y": 1}, "lang": ["en", "fr"], "title": null}"#,
            &cols,
        )
        .unwrap();
    assert_eq!((a.outlet.as_str(), text.as_slice()), ("unknown", &b"t"[..]));
    assert_eq!(a.meta, ["", r#"["en","fr"]"#]);
    // A name that is two of the fields read (`--outlet-column title`) fills both.
    let two = Shape {
        meta_columns: vec!["title".into()],
        fields: Fields {
            outlet: "title".into(),
            ..Fields::default()
        },
    };
    let (a, _) = parse_json(
        "c.jsonl:4",
        br#"{"id": 1, "title": "RT", "text": "t"}"#,
        &two,
    )
    .unwrap();
    assert_eq!((a.outlet.as_str(), a.meta[0].as_str()), ("RT", "RT"));
    // Not an object, and invalid JSON, as before: bytes that are not UTF-8 too, even in a
    // field slant does not read.
    assert_eq!(why("[1, 2]").1, "the record is not a JSON object");
    let bad = parse_json(
        "c.jsonl:5",
        b"{\"id\": \"a\", \"text\": \"t\", \"junk\": \"\xff\"}",
        &cols,
    );
    assert_eq!(
        bad.unwrap_err().1,
        "invalid JSON: invalid unicode code point at line 1 column 35"
    );
    assert!(why(r#"{"id": "a"} x"#)
        .1
        .starts_with("invalid JSON: trailing"));
}

#[test]
fn the_first_record_is_checked_as_a_csv_header_is() {
    let check = |json: &str| {
        let mut cols = vec!["title".to_string()];
        check_first_record("a.jsonl:1", json.as_bytes(), &mut cols, &Fields::default())
            .map(|w| (w, cols))
    };
    let e = check(r#"{"id": "a", "id": "b", "outlet": "RT", "text": "t"}"#).unwrap_err();
    assert_eq!(
            e,
            "a.jsonl:1: the field `id` is there twice; slant would not know which to read; rename or delete one"
        );
    let e =
        check(r#"{"id": "a", "outlet": "RT", "text": "t", "x": 1, "x": [2], "x": 3}"#).unwrap_err();
    assert!(e.contains("the field `x` is there 3 times"), "{e}");
    let e =
        check(r#"{"id": "a", "outlet": {"name": "RT"}, "text": "t", "source": "RT"}"#).unwrap_err();
    assert_eq!(
        e,
        r#"a.jsonl:1: `outlet` is an object (`{"name":"RT"}`); slant reads a string (or a number) there; if `source` holds it, give --outlet-column source"#
    );
    let e = check(r#"{"id": "a", "outlet": "RT", "text": ["t"]}"#).unwrap_err();
    assert!(e.starts_with("a.jsonl:1: `text` is an array (`[\"t\"]`); slant reads a string there; write it so in the file, or give --text-column NAME"), "{e}");
    let e = check(r#"{"id": null, "outlet": "RT", "text": "t"}"#).unwrap_err();
    assert!(
        e.starts_with("a.jsonl:1: the record's `id` is null (its fields: id, outlet, text)"),
        "{e}"
    );
    // A long value is cut in the message.
    let long = format!(r#"{{"id": {{"a": "{}"}}, "text": "t"}}"#, "x".repeat(500));
    assert!(check(&long).unwrap_err().len() < 400);
    // Accepted: a repeated field slant does not read, an outlet `null` (a warning, as a
    // missing one); scalar fields become metadata columns, in byte order.
    let (w, cols) = check(
            r#"{"id": 1, "outlet": null, "text": "t", "zz": 1, "authors": [], "authors": [1], "lang": "en"}"#,
        )
        .unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].starts_with("a.jsonl:1: the record gives `outlet` as null; articles without one get outlet `unknown`"), "{w:?}");
    assert_eq!(cols, ["title", "lang", "zz"]);
}

#[test]
fn a_missing_field_names_the_flag_and_the_likely_field() {
    let hint = field_hint("text", "text", &["id", "outlet", "Body", "title"]);
    assert_eq!(hint, "; if `Body` holds it, give --text-column Body");
    let hint = field_hint("outlet", "outlet", &["id", "text"]);
    assert!(hint.contains("give --outlet-column NAME"), "{hint}");
    // The field asked for is never suggested for itself.
    let hint = field_hint("text", "body", &["body2", "body"]);
    assert!(hint.contains("--text-column NAME"), "{hint}");
}

fn read_all(bytes: &[u8], csv: bool) -> Vec<Source> {
    let mut cols = vec!["title".to_string()];
    let r: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    match RecordInput::from_reader("x".into(), csv, r, &mut cols, &Fields::default()) {
        Ok(input) => input.into_sources(cols, 64).collect(),
        Err(_) => Vec::new(),
    }
}

proptest::proptest! {
    /// Any bytes as a JSONL or CSV corpus: sources or skips, never a panic; every JSON record
    /// parses to an article or a reason.
    #[test]
    fn record_reading_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400), csv in proptest::bool::ANY) {
        for s in read_all(&bytes, csv) {
            if let Source::Json { origin, bytes, shape } = s {
                let _ = parse_json(&origin, &bytes, &shape);
            }
        }
    }

    #[test]
    fn jsonl_like_text_never_panics(text in "(\\{(\"(id|outlet|text|title|lang|Outlet)\": ?(\"[^\"\\\\]{0,10}\"|[0-9]{1,3}|null|true|\\[\\]|\\[1,\\{\\}\\]|\\{\\}|\\{\"id\":1\\}),? ?){0,5}\\}?\r?\n){0,5}") {
        for s in read_all(text.as_bytes(), false) {
            if let Source::Json { origin, bytes, shape } = s {
                let _ = parse_json(&origin, &bytes, &shape);
            }
        }
    }

    /// Records with repeated keys and values of every type, against what a reader that sees
    /// every key must do: a field slant reads that is there twice is the reason (the first
    /// to come again); otherwise the record is read exactly when the id, outlet and text
    /// are of types slant reads, and then as their single values say; a skip names the field.
    #[test]
    fn every_key_is_seen_and_no_field_is_read_by_position(
        entries in proptest::collection::vec((
            proptest::sample::select(&["id", "outlet", "text", "title", "authors"][..]),
            proptest::sample::select(&["\"x\"", "\" \"", "7", "1.5", "123456789012345678901234", "null", "true", "[]", "[\"a\"]", "{}", "{\"id\":1}"][..]),
        ), 0..7)
    ) {
        let json = format!(
            "{{{}}}",
            entries.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect::<Vec<_>>().join(", ")
        );
        let shape = Shape { meta_columns: vec!["title".into()], fields: Fields::default() };
        let got = parse_json("c.jsonl:1", json.as_bytes(), &shape);
        let read = ["id", "outlet", "text", "title"];
        let mut seen: Vec<&str> = Vec::new();
        let mut again = None;
        for (k, _) in &entries {
            if read.contains(k) && seen.contains(k) && again.is_none() {
                again = Some(*k);
            }
            seen.push(k);
        }
        let value = |k: &str| entries.iter().find(|(n, _)| *n == k).map(|(_, v)| serde_json::from_str::<Value>(v).unwrap());
        match (again, got) {
            (Some(k), Err((_, why))) => proptest::prop_assert_eq!(why, named_again(k, 2)),
            (Some(k), Ok(_)) => proptest::prop_assert!(false, "`{}` twice was read: {}", k, json),
            (None, Ok((a, text))) => {
                let id = value("id").unwrap();
                proptest::prop_assert!(id.is_string() || id.as_u64().is_some(), "{}", json);
                proptest::prop_assert_eq!(Some(a.id), scalar(&id));
                let outlet = match value("outlet") {
                    None | Some(Value::Null) => UNKNOWN_OUTLET.to_string(),
                    Some(v @ (Value::String(_) | Value::Number(_))) => scalar(&v).filter(|o| !o.is_empty()).unwrap_or_else(|| UNKNOWN_OUTLET.into()),
                    Some(v) => return Err(proptest::test_runner::TestCaseError::fail(format!("outlet {v} read: {json}"))),
                };
                proptest::prop_assert_eq!(a.outlet, outlet);
                proptest::prop_assert_eq!(Some(Value::String(String::from_utf8(text).unwrap())), value("text"));
                let title = match value("title") {
                    Some(v @ (Value::Array(_) | Value::Object(_))) => v.to_string(),
                    Some(v) => scalar(&v).unwrap_or_default(),
                    None => String::new(),
                };
                proptest::prop_assert_eq!(&a.meta[0], &title);
            }
            (None, Err((_, why))) => {
                let id_ok = match value("id") {
                    Some(Value::String(s)) => !s.trim().is_empty(),
                    Some(Value::Number(n)) => n.as_u64().is_some() || n.as_i64().is_some(),
                    _ => false,
                };
                let outlet_ok = matches!(value("outlet"), None | Some(Value::Null | Value::String(_) | Value::Number(_)));
                let text_ok = matches!(value("text"), Some(Value::String(_)));
                proptest::prop_assert!(!(id_ok && outlet_ok && text_ok), "{} skipped: {}", json, why);
                proptest::prop_assert!(
                    ["`id`", "`outlet`", "`text`"].iter().any(|f| why.contains(f)),
                    "{}: {}", json, why
                );
            }
        }
    }
}
