//! The fields of a contact that people type into the back office and the
//! portal. Each type can only hold a value that passed its rule, so code
//! that receives one never checks it again (parse, don't validate). A
//! refusal is a [`FieldProblem`]: a translation id, turned into a field
//! error in one place (`error::FieldErrors`).

use serde::{Deserialize, Serialize};

/// Why a typed value was refused, as the id of the message shown on the field.
pub trait FieldProblem {
    fn message_id(&self) -> &'static str;
}

impl FieldProblem for super::email::EmailError {
    fn message_id(&self) -> &'static str {
        super::email::EmailError::message_id(self)
    }
}

/// A rule a text field broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Required,
    TooLong,
    ControlCharacters,
    Malformed,
    UnknownCountry,
    UnknownLanguage,
    /// Not an IANA time zone name.
    UnknownTimeZone,
    /// The postal code does not have the shape the contact's country uses.
    WrongForCountry,
}

impl FieldProblem for TextProblem {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Required => "error-required",
            Self::TooLong => "error-too-long",
            Self::ControlCharacters => "error-control-characters",
            Self::Malformed => "error-malformed",
            Self::UnknownCountry => "error-unknown-country",
            Self::UnknownLanguage => "error-unknown-language",
            Self::UnknownTimeZone => "error-unknown-time-zone",
            Self::WrongForCountry => "error-zip-country",
        }
    }
}

/// Trimmed, non-empty, at most `max` characters, without control characters.
fn plain_text(raw: &str, max: usize) -> Result<String, TextProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(TextProblem::Required);
    }
    if text.chars().count() > max {
        return Err(TextProblem::TooLong);
    }
    if text.chars().any(char::is_control) {
        return Err(TextProblem::ControlCharacters);
    }
    Ok(text.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A contact's name: a person's or a company's, as it appears on documents.
    ContactName
);
text_type!(
    /// A phone number as people write it: digits with `+`, spaces, dots,
    /// dashes and brackets; 6 to 15 digits (the E.164 maximum).
    Phone
);
text_type!(
    /// A VAT (tax) number, stored without spaces, dots or dashes, upper-cased:
    /// "RO 1234 5678" becomes "RO12345678".
    VatNumber
);
text_type!(
    /// A postal code, upper-cased, in the shape its country uses where we know it.
    PostalCode
);
text_type!(
    /// One line of an address (street, street 2, city, state).
    AddressLine
);

impl ContactName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, TextProblem> {
        plain_text(raw, Self::MAX_CHARS).map(Self)
    }
}

impl AddressLine {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, TextProblem> {
        plain_text(raw, Self::MAX_CHARS).map(Self)
    }
}

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, TextProblem> {
        let text = plain_text(raw, 32)?;
        let allowed = |c: char| c.is_ascii_digit() || " +-.()/".contains(c);
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let plus_only_first = text.rfind('+').is_none_or(|at| at == 0);
        if !text.chars().all(allowed) || !(6..=15).contains(&digits) || !plus_only_first {
            return Err(TextProblem::Malformed);
        }
        Ok(Self(text))
    }
}

impl VatNumber {
    pub fn parse(raw: &str) -> Result<Self, TextProblem> {
        let text = plain_text(raw, 32)?;
        let compact: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let digits = compact.chars().filter(char::is_ascii_digit).count();
        if !(4..=16).contains(&compact.len())
            || !compact.chars().all(|c| c.is_ascii_alphanumeric())
            || digits < 2
        {
            return Err(TextProblem::Malformed);
        }
        Ok(Self(compact))
    }
}

/// ISO 3166-1 alpha-2 codes, every officially assigned one.
const ISO_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ \
BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK \
DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW \
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB \
LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC \
NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC \
SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ \
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// A country, by its ISO 3166-1 alpha-2 code ("RO", "ES").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, TextProblem> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(TextProblem::Required);
        }
        match code.as_bytes() {
            [a, b] if ISO_COUNTRIES.split(' ').any(|known| known == code) => Ok(Self([*a, *b])),
            _ => Err(TextProblem::UnknownCountry),
        }
    }

    pub fn as_str(&self) -> &str {
        // Built only from the ASCII list above.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl PostalCode {
    /// Checks the general shape: 2 to 10 letters, digits, spaces or dashes.
    pub fn parse(raw: &str) -> Result<Self, TextProblem> {
        let code = plain_text(raw, 10)?.to_ascii_uppercase();
        let shape_ok = code.len() >= 2
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
            && code.chars().any(|c| c.is_ascii_digit());
        if !shape_ok {
            return Err(TextProblem::Malformed);
        }
        Ok(Self(code))
    }

    /// The stricter shape of the countries our customers are in.
    pub fn check_for(&self, country: CountryCode) -> Result<(), TextProblem> {
        let digits = |n: usize| self.0.len() == n && self.0.chars().all(|c| c.is_ascii_digit());
        let fits = match country.as_str() {
            "RO" => digits(6),
            "ES" | "DE" | "FR" | "IT" => digits(5),
            _ => true,
        };
        fits.then_some(()).ok_or(TextProblem::WrongForCountry)
    }
}

