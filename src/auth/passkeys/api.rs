//! Signing in with a passkey: a challenge, then the browser's answer.

use crate::{declare_access, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

/// A ceremony the browser is to answer: the token that names it on the
/// server (its state stays there), and the options for
/// `navigator.credentials`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Challenge<O> {
    pub ceremony: String,
    pub options: O,
}

pub type SignInChallenge = Challenge<RequestChallengeResponse>;
pub type RegistrationChallenge = Challenge<CreationChallengeResponse>;

/// Opens a sign-in with a passkey (valid for five minutes, once).
#[server(endpoint = "auth/passkey/start")]
pub async fn start_passkey_sign_in() -> Result<SignInChallenge, AppError> {
    crate::context::authorize::<StartPasskeySignIn>()?;
    let state = crate::context::app_state()?;
    let client = crate::context::client_info();
    let client_key = crate::auth::throttle::client_key(&client.ip);
    let (ceremony, options) =
        super::ceremony::begin_sign_in(&state.pool, &state.settings, &client_key).await?;
    Ok(Challenge { ceremony, options })
}
declare_access!(StartPasskeySignIn: Public);

/// The browser's answer (`credential`: the `PublicKeyCredential` as JSON)
/// to sign-in `ceremony`; starts the session and answers the page to land
/// on (`next` when the user may open it).
#[server(endpoint = "auth/passkey/finish")]
pub async fn finish_passkey_sign_in(
    ceremony: String,
    credential: String,
    next: Option<String>,
) -> Result<String, AppError> {
    crate::context::authorize::<FinishPasskeySignIn>()?;
    super::sign_in::sign_in(&ceremony, &credential, next.as_deref()).await
}
declare_access!(FinishPasskeySignIn: Public);
