//! The `maal` binary: all of it is `maal::cli`, so the library's stage
//! modules can stay private to the crate.

fn main() -> std::process::ExitCode {
    maal::cli::main()
}
