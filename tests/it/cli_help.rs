//! The command-line surface, pinned: `--help` of the program and of every subcommand (found
//! from the help itself, so a new subcommand gets its snapshot) is a snapshot. A changed flag,
//! default or description shows as a snapshot diff to review.

use crate::common;

/// The subcommand names listed under "Commands:" in a help text (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

fn help(args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.push("--help");
    let o = common::modelgate(&a);
    assert!(o.status.success(), "{a:?}: {}", common::stderr(&o));
    common::stdout(&o)
}

#[test]
fn every_subcommand_help_is_pinned() {
    let top = help(&[]);
    insta::assert_snapshot!("modelgate", top);
    let commands = subcommands(&top);
    assert!(commands.len() >= 15, "{commands:?}");
    for c in &commands {
        let text = help(&[c]);
        insta::assert_snapshot!(format!("modelgate-{c}"), text);
        for sub in subcommands(&text) {
            insta::assert_snapshot!(
                format!("modelgate-{c}-{sub}"),
                help(&[c.as_str(), sub.as_str()])
            );
        }
    }
}
