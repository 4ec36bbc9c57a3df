//! Shell completions and the man page come from the clap definitions (architecture issue).

use super::{assert_success, exposure};

fn stdout_of(args: &[&str]) -> String {
    let out = exposure().args(args).output().expect("runs");
    assert_success(&out);
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn completions_name_every_command_and_flag_in_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let text = stdout_of(&["completions", shell]);
        for word in [
            "analyze",
            "tickets",
            "paths",
            "check",
            "taxonomy",
            "fail-above", // fish writes `-l fail-above`
        ] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    exposure().args(["completions", "cmd.exe"]).assert().code(2);
}

#[test]
fn man_page_is_roff_with_a_section_per_command() {
    let text = stdout_of(&["man"]);
    assert!(
        text.starts_with(".ie"),
        "roff header: {}",
        &text[..40.min(text.len())]
    );
    for name in [
        "exposure\\-analyze",
        "exposure\\-tickets",
        "exposure\\-check",
        "\\-\\-week\\-hours",
    ] {
        assert!(text.contains(name), "man page lacks {name}");
    }
}
