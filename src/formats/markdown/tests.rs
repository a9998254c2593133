//! Tests of section cutting, canonical sections and placeholder detection.

use super::vocab::{ascii_key, key_of};
use super::*;

/// A document of tests/fixtures/markdown.
fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/markdown")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

#[test]
fn headings_lines_and_text() {
    // Text before the first heading, each heading's level, file line (the body starts on
    // line 5) and text.
    let s = sections(&fixture("headings.md"), 5);
    insta::assert_debug_snapshot!(s);
}

#[test]
fn placeholders_count_as_missing() {
    let raw = sections(
        "## Limitations\n\n[More Information Needed]\n\n## Training Data\n\nTwo words.\n",
        1,
    );
    let c = canonical_sections(&raw, |h| match h {
        "limitations" => Some("limitations"),
        "training data" => Some("training_data"),
        _ => None,
    });
    assert!(!c["limitations"].present);
    assert!(c["limitations"].placeholder);
    assert_eq!(c["training_data"].words, 2);
    assert!(c["training_data"].present);
}

#[test]
fn unmapped_children_fold_into_parent() {
    let raw = sections(
        "## Uses\n\n### Foo\n\nbar baz\n\n### Out-of-Scope Use\n\nnot for x\n",
        1,
    );
    let c = canonical_sections(&raw, |h| match h {
        "uses" => Some("intended_use"),
        "out of scope use" => Some("out_of_scope_use"),
        _ => None,
    });
    assert_eq!(c["intended_use"].words, 2);
    assert_eq!(c["out_of_scope_use"].words, 3);
}

#[test]
fn subtrees_with_their_own_id_are_not_folded_into_the_parent() {
    let raw = sections(&fixture("nested-subtrees.md"), 1);
    let c = canonical_sections(&raw, |h| match h {
        "evaluation" => Some("evaluation"),
        "uses" => Some("intended_use"),
        "out of scope use" => Some("out_of_scope_use"),
        _ => None,
    });
    assert!(
        !c["evaluation"].present,
        "an empty sub-heading is not content"
    );
    assert!(
        !c["intended_use"].present,
        "a grandchild belongs to its own id only"
    );
    assert_eq!(c["out_of_scope_use"].words, 3);
}

#[test]
fn bibtex_braces_are_not_template_slots() {
    assert!(!strip_placeholders("author = {{Example Bank}}").1);
    assert!(strip_placeholders("{{ model_id | default(\"Model ID\", true) }}").1);
}

/// The section id `t` gets in a one-section card.
fn section_of(body: &str) -> Section {
    let raw = sections(&format!("## Limitations\n\n{body}\n"), 1);
    let c = canonical_sections(&raw, |h| (h == "limitations").then_some("limitations"));
    c["limitations"].clone()
}

/// No content: not present, no words, no distinct word.
fn assert_empty(body: &str) {
    let s = section_of(body);
    assert!(
        !s.present && s.words == 0 && s.distinct_words == 0,
        "{body:?} counted as content: {s:?}"
    );
}

/// Real content: present, `words` words, at least `distinct` distinct words, no placeholder.
fn assert_content(body: &str, words: usize, distinct: usize) {
    let s = section_of(body);
    assert!(
        s.present && s.words == words && s.distinct_words >= distinct && !s.placeholder,
        "{body:?}: {s:?}"
    );
}

#[test]
fn review_attack_strings_are_no_content() {
    // Security review finding 14 (PH1-PH3): each approved a high-risk release.
    let cyrillic = "[More Informat\u{0456}on Needed] ".repeat(4);
    let nbsp = "Lorem\u{00a0}ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
                    tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, \
                    quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo \
                    consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse \
                    cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non \
                    proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";
    let na = "N/A. ".repeat(11);
    for body in [cyrillic.as_str(), nbsp] {
        assert_empty(body);
        assert!(section_of(body).placeholder, "{body:?}");
    }
    assert_empty(&na);
    // "N/A" is an empty answer, not a template marker.
    assert!(!section_of(&na).placeholder);
}

#[test]
fn spelt_around_markers_are_placeholders() {
    for body in [
            "[More\u{200b}Information\u{200b}Needed]",
            "[\u{ff2d}\u{ff4f}\u{ff52}\u{ff45} \u{ff29}\u{ff4e}\u{ff46}\u{ff4f}\u{ff52}\u{ff4d}\u{ff41}\u{ff54}\u{ff49}\u{ff4f}\u{ff4e} \u{ff2e}\u{ff45}\u{ff45}\u{ff44}\u{ff45}\u{ff44}]",
            "[MORE INFORMATION NEEDED]",
            "[More_Information_Needed]",
            "[More Information Needed][More Information Needed][More Information Needed]",
            "More information\nneeded",
            "[Needs More Information]",
            "T\u{200b}B\u{200b}D",
            "TBD. TBD. TBD.",
            "\u{0422}\u{0392}D",
            "TBA",
            "TODO",
            "todo:",
            "To do.",
            "to do to do to do",
            "Coming soon!",
            "WIP",
            "xxx",
            "XXXXXXXX",
            "Placeholder",
            "[Placeholder]",
            "{{ model_description }}",
            "{{model_description}}",
            "{% block limitations %}{% endblock %}",
            "Insert your description here.",
            "[Your Name]",
            "[optional]",
            "Fill in.",
            "To be completed.",
            "L\u{03bf}rem \u{0456}\u{0440}sum d\u{043e}lor sit amet, consectetur adipiscing elit.",
            "Lorem ipsum",
            "consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore",
        ] {
            assert_empty(body);
            assert!(section_of(body).placeholder, "{body:?} not seen as a placeholder");
        }
    // In Markdown `<your limitations>` is an unknown HTML tag and shows nothing; in a JSON
    // card it is a template slot.
    assert_empty("<your limitations>");
    assert!(strip_placeholders("<your limitations>").1);
    assert!(content("<insert the intended use>").placeholder);
}

