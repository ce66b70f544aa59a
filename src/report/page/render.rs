//! The page's templates, compiled into the binary, and how they write values: every value
//! escaped as HTML text (`escape_into`) unless a template marks it `|safe` (the charts' SVG, made by
//! plotters). Block tags stand on lines of their own without leaving blank lines
//! (`trim_blocks`, `lstrip_blocks`), so each line of a template is a line of the page.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::Environment;

/// The templates, by the names they include each other by.
const TEMPLATES: &[(&str, &str)] = &[
    ("page.html", include_str!("templates/page.html")),
    ("outlets.html", include_str!("templates/outlets.html")),
    ("figures.html", include_str!("templates/figures.html")),
    ("drivers.html", include_str!("templates/drivers.html")),
    ("articles.html", include_str!("templates/articles.html")),
    ("hits.html", include_str!("templates/hits.html")),
    ("run.html", include_str!("templates/run.html")),
];

/// The environment the page is rendered in: built per page (a run renders one), no state kept.
fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    // A value a template names that the page does not have is a bug, not an empty cell.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_formatter(|out, _state, value| {
        if value.is_safe() {
            write!(out, "{value}")?;
        } else if let Some(s) = value.as_str() {
            escape_into(out, s)?;
        } else if !value.is_none() {
            escape_into(out, &value.to_string())?;
        }
        Ok(())
    });
    for &(name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Writes `text` escaped as HTML text (`&`, `<`, `>`, `"`, `'`: the entities the page has
/// always used), without a copy: the page writes tens of thousands of
/// values, most with nothing to escape.
fn escape_into(out: &mut minijinja::Output, text: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&text[from..])
}

/// The page of these values (`super::Page`). The templates are part of the binary, so an
/// error is a bug in them: the run fails rather than write a broken page, and every test that
/// runs `score` would show it.
pub(super) fn page(values: &impl serde::Serialize) -> anyhow::Result<String> {
    let env = environment()?;
    let page = env.get_template("page.html")?.render(Serde(values))?;
    Ok(page)
}

/// One template rendered with `values`, for tests of a section.
#[cfg(test)]
pub(super) fn one(name: &str, values: &minijinja::Value) -> String {
    let env = environment().unwrap();
    env.get_template(name).unwrap().render(values).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped_unless_marked_safe_and_a_missing_one_is_an_error() {
        let mut env = environment().unwrap();
        env.add_template(
            "t.html",
            "<p title=\"{{ a }}\">{{ a }} {{ b|safe }}{{ c }}</p>\n",
        )
        .unwrap();
        let t = env.get_template("t.html").unwrap();
        let ctx = minijinja::context! { a => "<b>&'\"", b => "<svg/>", c => None::<String> };
        assert_eq!(
            t.render(ctx).unwrap(),
            "<p title=\"&lt;b&gt;&amp;&#39;&quot;\">&lt;b&gt;&amp;&#39;&quot; <svg/></p>\n"
        );
        // Strict: a value the page does not have is an error, not an empty cell.
        env.add_template("u.html", "{{ missing }}").unwrap();
        assert!(env.get_template("u.html").unwrap().render(()).is_err());
    }
}