/// The language a contact prefers: one that Portico speaks.
pub fn parse_language(raw: &str) -> Result<super::Locale, TextProblem> {
    super::Locale::from_tag(raw).ok_or(TextProblem::UnknownLanguage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_required_and_bounded() {
        assert_eq!(
            ContactName::parse("  Ana Ionescu ").unwrap().as_str(),
            "Ana Ionescu"
        );
        assert_eq!(ContactName::parse("   "), Err(TextProblem::Required));
        assert_eq!(
            ContactName::parse(&"a".repeat(201)),
            Err(TextProblem::TooLong)
        );
        assert!(
            ContactName::parse(&"ă".repeat(200)).is_ok(),
            "characters, not bytes"
        );
        assert_eq!(
            ContactName::parse("Ana\u{0}"),
            Err(TextProblem::ControlCharacters)
        );
    }

    #[test]
    fn phones_allow_the_usual_punctuation_only() {
        assert!(Phone::parse("+40 21 555 0100").is_ok());
        assert!(Phone::parse("(021) 555-01.00").is_ok());
        for bad in [
            "call me",
            "12345",
            "+40 21 555 0100 0000 99",
            "40+21 5550100",
            "<b>0215550100</b>",
        ] {
            assert_eq!(Phone::parse(bad), Err(TextProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn vat_numbers_are_compacted_and_upper_cased() {
        assert_eq!(
            VatNumber::parse("ro 1234-5678").unwrap().as_str(),
            "RO12345678"
        );
        assert_eq!(
            VatNumber::parse("ESB12345678").unwrap().as_str(),
            "ESB12345678"
        );
        for bad in ["RO", "RO12<>", "ABCDEFGH", "RO123456789012345678"] {
            assert_eq!(VatNumber::parse(bad), Err(TextProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn countries_are_iso_codes() {
        assert_eq!(CountryCode::parse(" ro ").unwrap().as_str(), "RO");
        assert_eq!(CountryCode::parse("XX"), Err(TextProblem::UnknownCountry));
        assert_eq!(CountryCode::parse("ROU"), Err(TextProblem::UnknownCountry));
        assert_eq!(CountryCode::parse(""), Err(TextProblem::Required));
    }

    #[test]
    fn postal_codes_follow_their_country() {
        let ro = CountryCode::parse("RO").unwrap();
        let es = CountryCode::parse("ES").unwrap();
        let gb = CountryCode::parse("GB").unwrap();
        assert_eq!(PostalCode::parse("030031").unwrap().check_for(ro), Ok(()));
        assert_eq!(
            PostalCode::parse("28001").unwrap().check_for(ro),
            Err(TextProblem::WrongForCountry)
        );
        assert_eq!(PostalCode::parse("28001").unwrap().check_for(es), Ok(()));
        assert_eq!(PostalCode::parse("sw1a 1aa").unwrap().as_str(), "SW1A 1AA");
        assert_eq!(PostalCode::parse("SW1A 1AA").unwrap().check_for(gb), Ok(()));
        assert_eq!(PostalCode::parse("AB"), Err(TextProblem::Malformed));
        assert_eq!(PostalCode::parse("12345678901"), Err(TextProblem::TooLong));
    }

    #[test]
    fn languages_are_the_ones_portico_speaks() {
        assert_eq!(parse_language("ro-RO"), Ok(super::super::Locale::Ro));
        assert_eq!(parse_language("de"), Err(TextProblem::UnknownLanguage));
    }

    use proptest::prelude::*;

    /// Text near a contact field: letters, digits, the punctuation the
    /// fields allow or strip, spaces of several kinds, controls and
    /// non-ASCII letters and digits.
    fn fieldish() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 +\\-.()/<>\t\n\r\u{0}\u{7f}\u{a0}\u{85}ăÎşé٣１]{0,40}"
    }

    proptest! {
        // Cases: PROPTEST_CASES, 256 unless set.
        #[test]
        fn names_and_address_lines_keep_what_was_typed_within_the_rules(
            text in any::<String>(),
            near in fieldish(),
            long in "[a-zăÎ ]{190,210}",
        ) {
            for typed in [text, near, long] {
                let trimmed = typed.trim();
                match ContactName::parse(&typed) {
                    Ok(name) => {
                        prop_assert_eq!(name.as_str(), trimmed);
                        prop_assert!(!trimmed.is_empty() && trimmed.chars().count() <= 200);
                        prop_assert!(!trimmed.chars().any(char::is_control));
                        prop_assert_eq!(ContactName::parse(name.as_str()), Ok(name.clone()));
                    }
                    Err(problem) => prop_assert!(
                        trimmed.is_empty() && problem == TextProblem::Required
                            || trimmed.chars().count() > 200 && problem == TextProblem::TooLong
                            || trimmed.chars().any(char::is_control)
                                && problem == TextProblem::ControlCharacters,
                        "{:?}: {:?}", typed, problem
                    ),
                }
                prop_assert_eq!(
                    AddressLine::parse(&typed).map(|line| line.as_str().to_owned()),
                    ContactName::parse(&typed).map(|name| name.as_str().to_owned())
                );
            }
        }

        #[test]
        fn an_accepted_phone_has_six_to_fifteen_digits_and_only_its_punctuation(
            text in any::<String>(),
            near in fieldish(),
            number in "\\+?[0-9 ().\\-/]{4,30}",
        ) {
            for typed in [text, near, number] {
                if let Ok(phone) = Phone::parse(&typed) {
                    let shown = phone.as_str();
                    let digits = shown.chars().filter(char::is_ascii_digit).count();
                    prop_assert!((6..=15).contains(&digits), "{:?}", shown);
                    prop_assert!(shown.chars().all(|c| c.is_ascii_digit() || " +-.()/".contains(c)));
                    prop_assert!(shown.rfind('+').is_none_or(|at| at == 0), "{:?}", shown);
                    prop_assert!(shown.chars().count() <= 32 && shown == typed.trim());
                    prop_assert_eq!(Phone::parse(shown), Ok(phone.clone()));
                }
            }
        }

        #[test]
        fn vat_numbers_are_compact_and_read_the_same_however_spaced(
            text in any::<String>(),
            near in fieldish(),
            number in "[a-zA-Z]{0,2}[0-9]{2,12}",
            spacing in prop::collection::vec(prop::sample::select(vec!["", " ", ".", "-"]), 14),
        ) {
            for typed in [text, near] {
                if let Ok(vat) = VatNumber::parse(&typed) {
                    let shown = vat.as_str();
                    prop_assert!((4..=16).contains(&shown.len()), "{:?}", shown);
                    prop_assert!(shown.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
                    prop_assert!(shown.chars().filter(char::is_ascii_digit).count() >= 2);
                    prop_assert_eq!(VatNumber::parse(shown), Ok(vat.clone()));
                }
            }
            let spaced: String = number
                .chars()
                .zip(spacing.iter().cycle())
                .flat_map(|(c, mark)| [c.to_string(), mark.to_string()])
                .collect();
            // At most 14 characters and 14 marks: within the field's 32.
            prop_assert_eq!(
                VatNumber::parse(&spaced),
                VatNumber::parse(&number.to_ascii_uppercase()),
                "{:?}", spaced
            );
        }

        #[test]
        fn postal_codes_and_countries_read_back_as_stored(
            text in any::<String>(),
            near in fieldish(),
            code in "[a-zA-Z0-9 \\-]{0,12}",
            country in "[a-zA-Z]{2}",
        ) {
            for typed in [text, near, code] {
                if let Ok(postal) = PostalCode::parse(&typed) {
                    let shown = postal.as_str();
                    prop_assert!((2..=10).contains(&shown.chars().count()), "{:?}", shown);
                    let allowed = |c: char| {
                        c.is_ascii_digit() || c.is_ascii_uppercase() || c == ' ' || c == '-'
                    };
                    prop_assert!(shown.chars().all(allowed), "{:?}", shown);
                    prop_assert!(shown.chars().any(|c| c.is_ascii_digit()));
                    prop_assert_eq!(PostalCode::parse(shown), Ok(postal.clone()));
                    for (known, digits) in [("RO", 6), ("ES", 5)] {
                        let fits = postal.check_for(CountryCode::parse(known).expect("listed")).is_ok();
                        prop_assert_eq!(
                            fits,
                            shown.len() == digits && shown.chars().all(|c| c.is_ascii_digit())
                        );
                    }
                }
            }
            if let Ok(parsed) = CountryCode::parse(&country) {
                prop_assert_eq!(parsed.as_str(), country.to_ascii_uppercase());
                prop_assert_eq!(CountryCode::parse(parsed.as_str()), Ok(parsed));
            }
        }
    }
}
