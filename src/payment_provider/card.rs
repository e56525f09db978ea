//! The checks a card or a SEPA mandate passes before it is tokenised: the
//! card number's check digit (Luhn), an expiry in the future, a CVC of the
//! network's length; an IBAN's checksum (ISO 13616). Pure functions: the
//! clock is an argument.

use chrono::{Datelike, NaiveDate};

pub type FieldRefusals = Vec<(&'static str, &'static str)>;

/// What is kept of a card that passed: never the number or the CVC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCard {
    pub brand: &'static str,
    pub last4: String,
    /// Month (1–12) and four-digit year.
    pub expiry: (u32, i32),
    pub holder: String,
}

fn holder(raw: &str, refusals: &mut FieldRefusals) -> String {
    let holder = raw.trim();
    if holder.is_empty() {
        refusals.push(("holder", "error-required"));
    } else if holder.chars().count() > 200 {
        refusals.push(("holder", "error-too-long"));
    } else if holder.chars().any(char::is_control) {
        refusals.push(("holder", "error-control-characters"));
    }
    holder.to_owned()
}

/// The network, from the number's first digits.
fn brand(digits: &str) -> &'static str {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
    match (prefix(1), prefix(2), prefix(4)) {
        (Some(4), _, _) => "visa",
        (_, Some(34 | 37), _) => "amex",
        (_, Some(51..=55), _) | (_, _, Some(2221..=2720)) => "mastercard",
        _ => "card",
    }
}

/// "MM/YY", "MM/YYYY", "MM YY" or "MMYY".
fn parse_expiry(raw: &str) -> Option<(u32, i32)> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let (month, year) = match digits.len() {
        4 => (&digits[..2], format!("20{}", &digits[2..])),
        6 => (&digits[..2], digits[2..].to_owned()),
        _ => return None,
    };
    let month: u32 = month.parse().ok()?;
    let year: i32 = year.parse().ok()?;
    (1..=12).contains(&month).then_some((month, year))
}

/// A card's details, checked as of `today`.
pub fn check_card(
    holder_name: &str,
    number: &str,
    expiry: &str,
    cvc: &str,
    today: NaiveDate,
) -> Result<CheckedCard, FieldRefusals> {
    let mut refusals = FieldRefusals::new();
    let holder = holder(holder_name, &mut refusals);
    let digits: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let well_formed =
        (12..=19).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    if !well_formed || !luhn::valid(&digits) {
        refusals.push(("number", "card-number-invalid"));
    }
    let brand = brand(&digits);
    let expiry = match parse_expiry(expiry) {
        None => {
            refusals.push(("expiry", "card-expiry-invalid"));
            None
        }
        Some((month, year)) if (year, month) < (today.year(), today.month()) => {
            refusals.push(("expiry", "card-expired"));
            None
        }
        Some((_, year)) if year > today.year() + 20 => {
            refusals.push(("expiry", "card-expiry-invalid"));
            None
        }
        Some(expiry) => Some(expiry),
    };
    let cvc_length = if brand == "amex" { 4 } else { 3 };
    let cvc = cvc.trim();
    if cvc.len() != cvc_length || !cvc.chars().all(|c| c.is_ascii_digit()) {
        refusals.push((
            "cvc",
            if brand == "amex" {
                "card-cvc-invalid-amex"
            } else {
                "card-cvc-invalid"
            },
        ));
    }
    match expiry {
        Some(expiry) if refusals.is_empty() => Ok(CheckedCard {
            brand,
            last4: digits[digits.len() - 4..].to_owned(),
            expiry,
            holder,
        }),
        _ => Err(refusals),
    }
}

/// A SEPA mandate's details: the account holder and an IBAN whose check
/// digits add up; answers the holder and the IBAN's last four characters.
pub fn check_sepa(holder_name: &str, iban: &str) -> Result<(String, String), FieldRefusals> {
    let mut refusals = FieldRefusals::new();
    let holder = holder(holder_name, &mut refusals);
    let parsed = iban.parse::<iban::Iban>();
    if parsed.is_err() {
        refusals.push(("iban", "iban-invalid"));
    }
    match parsed {
        Ok(iban) if refusals.is_empty() => {
            let text = iban::IbanLike::electronic_str(&iban);
            Ok((holder, text[text.len().saturating_sub(4)..].to_owned()))
        }
        _ => Err(refusals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
    }

    #[test]
    fn a_good_card_keeps_only_what_is_safe_to_show() {
        let card = check_card(
            " Maria Popescu ",
            "4242 4242 4242 4242",
            "12/29",
            "123",
            today(),
        )
        .expect("passes");
        assert_eq!(
            card,
            CheckedCard {
                brand: "visa",
                last4: "4242".into(),
                expiry: (12, 2029),
                holder: "Maria Popescu".into()
            }
        );
        assert_eq!(
            check_card("A", "5555-5555-5555-4444", "11/2026", "321", today()).map(|c| c.brand),
            Ok("mastercard")
        );
        assert_eq!(
            check_card("A", "2223003122003222", "0127", "321", today()).map(|c| c.brand),
            Ok("mastercard")
        );
        assert_eq!(
            check_card("A", "378282246310005", "01/27", "4321", today()).map(|c| c.brand),
            Ok("amex")
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let refused =
            |number, expiry, cvc| check_card("", number, expiry, cvc, today()).unwrap_err();
        assert_eq!(
            refused("4242 4242 4242 4241", "13/27", "12"),
            vec![
                ("holder", "error-required"),
                ("number", "card-number-invalid"),
                ("expiry", "card-expiry-invalid"),
                ("cvc", "card-cvc-invalid")
            ]
        );
        // Last month has passed; this month is still good.
        assert!(refused("4242424242424242", "10/26", "123").contains(&("expiry", "card-expired")));
        assert!(check_card("A", "4242424242424242", "11/26", "123", today()).is_ok());
        assert!(refused("42424242", "12/27", "123").contains(&("number", "card-number-invalid")));
        assert!(refused("4242x24242424242", "12/27", "123")
            .contains(&("number", "card-number-invalid")));
        assert!(
            refused("378282246310005", "12/27", "123").contains(&("cvc", "card-cvc-invalid-amex"))
        );
    }

    #[test]
    fn an_iban_must_add_up() {
        assert_eq!(
            check_sepa("Soluciones Norte SL", "ES91 2100 0418 4502 0005 1332"),
            Ok(("Soluciones Norte SL".into(), "1332".into()))
        );
        assert_eq!(
            check_sepa("A", "RO49AAAA1B31007593840000").map(|(_, last)| last),
            Ok("0000".into())
        );
        assert_eq!(
            check_sepa("A", "ES91 2100 0418 4502 0005 1333"),
            Err(vec![("iban", "iban-invalid")])
        );
        assert_eq!(
            check_sepa("A", "hello"),
            Err(vec![("iban", "iban-invalid")])
        );
    }
}
