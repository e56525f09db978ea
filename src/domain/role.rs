use serde::{Deserialize, Serialize};

/// What a user is to the company running Portico.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Runs the back office, including users' logins and settings.
    Administrator,
    /// An internal user: contacts, documents, portal access.
    Staff,
    /// A portal user: a contact of a customer, reading its own company's documents.
    Customer,
}

impl Role {
    /// The stored name. "portal" is the reference product's word for a
    /// customer's account, and what the `users.role` column holds.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "admin",
            Self::Staff => "staff",
            Self::Customer => "portal",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "admin" => Some(Self::Administrator),
            "staff" => Some(Self::Staff),
            "portal" => Some(Self::Customer),
            _ => None,
        }
    }

    /// Staff and administrators work in the back office.
    pub fn works_in_backoffice(self) -> bool {
        matches!(self, Self::Administrator | Self::Staff)
    }

    /// Where a user lands after logging in from `/login` itself.
    pub fn home_path(self) -> &'static str {
        if self.works_in_backoffice() {
            "/admin"
        } else {
            "/my"
        }
    }

    /// The translation id of the role's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Administrator => "role-admin",
            Self::Staff => "role-staff",
            Self::Customer => "role-portal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for role in [Role::Administrator, Role::Staff, Role::Customer] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn customers_land_in_the_portal_and_staff_in_the_back_office() {
        assert_eq!(Role::Customer.home_path(), "/my");
        assert_eq!(Role::Staff.home_path(), "/admin");
        assert_eq!(Role::Administrator.home_path(), "/admin");
    }
}
