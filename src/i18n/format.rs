//! Dates and money written the way each language writes them.

use super::{translate, translate_with, Locale};
use crate::domain::Money;
use chrono::{DateTime, Datelike, Timelike, Utc};

/// How a language writes numbers: the mark between thousands and the
/// decimal mark (CLDR's for each; the minus is ASCII in all three). Kept
/// here rather than in a locale-table crate, whose tables for hundreds of
/// languages would ride in the WASM for three.
struct NumberMarks {
    thousands: char,
    decimal: char,
}

fn number_marks(locale: Locale) -> NumberMarks {
    match locale {
        Locale::En => NumberMarks {
            thousands: ',',
            decimal: '.',
        },
        Locale::Ro | Locale::Es => NumberMarks {
            thousands: '.',
            decimal: ',',
        },
    }
}

/// A whole number with its thousands marked: "1,234,567".
fn group_thousands(value: u64, thousands: char) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(digit);
    }
    grouped
}

/// "RON 1,234.56" in English, "1.234,56 RON" in Romanian and Spanish.
pub fn format_money(money: &Money, locale: Locale) -> String {
    let marks = number_marks(locale);
    let (negative, whole, fraction) = money.split();
    let digits = money.currency.minor_digits() as usize;
    let sign = if negative { "-" } else { "" };
    let amount = format!(
        "{sign}{}{}{fraction:0digits$}",
        group_thousands(whole, marks.thousands),
        marks.decimal,
    );
    let code = money.currency.code();
    match locale {
        Locale::En => format!("{code} {amount}"),
        Locale::Ro | Locale::Es => format!("{amount} {code}"),
    }
}

/// An amount as a person types it into a field: the language's decimal
/// mark, no thousands marks ("808.33", "808,33");
/// `domain::totals::parse_decimal` reads either back.
pub fn format_amount_input(minor: i64, digits: u32, locale: Locale) -> String {
    let plain = crate::domain::totals::money_decimal(minor, digits);
    match number_marks(locale).decimal {
        '.' => plain,
        mark => plain.replace('.', &mark.to_string()),
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
    let marks = number_marks(locale);
    let scale = 10u64.pow(digits);
    let magnitude = value.unsigned_abs();
    let sign = if value < 0 { "-" } else { "" };
    let whole = group_thousands(magnitude / scale, marks.thousands);
    let fraction = format!("{:0width$}", magnitude % scale, width = digits as usize);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{}{fraction}", marks.decimal)
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

/// A stored time (Unix seconds, UTC) as a clock in `zone` (an IANA name)
/// shows it; with no zone, or one this side cannot read, in UTC and saying so.
pub fn format_moment(at: i64, locale: Locale, zone: Option<&str>) -> String {
    let Some(utc) = DateTime::from_timestamp(at, 0) else {
        return String::new();
    };
    match zone
        .filter(|z| *z != "UTC")
        .and_then(|z| local_time(utc, z))
    {
        Some(local) => format!(
            "{}, {:02}:{:02}",
            format_date(local.and_utc(), locale),
            local.hour(),
            local.minute()
        ),
        None => format_datetime(utc, locale),
    }
}

/// The wall-clock time in `zone`: from the IANA tables on the server.
#[cfg(feature = "ssr")]
fn local_time(at: DateTime<Utc>, zone: &str) -> Option<chrono::NaiveDateTime> {
    let zone: chrono_tz::Tz = zone.parse().ok()?;
    Some(at.with_timezone(&zone).naive_local())
}

/// The wall-clock time in `zone`: from the browser's own `Intl`, so that no
/// zone tables ride in the WASM bundle.
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn local_time(at: DateTime<Utc>, zone: &str) -> Option<chrono::NaiveDateTime> {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let options = Object::new();
    let set = |key: &str, value: &str| Reflect::set(&options, &key.into(), &value.into()).ok();
    set("timeZone", zone)?;
    set("hourCycle", "h23")?;
    for key in ["year", "month", "day", "hour", "minute"] {
        set(key, "numeric")?;
    }
    // An unknown zone makes the constructor throw: construct it through
    // Reflect, which hands the exception back as an error.
    let constructor = Intl::DateTimeFormat::default().constructor();
    let format: Intl::DateTimeFormat =
        Reflect::construct(&constructor, &Array::of2(&"en-US".into(), &options))
            .ok()?
            .unchecked_into();
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp() as f64 * 1000.0));
    let parts = format.format_to_parts(&date);
    let mut fields = [0u32; 5];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        let slot = ["year", "month", "day", "hour", "minute"]
            .iter()
            .position(|k| *k == kind);
        if let Some(slot) = slot {
            fields[slot] = value.parse().ok()?;
        }
    }
    let [year, month, day, hour, minute] = fields;
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, 0)
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn local_time(_: DateTime<Utc>, _: &str) -> Option<chrono::NaiveDateTime> {
    None
}

