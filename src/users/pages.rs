//! `/admin/users` and `/admin/users/{id}` (administrators).

use super::api::{
    get_user, list_users, ChangeLogin, Condition, FilterField, InviteInternalUser, UserQuery,
    UserSummary,
};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{
        address_id, required_id, ErrorAlert, FieldMessage, PageTitle, Pager, RecordError, Skeleton,
    },
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
};

fn address(query: &ParamsMap) -> String {
    format!("/admin/users{}", query.to_query_string())
}

/// The conditions in the address: `c=field.op.value`, and the one the
/// builder sends without JavaScript (`field`, `op`, `value`).
fn conditions_in(query: &ParamsMap) -> Vec<String> {
    let mut all = query.get_all("c").unwrap_or_default();
    if let (Some(field), Some(op), Some(value)) =
        (query.get("field"), query.get("op"), query.get("value"))
    {
        if !value.trim().is_empty() {
            all.push(format!("{field}.{op}.{}", value.trim()));
        }
    }
    all
}

fn field_label(field: FilterField) -> &'static str {
    match field {
        FilterField::Groups => "users-field-groups",
        FilterField::Login => "users-field-login",
        FilterField::Active => "users-field-active",
        FilterField::LatestLogin => "users-field-latest-login",
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let request = move || {
        let q = query.read();
        UserQuery {
            preset: q.get("preset").unwrap_or_default(),
            conditions: conditions_in(&q),
            after: q.get("after").and_then(|a| a.parse().ok()),
        }
    };
    let page = resource(request, list_users);
    let presets = move || {
        let current = query.read().get("preset").unwrap_or_default();
        [("", "users-all"), ("portal", "users-portal"), ("internal", "users-internal")]
            .into_iter()
            .map(|(preset, label)| {
                let mut next = query.get();
                next.remove("preset");
                next.remove("after");
                if !preset.is_empty() {
                    next.insert("preset", preset.to_owned());
                }
                view! { <li><a class="chip" href=address(&next) aria-current=(current == preset).then_some("page")>{t!(i18n, label)}</a></li> }
            })
            .collect_view()
    };
    let chips = move || {
        let q = query.get();
        conditions_in(&q)
            .into_iter()
            .filter_map(|text| Condition::parse(&text).map(|c| (text, c)))
            .map(|(text, condition)| {
                let mut rest = q.clone();
                let kept: Vec<String> = conditions_in(&q).into_iter().filter(|t| *t != text).collect();
                for key in ["c", "field", "op", "value", "after"] {
                    rest.remove(key);
                }
                for c in kept {
                    rest.insert("c", c);
                }
                let label = format!(
                    "{} › {} › {}",
                    i18n.tr(field_label(condition.field)),
                    i18n.tr(&format!("users-op-{}", condition.operator)),
                    condition.value
                );
                let remove = i18n.tr_with("users-remove-condition", &[("condition", label.clone())]);
                view! {
                    <li class="chip">{label}<a class="chip-remove" href=address(&rest) aria-label=remove>"✕"</a></li>
                }
            })
            .collect_view()
    };
    let field = RwSignal::new(FilterField::Groups.key().to_owned());
    let op = RwSignal::new("contains".to_owned());
    let value = RwSignal::new(String::new());
    let add_condition = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = format!(
            "{}.{}.{}",
            field.get_untracked(),
            op.get_untracked(),
            value.get_untracked().trim()
        );
        let mut next = query.get_untracked();
        next.remove("after");
        next.insert("c", text);
        value.set(String::new());
        navigate(&address(&next), Default::default());
    };
    view! {
        <PageTitle id="users-title"/>
        <h1 class="page-title">{t!(i18n, "users-title")}</h1>
        <ul class="chips" aria-label=t!(i18n, "users-filters")>{presets}</ul>
        <form class="card form filter-form" method="get" action="/admin/users" on:submit=add_condition>
            <h2 class="card-title">{t!(i18n, "users-custom-filter")}</h2>
            {move || query.read().get_all("c").unwrap_or_default().into_iter().map(|c| view! { <input type="hidden" name="c" value=c/> }).collect_view()}
            {move || query.read().get("preset").map(|p| view! { <input type="hidden" name="preset" value=p/> })}
            <div class="field">
                <label for="filter-field">{t!(i18n, "users-field")}</label>
                <select id="filter-field" name="field" on:change=move |ev| field.set(event_target_value(&ev))>
                    {FilterField::ALL.into_iter().map(|f| view! { <option value=f.key()>{t!(i18n, field_label(f))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-op">{t!(i18n, "users-operator")}</label>
                <select id="filter-op" name="op" on:change=move |ev| op.set(event_target_value(&ev))>
                    {["contains", "is", "before", "after"].into_iter().map(|op| view! { <option value=op>{move || i18n.tr(&format!("users-op-{op}"))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-value">{t!(i18n, "users-value")}</label>
                <input
                    id="filter-value"
                    name="value"
                    type="text"
                    autocomplete="off"
                    required
                    placeholder=t!(i18n, "users-value-hint")
                    value=value.get_untracked()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">{t!(i18n, "users-add-condition")}</button>
            </div>
        </form>
        <ul class="chips" aria-label=t!(i18n, "users-conditions")>{chips}</ul>
        <InviteInternal/>
        <Transition fallback=Skeleton>
            {move || page.get().map(|result| match result {
                Ok(page) if page.users.is_empty() => view! { <p class="empty">{t!(i18n, "users-none")}</p> }.into_any(),
                Ok(page) => {
                    let next = page.next.map(|id| {
                        let mut q = query.get();
                        q.remove("after");
                        q.insert("after", id.to_string());
                        address(&q)
                    });
                    view! {
                        <div class="table-wrap">
                            <table class="data cards">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, "field-login")}</th>
                                        <th scope="col">{t!(i18n, "field-name")}</th>
                                        <th scope="col">{t!(i18n, "field-role")}</th>
                                        <th scope="col">{t!(i18n, "access-latest-login")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.users.into_iter().map(|user| view! {
                                        <tr>
                                            <td class="primary">
                                                <a href=format!("/admin/users/{}", user.id)>{user.login.clone()}</a>
                                                {user.revoked.then(|| view! { <span class="badge badge-muted">{t!(i18n, "access-revoked")}</span> })}
                                            </td>
                                            <td data-label=t!(i18n, "field-name")>{user.name.clone()}</td>
                                            <td data-label=t!(i18n, "field-role")>{t!(i18n, user.role.label())}</td>
                                            <td data-label=t!(i18n, "access-latest-login")>
                                                {user.last_login_at.map(|at| i18n.moment(at)).unwrap_or_else(|| i18n.tr("access-never"))}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager previous=None next/>
                    }
                    .into_any()
                }
                Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
            })}
        </Transition>
    }
}

/// A staff user or administrator, invited to choose its own password.
#[component]
fn InviteInternal() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteInternalUser>::new();
    let failure = move |field: &'static str| {
        Signal::derive(move || {
            invite
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    let other = Signal::derive(move || {
        invite
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    view! {
        <details class="card disclosure">
            <summary class="card-title">{t!(i18n, "users-invite-title")}</summary>
            <p class="muted">{t!(i18n, "users-invite-lead")}</p>
            <ErrorAlert error=other/>
            <ActionForm action=invite attr:class="form form-grid">
                <div class="field">
                    <label for="invite-name">{t!(i18n, "field-name")}</label>
                    <input id="invite-name" name="name" type="text" required autocomplete="off" aria-describedby="invite-name-error"/>
                    <FieldMessage id="invite-name-error".to_owned() message=failure("name")/>
                </div>
                <div class="field">
                    <label for="invite-email">{t!(i18n, "field-email")}</label>
                    <input id="invite-email" name="email" type="email" required autocomplete="off" aria-describedby="invite-email-error"/>
                    <FieldMessage id="invite-email-error".to_owned() message=failure("email")/>
                </div>
                <div class="field">
                    <label for="invite-role">{t!(i18n, "field-role")}</label>
                    <select id="invite-role" name="role">
                        <option value="staff">{t!(i18n, "role-staff")}</option>
                        <option value="administrator">{t!(i18n, "role-admin")}</option>
                    </select>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || invite.pending().get()>{t!(i18n, "users-invite-submit")}</button>
                </div>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = address_id();
    let user = resource(
        move || id.get(),
        |id| async move { get_user(required_id(id)?).await },
    );
    view! {
        <PageTitle id="user-title"/>
        <p class="breadcrumb"><a href="/admin/users">{t!(i18n, "users-title")}</a></p>
        <Transition fallback=Skeleton>
            {move || user.get().map(|result| match result {
                Ok(user) => view! { <UserCard user/> }.into_any(),
                Err(error) => view! { <RecordError error/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn UserCard(user: UserSummary) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(user);
    let change = ServerAction::<ChangeLogin>::new();
    Effect::new(move |_| {
        if let Some(Ok(user)) = change.value().get() {
            current.set(user);
        }
    });
    let message = Signal::derive(move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e: AppError| e.field_message("login").map(str::to_owned))
    });
    let other = Signal::derive(move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
    });
    let done = move || matches!(change.value().get(), Some(Ok(_)));
    view! {
        {move || {
            let user = current.get();
            view! {
                <h1 class="page-title">{user.login.clone()}</h1>
                <section class="card">
                    <dl class="facts">
                        <div><dt>{t!(i18n, "field-name")}</dt><dd><a href=format!("/admin/contacts/{}", user.contact_id)>{user.name.clone()}</a></dd></div>
                        <div><dt>{t!(i18n, "field-role")}</dt><dd>{t!(i18n, user.role.label())}</dd></div>
                        <div><dt>{t!(i18n, "users-field-active")}</dt><dd>{if user.revoked { i18n.tr("access-revoked") } else { i18n.tr("access-active") }}</dd></div>
                        <div><dt>{t!(i18n, "access-latest-login")}</dt><dd>{user.last_login_at.map(|at| i18n.moment(at)).unwrap_or_else(|| i18n.tr("access-never"))}</dd></div>
                    </dl>
                </section>
            }
        }}
        <section class="card" aria-labelledby="login-title">
            <h2 id="login-title" class="card-title">{t!(i18n, "users-change-login")}</h2>
            <p class="muted">{t!(i18n, "users-change-login-lead")}</p>
            <ErrorAlert error=other/>
            {move || done().then(|| view! { <div class="alert alert-success" role="status">{t!(i18n, "users-login-changed")}</div> })}
            <ActionForm action=change attr:class="form">
                <input type="hidden" name="id" value=move || current.read().id/>
                <div class="field">
                    <label for="new-login">{t!(i18n, "users-new-login")}</label>
                    <input id="new-login" name="login" type="email" required autocomplete="off" value=move || current.read().login.clone() aria-describedby="new-login-error"/>
                    <FieldMessage id="new-login-error".to_owned() message/>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || change.pending().get()>{t!(i18n, "users-change-login")}</button>
                </div>
            </ActionForm>
        </section>
    }
}
