//! `rubric`: lint rubrics, re-score answers, print JSON Schemas (see `rubric --help`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    rubric_widget::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
