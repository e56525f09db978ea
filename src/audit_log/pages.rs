//! `/admin/audit`

use super::api::{list_audit, AuditFilter, KINDS};
use crate::ui::resource;
use crate::{
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, PageTitle, Pager, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let filter = move || AuditFilter {
        kind: param("kind"),
        user: param("user"),
        from: param("from"),
        to: param("to"),
        before: param("before").parse().ok(),
    };
    let page = resource(filter, list_audit);
    let older_href = move |id: i64| {
        let mut next = query.get_untracked();
        next.remove("before");
        next.insert("before", id.to_string());
        format!("/admin/audit{}", next.to_query_string())
    };
    view! {
        <PageTitle id="audit-title"/>
        <h1 class="page-title">{t!(i18n, "audit-title")}</h1>
        <form class="card form filter-form" method="get" action="/admin/audit">
            <div class="field">
                <label for="audit-kind">{t!(i18n, "audit-event")}</label>
                <select id="audit-kind" name="kind">
                    <option value="">{t!(i18n, "audit-all-events")}</option>
                    {KINDS.into_iter().map(|kind| view! {
                        <option value=kind selected=move || param("kind") == kind>{move || i18n.tr(&format!("audit-{kind}"))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-user">{t!(i18n, "audit-user")}</label>
                <input id="audit-user" name="user" type="search" autocomplete="off" value=untrack(move || param("user")) prop:value=move || param("user")/>
            </div>
            <div class="field">
                <label for="audit-from">{t!(i18n, "audit-from")}</label>
                <input id="audit-from" name="from" type="date" value=untrack(move || param("from")) prop:value=move || param("from")/>
            </div>
            <div class="field">
                <label for="audit-to">{t!(i18n, "audit-to")}</label>
                <input id="audit-to" name="to" type="date" value=untrack(move || param("to")) prop:value=move || param("to")/>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">{t!(i18n, "audit-apply")}</button>
                <a class="btn btn-quiet" href="/admin/audit">{t!(i18n, "audit-clear")}</a>
            </div>
        </form>
        <Transition fallback=Skeleton>
            {move || {
                page.get().map(|result| match result {
                    Ok(page) if page.lines.is_empty() => view! { <p class="empty">{t!(i18n, "audit-none")}</p> }.into_any(),
                    Ok(page) => {
                        let older = page.older.map(older_href);
                        let rows = page.lines.into_iter().map(|line| {
                            let kind = format!("audit-{}", line.kind);
                            view! {
                                <tr>
                                    <td class="primary">{move || i18n.tr(&kind)}</td>
                                    <td data-label=t!(i18n, "audit-when")>{i18n.moment(line.at)}</td>
                                    <td data-label=t!(i18n, "audit-user")>{line.subject}</td>
                                    <td data-label=t!(i18n, "audit-by")>{line.actor}</td>
                                    <td data-label=t!(i18n, "audit-address")>{line.client_ip}</td>
                                    <td class="audit-detail" data-label=t!(i18n, "audit-detail")>{line.detail}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="data cards">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, "audit-event")}</th>
                                            <th scope="col">{t!(i18n, "audit-when")}</th>
                                            <th scope="col">{t!(i18n, "audit-user")}</th>
                                            <th scope="col">{t!(i18n, "audit-by")}</th>
                                            <th scope="col">{t!(i18n, "audit-address")}</th>
                                            <th scope="col">{t!(i18n, "audit-detail")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <Pager previous=None next=older next_label="pager-older"/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorAlert error=Some(error)/> }.into_any(),
                })
            }}
        </Transition>
    }
}
