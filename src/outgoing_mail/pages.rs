//! `/admin/mail`

use super::api::{list_mail, MailLine, RetryMail, STATUSES};
use crate::ui::resource;
use crate::{
    i18n::use_i18n,
    t,
    ui::{ErrorAlert, PageTitle, Pager, Skeleton},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn status_label(status: &str) -> &'static str {
    match status {
        "queued" => "mail-status-queued",
        "sent" => "mail-status-sent",
        "failed" => "mail-status-failed",
        _ => "mail-status-all",
    }
}

#[component]
pub fn OutgoingMailPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let page = resource(
        move || (status(), before()),
        |(status, before)| list_mail(status, before),
    );
    let chips = move || {
        let current = status();
        std::iter::once("")
            .chain(STATUSES)
            .map(|s| {
                let href = if s.is_empty() { "/admin/mail".to_owned() } else { format!("/admin/mail?status={s}") };
                view! {
                    <li>
                        <a class="chip" href=href aria-current=(s == current).then_some("page")>{t!(i18n, status_label(s))}</a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <PageTitle id="mail-title"/>
        <h1 class="page-title">{t!(i18n, "mail-title")}</h1>
        <ul class="chips" aria-label=t!(i18n, "mail-filter")>{chips}</ul>
        <Transition fallback=Skeleton>
            {move || {
                page.get().map(|result| match result {
                    Ok(page) if page.lines.is_empty() => view! { <p class="empty">{t!(i18n, "mail-none")}</p> }.into_any(),
                    Ok(page) => {
                        let older = page.older.map(|id| {
                            let s = status();
                            let filter = if s.is_empty() { String::new() } else { format!("status={s}&") };
                            format!("/admin/mail?{filter}before={id}")
                        });
                        view! {
                            <div class="table-wrap">
                                <table class="data cards">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, "mail-subject")}</th>
                                            <th scope="col">{t!(i18n, "mail-to")}</th>
                                            <th scope="col">{t!(i18n, "mail-status")}</th>
                                            <th scope="col">{t!(i18n, "mail-created")}</th>
                                            <th scope="col"><span class="visually-hidden">{t!(i18n, "access-actions")}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.lines.into_iter().map(|line| view! { <MailRow line/> }).collect_view()}
                                    </tbody>
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

#[component]
fn MailRow(line: MailLine) -> impl IntoView {
    let i18n = use_i18n();
    let id = line.id;
    let current = RwSignal::new(line);
    let retry = ServerAction::<RetryMail>::new();
    Effect::new(move |_| {
        if let Some(Ok(line)) = retry.value().get() {
            current.set(line);
        }
    });
    let error = Signal::derive(move || retry.value().get().and_then(Result::err));
    move || {
        let line = current.get();
        let label = status_label(&line.status);
        let failed = line.status == "failed";
        let badge = match line.status.as_str() {
            "sent" => "badge badge-ok",
            "failed" => "badge badge-danger",
            _ => "badge",
        };
        let detail = match (&line.last_error, line.sent_at) {
            (Some(error), _) => Some(i18n.tr_with(
                "mail-error",
                &[
                    ("error", error.clone()),
                    ("attempts", line.attempts.to_string()),
                ],
            )),
            (None, Some(at)) => Some(i18n.tr_with("mail-sent-at", &[("when", i18n.moment(at))])),
            _ => None,
        };
        view! {
            <tr>
                <td class="primary">{line.subject.clone()}<span class="muted small">" · "{line.kind.clone()}</span></td>
                <td data-label=t!(i18n, "mail-to")>{line.to.clone()}</td>
                <td data-label=t!(i18n, "mail-status")>
                    <span class=badge>{t!(i18n, label)}</span>
                    {detail.map(|d| view! { <span class="muted small">" "{d}</span> })}
                </td>
                <td data-label=t!(i18n, "mail-created")>{i18n.moment(line.created_at)}</td>
                <td class="actions">
                    {failed.then(|| view! {
                        <ActionForm action=retry attr:class="inline-form">
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class="btn" disabled=move || retry.pending().get()>{t!(i18n, "mail-retry")}</button>
                        </ActionForm>
                    })}
                    <ErrorAlert error/>
                </td>
            </tr>
        }
    }
}
