//! The one place where a document's amounts are computed, in integer minor
//! units.
//!
//! The tax rules: each line's untaxed amount is quantity × unit price less
//! its discount, rounded to the minor unit once; its tax is that untaxed
//! amount × the line's rate, rounded to the minor unit (rounding per line,
//! half away from zero). A document's untaxed amount, tax and total are the
//! sums of its lines; the tax is also shown per rate, as the sum of the
//! lines at that rate. Quantities are kept in thousandths, discounts and
//! tax rates in basis points (1 % = 100).

use serde::{Deserialize, Serialize};

/// What a line says: quantity, price, discount and tax rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTerms {
    pub quantity_milli: i64,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
}

/// A line's amounts, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAmounts {
    pub untaxed: i64,
    pub tax: i64,
}

/// The tax of all lines at one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxGroup {
    pub tax_bp: i64,
    pub base: i64,
    pub amount: i64,
}

/// A document's amounts, in minor units.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub untaxed: i64,
    pub tax: i64,
    pub total: i64,
    /// By rate, lowest first.
    pub taxes: Vec<TaxGroup>,
}

/// `numerator / denominator`, half away from zero; `None` if it does not fit.
fn divide_rounded(numerator: i128, denominator: i128) -> Option<i64> {
    if denominator == 0 {
        return None;
    }
    let half = denominator.abs() / 2;
    let magnitude = numerator.checked_abs()?.checked_add(half)? / denominator.abs();
    let signed = if (numerator < 0) != (denominator < 0) {
        -magnitude
    } else {
        magnitude
    };
    i64::try_from(signed).ok()
}

impl LineTerms {
    /// `None` when the amounts would overflow what storage keeps.
    pub fn amounts(&self) -> Option<LineAmounts> {
        let gross = i128::from(self.quantity_milli)
            .checked_mul(i128::from(self.unit_price))?
            .checked_mul(i128::from(10_000i64.checked_sub(self.discount_bp)?))?;
        let untaxed = divide_rounded(gross, 1_000 * 10_000)?;
        let tax = divide_rounded(
            i128::from(untaxed).checked_mul(i128::from(self.tax_bp))?,
            10_000,
        )?;
        untaxed.checked_add(tax)?;
        Some(LineAmounts { untaxed, tax })
    }
}

/// The totals of a document with these lines.
pub fn totals(lines: &[LineTerms]) -> Option<Totals> {
    let mut result = Totals::default();
    for line in lines {
        let amounts = line.amounts()?;
        result.untaxed = result.untaxed.checked_add(amounts.untaxed)?;
        result.tax = result.tax.checked_add(amounts.tax)?;
        match result.taxes.iter_mut().find(|g| g.tax_bp == line.tax_bp) {
            Some(group) => {
                group.base = group.base.checked_add(amounts.untaxed)?;
                group.amount = group.amount.checked_add(amounts.tax)?;
            }
            None => result.taxes.push(TaxGroup {
                tax_bp: line.tax_bp,
                base: amounts.untaxed,
                amount: amounts.tax,
            }),
        }
    }
    result.total = result.untaxed.checked_add(result.tax)?;
    result.taxes.sort_by_key(|g| g.tax_bp);
    Some(result)
}

/// A non-negative decimal typed by a person ("12", "12.5", "1 234,50") as an
/// integer with `digits` decimals; `None` when it is not one, has more
/// decimals than that, or is too large. A comma and a dot both mark the
/// decimals when only one of them is present; spaces, and a separator
/// followed by exactly three digits before the other, group thousands.
pub fn parse_decimal(text: &str, digits: u32) -> Option<i64> {
    let text = text.trim();
    // The largest amount storage keeps, its thousands marked, is 26
    // characters ("92,233,720,368,547,758.07"); larger values are refused
    // below, by checked arithmetic.
    let typed = text.chars().filter(|c| !c.is_whitespace()).count();
    if typed == 0 || typed > 32 {
        return None;
    }
    let decimal_mark = match (text.rfind('.'), text.rfind(',')) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(at), None) | (None, Some(at)) => {
            let separators = text.matches(['.', ',']).count();
            // "1.234.567" groups thousands; "1.5" and "1,50" mark decimals.
            (separators == 1).then_some(at)
        }
        (None, None) => None,
    };
    let (whole, fraction) = match decimal_mark {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let whole = grouped_digits(whole, decimal_mark.map(|at| &text[at..=at]))?;
    if whole.is_empty() && fraction.is_empty()
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > digits as usize
    {
        return None;
    }
    let scale = 10i64.checked_pow(digits)?;
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction_value: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse::<i64>().ok()? * 10i64.pow(digits - fraction.len() as u32)
    };
    whole.checked_mul(scale)?.checked_add(fraction_value)
}

