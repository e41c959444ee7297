//! The report console's page: filters, KPI cards, charts, tables with their CSV, the
//! drill-down to one review, and the what-if.

use std::rc::Rc;

use yew::prelude::*;

use super::agent_reviews::AgentReviews;
use super::agents_table::AgentsTable;
use super::csv_button::CsvButton;
use super::filter_bar::FilterBar;
use super::grade_chart::GradeChart;
use super::inspectors_table::InspectorsTable;
use super::items_table::ItemsTable;
use super::kpi_cards::KpiCards;
use super::notice::{Notice, NoticeKind};
use super::pareto_chart::ParetoChart;
use super::review_view::ReviewView;
use super::sign_in::SignIn;
use super::state::{Action, Console, Load, Reports};
use super::text::Label;
use super::trend_chart::TrendChart;
use super::what_if_panel::WhatIfPanel;
use crate::core::stats::pareto;
use crate::ui::hooks::{use_drill_down, use_report_data, use_report_url, use_what_if};
use crate::ui::i18n::Lang;

#[derive(Properties)]
pub struct ReportConsoleProps {
    pub initial: Rc<Console>,
}

impl PartialEq for ReportConsoleProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.initial, &other.initial)
    }
}

fn section(title: &str, id: &str, csv: Option<Html>, body: Html) -> Html {
    html! {
        <section class="box" aria-labelledby={format!("{id}-title")} data-testid={format!("section-{id}")}>
            <header><h2 id={format!("{id}-title")}>{ title }</h2>{ csv.unwrap_or_default() }</header>
            { body }
        </section>
    }
}

fn report(state: &UseReducerHandle<Console>, reports: &Reports) -> Html {
    let lang = state.lang;
    let now = &reports.current;
    if now.summary.reviews == 0 {
        return html! { <Notice {lang} kind={NoticeKind::Empty} /> };
    }
    let rubric = state.scorer.clone();
    let max = rubric.as_ref().map_or(100.0, |r| r.rubric().scoring.max());
    let csv =
        |table: &'static str| Some(html! { <CsvButton stats={now.clone()} {table} {lang} /> });
    let dispatch = state.dispatcher();
    let on_sort = Callback::from(move |c| dispatch.dispatch(Action::Sort(c)));
    let dispatch = state.dispatcher();
    let on_pick = Callback::from(move |a| dispatch.dispatch(Action::Drill(Some(a))));
    let trends = Rc::new(now.agent_trend.clone().unwrap_or_default());
    html! { <>
        <KpiCards now={now.summary.clone()} before={reports.previous.summary.clone()} {lang} />
        <div class="charts">
            <TrendChart points={Rc::new(now.trend.points.clone())} max_total={max} {lang} />
            <GradeChart summary={now.summary.clone()} rubric={rubric.clone()} {lang} />
            <ParetoChart entries={pareto(now)} rubric={rubric.clone()} {lang} />
        </div>
        <p class="exports">
            <CsvButton stats={now.clone()} table="summary" {lang} />
            <CsvButton stats={now.clone()} table="trend" {lang} />
        </p>
        { section(Label::Agents.text(lang), "agents", csv("agents"), html! {
            <AgentsTable agents={state.agents()} {trends} rubric={rubric.clone()} sort={state.sort} {lang} {on_sort} {on_pick} />
        }) }
        { drill(state) }
        { section(Label::Items.text(lang), "items", csv("items"), html! { <ItemsTable items={now.items.clone()} rubric={rubric.clone()} {lang} /> }) }
        { section(Label::Inspectors.text(lang), "inspectors", csv("reviewers"), html! { <InspectorsTable reviewers={now.reviewers.clone()} calibration={now.calibration.clone().unwrap_or_default()} {lang} /> }) }
        { what_if(state) }
    </> }
}

