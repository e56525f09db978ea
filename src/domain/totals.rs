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
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() || cleaned.len() > 24 {
        return None;
    }
    let decimal_mark = match (cleaned.rfind('.'), cleaned.rfind(',')) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(at), None) | (None, Some(at)) => {
            let separators = cleaned.matches(['.', ',']).count();
            // "1.234.567" groups thousands; "1.5" and "1,50" mark decimals.
            (separators == 1).then_some(at)
        }
        (None, None) => None,
    };
    let (whole, fraction) = match decimal_mark {
        Some(at) => (&cleaned[..at], &cleaned[at + 1..]),
        None => (cleaned.as_str(), ""),
    };
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
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
}
