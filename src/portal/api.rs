//! The portal home's data.

use crate::{contacts::ContactDetails, declare_access, error::AppError};
use leptos::prelude::*;

/// The customer's own details (name, email, phone, address) and company,
/// for the home page's Details section.
#[server(endpoint = "my/details")]
pub async fn my_details() -> Result<ContactDetails, AppError> {
    let customer = crate::context::authorize::<MyDetails>()?;
    let state = crate::context::app_state()?;
    Ok(
        crate::contacts::store::find_in_scope(
            &state.pool,
            customer.scope,
            customer.user.contact_id,
        )
        .await?,
    )
}
declare_access!(MyDetails: Customer);