fn drill(state: &UseReducerHandle<Console>) -> Html {
    let lang = state.lang;
    let Some((agent, list)) = &state.drill else {
        return Html::default();
    };
    let d = state.dispatcher();
    let on_open = Callback::from(move |id| d.dispatch(Action::Open(Some(id))));
    let d = state.dispatcher();
    let on_close = Callback::from(move |()| d.dispatch(Action::Drill(None)));
    let d = state.dispatcher();
    let close_review = Callback::from(move |()| d.dispatch(Action::Open(None)));
    html! { <>
        <AgentReviews key={agent.clone()} agent={agent.clone()} list={list.clone()} {lang} {on_open} {on_close} />
        if let Some((id, opened)) = &state.opened {
            <ReviewView key={id.clone()} opened={opened.clone()} {lang} on_close={close_review} />
        }
    </> }
}

fn what_if(state: &UseReducerHandle<Console>) -> Html {
    let d = state.dispatcher();
    let on_edit = Callback::from(move |(text, url)| d.dispatch(Action::Candidate { text, url }));
    let d = state.dispatcher();
    let on_run = Callback::from(move |()| d.dispatch(Action::RunWhatIf));
    let rubric = state.scorer.clone();
    html! { <WhatIfPanel state={state.what_if.clone()} {rubric} lang={state.lang} {on_edit} {on_run} /> }
}

fn body(state: &UseReducerHandle<Console>) -> Html {
    let lang = state.lang;
    let d = state.dispatcher();
    let on_token = Callback::from(move |t| d.dispatch(Action::SignIn(Some(t))));
    let d = state.dispatcher();
    let on_retry = Some(Callback::from(move |()| d.dispatch(Action::Retry)));
    let failed = match (&state.rubrics, &state.reports) {
        (Load::Failed(f), _) | (_, Load::Failed(f)) => Some(f.clone()),
        _ => None,
    };
    match (failed, &state.reports) {
        (Some(f), _) if f.needs_sign_in() => {
            html! { <SignIn {lang} message={f.message.clone()} {on_token} /> }
        }
        (Some(f), _) => html! { <Notice {lang} kind={NoticeKind::Failed(f)} {on_retry} /> },
        (None, Load::Ready(reports)) => report(state, reports),
        _ => html! { <Notice {lang} kind={NoticeKind::Loading} /> },
    }
}

fn header(state: &UseReducerHandle<Console>) -> Html {
    let lang = state.lang;
    let other = if lang == Lang::ZhCn {
        ("en", "English")
    } else {
        ("zh-CN", "中文")
    };
    let query = state.filters.to_query();
    let switch = format!(
        "?{}{}lang={}",
        query,
        if query.is_empty() { "" } else { "&" },
        other.0
    );
    let period = match &state.reports {
        Load::Ready(r) => {
            let (first, last) = r.range.days();
            format!("{} · {first} — {last} · {}", r.current.rubric, r.current.tz)
        }
        _ => String::new(),
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            // Refused (a sandboxed frame): nothing to print with, nothing lost.
            let _ = w.print();
        }
    });
    let d = state.dispatcher();
    let sign_out = Callback::from(move |_| d.dispatch(Action::SignIn(None)));
    html! {
        <header class="top">
            <h1>{ Label::Title.text(lang) }</h1>
            <p class="period" data-testid="period">{ period }</p>
            <nav>
                <a href={switch} lang={other.0} data-testid="lang-switch">{ other.1 }</a>
                if state.token.is_some() {
                    <button type="button" onclick={sign_out}>{ Label::SignOut.text(lang) }</button>
                }
                <button type="button" class="print" data-testid="print" onclick={print}>{ Label::Print.text(lang) }</button>
            </nav>
        </header>
    }
}

#[function_component(ReportConsole)]
pub fn report_console(props: &ReportConsoleProps) -> Html {
    let initial = props.initial.clone();
    let state = use_reducer(move || (*initial).clone());
    use_report_data(&state);
    use_drill_down(&state);
    use_what_if(&state);
    use_report_url(&state);
    let d = state.dispatcher();
    let on_change = Callback::from(move |f| d.dispatch(Action::Filters(f)));
    let filters = match &state.rubrics {
        Load::Ready(rubrics) => html! {
            <FilterBar filters={state.filters.clone()} rubrics={rubrics.clone()} facets={state.facets.clone()} lang={state.lang} {on_change} />
        },
        _ => Html::default(),
    };
    html! {
        <div class="console" lang={state.lang.tag()}>
            { header(&state) }
            { filters }
            <main>{ body(&state) }</main>
        </div>
    }
}
