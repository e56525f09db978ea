//! What every kind of document shares, as both sides see it: lists, their
//! sorting and filters, badges, lines, parties, followers, the names of the
//! back office's state buttons, and the server functions that serve every
//! kind. Every portal function reads through the caller's
//! [`CustomerScope`](crate::access::CustomerScope): another company's id
//! answers exactly as a missing one.

use crate::{
    declare_access,
    domain::{
        states::{
            InvoiceAction, InvoicePaymentState, InvoiceState, OrderAction, OrderState,
            StateMachine, SubscriptionAction, SubscriptionState,
        },
        totals::LineTerms,
        Money,
    },
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The portal's four lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListKind {
    Quotations,
    Orders,
    Invoices,
    Subscriptions,
}

impl ListKind {
    pub const ALL: [ListKind; 4] = [
        ListKind::Quotations,
        ListKind::Orders,
        ListKind::Invoices,
        ListKind::Subscriptions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Quotations => "quotations",
            Self::Orders => "orders",
            Self::Invoices => "invoices",
            Self::Subscriptions => "subscriptions",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The list's address in the portal.
    pub fn portal_path(self) -> &'static str {
        match self {
            Self::Quotations => "/my/quotes",
            Self::Orders => "/my/orders",
            Self::Invoices => "/my/invoices",
            Self::Subscriptions => "/my/subscriptions",
        }
    }

    /// A document's page in the portal: quotations open as orders do.
    pub fn portal_document_path(self, id: i64) -> String {
        match self {
            Self::Quotations | Self::Orders => format!("/my/orders/{id}"),
            Self::Invoices => format!("/my/invoices/{id}"),
            Self::Subscriptions => format!("/my/subscriptions/{id}"),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Quotations => "documents-quotations",
            Self::Orders => "documents-orders",
            Self::Invoices => "documents-invoices",
            Self::Subscriptions => "documents-subscriptions",
        }
    }

    pub fn empty(self) -> &'static str {
        match self {
            Self::Quotations => "documents-none-quotations",
            Self::Orders => "documents-none-orders",
            Self::Invoices => "documents-none-invoices",
            Self::Subscriptions => "documents-none-subscriptions",
        }
    }
}

/// What a document's badge says. Always text, with a tone beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Sent,
    Confirmed,
    Cancelled,
    NotPaid,
    Partial,
    Paid,
    Overdue,
    Active,
    Paused,
    Cancelling,
    Closed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "status-draft",
            Self::Sent => "status-sent",
            Self::Confirmed => "status-confirmed",
            Self::Cancelled => "status-cancelled",
            Self::NotPaid => "status-not-paid",
            Self::Partial => "status-partial",
            Self::Paid => "status-paid",
            Self::Overdue => "status-overdue",
            Self::Active => "status-active",
            Self::Paused => "status-paused",
            Self::Cancelling => "status-cancelling",
            Self::Closed => "status-closed",
        }
    }

    /// The badge's class: colour only repeats what the text says.
    pub fn tone(self) -> &'static str {
        match self {
            Self::Paid | Self::Confirmed | Self::Active => "badge badge-ok",
            Self::Overdue => "badge badge-danger",
            Self::Partial | Self::NotPaid | Self::Sent | Self::Cancelling | Self::Paused => {
                "badge badge-warning"
            }
            Self::Draft | Self::Cancelled | Self::Closed => "badge",
        }
    }

    /// An invoice's badge from its states and the day it is read.
    pub fn of_invoice(
        state: InvoiceState,
        payment_state: InvoicePaymentState,
        due_date: &str,
        today: &str,
    ) -> Self {
        match (state, payment_state) {
            (InvoiceState::Draft, _) => Self::Draft,
            (InvoiceState::Cancelled, _) => Self::Cancelled,
            (_, InvoicePaymentState::Paid) => Self::Paid,
            _ if due_date < today => Self::Overdue,
            (_, InvoicePaymentState::Partial) => Self::Partial,
            _ => Self::NotPaid,
        }
    }

    pub fn of_order(state: OrderState) -> Self {
        match state {
            OrderState::Draft => Self::Draft,
            OrderState::Sent => Self::Sent,
            OrderState::Confirmed => Self::Confirmed,
            OrderState::Cancelled => Self::Cancelled,
        }
    }

    pub fn of_subscription(state: SubscriptionState) -> Self {
        match state {
            SubscriptionState::Active => Self::Active,
            SubscriptionState::Paused => Self::Paused,
            SubscriptionState::Cancelling => Self::Cancelling,
            SubscriptionState::Closed => Self::Closed,
        }
    }
}

