//! Danish working days: the public holidays (helligdage) and the days the
//! state gives off, so that `afrapportering … senest 10 arbejdsdage efter`
//! can be counted.
//!
//! A working day is Monday to Friday, except:
//! - the public holidays of the Danish church calendar (helligdagsloven):
//!   nytårsdag (1 January), skærtorsdag, langfredag, påskedag, 2. påskedag,
//!   Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag and 2. juledag
//!   (25 and 26 December); store bededag until 2023 (abolished from 2024 by
//!   lov nr. 117 af 28. februar 2023);
//! - the days off in the state by agreement: grundlovsdag (5 June),
//!   juleaftensdag (24 December) and nytårsaftensdag (31 December).
//!
//! Easter Sunday is computed (the Gregorian computus, Meeus/Jones/Butcher);
//! the tests hold the result to the official dates for 2024–2030.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` (Gregorian).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The days off of `year` that are not weekends by rule (some fall on one),
/// with their Danish names, in date order.
pub fn days_off(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::new();
    let fixed = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let Some(easter) = easter(year) else { return out };
    let from_easter = |offset: i64| {
        if offset >= 0 {
            easter.checked_add_days(Days::new(offset.unsigned_abs()))
        } else {
            easter.checked_sub_days(Days::new(offset.unsigned_abs()))
        }
    };
    let mut days = vec![
        (fixed(1, 1), "nytårsdag"),
        (from_easter(-3), "skærtorsdag"),
        (from_easter(-2), "langfredag"),
        (from_easter(0), "påskedag"),
        (from_easter(1), "2. påskedag"),
        (from_easter(39), "Kristi himmelfartsdag"),
        (from_easter(49), "pinsedag"),
        (from_easter(50), "2. pinsedag"),
        (fixed(6, 5), "grundlovsdag"),
        (fixed(12, 24), "juleaftensdag"),
        (fixed(12, 25), "juledag"),
        (fixed(12, 26), "2. juledag"),
        (fixed(12, 31), "nytårsaftensdag"),
    ];
    if year <= 2023 {
        days.push((from_easter(26), "store bededag"));
    }
    for (day, name) in days {
        if let Some(day) = day {
            out.push((day, name));
        }
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// Whether `day` is a working day.
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !days_off(day.year()).iter().any(|(d, _)| *d == day)
}

/// The `n`th working day after `day` (`n = 0`: `day` itself). `None` past
/// the calendar's end.
pub fn working_days_after(day: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut at = day;
    let mut left = n;
    while left > 0 {
        at = at.succ_opt()?;
        if is_working_day(at) {
            left -= 1;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// Easter Sunday 2024–2030 as the almanac gives it.
    #[test]
    fn easter_matches_the_official_dates() {
        let official = [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2029, "2029-04-01"),
            (2030, "2030-04-21"),
        ];
        for (year, date) in official {
            assert_eq!(easter(year), Some(d(date)), "{year}");
        }
    }

    /// The public holidays of 2024–2030 (the official lists), and store
    /// bededag only before 2024.
    #[test]
    fn the_holidays_are_the_official_ones() {
        let named = |year: i32, name: &str| days_off(year).into_iter().find(|(_, n)| *n == name).map(|(d, _)| d);
        let expected = [
            (2024, "2024-03-28", "2024-03-29", "2024-04-01", "2024-05-09", "2024-05-20"),
            (2025, "2025-04-17", "2025-04-18", "2025-04-21", "2025-05-29", "2025-06-09"),
            (2026, "2026-04-02", "2026-04-03", "2026-04-06", "2026-05-14", "2026-05-25"),
            (2027, "2027-03-25", "2027-03-26", "2027-03-29", "2027-05-06", "2027-05-17"),
            (2028, "2028-04-13", "2028-04-14", "2028-04-17", "2028-05-25", "2028-06-05"),
            (2029, "2029-03-29", "2029-03-30", "2029-04-02", "2029-05-10", "2029-05-21"),
            (2030, "2030-04-18", "2030-04-19", "2030-04-22", "2030-05-30", "2030-06-10"),
        ];
        for (year, maundy, good_friday, easter_monday, ascension, whit_monday) in expected {
            assert_eq!(named(year, "skærtorsdag"), Some(d(maundy)), "{year}");
            assert_eq!(named(year, "langfredag"), Some(d(good_friday)), "{year}");
            assert_eq!(named(year, "2. påskedag"), Some(d(easter_monday)), "{year}");
            assert_eq!(named(year, "Kristi himmelfartsdag"), Some(d(ascension)), "{year}");
            assert_eq!(named(year, "2. pinsedag"), Some(d(whit_monday)), "{year}");
            assert_eq!(named(year, "store bededag"), None, "{year}: abolished from 2024");
        }
        assert_eq!(named(2023, "store bededag"), Some(d("2023-05-05")));
    }

    #[test]
    fn working_days_skip_weekends_and_days_off() {
        // Tuesday 31 March 2026 + 5: Wed 1, skærtorsdag 2, langfredag 3, weekend,
        // 2. påskedag 6, then Tue 7, Wed 8, Thu 9, Fri 10.
        assert_eq!(working_days_after(d("2026-03-31"), 5), Some(d("2026-04-10")));
        // Christmas: Wed 23 Dec 2026 + 1 skips 24, 25, 26 (Sat), 27 (Sun): Monday 28.
        assert_eq!(working_days_after(d("2026-12-23"), 1), Some(d("2026-12-28")));
        // 10 working days after the end of Q2 2026 (Tuesday 30 June): 14 July.
        assert_eq!(working_days_after(d("2026-06-30"), 10), Some(d("2026-07-14")));
        assert!(!is_working_day(d("2026-06-05")), "grundlovsdag");
        assert!(is_working_day(d("2026-06-04")));
        assert_eq!(working_days_after(d("2026-06-30"), 0), Some(d("2026-06-30")));
    }
}
