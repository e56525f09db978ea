//! The grant dialog (opened by `?access=3,5,8` on a contact page or the
//! contact list) and the invitation page.

use super::api::{
    access_rows, invitation, AcceptInvitation, AccessRow, AccessState, GrantAccess, InvitationView,
    Reinvite, RevokeAccess,
};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::{format_datetime_for_reader, use_i18n, I18n},
    preferences::LanguageSwitch,
    t,
    ui::{AuthCard, ErrorAlert, FieldMessage, NewPasswordFields, Skeleton},
};
use leptos::{html, prelude::*};
use leptos_router::{
    hooks::{use_location, use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};

/// In the reader's time zone: the dialog is drawn by the browser only.
fn when(at: i64, i18n: I18n) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|at| format_datetime_for_reader(at, i18n.locale()))
        .unwrap_or_default()
}

/// The grant dialog: one row per contact named in the `access` query
/// parameter. A native modal `<dialog>`: focus stays inside it, Escape
/// closes it, and closing it removes the parameter.
#[component]
pub fn AccessDialog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let ids = move || query.read().get("access").unwrap_or_default();
    let rows = resource(ids, |ids| async move {
        if ids.is_empty() {
            Ok(Vec::new())
        } else {
            access_rows(ids).await
        }
    });
    let dialog = NodeRef::<html::Dialog>::new();
    // Drawn by the browser only, once the page is live: a modal needs the
    // WASM anyway, and the page hydrates without it.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    });
    let close = move || {
        let mut rest = query.get_untracked();
        rest.remove("access");
        navigate(
            &format!(
                "{}{}",
                location.pathname.get_untracked(),
                rest.to_query_string()
            ),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let close_on_event = close.clone();
    move || {
        (live.get() && !ids().is_empty()).then(|| {
            let close = close.clone();
            let close_on_event = close_on_event.clone();
            view! {
                <dialog
                    node_ref=dialog
                    class="dialog dialog-wide"
                    aria-labelledby="access-title"
                    on:close=move |_| close_on_event()
                >
                    <div class="dialog-head">
                        <h2 id="access-title">{t!(i18n, "access-title")}</h2>
                        <button type="button" class="btn btn-quiet" on:click=move |_| close()>
                            {t!(i18n, "dialog-close")}
                        </button>
                    </div>
                    <p class="muted">{t!(i18n, "access-lead")}</p>
                    <Transition fallback=Skeleton>
                        {move || {
                            rows.get().map(|result| match result {
                                Ok(rows) if rows.is_empty() => view! { <p class="empty">{t!(i18n, "access-none")}</p> }.into_any(),
                                Ok(rows) => view! {
                                    <div class="table-wrap">
                                    <table class="data access-list">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, "access-contact")}</th>
                                                <th scope="col">{t!(i18n, "field-email")}</th>
                                                <th scope="col">{t!(i18n, "access-latest-login")}</th>
                                                <th scope="col">{t!(i18n, "access-invitation")}</th>
                                                <th scope="col"><span class="visually-hidden">{t!(i18n, "access-actions")}</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows.into_iter().map(|row| view! { <AccessRowView row/> }).collect_view()}
                                        </tbody>
                                    </table>
                                    </div>
                                }
                                .into_any(),
                                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                            })
                        }}
                    </Transition>
                </dialog>
            }
        })
    }
}