/// A state as its stored name in a view's JSON (`"draft"`, `"posted"`…),
/// so the answers read as they did when states were text.
pub mod stored_state {
    use crate::domain::states::StateMachine;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<M: StateMachine, S: Serializer>(
        state: &M,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(state.as_str())
    }

    pub fn deserialize<'de, M: StateMachine, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<M, D::Error> {
        let name = String::deserialize(deserializer)?;
        M::parse(&name).ok_or_else(|| D::Error::custom(format!("unknown state {name}")))
    }
}

/// A payment state as its stored name (`"not_paid"`, `"partial"`, `"paid"`).
pub mod stored_payment_state {
    use crate::domain::states::InvoicePaymentState;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        state: &InvoicePaymentState,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(state.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<InvoicePaymentState, D::Error> {
        let name = String::deserialize(deserializer)?;
        InvoicePaymentState::parse(&name)
            .ok_or_else(|| D::Error::custom(format!("unknown payment state {name}")))
    }
}

/// The names the back office's state buttons send for a machine's actions
/// (the forms' `action` field). An action without a button has no name.
pub trait ActionNames: StateMachine {
    const NAMES: &'static [(Self::Action, &'static str)];

    fn action_name(action: Self::Action) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(named, _)| *named == action)
            .map_or("", |(_, name)| name)
    }

    fn action_named(name: &str) -> Option<Self::Action> {
        Self::NAMES
            .iter()
            .find(|(_, named)| *named == name)
            .map(|(action, _)| *action)
    }
}

impl ActionNames for OrderState {
    const NAMES: &'static [(OrderAction, &'static str)] = &[
        (OrderAction::Send, "send"),
        (OrderAction::Confirm, "confirm"),
        (OrderAction::Invoice, "invoice"),
        (OrderAction::Cancel, "cancel"),
    ];
}

impl ActionNames for InvoiceState {
    const NAMES: &'static [(InvoiceAction, &'static str)] = &[
        (InvoiceAction::Post, "post"),
        (InvoiceAction::Cancel, "cancel"),
    ];
}

impl ActionNames for SubscriptionState {
    const NAMES: &'static [(SubscriptionAction, &'static str)] = &[
        (SubscriptionAction::Pause, "pause"),
        (SubscriptionAction::Resume, "resume"),
        (SubscriptionAction::Cancel, "cancel"),
        (SubscriptionAction::Close, "close"),
    ];
}

/// What a list is sorted by; every one has an index behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    Date,
    Reference,
    Amount,
    State,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [
        SortBy::Date,
        SortBy::Reference,
        SortBy::Amount,
        SortBy::State,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::Reference => "reference",
            Self::Amount => "amount",
            Self::State => "state",
        }
    }

    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|sort| sort.as_str() == text)
            .unwrap_or(Self::Date)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Date => "sort-date",
            Self::Reference => "sort-reference",
            Self::Amount => "sort-amount",
            Self::State => "sort-state",
        }
    }
}

/// The invoice list's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvoiceFilter {
    All,
    Unpaid,
    Overdue,
    Paid,
}

impl InvoiceFilter {
    pub const ALL: [InvoiceFilter; 4] = [
        InvoiceFilter::All,
        InvoiceFilter::Unpaid,
        InvoiceFilter::Overdue,
        InvoiceFilter::Paid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Unpaid => "unpaid",
            Self::Overdue => "overdue",
            Self::Paid => "paid",
        }
    }

    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|filter| filter.as_str() == text)
            .unwrap_or(Self::All)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "filter-all",
            Self::Unpaid => "filter-unpaid",
            Self::Overdue => "filter-overdue",
            Self::Paid => "filter-paid",
        }
    }
}

/// A list request as the address carries it; anything unknown falls back
/// to the default rather than failing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub sort: SortBy,
    pub descending: bool,
    pub filter: InvoiceFilter,
    /// The start of a reference.
    pub search: String,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

