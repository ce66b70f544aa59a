//! Whether a category's precision differs by outlet. An error that hits one outlet's house
//! style (TASS writes "noted" where others write "said") is no noise: it makes or reverses the
//! outlet differences a report exists to show. So each category with coded hits in two or more
//! outlets is tested: every outlet against the others pooled, with Fisher's exact test (exact
//! at the small counts of a hand-coded sample, where a chi-squared test's approximation fails);
//! the category's p-value is the smallest of its outlets' times their number (Bonferroni: the
//! question is whether *any* outlet differs), and the categories' p-values get
//! Benjamini–Hochberg q-values. A category with q < 0.05 is flagged, naming its outlet.

use super::precision::{Category, Count, Precision};
use crate::aggregate::stats::bh_q_values;
use statrs::function::factorial::ln_binomial;

/// The q-value below which a category's precision is said to differ by outlet.
pub(crate) const ALPHA: f64 = 0.05;

/// One outlet of a category against the category's other outlets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutletTest {
    pub outlet: String,
    pub count: Count,
    /// The category's other outlets, pooled.
    pub rest: Count,
    /// Fisher's exact test, two-sided, of this outlet's precision against the rest's.
    pub p: f64,
}

/// A category's test across its outlets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CategoryTest {
    pub category: Category,
    /// Its outlets with coded hits, in name order.
    pub outlets: Vec<OutletTest>,
    /// min over outlets of p × outlets (at most 1).
    pub p: f64,
    /// Benjamini–Hochberg over every tested category.
    pub q: f64,
}

impl CategoryTest {
    pub(crate) fn differs(&self) -> bool {
        self.q < ALPHA
    }

    /// The outlet whose precision is farthest from the rest's (smallest p; ties by name).
    pub(crate) fn most_different(&self) -> Option<&OutletTest> {
        self.outlets
            .iter()
            .min_by(|a, b| a.p.total_cmp(&b.p).then_with(|| a.outlet.cmp(&b.outlet)))
    }
}

/// The two-sided p-value of Fisher's exact test of the 2×2 table [[a, b], [c, d]]: the
/// probability, with the margins fixed, of every table no more likely than this one (the
/// definition R's `fisher.test` and SciPy's `fisher_exact` use, with the same relative
/// tolerance for ties).
pub(crate) fn fisher_two_sided(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (row, col, n) = (a + b, a + c, a + b + c + d);
    if n == 0 {
        return 1.0;
    }
    // P(x) of the hypergeometric: x successes in `row` draws from n with `col` successes.
    let ln_p = |x: u64| ln_binomial(col, x) + ln_binomial(n - col, row - x) - ln_binomial(n, row);
    let lo = row.saturating_sub(n - col);
    let hi = row.min(col);
    let observed = ln_p(a);
    let mut p = 0.0;
    for x in lo..=hi {
        let l = ln_p(x);
        if l <= observed + 1e-7_f64.ln_1p() {
            p += l.exp();
        }
    }
    p.min(1.0)
}

/// Tests every category of `precision` coded in two or more outlets.
pub(crate) fn test(precision: &Precision) -> Vec<CategoryTest> {
    let mut tests: Vec<CategoryTest> = Vec::new();
    for (cat, all) in &precision.categories {
        let outlets: Vec<(&String, &Count)> = precision
            .outlets
            .iter()
            .filter(|((c, _), n)| c == cat && n.coded > 0)
            .map(|((_, o), n)| (o, n))
            .collect();
        if outlets.len() < 2 {
            continue;
        }
        let k = outlets.len() as f64;
        let outlets: Vec<OutletTest> = outlets
            .into_iter()
            .map(|(outlet, n)| {
                let rest = Count {
                    coded: all.coded - n.coded,
                    correct: all.correct - n.correct,
                };
                OutletTest {
                    outlet: outlet.clone(),
                    count: *n,
                    rest,
                    p: fisher_two_sided(
                        n.correct,
                        n.coded - n.correct,
                        rest.correct,
                        rest.coded - rest.correct,
                    ),
                }
            })
            .collect();
        let min = outlets.iter().map(|o| o.p).fold(1.0, f64::min);
        tests.push(CategoryTest {
            category: cat.clone(),
            outlets,
            p: (min * k).min(1.0),
            q: 1.0,
        });
    }
    let q = bh_q_values(&tests.iter().map(|t| Some(t.p)).collect::<Vec<_>>());
    for (t, q) in tests.iter_mut().zip(q) {
        t.q = q.unwrap_or(1.0);
    }
    tests
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expected values are SciPy's `scipy.stats.fisher_exact(table)[1]` (1.14).
    #[test]
    fn fisher_matches_scipy() {
        for (t, want) in [
            ([0, 10, 30, 0], 1.1797175484382118e-09),
            ([2, 8, 25, 5], 0.0005560339126702854),
            ([3, 2, 4, 6], 0.6083916083916083),
            ([5, 5, 5, 5], 1.0),
            ([1, 9, 11, 19], 0.23069435409643146),
            ([10, 0, 0, 1], 0.09090909090909091),
        ] {
            let got = fisher_two_sided(t[0], t[1], t[2], t[3]);
            assert!(
                (got - want).abs() <= 1e-9 * want.max(1e-300) + 1e-15,
                "{t:?}: {got} vs {want}"
            );
        }
    }

    fn precision_of(rows: &[(&str, &str, u64, u64)]) -> Precision {
        let mut p = Precision::default();
        for (cat, outlet, coded, correct) in rows {
            let c = ("attribution".to_owned(), (*cat).to_owned());
            let n = Count {
                coded: *coded,
                correct: *correct,
            };
            let all = p.categories.entry(c.clone()).or_default();
            all.coded += coded;
            all.correct += correct;
            p.outlets.insert((c, (*outlet).to_owned()), n);
        }
        p
    }

    #[test]
    fn a_category_right_in_one_outlet_and_wrong_in_another_is_flagged_and_named() {
        let p = precision_of(&[
            ("endorsing", "TASS", 10, 2),
            ("endorsing", "BBC", 10, 9),
            ("endorsing", "CNN", 10, 9),
            ("neutral", "TASS", 10, 9),
            ("neutral", "BBC", 10, 10),
            ("neutral", "CNN", 10, 9),
        ]);
        let t = test(&p);
        assert_eq!(t.len(), 2);
        let endorsing = t.iter().find(|t| t.category.1 == "endorsing").unwrap();
        assert!(endorsing.differs(), "{endorsing:?}");
        assert_eq!(endorsing.most_different().unwrap().outlet, "TASS");
        let neutral = t.iter().find(|t| t.category.1 == "neutral").unwrap();
        assert!(!neutral.differs(), "{neutral:?}");
        // Bonferroni over the category's outlets: p is the smallest outlet p times 3.
        let min = endorsing.outlets.iter().map(|o| o.p).fold(1.0, f64::min);
        assert!((endorsing.p - (3.0 * min).min(1.0)).abs() < 1e-15);
    }
}
