//! The languages Portico speaks: a plain type, so that contacts, users and
//! requests can hold one without depending on the translation machinery.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    En,
    Ro,
    Es,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Ro, Locale::Es];

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ro => "ro",
            Self::Es => "es",
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Ro => "Română",
            Self::Es => "Español",
        }
    }

    /// Accepts a bare or regional tag in any case: "ro", "ro-RO", "es_ES".
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "ro" => Some(Self::Ro),
            "es" => Some(Self::Es),
            _ => None,
        }
    }

    /// Picks the supported language the browser prefers most, by q-value.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut ranked: Vec<(f32, usize, Locale)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let locale = Locale::from_tag(parts.next()?)?;
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (quality > 0.0).then_some((quality, position, locale))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|(_, _, locale)| *locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_by_quality_then_order() {
        assert_eq!(
            Locale::negotiate("ro-RO,ro;q=0.9,en;q=0.8"),
            Some(Locale::Ro)
        );
        assert_eq!(
            Locale::negotiate("de-DE,es;q=0.5,en;q=0.7"),
            Some(Locale::En)
        );
        assert_eq!(Locale::negotiate("fr, es-ES"), Some(Locale::Es));
        assert_eq!(Locale::negotiate("de, fr;q=0.8"), None);
        assert_eq!(Locale::negotiate("ro;q=0, es"), Some(Locale::Es));
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::negotiate("en;q=abc, ro"), Some(Locale::Ro));
    }

    #[test]
    fn accepts_regional_tags_in_any_case() {
        assert_eq!(Locale::from_tag("ro-RO"), Some(Locale::Ro));
        assert_eq!(Locale::from_tag("ES_es"), Some(Locale::Es));
        assert_eq!(Locale::from_tag("klingon"), None);
    }
}