/// The IANA time zones a user may pick, and whether `name` is one of them.
#[cfg(feature = "ssr")]
pub fn time_zone_names() -> Vec<&'static str> {
    let mut names: Vec<_> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        // Canonical region/city names; the legacy aliases ("US/Eastern",
        // "EST5EDT") only lengthen the list.
        .filter(|name| name.contains('/') && !name.starts_with("Etc/") && !name.starts_with("US/"))
        .collect();
    names.sort_unstable();
    names.insert(0, "UTC");
    names
}

#[cfg(feature = "ssr")]
pub fn is_time_zone(name: &str) -> bool {
    name == "UTC" || name.parse::<chrono_tz::Tz>().is_ok()
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

    #[test]
    fn a_moment_shows_in_the_readers_time_zone_across_summer_time() {
        // 2026-01-15 10:30 UTC is 12:30 in Bucharest (UTC+2); 2026-07-15
        // 10:30 UTC is 13:30 there (summer time, UTC+3).
        let winter = 1_768_473_000;
        let summer = 1_784_111_400;
        assert_eq!(
            format_moment(winter, Locale::En, None),
            "15 January 2026, 10:30 UTC"
        );
        assert_eq!(
            format_moment(winter, Locale::En, Some("Europe/Bucharest")),
            "15 January 2026, 12:30"
        );
        assert_eq!(
            format_moment(summer, Locale::En, Some("Europe/Bucharest")),
            "15 July 2026, 13:30"
        );
        assert_eq!(
            format_moment(summer, Locale::En, Some("America/Mexico_City")),
            "15 July 2026, 04:30"
        );
        // A zone the tables do not know falls back to UTC, saying so.
        assert_eq!(
            format_moment(winter, Locale::En, Some("Mars/Olympus")),
            "15 January 2026, 10:30 UTC"
        );
        assert!(
            is_time_zone("Europe/Madrid") && is_time_zone("UTC") && !is_time_zone("Europe/Nowhere")
        );
        assert_eq!(time_zone_names()[0], "UTC");
        assert!(time_zone_names().contains(&"Europe/Bucharest"));
    }
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
        assert_eq!(
            format_money(&Money::new(-100_000, Currency::Eur), Locale::Es),
            "-1.000,00 EUR"
        );
        assert_eq!(
            format_money(&Money::new(99_999, Currency::Ron), Locale::En),
            "RON 999.99"
        );
        assert_eq!(
            format_money(&Money::new(i64::MIN, Currency::Ron), Locale::En),
            "RON -92,233,720,368,547,758.08"
        );
    }

    #[test]
    fn amounts_in_fields_use_the_locales_decimal_mark_and_read_back() {
        use crate::domain::totals::parse_decimal;
        assert_eq!(format_amount_input(80_833, 2, Locale::En), "808.33");
        assert_eq!(format_amount_input(80_833, 2, Locale::Ro), "808,33");
        assert_eq!(format_amount_input(200_000, 2, Locale::Es), "2000,00");
        assert_eq!(format_amount_input(1_500, 0, Locale::Ro), "1500");
        for locale in [Locale::En, Locale::Ro, Locale::Es] {
            for (minor, digits) in [(80_833, 2), (200_000, 2), (1_234, 3), (7, 2), (1_500, 0)] {
                let typed = format_amount_input(minor, digits, locale);
                assert_eq!(parse_decimal(&typed, digits), Some(minor), "{typed}");
            }
        }
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

    use proptest::prelude::*;

    fn currencies() -> impl Strategy<Value = Currency> {
        prop::sample::select(vec![
            Currency::Eur,
            Currency::Ron,
            Currency::Usd,
            Currency::Gbp,
        ])
    }

    proptest! {
        // Cases: PROPTEST_CASES, 256 unless set.
        #[test]
        fn every_amount_reads_back_as_each_language_writes_it(
            minor in 0..=i64::MAX,
            currency in currencies(),
            locale in prop::sample::select(Locale::ALL.to_vec()),
        ) {
            use crate::domain::totals::parse_decimal;
            let digits = currency.minor_digits();
            let shown = format_money(&Money::new(minor, currency), locale);
            let number = shown.replace(currency.code(), "");
            prop_assert_eq!(parse_decimal(&number, digits), Some(minor), "{:?}", shown);
            let typed = format_amount_input(minor, digits, locale);
            prop_assert_eq!(parse_decimal(&typed, digits), Some(minor), "{:?}", typed);
            // The code itself is not part of an amount.
            prop_assert_eq!(parse_decimal(&shown, digits), None, "{:?}", shown);
        }

        #[test]
        fn a_negative_amount_as_written_is_refused(
            minor in i64::MIN..0,
            currency in currencies(),
            locale in prop::sample::select(Locale::ALL.to_vec()),
        ) {
            use crate::domain::totals::parse_decimal;
            let digits = currency.minor_digits();
            let typed = format_amount_input(minor, digits, locale);
            prop_assert_eq!(parse_decimal(&typed, digits), None, "{:?}", typed);
        }
    }
}
