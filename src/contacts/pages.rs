//! The back office's contacts: the list (search as you type, filters,
//! pages by keyset), a contact's form, and a company's people.

use super::api::{
    company_choices, get_contact, list_contacts, ContactFilter, ContactInput, ContactKind,
    ContactLine, ContactSort, DeleteContact, SaveContact,
};
use crate::ui::resource;
use crate::{
    error::AppError,
    i18n::use_i18n,
    t,
    ui::{
        address_id, list_address, ErrorAlert, FieldMessage, FormField, PageTitle, Pager,
        RecordError, Skeleton,
    },
};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    params::ParamsMap,
    NavigateOptions,
};

/// The contact list's address with `changes` applied to its query.
fn with_query(query: &ParamsMap, changes: &[(&'static str, String)]) -> String {
    list_address("/admin/contacts", query, changes)
}

/// `/admin/contacts`. Its selection bar opens `access_dialog` (`?access=…`):
/// granting portal access is another feature's, so the back office, which
/// knows both, places it here.
#[component]
pub fn ContactsPage(#[prop(into)] access_dialog: ViewFn) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |name: &'static str| query.read().get(name).unwrap_or_default();
    let page = resource(
        move || {
            (
                param("q"),
                param("filter"),
                param("sort"),
                param("after"),
                param("before"),
            )
        },
        |(q, filter, sort, after, before)| list_contacts(q, filter, sort, after, before),
    );
    let selected = RwSignal::new(Vec::<i64>::new());
    let typing = StoredValue::new(None::<TimeoutHandle>);
    let on_search = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            if let Some(handle) = typing.get_value() {
                handle.clear();
            }
            let navigate = navigate.clone();
            // Waits for a pause in typing; the list's resource drops answers
            // to queries that are no longer current. The address is taken
            // when the timer fires, so that what happened meanwhile (a
            // dialog opened) stays.
            let handle = set_timeout_with_handle(
                move || {
                    let address = with_query(&query.get_untracked(), &[("q", value)]);
                    navigate(
                        &address,
                        NavigateOptions {
                            replace: true,
                            scroll: false,
                            ..Default::default()
                        },
                    )
                },
                std::time::Duration::from_millis(250),
            );
            typing.set_value(handle.ok());
        }
    };
    let sort_navigate = navigate.clone();
    let open_access = move |_| {
        let ids = selected
            .get_untracked()
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        navigate(
            &format!(
                "{}{}access={ids}",
                with_query(&query.get_untracked(), &[]),
                if query.read_untracked().latest_values().next().is_some() {
                    "&"
                } else {
                    "?"
                }
            ),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let filter_links = move || {
        let current = ContactFilter::parse(&param("filter"));
        ContactFilter::ALL
            .into_iter()
            .map(|filter| {
                let href = with_query(&query.read(), &[("filter", filter.as_str().to_owned())]);
                view! {
                    <li>
                        <a class="chip" href=href aria-current=(filter == current).then_some("page")>
                            {t!(i18n, filter.label())}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <PageTitle id="contacts-title"/>
        <div class="page-head">
            <h1 class="page-title">{t!(i18n, "contacts-title")}</h1>
            <a class="btn btn-primary" href="/admin/contacts/new">{t!(i18n, "contacts-create")}</a>
        </div>
        <form class="toolbar" method="get" action="/admin/contacts" role="search">
            <label class="visually-hidden" for="contact-search">{t!(i18n, "contacts-search")}</label>
            <input
                id="contact-search"
                class="search"
                type="search"
                name="q"
                autocomplete="off"
                placeholder=t!(i18n, "contacts-search-hint")
                value=untrack(move || param("q"))
                prop:value=move || param("q")
                on:input=on_search
            />
            <input type="hidden" name="filter" value=move || param("filter")/>
            <button type="submit" class="btn">{t!(i18n, "contacts-search")}</button>
        </form>
        <div class="sort">
            <label for="contact-sort">{t!(i18n, "contacts-sort")}</label>
            <select
                id="contact-sort"
                on:change={
                    let navigate = sort_navigate.clone();
                    move |ev| {
                        let sort = event_target_value(&ev);
                        navigate(&with_query(&query.get_untracked(), &[("sort", sort)]), NavigateOptions { scroll: false, ..Default::default() });
                    }
                }
            >
                {ContactSort::ALL.into_iter().map(|sort| view! {
                    <option value=sort.as_str() selected=move || ContactSort::parse(&param("sort")) == sort>{t!(i18n, sort.label())}</option>
                }).collect_view()}
            </select>
        </div>
        <ul class="chips" aria-label=t!(i18n, "contacts-filters")>{filter_links}</ul>
        <div class="selection-bar">
            <span class="muted" aria-live="polite">
                {move || i18n.tr_with("contacts-selected", &[("count", selected.read().len().to_string())])}
            </span>
            <button type="button" class="btn" disabled=move || selected.read().is_empty() on:click=open_access>
                {t!(i18n, "access-grant-action")}
            </button>
        </div>
        <Transition fallback=Skeleton>
            {move || {
                page.get().map(|result| match result {
                    Ok(page) => {
                        let previous = page.previous.map(|c| with_query(&query.read(), &[("before", c)]));
                        let next = page.next.map(|c| with_query(&query.read(), &[("after", c)]));
                        view! {
                            <ContactTable lines=page.lines selected=Some(selected)/>
                            <Pager previous next/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })
            }}
        </Transition>
        {access_dialog.run()}
    }
}

/// Contacts as a table on wide screens and as cards on phones.
#[component]
fn ContactTable(lines: Vec<ContactLine>, selected: Option<RwSignal<Vec<i64>>>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="empty">{t!(i18n, "contacts-none")}</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|line| {
            let id = line.id;
            let kind = match line.kind {
                ContactKind::Company => "contact-kind-company",
                ContactKind::Individual => "contact-kind-individual",
            };
            let name = line.name.clone();
            view! {
                <tr>
                    {selected.map(|selected| {
                        let label = i18n.tr_with("contacts-select", &[("name", name.clone())]);
                        view! {
                            <td class="select">
                                <label class="tap">
                                <input
                                    type="checkbox"
                                    aria-label=label
                                    prop:checked=move || selected.read().contains(&id)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|ids| {
                                            ids.retain(|x| *x != id);
                                            if on {
                                                ids.push(id);
                                            }
                                        });
                                    }
                                />
                                </label>
                            </td>
                        }
                    })}
                    <td class="primary" data-label=t!(i18n, "field-name")>
                        <a href=format!("/admin/contacts/{id}")>{line.name}</a>
                        <span class="muted small">" · "{t!(i18n, kind)}</span>
                    </td>
                    <td data-label=t!(i18n, "field-company")>{line.company}</td>
                    <td data-label=t!(i18n, "field-email")>{line.email}</td>
                    <td data-label=t!(i18n, "contacts-portal")>
                        {line.portal_user.then(|| view! { <span class="badge badge-ok">{t!(i18n, "contacts-portal-user")}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
        <table class="data cards">
            <thead>
                <tr>
                    {selected.map(|_| view! { <th class="select"><span class="visually-hidden">{t!(i18n, "contacts-select-column")}</span></th> })}
                    <th scope="col">{t!(i18n, "field-name")}</th>
                    <th scope="col">{t!(i18n, "field-company")}</th>
                    <th scope="col">{t!(i18n, "field-email")}</th>
                    <th scope="col">{t!(i18n, "contacts-portal")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
    .into_any()
}

/// `/admin/contacts/new` and `/admin/contacts/{id}`; its menu opens
/// `access_dialog` as the list does.
#[component]
pub fn ContactPage(#[prop(into)] access_dialog: ViewFn) -> impl IntoView {
    let id = address_id();
    // The companies come with the contact: options cannot stream into a
    // `<select>` after it was parsed.
    let record = resource(
        move || id.get(),
        |id| async move {
            let record = match id? {
                Some(id) => Some(get_contact(id).await?),
                None => None,
            };
            Ok::<_, AppError>((record, company_choices().await?))
        },
    );
    view! {
        <PageTitle id="contact-title"/>
        <Transition fallback=Skeleton>
            {move || {
                record.get().map(|result| match result {
                    Ok((record, companies)) => view! { <ContactForm record companies/> }.into_any(),
                    Err(error) => view! { <RecordError error/> }.into_any(),
                })
            }}
        </Transition>
        {access_dialog.run()}
    }
}

fn field_error(action: ServerAction<SaveContact>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.field_message(field).map(str::to_owned))
    })
}

#[component]
fn ContactForm(
    record: Option<super::api::ContactRecord>,
    companies: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveContact>::new();
    let save_error = Signal::derive(move || save.value().get().and_then(Result::err));
    let delete = ServerAction::<DeleteContact>::new();
    let id = record.as_ref().map(|r| r.id);
    let input = record
        .as_ref()
        .map(|r| r.input.clone())
        .unwrap_or(ContactInput {
            kind: ContactKind::Individual.as_str().into(),
            ..Default::default()
        });
    let title = record
        .as_ref()
        .map(|r| r.input.name.clone())
        .unwrap_or_else(|| i18n.tr("contact-new-title"));
    let is_company = input.kind == ContactKind::Company.as_str();
    let parent_id = input.parent_id;
    let general_error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .or_else(|| delete.value().get().and_then(Result::err))
    });
    let invalid_banner = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .filter(|e| matches!(e, AppError::Invalid(_)))
            .map(|_| view! { <div class="alert alert-error" role="alert">{t!(i18n, "error-invalid")}</div> })
    };
    let related = record
        .as_ref()
        .map(|r| r.related.clone())
        .unwrap_or_default();
    let related_ids = related
        .iter()
        .map(|line| line.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let company_link = record.as_ref().and_then(|r| r.company.clone());
    let lang_options = [
        ("", "contact-lang-none"),
        ("en", "language-en"),
        ("ro", "language-ro"),
        ("es", "language-es"),
    ];
    let selected_lang = input.lang.clone();
    let selected_kind = input.kind.clone();
    let ContactInput {
        name,
        email,
        phone,
        street,
        street2,
        city,
        state,
        zip,
        country,
        vat,
        ..
    } = input;
    view! {
        <div class="page-head">
            <div>
                <p class="breadcrumb"><a href="/admin/contacts">{t!(i18n, "contacts-title")}</a></p>
                <h1 class="page-title">{title}</h1>
                {company_link.map(|(company_id, company)| view! {
                    <p class="muted">
                        {t!(i18n, "field-company")}": "
                        <a href=format!("/admin/contacts/{company_id}")>{company}</a>
                    </p>
                })}
            </div>
            {id.map(|id| view! {
                <details class="menu">
                    <summary class="btn">{t!(i18n, "contact-action")}</summary>
                    <ul class="menu-items">
                        <li><a href=format!("/admin/contacts/{id}?access={id}")>{t!(i18n, "access-grant-action")}</a></li>
                        <li>
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=id/>
                                <button
                                    type="submit"
                                    class="link-danger"
                                    on:click=move |ev| {
                                        let sure = window().confirm_with_message(&i18n.tr("contact-delete-confirm")).unwrap_or(false);
                                        if !sure {
                                            ev.prevent_default();
                                        }
                                    }
                                >
                                    {t!(i18n, "contact-delete")}
                                </button>
                            </ActionForm>
                        </li>
                    </ul>
                </details>
            })}
        </div>
        <ErrorAlert error=general_error/>
        {invalid_banner}
        <section class="card">
            <ActionForm action=save attr:class="form form-grid">
                {id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
                <fieldset class="field field-wide">
                    <legend>{t!(i18n, "contact-kind")}</legend>
                    <label class="radio">
                        <input type="radio" name="contact[kind]" value="individual" checked=selected_kind == "individual"/>
                        {t!(i18n, "contact-kind-individual")}
                    </label>
                    <label class="radio">
                        <input type="radio" name="contact[kind]" value="company" checked=selected_kind == "company"/>
                        {t!(i18n, "contact-kind-company")}
                    </label>
                    <FieldMessage id="contact-kind-error".to_owned() message=field_error(save, "kind")/>
                </fieldset>
                <FormField error=save_error name="contact[name]" field="name" label="field-name" value=name />
                <div class="field">
                    <label for="contact-parent">{t!(i18n, "contact-parent")}</label>
                    <select id="contact-parent" name="contact[parent_id]" disabled=is_company>
                        <option value="">{t!(i18n, "contact-parent-none")}</option>
                        {companies
                            .into_iter()
                            .filter(|(company_id, _)| Some(*company_id) != id)
                            .map(|(company_id, company)| view! {
                                <option value=company_id selected=parent_id == Some(company_id)>{company}</option>
                            })
                            .collect_view()}
                    </select>
                    <FieldMessage id="contact-parent-error".to_owned() message=field_error(save, "parent_id")/>
                </div>
                <FormField error=save_error name="contact[email]" field="email" label="field-email" value=email kind="email" />
                <FormField error=save_error name="contact[phone]" field="phone" label="field-phone" value=phone kind="tel" />
                <FormField error=save_error name="contact[street]" field="street" label="field-street" value=street />
                <FormField error=save_error name="contact[street2]" field="street2" label="field-street2" value=street2 />
                <FormField error=save_error name="contact[city]" field="city" label="field-city" value=city />
                <FormField error=save_error name="contact[zip]" field="zip" label="field-zip" value=zip />
                <FormField error=save_error name="contact[state]" field="state" label="field-state" value=state />
                <FormField error=save_error name="contact[country]" field="country" label="field-country" value=country />
                <FormField error=save_error name="contact[vat]" field="vat" label="field-vat" value=vat />
                <div class="field">
                    <label for="contact-lang">{t!(i18n, "field-language")}</label>
                    <select id="contact-lang" name="contact[lang]">
                        {lang_options.into_iter().map(|(tag, label)| view! {
                            <option value=tag selected=selected_lang == tag>{t!(i18n, label)}</option>
                        }).collect_view()}
                    </select>
                    <FieldMessage id="contact-lang-error".to_owned() message=field_error(save, "lang")/>
                </div>
                <div class="form-actions field-wide">
                    <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>
                        {t!(i18n, "contact-save")}
                    </button>
                    <a class="btn btn-quiet" href="/admin/contacts">{t!(i18n, "contact-cancel")}</a>
                </div>
            </ActionForm>
        </section>
        {(is_company && id.is_some()).then(|| {
            let grant_all = (!related_ids.is_empty()).then(|| {
                let href = format!("/admin/contacts/{}?access={related_ids}", id.unwrap_or_default());
                view! { <a class="btn" href=href>{t!(i18n, "access-grant-all")}</a> }
            });
            view! {
                <section class="card" aria-labelledby="related-title">
                    <div class="card-head">
                        <h2 id="related-title" class="card-title">{t!(i18n, "contact-related")}</h2>
                        {grant_all}
                    </div>
                    <ContactTable lines=related selected=None/>
                </section>
            }
        })}
    }
}