/// The digits of a whole part whose thousands may be grouped ("1.234.567",
/// "1 234"): every group after the first has exactly three digits, the
/// first one to three, and the marks between them are spaces or one kind of
/// mark that is not the decimal mark. `None` otherwise, so that "1.2.3" or
/// "1,2.50" are refused rather than read as 123 or 12.50.
fn grouped_digits(whole: &str, decimal_mark: Option<&str>) -> Option<String> {
    let mut marks = whole.chars().filter(|c| *c == '.' || *c == ',');
    if let Some(first) = marks.next() {
        let one_kind = marks.all(|mark| mark == first);
        if !one_kind || decimal_mark.is_some_and(|decimal| decimal.starts_with(first)) {
            return None;
        }
    }
    let spaced = whole.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut groups = spaced.split(['.', ',', ' ']);
    let mut digits = groups.next().unwrap_or_default().to_owned();
    let first_group = digits.len();
    for group in groups {
        if group.len() != 3 || !(1..=3).contains(&first_group) {
            return None;
        }
        digits.push_str(group);
    }
    digits.chars().all(|c| c.is_ascii_digit()).then_some(digits)
}

/// An integer with `digits` decimals written plainly ("1234.5" for
/// 1_234_500 with 3 digits), trailing zeros dropped: what a form field shows.
pub fn plain_decimal(value: i64, digits: u32) -> String {
    let scale = 10i64.pow(digits);
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let whole = magnitude / scale as u64;
    let fraction = magnitude % scale as u64;
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = format!("{fraction:0width$}", width = digits as usize);
    format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
}

