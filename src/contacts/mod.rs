//! Contacts: companies and the people who work for them. Storage only for
//! now; the back office's contact list and forms build on it.

pub mod store;

/// A contact is either a company or an individual (who may belong to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    Company,
    Individual,
}

impl ContactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Individual => "individual",
        }
    }
}