impl ListQuery {
    pub fn parse(
        sort: &str,
        direction: &str,
        filter: &str,
        search: &str,
        after: &str,
        before: &str,
    ) -> Self {
        // Someone searching by reference reads the matches in reference order,
        // which one index serves however many match; a chosen sort stays.
        let sort = if sort.is_empty() && !search.trim().is_empty() {
            SortBy::Reference
        } else {
            SortBy::parse(sort)
        };
        Self {
            sort,
            // Dates and amounts read newest and largest first; names A to Z.
            descending: match direction {
                "asc" => false,
                "desc" => true,
                _ => matches!(sort, SortBy::Date | SortBy::Amount),
            },
            filter: InvoiceFilter::parse(filter),
            search: search.trim().chars().take(60).collect(),
            after: Cursor::parse(after),
            before: Cursor::parse(before),
        }
    }
}

/// Where a page starts: the sort value and id of the row next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub value: String,
    pub id: i64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Self> {
        let (value, id) = text.rsplit_once('~')?;
        Some(Self {
            value: value.chars().take(60).collect(),
            id: id.parse().ok()?,
        })
    }

    pub fn encode(&self) -> String {
        format!("{}~{}", self.value, self.id)
    }
}

/// One document in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    pub reference: String,
    /// 'YYYY-MM-DD': ordered, invoiced or started.
    pub date: String,
    pub due_date: Option<String>,
    /// In the back office's lists: whose it is.
    pub customer: Option<String>,
    pub total: Money,
    pub due: Option<Money>,
    pub status: Status,
    /// Subscriptions: "month" or "year".
    pub period: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub rows: Vec<DocumentRow>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// The home page's tiles, counted in one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub quotations: i64,
    pub orders: i64,
    pub invoices: i64,
    pub unpaid: i64,
    pub overdue: i64,
    pub subscriptions: i64,
    pub addresses: i64,
    pub payment_methods: i64,
    pub wallet: Money,
}

/// A name and the lines of its address, as a document prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub id: i64,
    pub name: String,
    pub lines: Vec<String>,
}

/// One line of an order or invoice, with its computed amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub description: String,
    pub terms: LineTerms,
    pub untaxed: i64,
    pub tax: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub id: i64,
    pub received_on: String,
    pub amount: Money,
    pub method: String,
    pub reference: String,
    /// Given back of it so far (succeeded refunds, minor units).
    pub refunded: i64,
}

/// What a follower can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Followable {
    Order,
    Invoice,
    Subscription,
}

impl Followable {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::Invoice => "invoice",
            Self::Subscription => "subscription",
        }
    }
}

/// The home page's counts.
#[server(endpoint = "my/overview")]
pub async fn my_overview() -> Result<Overview, AppError> {
    let customer = crate::context::authorize::<MyOverview>()?;
    let state = crate::context::app_state()?;
    Ok(super::store::overview(&state.pool, customer.scope, &super::store::today()).await?)
}
declare_access!(MyOverview: Customer);

/// One page of one of the portal's lists.
#[server(endpoint = "my/documents")]
pub async fn my_documents(
    kind: String,
    sort: String,
    direction: String,
    filter: String,
    search: String,
    after: String,
    before: String,
) -> Result<DocumentPage, AppError> {
    let customer = crate::context::authorize::<MyDocuments>()?;
    let state = crate::context::app_state()?;
    let kind = ListKind::parse(&kind).ok_or(AppError::BadRequest)?;
    let query = ListQuery::parse(&sort, &direction, &filter, &search, &after, &before);
    Ok(super::store::list(&state.pool, kind, Some(customer.scope), &query).await?)
}
declare_access!(MyDocuments: Customer);

/// Follows a document (emails about it) or stops; answers the new state.
#[server(endpoint = "my/follow")]
pub async fn follow_document(
    document: Followable,
    id: i64,
    follow: bool,
) -> Result<bool, AppError> {
    let customer = crate::context::authorize::<FollowDocument>()?;
    let state = crate::context::app_state()?;
    super::store::set_following(
        &state.pool,
        customer.scope,
        customer.user.user_id,
        document,
        id,
        follow,
    )
    .await?;
    Ok(follow)
}
declare_access!(FollowDocument: Customer);

/// One page of a back-office list (every customer's documents, drafts too).
#[server(endpoint = "admin/documents")]
pub async fn backoffice_documents(
    kind: String,
    sort: String,
    direction: String,
    filter: String,
    search: String,
    after: String,
    before: String,
) -> Result<DocumentPage, AppError> {
    crate::context::authorize::<BackofficeDocuments>()?;
    let state = crate::context::app_state()?;
    let kind = ListKind::parse(&kind).ok_or(AppError::BadRequest)?;
    let query = ListQuery::parse(&sort, &direction, &filter, &search, &after, &before);
    Ok(super::store::list(&state.pool, kind, None, &query).await?)
}
declare_access!(BackofficeDocuments: Staff);

