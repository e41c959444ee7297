//! The report console's wasm entry: trunk builds this binary from report.html.

#[cfg(all(target_arch = "wasm32", feature = "stats"))]
fn main() {
    rubric_widget::ui::report::start();
}

#[cfg(not(all(target_arch = "wasm32", feature = "stats")))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "the report console runs in the browser: build it with `trunk build report.html` \
         (see README.md), with the default features."
    );
    std::process::ExitCode::from(2)
}
