//! Reading statements on personal or sensitive information, and a written statement winning
//! over a contradicting `contains: false`.

use super::*;

/// Attack: the author sets `contains: false` in the front matter or the datasheet while the
/// card's own words say personal data is (probably) there. The words win: a wrong "no"
/// would switch the privacy rules off.
#[test]
fn written_statement_overrides_a_contradicting_false() {
    let md = "---\npersonal_data:\n  contains: false\n---\n# Dataset Card for Chat\n\n\
              ### Personal and Sensitive Information\n\nNo content is removed or \
              obfuscated.\nThere is probably personal information in the dataset from users.\n";
    let d = load(&doc("chat/README.md", md)).unwrap();
    assert_eq!(d.personal_data.contains_personal_data, Some(true));

    let sheet = |statement: &str| {
        format!(
            "apiVersion: modelgate.dev/v1\nkind: Datasheet\nname: n\n\
             personalData: {{ contains: false }}\nrai: {{ personalSensitiveInformation: \"{statement}\" }}\n"
        )
    };
    for (statement, want) in [
        ("Identity and income data of applicants.", Some(true)),
        ("The data may contain e-mail addresses.", Some(true)),
        ("None.", Some(false)),
        (
            "The dataset does not contain personal information.",
            Some(false),
        ),
        // Unknown words do not contradict the author's "no"; the warning rule reports it
        // only where nothing is said.
        ("[More Information Needed]", Some(false)),
    ] {
        let d = load(&doc("d.yaml", &sheet(statement))).unwrap();
        assert_eq!(d.personal_data.contains_personal_data, want, "{statement}");
    }
    // Without a statement the author's `false` stands.
    let md = "---\npersonal_data:\n  contains: false\n---\n# Dataset Card for Sums\n";
    let d = load(&doc("sums/README.md", md)).unwrap();
    assert_eq!(d.personal_data.contains_personal_data, Some(false));
}

#[test]
fn contains_heuristic() {
    let cases: &[(&str, Option<bool>)] = &[
        ("None.", Some(false)),
        ("none", Some(false)),
        ("No.", Some(false)),
        ("N/A", None),
        ("[N/A]", None),
        ("Not applicable: synthetic data.", None),
        (
            "The dataset does not contain personal information.",
            Some(false),
        ),
        ("The dataset contains no personal data.", Some(false)),
        ("This dataset doesn't include PII.", Some(false)),
        ("No personal data remains after aggregation.", Some(false)),
        ("None, except the names of public figures.", Some(true)),
        (
            "The dataset contains no personal data. However, usernames may appear.",
            Some(true),
        ),
        ("Nonetheless, some e-mail addresses appear.", Some(true)),
        ("Names and addresses of patients.", Some(true)),
        (
            "The released dataset may contain sensitive information such as emails.",
            Some(true),
        ),
        ("Unknown.", None),
        ("[More Information Needed]", None),
        ("   ", None),
    ];
    for (text, want) in cases {
        assert_eq!(contains_from_statement(text), *want, "{text}");
    }
}

/// Hedges, exceptions and sentences that deny something else never read as "none"; only a
/// plain denial of personal data does. The quoted statements are from real dataset cards.
#[test]
fn personal_statement_reading() {
    use PersonalReading::*;
    let cases: &[(&str, PersonalReading)] = &[
        // Denials.
        ("None.", Absent),
        (
            "The dataset does not include personal or sensitive information.",
            Absent,
        ),
        (
            "No personal or sensitive information is included in this dataset. This has \
             been manually verified by the dataset curators.",
            Absent,
        ),
        ("We did not collect any personal data.", Absent),
        ("Personal information is not included.", Absent),
        ("Personal data was never collected.", Absent),
        ("The corpus is free of PII.", Absent),
        // Hedges: likely.
        (
            "No content is removed or obfuscated.\nThere is probably personal information \
             in the dataset from users.",
            Likely,
        ),
        (
            "Unkown, but likely there are names of famous individuals.",
            Likely,
        ),
        (
            "We do not expect any personal and sensitive information to be present since \
             all data are public news articles.",
            Likely,
        ),
        (
            "Papers published on arXiv are unlikely to contain much personal information, \
             although some do include some poorly chosen examples revealing personal details.",
            Likely,
        ),
        ("The data may contain user names.", Likely),
        (
            "The dataset likely does not contain personal information.",
            Likely,
        ),
        ("We did not remove personal information.", Likely),
        ("Personal data was not anonymised.", Likely),
        ("No personal data, to our knowledge.", Likely),
        ("None that we know of, but it cannot be ruled out.", Likely),
        // Says something that is no denial of personal data: present.
        ("The author does not contain original tweets.", Present),
        (
            "All the source data is already freely downloadable and usable online, so there \
             are no privacy concerns.",
            Present,
        ),
        ("The dataset contains no sensitive information.", Present),
        ("No content is removed.", Present),
        ("No anonymisation of personal data was done.", Present),
        ("The dataset does not mask personal information.", Present),
        ("None, except the names of public figures.", Present),
        ("No personal data. Usernames are kept, however.", Present),
        (
            "The dataset consists of people who have donated their voice online.",
            Present,
        ),
        // Not known.
        ("[N/A]", Unknown),
        ("N/A", Unknown),
        ("Not applicable.", Unknown),
        ("[More Information Needed]", Unknown),
        ("[Needs More Information]", Unknown),
        ("", Unknown),
        ("Unknown.", Unknown),
        ("Unkown, but likely none.", Unknown),
        ("Not known; possibly none.", Unknown),
    ];
    let mut wrong = Vec::new();
    for (text, want) in cases {
        let got = read_personal_statement(text);
        if got != *want {
            wrong.push(format!("{text:?}: {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