/// The customers a document can be made for: companies, and people who
/// belong to none.
#[server(endpoint = "admin/document-customers")]
pub async fn document_customers() -> Result<Vec<(i64, String)>, AppError> {
    crate::context::authorize::<DocumentCustomers>()?;
    let state = crate::context::app_state()?;
    Ok(super::editing::customers(&state.pool).await?)
}
declare_access!(DocumentCustomers: Staff);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_address_is_read_leniently() {
        let plain = ListQuery::parse("", "", "", "", "", "");
        assert_eq!((plain.sort, plain.descending), (SortBy::Date, true));
        assert_eq!(plain.filter, InvoiceFilter::All);
        let searching = ListQuery::parse("", "", "overdue", " inv/2026 ", "", "");
        assert_eq!(
            (searching.sort, searching.descending),
            (SortBy::Reference, false)
        );
        assert_eq!(searching.search, "inv/2026");
        assert_eq!(searching.filter, InvoiceFilter::Overdue);
        let chosen = ListQuery::parse("amount", "asc", "nonsense", "INV", "12~7", "");
        assert_eq!((chosen.sort, chosen.descending), (SortBy::Amount, false));
        assert_eq!(chosen.filter, InvoiceFilter::All);
        assert_eq!(
            chosen.after,
            Some(Cursor {
                value: "12".into(),
                id: 7
            })
        );
        assert_eq!(Cursor::parse("no id"), None);
        assert_eq!(Cursor::parse("a~b~3").map(|c| c.value), Some("a~b".into()));
    }

    #[test]
    fn an_invoice_badge_follows_its_states_and_the_day() {
        assert_eq!(
            Status::of_invoice(
                InvoiceState::Draft,
                InvoicePaymentState::NotPaid,
                "2020-01-01",
                "2026-01-01"
            ),
            Status::Draft
        );
        assert_eq!(
            Status::of_invoice(
                InvoiceState::Posted,
                InvoicePaymentState::Paid,
                "2020-01-01",
                "2026-01-01"
            ),
            Status::Paid
        );
        assert_eq!(
            Status::of_invoice(
                InvoiceState::Posted,
                InvoicePaymentState::Partial,
                "2020-01-01",
                "2026-01-01"
            ),
            Status::Overdue
        );
        assert_eq!(
            Status::of_invoice(
                InvoiceState::Posted,
                InvoicePaymentState::Partial,
                "2026-01-02",
                "2026-01-01"
            ),
            Status::Partial
        );
        assert_eq!(
            Status::of_invoice(
                InvoiceState::Posted,
                InvoicePaymentState::NotPaid,
                "2026-01-01",
                "2026-01-01"
            ),
            Status::NotPaid,
            "due today is not overdue"
        );
        assert_eq!(
            Status::of_invoice(
                InvoiceState::Cancelled,
                InvoicePaymentState::NotPaid,
                "2020-01-01",
                "2026-01-01"
            ),
            Status::Cancelled
        );
    }

    #[test]
    fn every_button_name_reads_back_as_its_action() {
        fn round_trip<M: ActionNames>() {
            for (action, name) in M::NAMES {
                assert_eq!(M::action_named(name), Some(*action));
                assert_eq!(M::action_name(*action), *name);
            }
            assert_eq!(M::action_named("nonsense"), None);
        }
        round_trip::<OrderState>();
        round_trip::<InvoiceState>();
        round_trip::<SubscriptionState>();
        assert_eq!(
            OrderState::action_named("pay"),
            None,
            "paying is the customer's"
        );
    }

    #[test]
    fn a_state_reads_in_json_as_its_stored_name() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Shown {
            #[serde(with = "stored_state")]
            state: OrderState,
            #[serde(with = "stored_payment_state")]
            payment_state: InvoicePaymentState,
        }
        let shown = Shown {
            state: OrderState::Confirmed,
            payment_state: InvoicePaymentState::NotPaid,
        };
        let json = serde_json::to_value(&shown).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"state": "confirmed", "payment_state": "not_paid"})
        );
        assert_eq!(serde_json::from_value::<Shown>(json).ok(), Some(shown));
    }
}
