use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = eventlint::cli::Cli::parse();
    ExitCode::from(eventlint::app::run(cli))
}
