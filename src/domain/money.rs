use serde::{Deserialize, Serialize};

/// An amount in integer minor units (cents, bani) of an ISO 4217 currency.
/// Floating point never touches money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// An ISO 4217 code with the number of minor-unit digits it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    Eur,
    Ron,
    Usd,
    Gbp,
}

impl Currency {
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_uppercase().as_str() {
            "EUR" => Some(Self::Eur),
            "RON" => Some(Self::Ron),
            "USD" => Some(Self::Usd),
            "GBP" => Some(Self::Gbp),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Eur => "EUR",
            Self::Ron => "RON",
            Self::Usd => "USD",
            Self::Gbp => "GBP",
        }
    }

    pub fn minor_digits(self) -> u32 {
        2
    }
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Whole units and the minor remainder, both non-negative, and the sign.
    pub fn split(&self) -> (bool, u64, u64) {
        let scale = 10u64.pow(self.currency.minor_digits());
        let magnitude = self.minor.unsigned_abs();
        (self.minor < 0, magnitude / scale, magnitude % scale)
    }

    pub fn checked_add(&self, other: &Money) -> Option<Money> {
        if self.currency != other.currency {
            return None;
        }
        Some(Money::new(
            self.minor.checked_add(other.minor)?,
            self.currency,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_minor_units_into_whole_and_fraction() {
        assert_eq!(
            Money::new(123_456, Currency::Ron).split(),
            (false, 1234, 56)
        );
        assert_eq!(Money::new(-5, Currency::Eur).split(), (true, 0, 5));
        assert!(Money::new(i64::MIN, Currency::Eur).split().0);
    }

    #[test]
    fn adds_only_the_same_currency() {
        let a = Money::new(150, Currency::Eur);
        assert_eq!(
            a.checked_add(&Money::new(50, Currency::Eur)),
            Some(Money::new(200, Currency::Eur))
        );
        assert_eq!(a.checked_add(&Money::new(50, Currency::Ron)), None);
        assert_eq!(Money::new(i64::MAX, Currency::Eur).checked_add(&a), None);
    }

    #[test]
    fn parses_currency_codes() {
        assert_eq!(Currency::parse(" ron "), Some(Currency::Ron));
        assert_eq!(Currency::parse("XYZ"), None);
    }
}
