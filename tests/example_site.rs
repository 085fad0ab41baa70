//! The bundled example site (`fixtures/site`, the two reports this project started from)
//! gets exactly the findings listed in the engine issue, and nothing at error severity.

mod common;

#[test]
fn example_site_gets_exactly_the_expected_findings() {
    let (code, stdout, stderr) = common::check_as("concise", "fixtures/site");
    assert_eq!(code, 0, "no error expected:\n{stdout}\n{stderr}");
    let got: Vec<(String, usize, String)> = common::findings(&stdout)
        .into_iter()
        .map(|f| {
            let file = if f.path.contains("4.2-Event2") {
                "event-2"
            } else {
                "event-3"
            };
            (file.to_string(), f.line, f.rule)
        })
        .collect();
    let want: Vec<(String, usize, String)> = [
        ("event-2", 2, "title-generic"),
        ("event-2", 4, "numbering-mismatch"),
        ("event-2", 11, "heading-increment"),
        ("event-2", 29, "empty-section"),
        ("event-2", 31, "heading-emphasis"),
        ("event-2", 43, "heading-emphasis"),
        ("event-2", 57, "heading-emphasis"),
        ("event-2", 70, "heading-emphasis"),
        ("event-2", 107, "image-alt"),
        ("event-2", 108, "image-alt"),
        ("event-2", 109, "image-alt"),
        ("event-3", 2, "title-generic"),
        ("event-3", 4, "numbering-mismatch"),
        ("event-3", 9, "duplicate-event"),
        // Two entries use `-`, three `–`: the finding points at the first `-`.
        ("event-3", 26, "speaker-separator"),
    ]
    .iter()
    .map(|(f, l, r)| (f.to_string(), *l, r.to_string()))
    .collect();
    assert_eq!(got, want, "\n{stdout}");
}

#[test]
fn example_site_human_output() {
    let (_, stdout, _) = common::check_as("human", "fixtures/site");
    insta::assert_snapshot!(stdout);
}
