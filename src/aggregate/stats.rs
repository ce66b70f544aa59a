//! Statistics for comparing outlets: confidence intervals, tests and multiple-testing control.
//!
//! Pure functions of summary numbers (means, variances, counts), so that they are tested against
//! values from an independent implementation (SciPy; the expected numbers are in the tests) and
//! can be applied to sums merged from any split of a corpus. Every function returns `None` where
//! the statistic is not defined, never NaN or infinity.

use statrs::distribution::{ContinuousCDF, Gamma, StudentsT};

/// Two-sided 95% intervals.
pub(crate) const ALPHA: f64 = 0.05;

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The (1 − α/2) quantile of Student's t with `df` degrees of freedom.
fn t_quantile(df: f64) -> Option<f64> {
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    finite(t.inverse_cdf(1.0 - ALPHA / 2.0))
}

/// A comparison (a test, a difference's interval) is made only when each group has at least
/// this many articles; below it the reports leave p and q empty and the page says n/a. With two
/// articles a group's variance rests on one degree of freedom, and Welch's test on it is
/// dominated by chance agreement of two values; three is the least that gives a variance any
/// footing (issue 28: one article against three made q = 0.000009).
pub(crate) const MIN_ARTICLES: u64 = 3;

/// The two-sided p-value of `t` under Student's t with `df` degrees of freedom.
pub(crate) fn t_p(t: f64, df: f64) -> Option<f64> {
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    finite(2.0 * dist.sf(t.abs())).map(|p| p.min(1.0))
}

/// The half width of a 95% interval of an estimate with standard error `se` and `df` degrees of
/// freedom: t(0.975, df) · se.
pub(crate) fn t_half_width(se: f64, df: f64) -> Option<f64> {
    finite(t_quantile(df)? * se)
}

/// A 95% interval of a share (a mean of values between 0 and 1) kept inside [0, 1]: the
/// Student-t interval clipped at the bounds (a share cannot be negative; the interval of three
/// articles' shares ran from −0.31 to 0.69). A mean outside the bounds (negated hits can make a
/// share's parts negative) stays inside its own interval.
pub(crate) fn clip_to_share(ci: (f64, f64), mean: f64) -> (f64, f64) {
    (ci.0.max(mean.min(0.0)), ci.1.min(mean.max(1.0)))
}

/// The 95% Student-t confidence interval of a mean from `n` values with sample standard
/// deviation `sd`: mean ± t(0.975, n − 1) · sd / √n. Needs n ≥ 2.
pub(crate) fn t_interval(mean: f64, sd: f64, n: u64) -> Option<(f64, f64)> {
    if n < 2 || !sd.is_finite() || !mean.is_finite() {
        return None;
    }
    let half = t_quantile((n - 1) as f64)? * sd / (n as f64).sqrt();
    Some((mean - half, mean + half))
}

/// Welch's unequal-variance t test of two means (sample variances `v1`, `v2`): the two-sided
/// p-value, with the Welch–Satterthwaite degrees of freedom. Needs two values in each group and
/// some variance.
pub(crate) fn welch_p(m1: f64, v1: f64, n1: u64, m2: f64, v2: f64, n2: u64) -> Option<f64> {
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let (a, b) = (v1 / n1 as f64, v2 / n2 as f64);
    let se2 = a + b;
    if se2 <= 0.0 || !se2.is_finite() {
        return None;
    }
    let t = (m1 - m2) / se2.sqrt();
    let df = se2 * se2 / (a * a / (n1 - 1) as f64 + b * b / (n2 - 1) as f64);
    t_p(t, df)
}

/// The exact (Garwood) 95% Poisson interval of a rate: `count` events in `exposure` units, the
/// rate and its interval multiplied by `scale` (1000 for a rate per 1,000 tokens). `count` must
/// be a whole non-negative number.
pub(crate) fn poisson_interval(count: f64, exposure: f64, scale: f64) -> Option<(f64, f64)> {
    if count < 0.0 || count.fract() != 0.0 || exposure <= 0.0 || !count.is_finite() {
        return None;
    }
    let low = if count == 0.0 {
        0.0
    } else {
        Gamma::new(count, 1.0).ok()?.inverse_cdf(ALPHA / 2.0)
    };
    let high = Gamma::new(count + 1.0, 1.0)
        .ok()?
        .inverse_cdf(1.0 - ALPHA / 2.0);
    Some((
        finite(low / exposure * scale)?,
        finite(high / exposure * scale)?,
    ))
}

