//! The login and logout pages, and the shell of every signed-in area.

use super::api::{
    reset_link, whoami, Login, Logout, RequestPasswordReset, ResetPassword, ResetView, SecondStep,
};
use super::passkeys::{
    api::{finish_passkey_sign_in, start_passkey_sign_in},
    browser as passkey_browser,
};
use crate::ui::{resource, Resource};
use crate::{
    access::{may_open, CurrentUser},
    error::AppError,
    i18n::use_i18n,
    preferences::LanguageSwitch,
    t,
    ui::{
        AppFrame, AuthCard, ErrorAlert, FieldMessage, Forbidden, NavItem, NavLinks,
        NewPasswordFields, Skeleton,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn language_footer() -> impl IntoView {
    view! { <LanguageSwitch/> }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Signal::derive(move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    let password_message = Signal::derive(move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field_message("password").map(str::to_owned))
    });
    view! {
        <AuthCard title="login-title" footer=language_footer>
            <p class="auth-lead">{t!(i18n, "login-lead")}</p>
            {move || query.read().get("reset").map(|_| view! {
                <div class="alert alert-success" role="status">{t!(i18n, "reset-done")}</div>
            })}
            <ErrorAlert error=error/>
            <ActionForm action=login attr:class="form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="email">{t!(i18n, "field-email")}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required autofocus/>
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, "field-password")}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        maxlength="1024"
                        aria-describedby="password-error"
                    />
                    <FieldMessage id="password-error".to_owned() message=password_message/>
                </div>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || login.pending().get()>
                    {t!(i18n, "login-submit")}
                </button>
            </ActionForm>
            <PasskeySignIn/>
            <p class="auth-aside"><a href="/reset-password">{t!(i18n, "login-forgot")}</a></p>
        </AuthCard>
    }
}

/// "Sign in with a passkey": the browser offers the passkeys it holds for
/// this site, the user unlocks one, and the session starts; nothing typed.
/// Needs the WASM client, so the button waits for it.
#[component]
fn PasskeySignIn() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let sign_in = move |_| {
        let next = query.read_untracked().get("next");
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let challenge = start_passkey_sign_in().await?;
                let credential = passkey_browser::get(challenge.options).await?;
                finish_passkey_sign_in(challenge.ceremony, credential, next).await
            }
            .await;
            match outcome {
                // A full load: the signed-in area starts from its shell.
                Ok(landing) => {
                    let _ = window().location().set_href(&landing);
                }
                Err(refusal) => {
                    error.set(Some(refusal));
                    pending.set(false);
                }
            }
        });
    };
    let general =
        Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))));
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message("passkey").map(str::to_owned))
    });
    view! {
        <div class="passkey-sign-in">
            <p class="auth-or"><span>{t!(i18n, "login-or")}</span></p>
            <ErrorAlert error=general/>
            <button
                type="button"
                id="passkey-sign-in"
                class="btn btn-block"
                aria-describedby="passkey-sign-in-error"
                disabled=move || !ready.get() || pending.get()
                on:click=sign_in
            >
                {t!(i18n, "login-passkey")}
            </button>
            <FieldMessage id="passkey-sign-in-error".to_owned() message/>
        </div>
    }
}

/// `/logout`: asks to confirm when logged in, confirms when done.
#[component]
pub fn LogoutPage() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let session = resource(move || logout.version().get(), |_| whoami());
    view! {
        <AuthCard title="logout-title" footer=language_footer>
            <Transition fallback=Skeleton>
                {move || {
                    session.get().map(|result| match result {
                        Ok(user) => view! {
                            <p class="auth-lead">{i18n.tr_with("logout-confirm", &[("name", user.name)])}</p>
                            <ActionForm action=logout attr:class="form">
                                <button type="submit" class="btn btn-primary btn-block">
                                    {t!(i18n, "logout-submit")}
                                </button>
                            </ActionForm>
                        }
                        .into_any(),
                        Err(_) => view! {
                            <div class="alert alert-success" role="status">{t!(i18n, "logout-done")}</div>
                            <a class="btn btn-primary btn-block" href="/login">{t!(i18n, "login-again")}</a>
                        }
                        .into_any(),
                    })
                }}
            </Transition>
        </AuthCard>
    }
}

/// The logged-in user, for the pages inside a shell.
pub type UserResource = Resource<Result<CurrentUser, AppError>>;

/// The frame of an area (`/my`, `/admin`), with the navigation entries the
/// user may open (`access::PAGE_RULES`, the rules the server enforces: the
/// server already refused the page itself to anyone else). Only the parts
/// that name the user wait for them; the page renders at once.
#[component]
pub fn SignedInShell(
    /// The translation id of the area's name; none for the portal.
    area_label: Option<&'static str>,
    home: &'static str,
    nav: &'static [NavItem],
) -> impl IntoView {
    let i18n = use_i18n();
    // The server refused this page to this user (403) while routing the
    // request; the page says so instead of showing the area's frame. Decided
    // once on the server and handed to the client, so both render alike.
    let location = leptos_router::hooks::use_location();
    let forbidden = leptos::server::SharedValue::new(move || {
        #[cfg(feature = "ssr")]
        {
            let path = location.pathname.get_untracked();
            crate::context::current_user().is_some_and(|user| !may_open(&path, &user))
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = location;
            false
        }
    })
    .into_inner();
    if forbidden {
        return view! { <Forbidden/> }.into_any();
    }
    let user: UserResource = resource(|| (), |_| whoami());
    provide_context(user);
    let logout = ServerAction::<Logout>::new();

    let entries = move || {
        user.get().map(|result| {
            result.ok().map(|current| {
                let items = nav
                    .iter()
                    .copied()
                    .filter(|item| may_open(item.href, &current))
                    .collect::<Vec<_>>();
                view! { <NavLinks items home/> }
            })
        })
    };
    let toolbar = move || {
        user.get().map(|result| match result {
            Ok(current) => view! {
                <LanguageSwitch/>
                <span class="user-name">{current.name}</span>
                <ActionForm action=logout attr:class="logout-form">
                    <button type="submit" class="btn btn-quiet">{t!(i18n, "logout-submit")}</button>
                </ActionForm>
            }
            .into_any(),
            Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
        })
    };
    view! {
        <AppFrame
            area_label
            home
            nav=move || view! { <Transition fallback=|| ()>{entries}</Transition> }
            toolbar=move || view! { <Transition fallback=|| ()>{toolbar}</Transition> }
        />
    }
    .into_any()
}

