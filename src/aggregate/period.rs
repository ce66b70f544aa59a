//! `--by-period week|month`: an article's `date` (from the manifest or the record) read as a
//! calendar date and named by its period, `2024-06` or the ISO week `2024-W25`.
//!
//! Dates are read as written, without time zones: a time after the date is ignored. ISO 8601
//! and the forms news exports use are read (`2024-06-18`, `2024-06-18T10:00:00Z`, `2024/06/18`,
//! `20240618`, `18.06.2024`, `June 18, 2024`, `18 Jun 2024`, `Tue, 18 Jun 2024 10:00:00 +0000`,
//! `18/06/2024` and `06/18/2024` where the day is over 12). A numeric date that could be either
//! day/month or month/day (`06/07/2024`) is not guessed: it is reported as unreadable, like any
//! other form, so that no article lands in the wrong month silently.

/// The length of a period.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Week,
    Month,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The period of a date: `2024-06`, or the ISO 8601 week `2024-W25`.
    pub fn key(self, (y, m, d): (i32, u32, u32)) -> String {
        match self {
            Period::Month => format!("{y:04}-{m:02}"),
            Period::Week => {
                let (wy, w) = iso_week(y, m, d);
                format!("{wy:04}-W{w:02}")
            }
        }
    }
}

/// Why a date cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unread {
    /// Day and month could be either way round.
    Ambiguous,
    /// Not a form slant reads, or not a day of the calendar.
    Unknown,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (0..12)
        .find(|&i| w == MONTHS[i] || w == full[i] || (w == "sept" && i == 8))
        .map(|i| i as u32 + 1)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

fn valid(y: i32, m: u32, d: u32) -> Result<(i32, u32, u32), Unread> {
    if (1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) {
        Ok((y, m, d))
    } else {
        Err(Unread::Unknown)
    }
}

fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A date as (year, month, day).
pub(crate) fn parse_date(s: &str) -> Result<(i32, u32, u32), Unread> {
    let s = s.trim();
    // ISO 8601 and its relatives: the date before a `T` or a space.
    let head = s.split(['T', ' ']).next().unwrap_or_default();
    if head.len() == 8 && head.bytes().all(|b| b.is_ascii_digit()) {
        let n = |a: usize, b: usize| head[a..b].parse::<u32>().unwrap_or(0);
        return valid(n(0, 4) as i32, n(4, 6), n(6, 8));
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = head.split(sep).collect();
        if parts.len() != 3 {
            continue;
        }
        let (Some(a), Some(b), Some(c)) = (number(parts[0]), number(parts[1]), number(parts[2]))
        else {
            continue;
        };
        if parts[0].len() == 4 {
            return valid(a as i32, b, c);
        }
        if parts[2].len() != 4 {
            return Err(Unread::Unknown);
        }
        let y = c as i32;
        // 18.06.2024 is day.month everywhere it is written so.
        if sep == '.' {
            return valid(y, b, a);
        }
        return match (a > 12, b > 12) {
            (true, false) => valid(y, b, a),
            (false, true) => valid(y, a, b),
            (false, false) if a == b => valid(y, a, b),
            (false, false) => Err(Unread::Ambiguous),
            (true, true) => Err(Unread::Unknown),
        };
    }
    // Month names: `June 18, 2024`, `18 Jun 2024`, `Tue, 18 Jun 2024 10:00:00 +0000`.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(m) = month_name(w) else { continue };
        let before = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .and_then(|w| number(w));
        let after = words
            .get(i + 1)
            .and_then(|w| number(w.trim_end_matches(['.', 's', 't', 'h', 'n', 'd', 'r'])));
        let year_after = |k: usize| words.get(k).and_then(|w| number(w)).filter(|y| *y >= 1000);
        // `18 June 2024`
        if let (Some(d), Some(y)) = (before, year_after(i + 1)) {
            return valid(y as i32, m, d);
        }
        // `June 18, 2024`
        if let (Some(d), Some(y)) = (after, year_after(i + 2)) {
            return valid(y as i32, m, d);
        }
    }
    Err(Unread::Unknown)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Monday = 1 … Sunday = 7.
fn weekday(y: i32, m: u32, d: u32) -> i64 {
    // 1970-01-01 was a Thursday.
    (days_from_civil(y, m, d) + 3).rem_euclid(7) + 1
}

fn weeks_in(y: i32) -> u32 {
    let jan1 = weekday(y, 1, 1);
    if jan1 == 4 || (jan1 == 3 && is_leap(y)) {
        53
    } else {
        52
    }
}

/// The ISO 8601 week-numbering year and week of a date.
pub(crate) fn iso_week(y: i32, m: u32, d: u32) -> (i32, u32) {
    let ordinal = days_from_civil(y, m, d) - days_from_civil(y, 1, 1) + 1;
    let w = (ordinal - weekday(y, m, d) + 10).div_euclid(7);
    if w < 1 {
        (y - 1, weeks_in(y - 1))
    } else if w as u32 > weeks_in(y) {
        (y + 1, 1)
    } else {
        (y, w as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_of_news_exports() {
        for s in [
            "2024-06-18",
            "2024-06-18T10:00:00Z",
            "2024-06-18 23:59",
            "2024/06/18",
            "20240618",
            "18.06.2024",
            "18/06/2024",
            "06/18/2024",
            "June 18, 2024",
            "Jun. 18, 2024",
            "18 June 2024",
            "18 Jun 2024",
            "Tue, 18 Jun 2024 10:00:00 +0000",
            "June 18th, 2024",
        ] {
            assert_eq!(parse_date(s), Ok((2024, 6, 18)), "{s}");
        }
        assert_eq!(parse_date("06/07/2024"), Err(Unread::Ambiguous));
        for s in [
            "",
            "yesterday",
            "2024-02-30",
            "2023-02-29",
            "18/06/24",
            "2024-13-01",
        ] {
            assert_eq!(parse_date(s), Err(Unread::Unknown), "{s}");
        }
        assert_eq!(parse_date("2024-02-29"), Ok((2024, 2, 29)));
    }

    /// Python's date.isocalendar() for the same dates.
    #[test]
    fn iso_weeks_match_python() {
        for ((y, m, d), want) in [
            ((2024, 6, 18), (2024, 25)),
            ((2021, 1, 3), (2020, 53)),
            ((2021, 1, 4), (2021, 1)),
            ((2024, 12, 30), (2025, 1)),
            ((2026, 12, 31), (2026, 53)),
            ((2027, 1, 1), (2026, 53)),
            ((2023, 1, 1), (2022, 52)),
            ((2020, 12, 31), (2020, 53)),
        ] {
            assert_eq!(iso_week(y, m, d), want, "{y}-{m}-{d}");
        }
        assert_eq!(Period::Week.key((2024, 6, 18)), "2024-W25");
        assert_eq!(Period::Month.key((2024, 6, 18)), "2024-06");
    }
}