/// An amount of money with all its `digits` decimals ("388.60"), plainly,
/// as an amount field shows it.
pub fn money_decimal(minor: i64, digits: u32) -> String {
    let plain = plain_decimal(minor, digits);
    if digits == 0 {
        return plain;
    }
    let written = plain
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    let point = if written == 0 { "." } else { "" };
    format!("{plain}{point}{}", "0".repeat(digits as usize - written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_of_money_keep_every_decimal() {
        assert_eq!(money_decimal(38_860, 2), "388.60");
        assert_eq!(money_decimal(200_000, 2), "2000.00");
        assert_eq!(money_decimal(1_905, 2), "19.05");
        assert_eq!(money_decimal(-50, 2), "-0.50");
        assert_eq!(money_decimal(1_500, 0), "1500");
        assert_eq!(money_decimal(1_234, 3), "1.234");
    }

    fn line(quantity_milli: i64, unit_price: i64, discount_bp: i64, tax_bp: i64) -> LineTerms {
        LineTerms {
            quantity_milli,
            unit_price,
            discount_bp,
            tax_bp,
        }
    }

    #[test]
    fn a_line_rounds_its_untaxed_amount_then_its_tax_half_away_from_zero() {
        // 3 × 3.33 = 9.99; 19 % of it is 1.8981 → 1.90.
        assert_eq!(
            line(3_000, 333, 0, 1_900).amounts(),
            Some(LineAmounts {
                untaxed: 999,
                tax: 190
            })
        );
        // 1.5 × 0.01 = 0.015 → 0.02 (half away from zero).
        assert_eq!(line(1_500, 1, 0, 0).amounts().map(|a| a.untaxed), Some(2));
        // 10 % off 0.05 = 0.045 → 0.05; 5 % tax of it = 0.0025 → 0.
        assert_eq!(
            line(1_000, 5, 1_000, 500).amounts(),
            Some(LineAmounts { untaxed: 5, tax: 0 })
        );
        // A full discount leaves nothing to tax.
        assert_eq!(
            line(2_000, 10_000, 10_000, 1_900).amounts(),
            Some(LineAmounts { untaxed: 0, tax: 0 })
        );
    }

    #[test]
    fn rounding_per_line_differs_from_rounding_the_sum_and_is_the_rule() {
        // Three lines of 0.10 at 5 %: each line's tax is 0.005 → 0.01, so
        // the document's tax is 0.03 (rounding the sum would give 0.02).
        let lines = [line(1_000, 10, 0, 500); 3];
        let totals = totals(&lines).expect("fits");
        assert_eq!((totals.untaxed, totals.tax, totals.total), (30, 3, 33));
    }

    #[test]
    fn totals_group_taxes_by_rate_lowest_first() {
        let totals = totals(&[
            line(2_000, 10_000, 0, 1_900),
            line(1_000, 5_000, 0, 900),
            line(1_000, 2_500, 2_000, 1_900),
        ])
        .expect("fits");
        assert_eq!(totals.untaxed, 20_000 + 5_000 + 2_000);
        assert_eq!(
            totals.taxes,
            vec![
                TaxGroup {
                    tax_bp: 900,
                    base: 5_000,
                    amount: 450
                },
                TaxGroup {
                    tax_bp: 1_900,
                    base: 22_000,
                    amount: 3_800 + 380
                },
            ]
        );
        assert_eq!(totals.total, totals.untaxed + totals.tax);
        assert_eq!(super::totals(&[]), Some(Totals::default()));
    }

    #[test]
    fn amounts_that_overflow_are_refused_not_wrapped() {
        assert_eq!(line(i64::MAX, i64::MAX, 0, 0).amounts(), None);
        assert_eq!(super::totals(&[line(1_000, i64::MAX / 2, 0, 0); 3]), None);
    }

    #[test]
    fn decimals_typed_either_way_are_read_exactly() {
        assert_eq!(parse_decimal("12", 2), Some(1_200));
        assert_eq!(parse_decimal("12.5", 2), Some(1_250));
        assert_eq!(parse_decimal("12,05", 2), Some(1_205));
        assert_eq!(parse_decimal(" 1 234,50 ", 2), Some(123_450));
        assert_eq!(parse_decimal("1.234,50", 2), Some(123_450));
        assert_eq!(parse_decimal("1,234.50", 2), Some(123_450));
        assert_eq!(parse_decimal("1.234.567", 2), Some(123_456_700));
        assert_eq!(parse_decimal("0.125", 3), Some(125));
        assert_eq!(parse_decimal(",5", 2), Some(50));
        for bad in [
            "",
            "-1",
            "1.234",
            "abc",
            "1e3",
            "..",
            "9999999999999999999999",
        ] {
            assert_eq!(parse_decimal(bad, 2), None, "{bad:?}");
        }
        assert_eq!(plain_decimal(1_500, 3), "1.5");
        assert_eq!(plain_decimal(2_000, 3), "2");
        assert_eq!(plain_decimal(1_905, 2), "19.05");
    }

    #[test]
    fn marks_that_do_not_group_thousands_are_refused() {
        // Each of these was once read as a number: the marks were dropped.
        for bad in [
            "1.2.3",
            "1,,5",
            "1,2.50",
            "1.5,25",
            "1.234.50",
            "12 50",
            "1,234.567,89",
        ] {
            assert_eq!(parse_decimal(bad, 2), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("1 234 567", 2), Some(123_456_700));
        assert_eq!(parse_decimal("1\u{202f}234,5", 2), Some(123_450));
        assert_eq!(parse_decimal("12 345,67", 2), Some(1_234_567));
    }

    #[test]
    fn the_largest_amount_reads_back_with_its_thousands_marked() {
        // Found by the properties below: past 24 characters a shown amount
        // was refused, though it fits.
        assert_eq!(
            parse_decimal("92,233,720,368,547,758.07", 2),
            Some(i64::MAX)
        );
        assert_eq!(parse_decimal("92.233.720.368.547.758,08", 2), None);
        assert_eq!(
            parse_decimal("9 223 372 036 854 775 807", 0),
            Some(i64::MAX)
        );
    }

    use proptest::prelude::*;

    /// Digits with `mark` between thousands: "1.234.567".
    fn grouped(whole: u64, mark: &str) -> String {
        let digits = whole.to_string();
        let mut out = String::new();
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index) % 3 == 0 {
                out.push_str(mark);
            }
            out.push(digit);
        }
        out
    }

    /// The ways people group thousands and mark decimals: English, Romanian
    /// and Spanish, and spaces (plain, no-break, narrow no-break) with either.
    const WRITINGS: [(&str, &str); 8] = [
        (",", "."),
        (".", ","),
        (" ", "."),
        (" ", ","),
        ("\u{a0}", ","),
        ("\u{202f}", ","),
        ("", "."),
        ("", ","),
    ];

    fn amount_chars() -> impl Strategy<Value = String> {
        "[0-9., \u{a0}+\\-e]{0,30}"
    }

    proptest! {
        // Cases: PROPTEST_CASES, 256 unless set.
        #[test]
        fn parsing_any_text_never_panics_and_never_answers_a_negative(
            text in any::<String>(),
            near in amount_chars(),
            digits in 0u32..=3,
        ) {
            prop_assert!(parse_decimal(&text, digits).is_none_or(|v| v >= 0));
            prop_assert!(parse_decimal(&near, digits).is_none_or(|v| v >= 0));
        }

        #[test]
        fn every_amount_reads_back_as_a_field_writes_it(
            value in 0..=i64::MAX,
            digits in 0u32..=3,
        ) {
            prop_assert_eq!(parse_decimal(&money_decimal(value, digits), digits), Some(value));
            prop_assert_eq!(parse_decimal(&plain_decimal(value, digits), digits), Some(value));
        }

        #[test]
        fn every_amount_reads_back_with_its_thousands_grouped(
            value in 0..=i64::MAX,
            digits in 1u32..=3,
            writing in 0..WRITINGS.len(),
            padding in "[ \t]{0,2}",
        ) {
            let (thousands, decimal) = WRITINGS[writing];
            let scale = 10u64.pow(digits);
            let magnitude = value.unsigned_abs();
            let typed = format!(
                "{padding}{}{decimal}{:0width$}{padding}",
                grouped(magnitude / scale, thousands),
                magnitude % scale,
                width = digits as usize,
            );
            prop_assert_eq!(parse_decimal(&typed, digits), Some(value), "{:?}", typed);
        }

        #[test]
        fn two_decimal_marks_are_refused(
            first in "[0-9]{1,4}",
            middle in "[0-9]{0,5}",
            last in "[0-9]{0,4}",
            marks in prop::sample::select(vec![(".", "."), (",", ","), (".", ","), (",", ".")]),
            digits in 0u32..=3,
        ) {
            // Two marks are thousands and decimals ("1.234,5") or thousands
            // twice ("1.234.567") only: a first group of one to three digits,
            // then exactly three; anything else has two decimal marks.
            let (a, b) = marks;
            let typed = format!("{first}{a}{middle}{b}{last}");
            let thousands_first = first.len() <= 3 && middle.len() == 3;
            let readable = thousands_first
                && if a == b { last.len() == 3 } else { last.len() <= digits as usize };
            prop_assert_eq!(parse_decimal(&typed, digits).is_some(), readable, "{:?}", typed);
        }

        #[test]
        fn more_decimals_than_the_currency_has_are_refused_not_rounded(
            whole in 0u64..1_000_000,
            (digits, fraction) in (0u32..=3).prop_flat_map(|digits| {
                let fraction = prop::collection::vec(0u8..10, digits as usize + 1..=6);
                (Just(digits), fraction.prop_map(|d| d.iter().map(u8::to_string).collect::<String>()))
            }),
            mark in prop::sample::select(vec![".", ","]),
        ) {
            let typed = format!("{whole}{mark}{fraction}");
            prop_assert_eq!(parse_decimal(&typed, digits), None, "{:?}", typed);
        }

        #[test]
        fn amounts_beyond_what_storage_keeps_are_refused_not_wrapped(
            beyond in (i64::MAX as u128 + 1)..=u128::from(u64::MAX) * 1_000,
            digits in 0u32..=3,
        ) {
            let scale = 10u128.pow(digits);
            let typed = if digits == 0 {
                beyond.to_string()
            } else {
                format!("{}.{:0width$}", beyond / scale, beyond % scale, width = digits as usize)
            };
            prop_assert_eq!(parse_decimal(&typed, digits), None, "{:?}", typed);
        }

        #[test]
        fn signs_letters_and_currency_symbols_are_refused(
            value in 0u64..10_000_000,
            extra in prop::sample::select(vec!["-", "+", "€", "$", "lei", "RON", "e", "٣", "１"]),
            before in any::<bool>(),
        ) {
            let typed = if before { format!("{extra}{value}") } else { format!("{value}{extra}") };
            prop_assert_eq!(parse_decimal(&typed, 2), None, "{:?}", typed);
        }
    }
}
