//! `/my/security` and `/admin/security`: one component for both areas.

use super::api::{
    my_security, my_two_factor, ChangePassword, ConfirmTwoFactor, DisableTwoFactor,
    EndOtherSessions, EndSession, SessionLine, StartTwoFactor,
};
use super::passkeys_card::PasskeysCard;
use crate::ui::resource;
use crate::{
    auth::pages::UserResource,
    error::AppError,
    i18n::use_i18n,
    preferences::PreferencesCard,
    t,
    ui::{ErrorAlert, FieldMessage, PageTitle, PasswordStrength, Skeleton},
};
use leptos::prelude::*;

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let overview = resource(
        move || (end_one.version().get(), end_others.version().get()),
        |_| my_security(),
    );
    let error = Signal::derive(move || {
        end_one
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| end_others.value().get().and_then(Result::err))
    });
    let session_row = move |session: SessionLine| {
        let device = [session.browser.clone(), session.system.clone()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let device = if device.is_empty() {
            i18n.tr("security-unknown-device")
        } else {
            device
        };
        view! {
            <tr>
                <td class="primary">
                    {device}
                    {session.current.then(|| view! { <span class="badge badge-ok">{t!(i18n, "security-this-device")}</span> })}
                </td>
                <td data-label=t!(i18n, "audit-address")>{session.address}</td>
                <td data-label=t!(i18n, "security-started")>{i18n.moment(session.started_at)}</td>
                <td data-label=t!(i18n, "security-last-seen")>{i18n.moment(session.last_seen_at)}</td>
                <td class="actions">
                    {(!session.current).then(|| view! {
                        <ActionForm action=end_one attr:class="inline-form">
                            <input type="hidden" name="id" value=session.id/>
                            <button type="submit" class="btn" disabled=move || end_one.pending().get()>{t!(i18n, "security-end-session")}</button>
                        </ActionForm>
                    })}
                </td>
            </tr>
        }
    };
    let user = use_context::<UserResource>();
    let must_set_up = move || {
        user.and_then(|user| user.get())
            .and_then(Result::ok)
            .is_some_and(|user| user.must_set_up_two_factor)
    };
    view! {
        <PageTitle id="security-title"/>
        <h1 class="page-title">{t!(i18n, "security-title")}</h1>
        // Said first: until two-factor is on, this page is all they can open.
        <Transition fallback=|| ()>
            {move || must_set_up().then(|| view! {
                <div class="alert alert-info" role="alert">
                    <p>{t!(i18n, "two-factor-must-set-up")}</p>
                    <p><a href="#two-factor-title">{t!(i18n, "two-factor-set-up-now")}</a></p>
                </div>
            })}
        </Transition>
        <PasswordCard/>
        <TwoFactorCard/>
        <PasskeysCard/>
        <PreferencesCard/>
        <ErrorAlert error/>
        <Transition fallback=Skeleton>
            {move || overview.get().map(|result| match result {
                Ok(overview) => {
                    let others = overview.sessions.iter().filter(|s| !s.current).count();
                    let sessions = overview.sessions.into_iter().map(session_row).collect_view();
                    let history = overview.history.into_iter().map(|line| {
                        let (label, class) = if line.kind == "login_succeeded" {
                            ("security-signed-in", "badge badge-ok")
                        } else {
                            ("security-failed", "badge badge-danger")
                        };
                        view! {
                            <tr>
                                <td class="primary"><span class=class>{t!(i18n, label)}</span></td>
                                <td data-label=t!(i18n, "audit-when")>{i18n.moment(line.at)}</td>
                                <td data-label=t!(i18n, "audit-address")>{line.address}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <section class="card" aria-labelledby="sessions-title">
                            <div class="card-head">
                                <h2 id="sessions-title" class="card-title">{t!(i18n, "security-sessions")}</h2>
                                {(others > 0).then(|| view! {
                                    <ActionForm action=end_others attr:class="inline-form">
                                        <button type="submit" class="btn btn-danger" disabled=move || end_others.pending().get()>
                                            {t!(i18n, "security-end-others")}
                                        </button>
                                    </ActionForm>
                                })}
                            </div>
                            <div class="table-wrap">
                                <table class="data cards">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, "security-device")}</th>
                                            <th scope="col">{t!(i18n, "audit-address")}</th>
                                            <th scope="col">{t!(i18n, "security-started")}</th>
                                            <th scope="col">{t!(i18n, "security-last-seen")}</th>
                                            <th scope="col"><span class="visually-hidden">{t!(i18n, "access-actions")}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>{sessions}</tbody>
                                </table>
                            </div>
                        </section>
                        <section class="card" aria-labelledby="history-title">
                            <h2 id="history-title" class="card-title">{t!(i18n, "security-history")}</h2>
                            <div class="table-wrap">
                                <table class="data cards">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, "audit-event")}</th>
                                            <th scope="col">{t!(i18n, "audit-when")}</th>
                                            <th scope="col">{t!(i18n, "audit-address")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{history}</tbody>
                                </table>
                            </div>
                        </section>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

/// Current password, new password, new password again.
#[component]
fn PasswordCard() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let failure = move |field: &'static str| {
        Signal::derive(move || {
            change
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    let other = Signal::derive(move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    let field = move |id: &'static str,
                      name: &'static str,
                      label: &'static str,
                      autocomplete: &'static str| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id>{t!(i18n, label)}</label>
                <input
                    id=id
                    name=name
                    type="password"
                    required
                    maxlength="1024"
                    autocomplete=autocomplete
                    aria-describedby=error_id.clone()
                />
                <FieldMessage id=error_id message=failure(name)/>
            </div>
        }
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title" class="card-title">{t!(i18n, "security-password")}</h2>
            <ErrorAlert error=other/>
            {move || matches!(change.value().get(), Some(Ok(()))).then(|| view! {
                <div class="alert alert-success" role="status">{t!(i18n, "security-password-changed")}</div>
            })}
            <ActionForm action=change attr:class="form">
                {field("password-current", "current", "security-current", "current-password")}
                {field("password-new", "new", "security-new", "new-password")}
                <p class="hint">{t!(i18n, "password-hint")}</p>
                <PasswordStrength input_id="password-new"/>
                {field("password-again", "again", "security-again", "new-password")}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || change.pending().get()>
                        {t!(i18n, "security-password-submit")}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// A password field of the two-factor forms, with its refusal.
#[component]
fn SecretField(
    error: Signal<Option<AppError>>,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] code: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message(name).map(str::to_owned))
    });
    view! {
        <div class="field">
            <label for=id>{t!(i18n, label)}</label>
            <input
                id=id
                name=name
                type=if code { "text" } else { "password" }
                inputmode=code.then_some("numeric")
                required
                maxlength=if code { "20" } else { "1024" }
                autocomplete=autocomplete
                aria-describedby=error_id.clone()
            />
            <FieldMessage id=error_id message/>
        </div>
    }
}

/// Two-factor authentication: on (recovery codes left, turn off), or off
/// (password → QR code and key → a code from the app → recovery codes).
#[component]
fn TwoFactorCard() -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let status = resource(
        move || (confirm.version().get(), disable.version().get()),
        |_| my_two_factor(),
    );
    let error_of = |value: Signal<Option<AppError>>| value;
    let start_error = error_of(Signal::derive(move || {
        start.value().get().and_then(Result::err)
    }));
    let confirm_error = error_of(Signal::derive(move || {
        confirm.value().get().and_then(Result::err)
    }));
    let disable_error = error_of(Signal::derive(move || {
        disable.value().get().and_then(Result::err)
    }));
    let general = move |error: Signal<Option<AppError>>| {
        Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))))
    };
    view! {
        <section class="card" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title" class="card-title">{t!(i18n, "two-factor-title")}</h2>
            <Transition fallback=Skeleton>
                {move || status.get().map(|result| match result {
                    Ok(state) if state.enabled => view! {
                        {move || confirm.value().get().and_then(Result::ok).map(|codes| view! { <RecoveryCodes codes/> })}
                        <p><span class="badge badge-ok">{t!(i18n, "two-factor-on")}</span></p>
                        <p class="muted">{move || i18n.tr_with("two-factor-recovery-left", &[("count", state.recovery_left.to_string())])}</p>
                        {if state.required {
                            view! { <p class="muted">{t!(i18n, "two-factor-required-stays")}</p> }.into_any()
                        } else {
                            view! {
                        <ErrorAlert error=general(disable_error)/>
                        <details class="disclosure">
                            <summary>{t!(i18n, "two-factor-disable")}</summary>
                            <ActionForm action=disable attr:class="form">
                                <SecretField error=disable_error id="two-factor-off-password" name="password" label="security-current" autocomplete="current-password"/>
                                <SecretField error=disable_error id="two-factor-off-code" name="code" label="two-factor-code-or-recovery" autocomplete="one-time-code" code=true/>
                                <div class="form-actions">
                                    <button type="submit" class="btn btn-danger" disabled=move || disable.pending().get()>{t!(i18n, "two-factor-disable")}</button>
                                </div>
                            </ActionForm>
                        </details>
                            }.into_any()
                        }}
                    }.into_any(),
                    Ok(_) => view! {
                        {move || match start.value().get() {
                            Some(Ok(setup)) => {
                                let key = setup.secret.clone();
                                view! {
                                    <ol class="steps">
                                        <li>{t!(i18n, "two-factor-scan")}</li>
                                    </ol>
                                    <div class="qr" role="img" aria-label=t!(i18n, "two-factor-qr-label") inner_html=setup.qr_svg.clone()></div>
                                    <p class="muted">{t!(i18n, "two-factor-key-instead")}</p>
                                    <p><code class="secret">{key}</code></p>
                                    <p class="muted small">{move || i18n.tr_with("two-factor-app-shows", &[("issuer", setup.issuer.clone()), ("account", setup.account.clone())])}</p>
                                    <ErrorAlert error=general(confirm_error)/>
                                    <ActionForm action=confirm attr:class="form">
                                        <SecretField error=confirm_error id="two-factor-first-code" name="code" label="two-factor-code" autocomplete="one-time-code" code=true/>
                                        <div class="form-actions">
                                            <button type="submit" class="btn btn-primary" disabled=move || confirm.pending().get()>{t!(i18n, "two-factor-confirm")}</button>
                                        </div>
                                    </ActionForm>
                                }.into_any()
                            }
                            _ => view! {
                                <p class="muted">{t!(i18n, "two-factor-off-lead")}</p>
                                <ErrorAlert error=general(start_error)/>
                                <ActionForm action=start attr:class="form">
                                    <SecretField error=start_error id="two-factor-password" name="password" label="security-current" autocomplete="current-password"/>
                                    <div class="form-actions">
                                        <button type="submit" class="btn btn-primary" disabled=move || start.pending().get()>{t!(i18n, "two-factor-enable")}</button>
                                    </div>
                                </ActionForm>
                            }.into_any(),
                        }}
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The ten recovery codes, shown once, with a text file to keep them.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let home = use_context::<UserResource>()
        .and_then(|user| user.get_untracked())
        .and_then(Result::ok)
        .map(|user| user.role.home_path());
    let file = format!("data:text/plain;charset=utf-8,{}", codes.join("%0A"));
    view! {
        <div class="alert alert-success" role="status">
            <p>{t!(i18n, "two-factor-enabled-now")}</p>
            <p>{t!(i18n, "two-factor-recovery-once")}</p>
            <ul class="recovery-codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
            <div class="form-actions">
                <a class="btn" href=file download="portico-recovery-codes.txt" rel="external">{t!(i18n, "two-factor-download")}</a>
                // A full load: the navigation was drawn while only this page was open.
                {home.map(|home| view! { <a class="btn btn-primary" href=home rel="external">{t!(i18n, "two-factor-continue")}</a> })}
            </div>
        </div>
    }
}
