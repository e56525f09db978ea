//! Subscriptions: one kind of document, for the portal and the back
//! office. Its life is `domain::states::SubscriptionState`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

pub use pages::{
    BackofficeSubscriptionPage, BackofficeSubscriptionsPage, MySubscriptionPage,
    SubscriptionDetails,
};
