//! The demo logins: written here only. `serve --demo` prints them, the
//! integration tests sign in with them; the README, the end-to-end suite
//! (TypeScript) and `scripts/lighthouse.sh` keep copies, which
//! `tests/cli.rs` checks against these.

pub struct DemoLogin {
    /// Who this is, as `serve --demo` prints it.
    pub role: &'static str,
    /// The person's name on their contact.
    pub name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    /// The base32 key of the account's authenticator (staff must use
    /// two-factor): add it to an app, or compute codes from it in tests.
    pub two_factor_key: Option<&'static str>,
}

pub const ADMINISTRATOR: DemoLogin = DemoLogin {
    role: "administrator",
    name: "Ana Ionescu",
    email: "admin@example.com",
    password: "Lilac harbour 42 tides",
    two_factor_key: Some("ADMINDEMOADMINDEMOADMINDEMOADMIN"),
};

pub const STAFF: DemoLogin = DemoLogin {
    role: "staff",
    name: "Radu Stan",
    email: "staff@example.com",
    password: "Copper lantern 17 fjords",
    two_factor_key: Some("STAFFDEMOSTAFFDEMOSTAFFDEMOSTAFF"),
};

/// A portal user of ACME Distribution SRL.
pub const CUSTOMER: DemoLogin = DemoLogin {
    role: "customer (ACME Distribution SRL)",
    name: "Maria Popescu",
    email: "maria@acme.example",
    password: "Velvet compass 63 meadows",
    two_factor_key: None,
};

pub const LOGINS: [DemoLogin; 3] = [ADMINISTRATOR, STAFF, CUSTOMER];

/// One line per login, as `serve --demo` prints them.
pub fn describe_logins() -> String {
    LOGINS
        .iter()
        .map(|l| {
            let key = l
                .two_factor_key
                .map(|key| format!("  two-factor key {key}"))
                .unwrap_or_default();
            format!("  {:<34} {:<22} {}{key}", l.role, l.email, l.password)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
