//! The security page's passkeys: the list (name, added, last used), adding
//! one (the password, then the browser's prompt), and removing one after
//! the password confirms it.

use super::api::{
    finish_passkey_registration, my_passkeys, start_passkey_registration, PasskeyLine,
    RemovePasskey,
};
use crate::{
    auth::passkeys::browser,
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{resource, ErrorAlert, FieldMessage, Skeleton},
};
use leptos::{html, prelude::*};

#[component]
pub fn PasskeysCard() -> impl IntoView {
    let i18n = use_i18n();
    let remove = ServerAction::<RemovePasskey>::new();
    let added = RwSignal::new(0usize);
    let passkeys = resource(
        move || (remove.version().get(), added.get()),
        |_| my_passkeys(),
    );
    // Adding needs the WASM client (the browser's prompt): the button
    // waits for it.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let adding = RwSignal::new(false);
    let add_error = RwSignal::new(None::<AppError>);
    let name_input = NodeRef::<html::Input>::new();
    let password_input = NodeRef::<html::Input>::new();
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = name_input.get().map(|i| i.value()).unwrap_or_default();
        let password = password_input.get().map(|i| i.value()).unwrap_or_default();
        adding.set(true);
        add_error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let challenge = start_passkey_registration(password).await?;
                let credential = browser::create(challenge.options).await?;
                finish_passkey_registration(challenge.ceremony, name, credential).await
            }
            .await;
            adding.set(false);
            match outcome {
                Ok(()) => {
                    for input in [name_input.get(), password_input.get()]
                        .into_iter()
                        .flatten()
                    {
                        input.set_value("");
                    }
                    added.update(|n| *n += 1);
                }
                Err(error) => add_error.set(Some(error)),
            }
        });
    };
    let add_message = move |field: &'static str| {
        Signal::derive(move || {
            add_error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    let add_general = Signal::derive(move || {
        add_error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    let remove_error = Signal::derive(move || remove.value().get().and_then(Result::err));
    let remove_general = Signal::derive(move || {
        remove_error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    let row = move |passkey: PasskeyLine| {
        let field_id = format!("passkey-remove-password-{}", passkey.id);
        let error_id = format!("{field_id}-error");
        let message = Signal::derive(move || {
            remove_error
                .get()
                .and_then(|e| e.field_message("password").map(str::to_owned))
        });
        let name = passkey.name.clone();
        view! {
            <tr>
                <td class="primary">{passkey.name.clone()}</td>
                <td data-label=t!(i18n, "passkeys-created")>{i18n.moment(passkey.created_at)}</td>
                <td data-label=t!(i18n, "passkeys-last-used")>
                    {match passkey.last_used_at {
                        Some(at) => i18n.moment(at),
                        None => i18n.tr("passkeys-never"),
                    }}
                </td>
                <td class="actions">
                    <details class="disclosure">
                        <summary aria-label=move || i18n.tr_with("passkeys-remove-named", &[("name", name.clone())])>
                            {t!(i18n, "passkeys-remove")}
                        </summary>
                        <ActionForm action=remove attr:class="form">
                            <input type="hidden" name="id" value=passkey.id/>
                            <div class="field">
                                <label for=field_id.clone()>{t!(i18n, "security-current")}</label>
                                <input
                                    id=field_id
                                    name="password"
                                    type="password"
                                    required
                                    maxlength="1024"
                                    autocomplete="current-password"
                                    aria-describedby=error_id.clone()
                                />
                                <FieldMessage id=error_id message/>
                            </div>
                            <div class="form-actions">
                                <button type="submit" class="btn btn-danger" disabled=move || remove.pending().get()>
                                    {t!(i18n, "passkeys-remove-confirm")}
                                </button>
                            </div>
                        </ActionForm>
                    </details>
                </td>
            </tr>
        }
    };
    view! {
        <section class="card" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title" class="card-title">{t!(i18n, "passkeys-title")}</h2>
            <p class="muted">{t!(i18n, "passkeys-lead")}</p>
            <ErrorAlert error=remove_general/>
            <Transition fallback=Skeleton>
                {move || passkeys.get().map(|result| match result {
                    Ok(lines) if lines.is_empty() => view! {
                        <p class="muted" id="passkeys-none">{t!(i18n, "passkeys-none")}</p>
                    }.into_any(),
                    Ok(lines) => view! {
                        <div class="table-wrap">
                            <table class="data cards" id="passkeys-list">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, "passkeys-name")}</th>
                                        <th scope="col">{t!(i18n, "passkeys-created")}</th>
                                        <th scope="col">{t!(i18n, "passkeys-last-used")}</th>
                                        <th scope="col"><span class="visually-hidden">{t!(i18n, "access-actions")}</span></th>
                                    </tr>
                                </thead>
                                <tbody>{lines.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })}
            </Transition>
            <ErrorAlert error=add_general/>
            {move || (added.get() > 0 && add_error.get().is_none()).then(|| view! {
                <div class="alert alert-success" role="status">{t!(i18n, "passkeys-added")}</div>
            })}
            <details class="disclosure">
                <summary>{t!(i18n, "passkeys-add")}</summary>
                // Posted by the client (the browser's prompt comes between
                // the two steps), never as a plain form.
                <form class="form" method="post" on:submit=add>
                    <div class="field">
                        <label for="passkey-name">{t!(i18n, "passkeys-name")}</label>
                        <input id="passkey-name" name="name" type="text" maxlength="60" autocomplete="off" aria-describedby="passkey-name-hint" node_ref=name_input/>
                        <p id="passkey-name-hint" class="hint">{t!(i18n, "passkeys-name-hint")}</p>
                    </div>
                    <div class="field">
                        <label for="passkey-password">{t!(i18n, "security-current")}</label>
                        <input id="passkey-password" name="password" type="password" required maxlength="1024" autocomplete="current-password" aria-describedby="passkey-password-error" node_ref=password_input/>
                        <FieldMessage id="passkey-password-error".to_owned() message=add_message("password")/>
                    </div>
                    <FieldMessage id="passkey-add-error".to_owned() message=add_message("passkey")/>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || !ready.get() || adding.get()>
                            {move || if adding.get() { i18n.tr("passkeys-adding") } else { i18n.tr("passkeys-create") }}
                        </button>
                    </div>
                </form>
            </details>
        </section>
    }
}