/// Shows `content` for the logged-in user once the shell has loaded them.
#[component]
pub fn WithUser<F, V>(content: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let user = expect_context::<UserResource>();
    view! {
        <Transition fallback=Skeleton>
            {move || user.get().and_then(Result::ok).map(&content)}
        </Transition>
    }
}

/// `/reset-password`: asks for the email; the same answer for every address.
#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || request.value().get().and_then(Result::err));
    let sent =
        move || query.read().get("sent").is_some() || matches!(request.value().get(), Some(Ok(())));
    view! {
        <AuthCard title="reset-title" footer=language_footer>
            {move || if sent() {
                view! {
                    <div class="alert alert-success" role="status">{t!(i18n, "reset-sent")}</div>
                    <a class="btn btn-block" href="/login">{t!(i18n, "reset-back")}</a>
                }.into_any()
            } else {
                view! {
                    <p class="auth-lead">{t!(i18n, "reset-lead")}</p>
                    {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorAlert error=Some(e)/> })}
                    <ActionForm action=request attr:class="form">
                        <div class="field">
                            <label for="reset-email">{t!(i18n, "field-email")}</label>
                            <input id="reset-email" name="email" type="email" autocomplete="username" required aria-describedby="reset-email-error"/>
                            <FieldMessage
                                id="reset-email-error".to_owned()
                                message=Signal::derive(move || error.get().and_then(|e| e.field_message("email").map(str::to_owned)))
                            />
                        </div>
                        <button type="submit" class="btn btn-primary btn-block" disabled=move || request.pending().get()>
                            {t!(i18n, "reset-submit")}
                        </button>
                    </ActionForm>
                    <p class="auth-aside"><a href="/login">{t!(i18n, "reset-back")}</a></p>
                }.into_any()
            }}
        </AuthCard>
    }
}

/// `/reset-password/{token}`: choose a new password, then log in again.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = resource(token, reset_link);
    let reset = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || reset.value().get().and_then(Result::err));
    let link_refused = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message("token").map(str::to_owned))
    });
    view! {
        <AuthCard title="reset-choose-title" footer=language_footer>
            <Transition fallback=Skeleton>
                {move || link.get().map(|result| match result {
                    Ok(ResetView::Open { login }) => view! {
                        <p class="auth-lead">{t!(i18n, "reset-choose-lead")}</p>
                        {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorAlert error=Some(e)/> })}
                        {move || link_refused.get().map(|id| view! { <div class="alert alert-error" role="alert">{i18n.tr(&id)}</div> })}
                        <ActionForm action=reset attr:class="form">
                            <input type="hidden" name="token" value=token/>
                            <NewPasswordFields error login/>
                            <button type="submit" class="btn btn-primary btn-block" disabled=move || reset.pending().get()>
                                {t!(i18n, "reset-choose-submit")}
                            </button>
                        </ActionForm>
                    }
                    .into_any(),
                    Ok(other) => {
                        let message = match other {
                            ResetView::Used => "reset-used",
                            ResetView::Expired => "reset-expired",
                            ResetView::Voided => "reset-voided",
                            _ => "reset-unknown",
                        };
                        view! {
                            <div class="alert alert-error" role="alert">{t!(i18n, message)}</div>
                            <a class="btn btn-primary btn-block" href="/reset-password">{t!(i18n, "reset-again")}</a>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })}
            </Transition>
        </AuthCard>
    }
}

/// `/login/two-factor`: the second step of a login with two-factor on.
#[component]
pub fn SecondStepPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = ServerAction::<SecondStep>::new();
    let error = Signal::derive(move || step.value().get().and_then(Result::err));
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message("code").map(str::to_owned))
    });
    let expired = move || message.get().as_deref() == Some("two-factor-expired");
    view! {
        <AuthCard title="two-factor-login-title" footer=language_footer>
            <p class="auth-lead">{t!(i18n, "two-factor-login-lead")}</p>
            {move || error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| view! { <ErrorAlert error=Some(e)/> })}
            {move || expired().then(|| view! {
                <a class="btn btn-block" href="/login">{t!(i18n, "two-factor-login-again")}</a>
            })}
            <ActionForm action=step attr:class="form">
                <div class="field">
                    <label for="second-step-code">{t!(i18n, "two-factor-code-or-recovery")}</label>
                    <input
                        id="second-step-code"
                        name="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        required
                        autofocus
                        maxlength="20"
                        aria-describedby="second-step-code-error"
                    />
                    <FieldMessage id="second-step-code-error".to_owned() message/>
                </div>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || step.pending().get()>
                    {t!(i18n, "two-factor-login-submit")}
                </button>
            </ActionForm>
            <p class="auth-aside"><a href="/login">{t!(i18n, "reset-back")}</a></p>
        </AuthCard>
    }
}
