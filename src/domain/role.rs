use serde::{Deserialize, Serialize};

/// What a user is to the company running Portico.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Administrator,
    Staff,
    Portal,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "admin",
            Self::Staff => "staff",
            Self::Portal => "portal",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        match stored {
            "admin" => Some(Self::Administrator),
            "staff" => Some(Self::Staff),
            "portal" => Some(Self::Portal),
            _ => None,
        }
    }

    /// Staff and administrators work in the back office.
    pub fn is_internal(self) -> bool {
        matches!(self, Self::Administrator | Self::Staff)
    }

    /// Where a user lands after logging in from `/login` itself.
    pub fn home_path(self) -> &'static str {
        if self.is_internal() {
            "/admin"
        } else {
            "/my"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for role in [Role::Administrator, Role::Staff, Role::Portal] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn customers_land_in_the_portal_and_staff_in_the_back_office() {
        assert_eq!(Role::Portal.home_path(), "/my");
        assert_eq!(Role::Staff.home_path(), "/admin");
        assert_eq!(Role::Administrator.home_path(), "/admin");
    }
}