#[test]
fn empty_answers_symbols_and_comments_are_no_content() {
    for body in [
        "N\u{ff0f}A",
        "N\u{200b}/\u{200b}A",
        "n.a.",
        "NA",
        "N / A",
        "None.",
        "none\nnone\nNONE",
        "Not applicable.",
        "-",
        "...",
        "?",
        "---- .... ????",
        "\u{1f680}\u{1f680} \u{2705} \u{2728}",
        "\u{200b}\u{200b} \u{3164} \u{00ad}",
        "<!--\nThe model is great and you can use it for anything at all.\n-->",
        "<!-- The model is great and you can use it for anything at all. -->",
        "<div><!-- hidden > text here --></div>",
    ] {
        assert_empty(body);
    }
    // Text beside a comment still counts.
    assert_content("Visible words <!-- hidden words --> stay here.", 4, 3);
}

#[test]
fn repeated_filler_and_numbers_are_thin() {
    let data = "data ".repeat(50);
    let s = section_of(&data);
    assert_eq!((s.words, s.distinct_words), (1, 1), "{s:?}");
    let lines = "data\n".repeat(50);
    assert_eq!(section_of(&lines).words, 1);
    let phrase = "The model is good. ".repeat(20);
    let s = section_of(&phrase);
    assert_eq!((s.words, s.distinct_words), (4, 2), "{s:?}");
    // Look-alike spellings are the same word.
    let s = section_of("data d\u{0430}ta \u{0501}ata DATA \u{ff44}\u{ff41}\u{ff54}\u{ff41}");
    assert_eq!((s.words, s.distinct_words), (1, 1), "{s:?}");
    // One word that outnumbers all others together counts only as often as they do.
    let s = section_of("data alpha data data beta data data gamma data data");
    assert_eq!((s.words, s.distinct_words), (6, 4), "{s:?}");
    // Numbers are words but no distinct content word.
    let s = section_of("1 2 3 4 5 6 7 8 9 10 11 12");
    assert_eq!((s.words, s.distinct_words), (12, 0), "{s:?}");
}

#[test]
fn real_sentences_with_empty_words_still_count() {
    assert_content(
        "None of the three datasets contains personal data; n/a fields were dropped.",
        12,
        6,
    );
    assert_content(
        "The model is designed to do sentiment analysis of product reviews.",
        11,
        5,
    );
    assert_content(
        "Todo el corpus fue anotado a mano por dos lingüistas.",
        10,
        7,
    );
    assert_content(
        "Masked tokens are replaced by a placeholder token during pre-training.",
        10,
        6,
    );
    assert_content(
        "El dolor de cabeza no es un efecto secundario conocido.",
        10,
        6,
    );
    assert_content(
        "Insert the adapter after each attention block of the encoder.",
        10,
        5,
    );
    // Dropping a marker keeps what else a line says.
    let (clean, found) = strip_placeholders("Funded by [optional]: [More Information Needed]");
    assert!(found);
    assert_eq!(clean, "funded by :");
    let (clean, found) = strip_placeholders("The model\u{200b} has\u{00a0}limits.\nTBD");
    assert!(found);
    assert_eq!(clean, "the model has limits.");
}

#[test]
fn ascii_fast_path_folds_like_fold() {
    let all: String = (0x21u8..0x7f).map(char::from).collect();
    let samples = [
        all.as_str(),
        "More",
        "MODEL",
        "100%",
        "0x1F|l",
        "rn-m",
        "\"quoted\"",
        "`tick`",
    ];
    for s in samples {
        assert_eq!(ascii_key(&s.to_ascii_lowercase()), key_of(s), "{s:?}");
    }
    for c in (0x21u8..0x7f).map(char::from) {
        let s = c.to_string();
        assert_eq!(ascii_key(&s.to_ascii_lowercase()), key_of(&s), "{c:?}");
    }
}

#[test]
fn distinct_words_span_the_pieces_of_a_section() {
    // Several headings of one id, each with the same word, are one distinct word.
    let raw = sections(
        "## Limitations\n\ndata\n\n## Risks\n\ndata\n\n## Bias\n\ndata model\n",
        1,
    );
    let c = canonical_sections(&raw, |h| {
        matches!(h, "limitations" | "risks" | "bias").then_some("limitations")
    });
    assert_eq!(c["limitations"].words, 4);
    assert_eq!(c["limitations"].distinct_words, 2);
}

#[test]
fn huge_texts_are_read_to_a_bound() {
    let big = "word ".repeat(200_000);
    let c = content(&big);
    assert_eq!(c.words, 1);
    let varied: String = (0..100_000).map(|i| format!("w{i} ")).collect();
    let c = content(&varied);
    assert!(c.words > 10_000 && c.words < 100_000, "{c:?}");
}
