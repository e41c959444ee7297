//! Download one of the report's tables as CSV: UTF-8 with a byte-order mark, so
//! Excel opens Chinese names and grades correctly.

use yew::prelude::*;

use super::text::Label;
use crate::core::stats::Stats;
use crate::core::stats::table::tables;
use crate::ui::dom::download_typed;
use crate::ui::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct CsvButtonProps {
    pub stats: Stats,
    /// One of `core::stats::table::TABLES`.
    pub table: &'static str,
    pub lang: Lang,
}

#[function_component(CsvButton)]
pub fn csv_button(props: &CsvButtonProps) -> Html {
    let onclick = {
        let (stats, name) = (props.stats.clone(), props.table);
        Callback::from(move |_| {
            if let Some(table) = tables(&stats).into_iter().find(|t| t.name == name) {
                let file = format!(
                    "{}-{}-{}.csv",
                    stats.rubric,
                    name,
                    stats.from.get(..10).unwrap_or_default()
                );
                // A refused download leaves the table on screen.
                let _ = download_typed(
                    &file,
                    "text/csv;charset=utf-8",
                    &format!("\u{feff}{}", table.csv()),
                );
            }
        })
    };
    let table = match props.table {
        "summary" => Label::Summary,
        "items" => Label::Items,
        "agents" => Label::Agents,
        "reviewers" => Label::Inspectors,
        _ => Label::Trend,
    };
    html! {
        <button type="button" class="csv" data-testid={format!("csv-{}", props.table)} {onclick}>
            { format!("{} · {}", Label::Csv.text(props.lang), table.text(props.lang)) }
        </button>
    }
}
