//! The browser's side of the ceremonies: `navigator.credentials.create`
//! and `.get` with the server's options, the answer as the JSON the server
//! reads (webauthn-rs-proto's conversions). Without the WASM client (the
//! server's render) there is no authenticator to ask.

use crate::error::AppError;
use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

/// A refusal the page shows under its passkey button.
fn refused(message: &str) -> AppError {
    AppError::invalid("passkey", message)
}

/// Creates a passkey with `options`; answers the `RegisterPublicKeyCredential`
/// as JSON.
pub async fn create(options: CreationChallengeResponse) -> Result<String, AppError> {
    #[cfg(feature = "hydrate")]
    {
        let options = web_sys::CredentialCreationOptions::from(options);
        let promise = credentials()?
            .create_with_options(&options)
            .map_err(|_| refused("passkey-unsupported"))?;
        let credential = answer(promise).await?;
        serde_json::to_string(&webauthn_rs_proto::RegisterPublicKeyCredential::from(
            credential,
        ))
        .map_err(|_| AppError::ServerError)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = options;
        Err(refused("passkey-unsupported"))
    }
}

/// Asks for any passkey of this site with `options`; answers the
/// `PublicKeyCredential` as JSON.
pub async fn get(options: RequestChallengeResponse) -> Result<String, AppError> {
    #[cfg(feature = "hydrate")]
    {
        let options = web_sys::CredentialRequestOptions::from(options);
        let promise = credentials()?
            .get_with_options(&options)
            .map_err(|_| refused("passkey-unsupported"))?;
        let credential = answer(promise).await?;
        serde_json::to_string(&webauthn_rs_proto::PublicKeyCredential::from(credential))
            .map_err(|_| AppError::ServerError)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = options;
        Err(refused("passkey-unsupported"))
    }
}

#[cfg(feature = "hydrate")]
fn credentials() -> Result<web_sys::CredentialsContainer, AppError> {
    use wasm_bindgen::JsValue;
    let window = web_sys::window().ok_or_else(|| refused("passkey-unsupported"))?;
    // Browsers without WebAuthn (or pages not served over https or from
    // localhost) have no PublicKeyCredential.
    let supported =
        js_sys::Reflect::has(&window, &JsValue::from_str("PublicKeyCredential")).unwrap_or(false);
    if !supported {
        return Err(refused("passkey-unsupported"));
    }
    Ok(window.navigator().credentials())
}

/// Waits for the authenticator; the user closing its prompt, or having no
/// passkey for this site, is "cancelled".
#[cfg(feature = "hydrate")]
async fn answer(promise: js_sys::Promise) -> Result<web_sys::PublicKeyCredential, AppError> {
    use wasm_bindgen::JsCast;
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|error| {
            let name = js_sys::Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|name| name.as_string());
            match name.as_deref() {
                Some("InvalidStateError") => refused("passkey-known"),
                Some("SecurityError") => refused("passkey-unsupported"),
                _ => refused("passkey-cancelled"),
            }
        })?;
    value
        .dyn_into::<web_sys::PublicKeyCredential>()
        .map_err(|_| refused("passkey-cancelled"))
}
