//! `credence completions SHELL` and `credence man`: a shell completion script and the man page,
//! both generated from the clap definition of the command line, so they list exactly the
//! commands and options the binary accepts. Installation commands are in docs/cli.md.

use crate::Cli;
use clap::CommandFactory;
use std::io::{self, Write};
use std::process::ExitCode;

/// Arguments of `credence completions`.
#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints the completion script for one shell.
pub fn completions(args: CompletionsArgs) -> ExitCode {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "credence", &mut out);
    write_out(&out)
}

/// The exit codes, for the man page (the same table as docs/cli.md).
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
every input scored, gates passed
.TP
\fB1\fR
a gate failed (\fB\-\-fail\-under\fR, \fB\-\-fail\-on\fR), or a rule example failed (\fBrules test\fR)
.TP
\fB2\fR
usage error, or the rules could not be loaded (located errors on stderr), or \fBexplain \-\-rule\fR names no rule
.TP
\fB3\fR
some inputs could not be scored (error records in the output; the rest were scored), or reading or writing failed
"#;

/// Prints one man page, `credence(1)`: name, synopsis, description and options of the
/// command, a section per subcommand with its synopsis, description and options, the exit
/// codes and the version.
pub fn man() -> ExitCode {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    // The top of the page; clap_mangen's own SUBCOMMANDS section would point at one page per
    // subcommand, which this single page replaces with a section per subcommand.
    let page = clap_mangen::Man::new(cmd.clone()).manual("credence manual");
    let _ = page.render_title(&mut out);
    let _ = page.render_name_section(&mut out);
    let _ = page.render_synopsis_section(&mut out);
    let _ = page.render_description_section(&mut out);
    let _ = page.render_options_section(&mut out);
    let mut subcommands = Vec::new();
    collect(&cmd, &mut subcommands);
    for sub in subcommands {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        let _ = writeln!(out, ".SH \"{}\"", name.to_uppercase().replace('-', "\\-"));
        let page = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        let _ = page.render_description_section(&mut part);
        let _ = page.render_synopsis_section(&mut part);
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            let _ = page.render_options_section(&mut part);
        }
        // nested in the subcommand's section
        let part = String::from_utf8_lossy(&part)
            .replace(".SH DESCRIPTION", "")
            .replace(".SH SYNOPSIS", ".SS Synopsis")
            .replace(".SH OPTIONS", ".SS Options");
        out.extend_from_slice(part.as_bytes());
    }
    out.extend_from_slice(EXIT_STATUS.as_bytes());
    let _ = page.render_version_section(&mut out);
    write_out(&out)
}

/// Every subcommand, depth first, without clap's `help`.
fn collect(cmd: &clap::Command, out: &mut Vec<clap::Command>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        out.push(sub.clone());
        collect(sub, out);
    }
}

fn write_out(bytes: &[u8]) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "credence: {e}");
            ExitCode::from(crate::exit::INPUT)
        }
    }
}
