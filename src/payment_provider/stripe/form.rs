//! A request body as Stripe takes it: `application/x-www-form-urlencoded`,
//! nested keys written with brackets (`metadata[payment]=12`,
//! `payment_method_types[0]=card`).

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub(super) fn new() -> Self {
        Self::default()
    }

    pub(super) fn field(mut self, key: &str, value: impl ToString) -> Self {
        self.pairs.push((key.to_owned(), value.to_string()));
        self
    }

    /// `parent[key]=value`.
    pub(super) fn nested(self, parent: &str, key: &str, value: impl ToString) -> Self {
        self.field(&format!("{parent}[{key}]"), value)
    }

    /// `parent[0]=first&parent[1]=second`.
    pub(super) fn list<'a>(self, parent: &str, values: impl IntoIterator<Item = &'a str>) -> Self {
        values
            .into_iter()
            .enumerate()
            .fold(self, |form, (index, value)| {
                form.nested(parent, &index.to_string(), value)
            })
    }

    /// Percent-encoded, brackets included, as every form encoder writes them.
    pub(super) fn encode(&self) -> String {
        // Pairs of strings always serialise: the error is for maps and
        // nested structures, which `Form` cannot hold.
        serde_urlencoded::to_string(&self.pairs).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_keys_and_lists_are_written_with_brackets() {
        let form = Form::new()
            .field("amount", 1250)
            .field("currency", "eur")
            .nested("metadata", "payment", 12)
            .nested("metadata", "document", "Invoice INV/2026-0001 & co")
            .list("payment_method_types", ["card"]);
        assert_eq!(
            form.encode(),
            "amount=1250&currency=eur&metadata%5Bpayment%5D=12\
             &metadata%5Bdocument%5D=Invoice+INV%2F2026-0001+%26+co\
             &payment_method_types%5B0%5D=card"
        );
    }

    #[test]
    fn an_empty_form_is_an_empty_body() {
        assert_eq!(Form::new().encode(), "");
    }

    #[test]
    fn the_decoded_form_gives_back_every_pair() {
        let form = Form::new()
            .nested("card", "number", "4242 4242")
            .field("off_session", true);
        let decoded: Vec<(String, String)> = serde_urlencoded::from_str(&form.encode()).unwrap();
        assert_eq!(
            decoded,
            vec![
                ("card[number]".to_owned(), "4242 4242".to_owned()),
                ("off_session".to_owned(), "true".to_owned())
            ]
        );
    }
}
