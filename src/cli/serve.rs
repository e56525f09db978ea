//! `portico serve [--demo]`.

use crate::{
    config::{ProviderChoice, Settings},
    demo,
    startup::Application,
};
use leptos::config::get_configuration;

/// Serves until stopped; with `with_demo`, first loads the demo data into
/// an empty database, prints the demo logins, and pays through the demo
/// provider unless `PORTICO_PAYMENT_PROVIDER` names one (a demonstration
/// of Stripe in test mode keeps Stripe).
pub async fn serve(with_demo: bool) -> Result<(), String> {
    let mut settings = Settings::from_env().map_err(|e| e.to_string())?;
    if with_demo && settings.payment_provider.is_none() {
        settings.payment_provider = Some(ProviderChoice::Demo);
    }
    let leptos = get_configuration(Some("Leptos.toml"))
        .map_err(|e| format!("configuration error: Leptos.toml: {e}"))?
        .leptos_options;
    let app = Application::build(settings, leptos)
        .await
        .map_err(|e| e.to_string())?;
    if with_demo {
        let loaded = demo::load_if_empty(&app.state.pool, &app.state.settings)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "{} Demo logins:\n{}",
            if loaded {
                "Demo data loaded."
            } else {
                "Demo data already present."
            },
            demo::describe_logins()
        );
    }
    println!("Portico is listening on http://{}", app.local_addr());
    // The address users open, which passkeys are bound to (a loopback
    // listener is `localhost`, see config.rs).
    println!("Open {} in a browser.", app.state.settings.public_url);
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