/// Benjamini–Hochberg q-values of the given p-values (`None` stays `None` and is not counted
/// among the tests).
pub(crate) fn bh_q_values(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
    let m = order.len() as f64;
    // Sort by p, ties by position, so the result does not depend on sort stability.
    order.sort_by(|&a, &b| {
        p[a].partial_cmp(&p[b])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut q = vec![None; p.len()];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let pi = p[i].unwrap_or(1.0);
        running = running.min(pi * m / (rank + 1) as f64);
        q[i] = Some(running.min(1.0));
    }
    q
}

/// Log-odds of `a` against `b` with the Haldane–Anscombe correction (0.5 added to each), and its
/// 95% Wald interval: ln((a + ½)/(b + ½)) ± z · √(1/(a + ½) + 1/(b + ½)).
pub(crate) fn log_odds(a: f64, b: f64) -> Option<(f64, f64, f64)> {
    if a < 0.0 || b < 0.0 {
        return None;
    }
    let (a, b) = (a + 0.5, b + 0.5);
    let lo = (a / b).ln();
    let half = Z_975 * (1.0 / a + 1.0 / b).sqrt();
    Some((lo, lo - half, lo + half))
}

/// The 0.975 quantile of the standard normal distribution.
pub(crate) const Z_975: f64 = 1.959_963_984_540_054;

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from SciPy 1.17 (scipy.stats.t.ppf, ttest_ind(equal_var=False),
    /// chi2.ppf, false_discovery_control).
    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
    }

    #[test]
    fn t_interval_matches_scipy() {
        let (lo, hi) = t_interval(1.0, 0.5, 2).unwrap();
        close(lo, -3.492321766046876);
        close(hi, 5.492321766046876);
        let (lo, hi) = t_interval(-1.5, 2.0, 5).unwrap();
        close(lo, -3.983327996407528);
        close(hi, 0.9833279964075281);
        let (lo, hi) = t_interval(0.3, 1.1, 30).unwrap();
        close(lo, -0.11074675043390991);
        close(hi, 0.7107467504339099);
        assert_eq!(t_interval(1.0, 0.5, 1), None);
    }

    fn mean_var(x: &[f64]) -> (f64, f64, u64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
        (m, v, x.len() as u64)
    }

    #[test]
    fn welch_matches_scipy() {
        let (m1, v1, n1) = mean_var(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let (m2, v2, n2) = mean_var(&[2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
        close(
            welch_p(m1, v1, n1, m2, v2, n2).unwrap(),
            0.04928433820673053,
        );
        let (m1, v1, n1) = mean_var(&[0.1, 0.2, 0.15]);
        let (m2, v2, n2) = mean_var(&[0.3, 0.35, 0.5, 0.45]);
        close(
            welch_p(m1, v1, n1, m2, v2, n2).unwrap(),
            0.006489932475972006,
        );
        assert_eq!(welch_p(1.0, 0.0, 3, 1.0, 0.0, 3), None);
        assert_eq!(welch_p(1.0, 1.0, 1, 1.0, 1.0, 3), None);
    }

    #[test]
    fn poisson_interval_matches_scipy() {
        let cases = [
            (0.0, 1000.0, 0.0, 3.6888794541139354),
            (1.0, 1000.0, 0.025317807984289876, 5.571643390938898),
            (7.0, 2500.0, 1.1257452206079461, 5.769070144680951),
            (120.0, 40000.0, 2.4872981406484675, 3.5872646342338066),
        ];
        for (k, e, lo, hi) in cases {
            let (l, h) = poisson_interval(k, e, 1000.0).unwrap();
            assert!((l - lo).abs() <= 1e-6 * lo.max(1e-3), "{k}: {l} != {lo}");
            assert!((h - hi).abs() <= 1e-6 * hi, "{k}: {h} != {hi}");
        }
        assert_eq!(poisson_interval(2.5, 100.0, 1.0), None);
        assert_eq!(poisson_interval(2.0, 0.0, 1.0), None);
    }

    #[test]
    fn bh_matches_scipy() {
        let p = [
            Some(0.01),
            Some(0.04),
            None,
            Some(0.03),
            Some(0.005),
            Some(0.5),
        ];
        let q = bh_q_values(&p);
        let want = [
            Some(0.025),
            Some(0.05),
            None,
            Some(0.05),
            Some(0.025),
            Some(0.5),
        ];
        for (a, b) in q.iter().zip(want) {
            match (a, b) {
                (Some(a), Some(b)) => close(*a, b),
                (a, b) => assert_eq!(*a, b),
            }
        }
    }

    #[test]
    fn log_odds_by_hand() {
        // 3 distancing, 9 neutral: ln(3.5 / 9.5), SE √(1/3.5 + 1/9.5).
        let (lo, l, h) = log_odds(3.0, 9.0).unwrap();
        close(lo, -0.998_528_830_111_127);
        let se = (1.0f64 / 3.5 + 1.0 / 9.5).sqrt();
        close(l, lo - 1.959_963_984_540_054 * se);
        close(h, lo + 1.959_963_984_540_054 * se);
        // No hits at all: even odds, a wide interval.
        assert_eq!(log_odds(0.0, 0.0).unwrap().0, 0.0);
    }
}
