//! The statistics of validation: the Wilson interval of a precision, and agreement between
//! coders (Cohen's kappa for two, Krippendorff's alpha for two or more). Checked against
//! statsmodels, scikit-learn and the `krippendorff` package (the expected numbers are in the
//! tests).

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval (95%) of a proportion `x` of `n`: unlike the normal
/// approximation, it stays inside [0, 1] and is honest for the small counts of a hand-coded
/// sample (10 of 10 correct is 0.72–1, not 1–1). None for n = 0.
pub(crate) fn wilson(x: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (x, n) = (x as f64, n as f64);
    let p = x / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

/// Cohen's kappa of two coders' labels of the same units. None when chance agreement is
/// certain (both coders gave one and the same label to everything): kappa is undefined there.
pub(crate) fn cohen_kappa(pairs: &[(bool, bool)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if n == 0.0 {
        return None;
    }
    let agree = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let a1 = pairs.iter().filter(|(a, _)| *a).count() as f64 / n;
    let b1 = pairs.iter().filter(|(_, b)| *b).count() as f64 / n;
    let chance = a1 * b1 + (1.0 - a1) * (1.0 - b1);
    if (1.0 - chance).abs() < 1e-12 {
        return None;
    }
    Some((agree - chance) / (1.0 - chance))
}

/// Krippendorff's alpha for nominal labels: `units` holds each unit's labels from the coders
/// who coded it (a missing verdict is simply absent). Units with fewer than two labels carry no
/// information on agreement and are left out. None when there is no pairable unit or every
/// label is the same (no expected disagreement).
pub(crate) fn krippendorff_alpha(units: &[Vec<bool>]) -> Option<f64> {
    // The coincidence matrix of two values: o[c][k], each unit's pairs weighted 1 / (m - 1).
    let mut o = [[0.0f64; 2]; 2];
    for labels in units.iter().filter(|l| l.len() >= 2) {
        let m = labels.len() as f64;
        for (i, a) in labels.iter().enumerate() {
            for (j, b) in labels.iter().enumerate() {
                if i != j {
                    o[*a as usize][*b as usize] += 1.0 / (m - 1.0);
                }
            }
        }
    }
    let nc = [o[0][0] + o[0][1], o[1][0] + o[1][1]];
    let n = nc[0] + nc[1];
    if n <= 1.0 {
        return None;
    }
    let observed = o[0][1] + o[1][0];
    let expected = 2.0 * nc[0] * nc[1];
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// statsmodels 0.15: proportion_confint(x, n, alpha=0.05, method='wilson').
    #[test]
    fn wilson_matches_statsmodels() {
        for (x, n, lo, hi) in [
            (0, 10, 0.0, 0.277532799863),
            (7, 10, 0.396778147461, 0.892208732594),
            (10, 10, 0.722467200137, 1.0),
            (45, 50, 0.786397685625, 0.956524235068),
            (1, 1, 0.206549314377, 1.0),
            (13, 30, 0.273774855765, 0.608026929992),
        ] {
            let (l, h) = wilson(x, n).unwrap();
            assert!(close(l, lo) && close(h, hi), "{x}/{n}: {l} {h}");
        }
        assert_eq!(wilson(0, 0), None);
    }

    const A: [u8; 12] = [1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1];
    const B: [u8; 12] = [1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 1];

    /// scikit-learn 1.9 cohen_kappa_score and krippendorff 0.9 alpha(level 'nominal').
    #[test]
    fn kappa_and_alpha_match_sklearn_and_krippendorff() {
        let pairs: Vec<(bool, bool)> = A.iter().zip(B).map(|(a, b)| (*a == 1, b == 1)).collect();
        assert!(close(cohen_kappa(&pairs).unwrap(), 0.625));
        let units: Vec<Vec<bool>> = pairs.iter().map(|(a, b)| vec![*a, *b]).collect();
        assert!(close(krippendorff_alpha(&units).unwrap(), 0.640625));
        // Three coders, the third missing two units.
        let c = [1, 1, 0, 1, 9, 1, 0, 1, 1, 0, 9, 1];
        let units: Vec<Vec<bool>> = (0..12)
            .map(|i| {
                let mut u = vec![A[i] == 1, B[i] == 1];
                if c[i] != 9 {
                    u.push(c[i] == 1);
                }
                u
            })
            .collect();
        assert!(close(krippendorff_alpha(&units).unwrap(), 0.608695652174));
        // Rare disagreement on a mostly-correct sample: both below zero.
        let a2 = [1, 1, 1, 1, 0, 1, 1, 1, 1, 1];
        let b2 = [1, 1, 1, 1, 1, 1, 0, 1, 1, 1];
        let pairs: Vec<(bool, bool)> = a2.iter().zip(b2).map(|(a, b)| (*a == 1, b == 1)).collect();
        assert!(close(cohen_kappa(&pairs).unwrap(), -0.111111111111));
        let units: Vec<Vec<bool>> = pairs.iter().map(|(a, b)| vec![*a, *b]).collect();
        assert!(close(krippendorff_alpha(&units).unwrap(), -0.055555555556));
        // All the same: undefined, not 1 or 0.
        assert_eq!(cohen_kappa(&[(true, true), (true, true)]), None);
        assert_eq!(krippendorff_alpha(&[vec![true, true]]), None);
    }
}