/// One contact: its own forms, its own message, its own state.
#[component]
fn AccessRowView(row: AccessRow) -> impl IntoView {
    let i18n = use_i18n();
    let contact_id = row.contact_id;
    let current = RwSignal::new(row);
    let grant = ServerAction::<GrantAccess>::new();
    let revoke = ServerAction::<RevokeAccess>::new();
    let reinvite = ServerAction::<Reinvite>::new();
    let error = RwSignal::new(None::<AppError>);
    for value in [grant.value(), revoke.value(), reinvite.value()] {
        Effect::new(move |_| match value.get() {
            Some(Ok(row)) => {
                current.set(row);
                error.set(None);
            }
            Some(Err(e)) => error.set(Some(e)),
            None => {}
        });
    }
    let pending =
        move || grant.pending().get() || revoke.pending().get() || reinvite.pending().get();
    let message = Signal::derive(move || {
        error.get().map(|e| {
            e.field_message("email")
                .or_else(|| e.field_message("access"))
                .unwrap_or(e.message_id())
                .to_owned()
        })
    });
    let error_id = format!("access-{contact_id}-error");
    let email_id = format!("access-{contact_id}-email");
    view! {
        <tr>
            <th scope="row" data-label=t!(i18n, "access-contact")>{move || current.read().contact_name.clone()}</th>
            <td data-label=t!(i18n, "field-email")>
                {
                    let error_id = error_id.clone();
                    let email_id = email_id.clone();
                    move || {
                        let row = current.get();
                        let email_id = email_id.clone();
                        let error_id = error_id.clone();
                        if row.may_grant() {
                            view! {
                                <ActionForm action=grant attr:class="row-form">
                                    <input type="hidden" name="contact_id" value=contact_id/>
                                    <label class="visually-hidden" for=email_id.clone()>
                                        {i18n.tr_with("access-email-for", &[("name", row.contact_name.clone())])}
                                    </label>
                                    <input
                                        id=email_id
                                        name="email"
                                        type="email"
                                        required
                                        autocomplete="off"
                                        value=row.email.clone()
                                        aria-invalid=move || message.get().map(|_| "true")
                                        aria-describedby=error_id
                                    />
                                    <button type="submit" class="btn btn-primary" disabled=pending>
                                        {t!(i18n, "access-grant")}
                                    </button>
                                </ActionForm>
                            }
                            .into_any()
                        } else {
                            view! { <span class="email">{row.email.clone()}</span> }.into_any()
                        }
                    }
                }
                <FieldMessage id=error_id.clone() message=message/>
            </td>
            <td data-label=t!(i18n, "access-latest-login")>
                {move || match current.read().last_login_at {
                    Some(at) => when(at, i18n),
                    None => i18n.tr("access-never"),
                }}
            </td>
            <td data-label=t!(i18n, "access-invitation")>
                {move || {
                    let row = current.get();
                    let (label, class) = match row.access {
                        AccessState::Internal => ("access-internal", "badge"),
                        AccessState::Revoked => ("access-revoked", "badge badge-muted"),
                        AccessState::None => ("access-no-access", "badge badge-muted"),
                        AccessState::Active | AccessState::Invited => match row.invitation {
                            Some((status, _)) => (status.label(), "badge"),
                            None => ("access-active", "badge badge-ok"),
                        },
                    };
                    let date = row
                        .invitation
                        .filter(|_| matches!(row.access, AccessState::Active | AccessState::Invited))
                        .map(|(_, at)| when(at, i18n));
                    view! {
                        <span class=class>{t!(i18n, label)}</span>
                        {date.map(|d| view! { <span class="muted small">" "{d}</span> })}
                    }
                }}
            </td>
            <td class="actions">
                {move || {
                    let row = current.get();
                    view! {
                        {row.may_reinvite().then(|| view! {
                            <ActionForm action=reinvite attr:class="inline-form">
                                <input type="hidden" name="contact_id" value=contact_id/>
                                <button type="submit" class="btn" disabled=pending>{t!(i18n, "access-reinvite")}</button>
                            </ActionForm>
                        })}
                        {row.may_revoke().then(|| {
                            let name = row.contact_name.clone();
                            view! {
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="contact_id" value=contact_id/>
                                    <button
                                        type="submit"
                                        class="btn btn-danger"
                                        disabled=pending
                                        on:click=move |ev| {
                                            let question = i18n.tr_with("access-revoke-confirm", &[("name", name.clone())]);
                                            if !window().confirm_with_message(&question).unwrap_or(false) {
                                                ev.prevent_default();
                                            }
                                        }
                                    >
                                        {t!(i18n, "access-revoke")}
                                    </button>
                                </ActionForm>
                            }
                        })}
                    }
                }}
            </td>
        </tr>
    }
}

/// `/invite/{token}`: choose a password (and, for an account that kept
/// two-factor on, give a code as the login's second step asks), or learn
/// why the link no longer works.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = resource(token, invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let accept_error = Signal::derive(move || accept.value().get().and_then(Result::err));
    let link_refused = Signal::derive(move || {
        accept_error
            .get()
            .and_then(|e| e.field_message("token").map(str::to_owned))
    });
    let other_error = Signal::derive(move || {
        accept
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    view! {
        <AuthCard title="invite-title" footer=|| view! { <LanguageSwitch/> }>
            <Transition fallback=Skeleton>
                {move || {
                    link.get().map(|result| match result {
                        Ok(InvitationView::Open { name, login, two_factor }) => view! {
                            <p class="auth-lead">{i18n.tr_with("invite-lead", &[("name", name)])}</p>
                            <ErrorAlert error=other_error/>
                            {move || link_refused.get().map(|id| view! { <div class="alert alert-error" role="alert">{i18n.tr(&id)}</div> })}
                            <ActionForm action=accept attr:class="form">
                                <input type="hidden" name="token" value=token/>
                                <NewPasswordFields error=accept_error login/>
                                {two_factor.then(|| view! { <InvitationCode error=accept_error/> })}
                                <button type="submit" class="btn btn-primary btn-block" disabled=move || accept.pending().get()>
                                    {t!(i18n, "invite-submit")}
                                </button>
                            </ActionForm>
                        }
                        .into_any(),
                        Ok(other) => {
                            let message = match other {
                                InvitationView::Used => "invite-used",
                                InvitationView::Expired => "invite-expired",
                                InvitationView::Voided => "invite-voided",
                                _ => "invite-unknown",
                            };
                            view! {
                                <div class="alert alert-error" role="alert">{t!(i18n, message)}</div>
                                <a class="btn btn-primary btn-block" href="/login">{t!(i18n, "login-title")}</a>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                    })
                }}
            </Transition>
        </AuthCard>
    }
}

/// The code an invitation asks for when its account kept two-factor on:
/// the same field as the login's second step.
#[component]
fn InvitationCode(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message("code").map(str::to_owned))
    });
    view! {
        <div class="field">
            <label for="invite-code">{t!(i18n, "two-factor-code-or-recovery")}</label>
            <input
                id="invite-code"
                name="code"
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                required
                maxlength="20"
                aria-describedby="invite-code-hint invite-code-error"
            />
            <p id="invite-code-hint" class="hint">{t!(i18n, "invite-two-factor-hint")}</p>
            <FieldMessage id="invite-code-error".to_owned() message/>
        </div>
    }
}
