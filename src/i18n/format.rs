//! Dates and money written the way each language writes them.

use super::{translate, translate_with, Locale};
use crate::domain::Money;
use chrono::{DateTime, Datelike, Timelike, Utc};
use num_format::ToFormattedString;

fn number_locale(locale: Locale) -> num_format::Locale {
    match locale {
        Locale::En => num_format::Locale::en,
        Locale::Ro => num_format::Locale::ro,
        Locale::Es => num_format::Locale::es,
    }
}

/// "RON 1,234.56" in English, "1.234,56 RON" in Romanian and Spanish.
pub fn format_money(money: &Money, locale: Locale) -> String {
    let numbers = number_locale(locale);
    let (negative, whole, fraction) = money.split();
    let digits = money.currency.minor_digits() as usize;
    let sign = if negative { numbers.minus_sign() } else { "" };
    let amount = format!(
        "{sign}{}{}{fraction:0digits$}",
        whole.to_formatted_string(&numbers),
        numbers.decimal(),
    );
    let code = money.currency.code();
    match locale {
        Locale::En => format!("{code} {amount}"),
        Locale::Ro | Locale::Es => format!("{amount} {code}"),
    }
}

/// A calendar date with the month's name, in the order of the language:
/// "3 November 2026", "3 noiembrie 2026", "3 de noviembre de 2026". Month
/// names and the order come from the Fluent catalogue, so the browser
/// needs no locale tables.
pub fn format_date(at: DateTime<Utc>, locale: Locale) -> String {
    let month = translate(locale, &format!("month-{}", at.month()));
    translate_with(
        locale,
        "date-format",
        &[
            ("day", at.day().to_string()),
            ("month", month),
            ("year", at.year().to_string()),
        ],
    )
}

/// A calendar day stored as 'YYYY-MM-DD' (a document's date), written as
/// [`format_date`] writes it; the text itself if it is not a date.
pub fn format_day(day: &str, locale: Locale) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(12, 0, 0))
        .map_or_else(|| day.to_owned(), |at| format_date(at.and_utc(), locale))
}

/// An integer with `digits` decimals ("1.5", "1,5"), trailing zeros dropped.
fn format_scaled(value: i64, digits: u32, locale: Locale) -> String {
    let numbers = number_locale(locale);
    let scale = 10u64.pow(digits);
    let magnitude = value.unsigned_abs();
    let sign = if value < 0 { numbers.minus_sign() } else { "" };
    let whole = (magnitude / scale).to_formatted_string(&numbers);
    let fraction = format!("{:0width$}", magnitude % scale, width = digits as usize);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{}{fraction}", numbers.decimal())
    }
}

/// A quantity kept in thousandths: "1.5", "1,5", "2".
pub fn format_quantity(milli: i64, locale: Locale) -> String {
    format_scaled(milli, 3, locale)
}

/// A rate kept in basis points: "19 %" ("9,5 %" in Romanian and Spanish).
pub fn format_percent(basis_points: i64, locale: Locale) -> String {
    format!("{}\u{a0}%", format_scaled(basis_points, 2, locale))
}

/// A date with the time of day, 24-hour clock, in UTC until users pick a time zone.
pub fn format_datetime(at: DateTime<Utc>, locale: Locale) -> String {
    format!(
        "{}, {:02}:{:02} UTC",
        format_date(at, locale),
        at.hour(),
        at.minute()
    )
}

/// A stored time (Unix seconds, UTC) as [`format_datetime`] writes it;
/// empty for a time outside chrono's range.
pub fn format_timestamp(at: i64, locale: Locale) -> String {
    DateTime::from_timestamp(at, 0)
        .map(|at| format_datetime(at, locale))
        .unwrap_or_default()
}

/// A date with the time of day at `offset` from UTC, as the reader's
/// clock shows it.
pub fn format_datetime_at(
    at: DateTime<Utc>,
    offset: chrono::FixedOffset,
    locale: Locale,
) -> String {
    let local = at.with_timezone(&offset);
    let day = local
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
        .unwrap_or(at);
    format!(
        "{}, {:02}:{:02}",
        format_date(day, locale),
        local.hour(),
        local.minute()
    )
}

/// In the reader's own time zone, for what only the browser draws (a
/// dialog); elsewhere, and on the server, in UTC.
pub fn format_datetime_for_reader(at: DateTime<Utc>, locale: Locale) -> String {
    #[cfg(feature = "hydrate")]
    {
        format_datetime_at(at, *chrono::Local::now().offset(), locale)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        format_datetime(at, locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use chrono::TimeZone;

    #[test]
    fn money_uses_the_locales_separators() {
        let amount = Money::new(123_456_789, Currency::Ron);
        assert_eq!(format_money(&amount, Locale::En), "RON 1,234,567.89");
        assert_eq!(format_money(&amount, Locale::Ro), "1.234.567,89 RON");
        assert_eq!(format_money(&amount, Locale::Es), "1.234.567,89 RON");
        assert_eq!(
            format_money(&Money::new(-5, Currency::Eur), Locale::En),
            "EUR -0.05"
        );
        assert_eq!(
            format_money(&Money::new(7, Currency::Eur), Locale::Ro),
            "0,07 EUR"
        );
    }

    #[test]
    fn quantities_and_rates_use_the_locales_decimal_mark() {
        assert_eq!(format_quantity(1_500, Locale::En), "1.5");
        assert_eq!(format_quantity(1_500, Locale::Ro), "1,5");
        assert_eq!(format_quantity(12_000_000, Locale::En), "12,000");
        assert_eq!(format_percent(1_900, Locale::Es), "19\u{a0}%");
        assert_eq!(format_percent(950, Locale::Ro), "9,5\u{a0}%");
    }

    #[test]
    fn dates_use_the_locales_month_names() {
        let at = Utc.with_ymd_and_hms(2026, 11, 3, 14, 5, 0).unwrap();
        assert_eq!(format_date(at, Locale::En), "3 November 2026");
        assert_eq!(format_date(at, Locale::Ro), "3 noiembrie 2026");
        assert_eq!(format_date(at, Locale::Es), "3 de noviembre de 2026");
        assert_eq!(
            format_datetime(at, Locale::Es),
            "3 de noviembre de 2026, 14:05 UTC"
        );
        assert_eq!(format_day("2026-11-03", Locale::Ro), "3 noiembrie 2026");
        assert_eq!(format_day("garbage", Locale::Ro), "garbage");
        let bucharest = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        let late = Utc.with_ymd_and_hms(2026, 11, 3, 23, 30, 0).unwrap();
        assert_eq!(
            format_datetime_at(late, bucharest, Locale::Ro),
            "4 noiembrie 2026, 01:30",
            "the reader's day and hour"
        );
    }
}
