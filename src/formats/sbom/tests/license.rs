//! License expressions and names evaluated into alternatives, bounds and errors.

use super::super::license::GNU_WITH_EXCEPTION;
use super::*;
use crate::input::LicenseError;

// ----- license expressions -----

fn alts(licenses: &[&str]) -> (Vec<Vec<String>>, Vec<LicenseError>) {
    let owned: Vec<String> = licenses.iter().map(|l| l.to_string()).collect();
    license_alternatives(&owned)
}

/// The alternatives of one expression that must parse.
fn dnf(expression: &str) -> Vec<Vec<String>> {
    let (a, e) = alts(&[expression]);
    assert!(e.is_empty(), "{expression}: {e:?}");
    a
}

fn dnf_of(want: &[&[&str]]) -> Vec<Vec<String>> {
    want.iter()
        .map(|alt| alt.iter().map(|t| t.to_string()).collect())
        .collect()
}

#[test]
fn license_and_or_become_alternatives() {
    assert_eq!(dnf("MIT"), dnf_of(&[&["MIT"]]));
    assert_eq!(
        dnf("MIT OR Apache-2.0"),
        dnf_of(&[&["Apache-2.0"], &["MIT"]])
    );
    assert_eq!(dnf("MIT AND Apache-2.0"), dnf_of(&[&["Apache-2.0", "MIT"]]));
    assert_eq!(
        dnf("MIT OR (Apache-2.0 AND BSD-3-Clause)"),
        dnf_of(&[&["MIT"], &["Apache-2.0", "BSD-3-Clause"]]),
        "fewer terms first"
    );
    assert_eq!(
        dnf("(MIT OR Apache-2.0) AND (ISC OR BSD-3-Clause)"),
        dnf_of(&[
            &["Apache-2.0", "BSD-3-Clause"],
            &["Apache-2.0", "ISC"],
            &["BSD-3-Clause", "MIT"],
            &["ISC", "MIT"],
        ])
    );
    // AND binds tighter than OR.
    assert_eq!(
        dnf("MIT OR Apache-2.0 AND ISC"),
        dnf_of(&[&["MIT"], &["Apache-2.0", "ISC"]])
    );
    assert_eq!(
        dnf("MIT OR (MIT AND Apache-2.0)"),
        dnf_of(&[&["MIT"]]),
        "an alternative containing another adds nothing"
    );
    assert_eq!(
        dnf("MIT AND MIT OR MIT"),
        dnf_of(&[&["MIT"]]),
        "duplicates collapse"
    );
    assert_eq!(
        dnf("MIT/Apache-2.0"),
        dnf_of(&[&["Apache-2.0"], &["MIT"]]),
        "`/` is OR in LAX mode"
    );
    assert_eq!(
        dnf("MIT OR NOASSERTION"),
        dnf_of(&[&["MIT"], &["NOASSERTION"]]),
        "inside an expression NOASSERTION is a term of its own"
    );
}

#[test]
fn license_or_later_and_exceptions_are_normalized() {
    for (given, want) in [
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-2.0-or-later", "GPL-2.0-or-later"),
        ("GPL-2.0", "GPL-2.0-only"),
        ("GPL-2.0-only", "GPL-2.0-only"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("AGPL-3.0", "AGPL-3.0-only"),
        ("GPLv3+", "GPL-3.0-or-later"),
        ("GPL-2.0-only+", "GPL-2.0-or-later"),
        ("MPL-1.1+", "MPL-1.1+"),
        (
            "Apache-2.0 WITH LLVM-exception",
            "Apache-2.0 WITH LLVM-exception",
        ),
        (
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ),
        (
            "GPL-2.0+ WITH Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ),
        (
            "GPL-2.0-with-classpath-exception",
            "GPL-2.0-only WITH Classpath-exception-2.0",
        ),
        (
            "GPL-3.0-with-GCC-exception",
            "GPL-3.0-only WITH GCC-exception-3.1",
        ),
        ("LicenseRef-custom-7", "LicenseRef-custom-7"),
        (
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
        ),
    ] {
        assert_eq!(dnf(given), dnf_of(&[&[want]]), "{given}");
    }
    assert_eq!(
        dnf("(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"),
        dnf_of(&[
            &["CDDL-1.0"],
            &["GPL-2.0-only WITH Classpath-exception-2.0"]
        ])
    );
    // Every exception named by the table exists in the SPDX list.
    for (old, license, exception) in GNU_WITH_EXCEPTION {
        assert!(spdx::license_id(old).is_some(), "{old}");
        assert!(spdx::license_id(license).is_some(), "{license}");
        assert!(spdx::exception_id(exception).is_some(), "{exception}");
    }
}

#[test]
fn license_real_world_spellings_are_understood() {
    for (given, want) in [
        ("Apache 2.0", "Apache-2.0"),
        ("apache-2.0", "Apache-2.0"),
        ("bsd-3-clause", "BSD-3-Clause"),
        ("mit", "MIT"),
        ("gpl-2.0+", "GPL-2.0-or-later"),
        (
            "licenseref-scancode-proprietary",
            "LicenseRef-scancode-proprietary",
        ),
    ] {
        assert_eq!(dnf(given), dnf_of(&[&[want]]), "{given}");
    }
    assert_eq!(
        dnf("apache-2.0 Or mit"),
        dnf_of(&[&["Apache-2.0"], &["MIT"]])
    );
    assert_eq!(
        dnf("Apache-2.0 with llvm-exception"),
        dnf_of(&[&["Apache-2.0 WITH LLVM-exception"]])
    );
}

#[test]
fn license_errors_name_the_expression_and_reason() {
    for (given, reason) in [
        ("Bouncy Castle Licence", "unknown term at `Bouncy`"),
        ("MIT OR", "expected one of"),
        ("(MIT OR Apache-2.0", "unclosed parens"),
        ("MIT)", "unopened parens"),
        ("GPL-2.0-or-later+", "`-only` or `-or-later`"),
        ("MIT WITH", "expected a `<addition>` here"),
        ("MIT OR Nope-1.0", "unknown term at `Nope-1.0`"),
    ] {
        let (a, e) = alts(&[given]);
        assert!(a.is_empty(), "{given}: {a:?}");
        assert_eq!(e.len(), 1, "{given}: {e:?}");
        assert_eq!(e[0].expression, given);
        assert!(e[0].reason.contains(reason), "{given}: {}", e[0].reason);
        assert!(!e[0].reason.contains('\n'), "one line: {}", e[0].reason);
    }
}

#[test]
fn license_entries_all_apply() {
    let (a, e) = alts(&["MIT", "Apache-2.0 OR BSD-3-Clause"]);
    assert!(e.is_empty());
    assert_eq!(
        a,
        dnf_of(&[&["Apache-2.0", "MIT"], &["BSD-3-Clause", "MIT"]])
    );
    // SPDX concluded and declared licenses that say the same thing.
    let (a, _) = alts(&["MIT", "MIT OR GPL-2.0-only"]);
    assert_eq!(a, dnf_of(&[&["MIT"]]));
    // An entry that does not parse is reported and left out of the alternatives.
    let (a, e) = alts(&["MIT", "Custom Terms"]);
    assert_eq!(a, dnf_of(&[&["MIT"]]));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].expression, "Custom Terms");
    let (a, e) = alts(&[]);
    assert!(a.is_empty() && e.is_empty());
}

const PAIRS: [(&str, &str); 7] = [
    ("MIT", "ISC"),
    ("0BSD", "Zlib"),
    ("BSD-2-Clause", "BSD-3-Clause"),
    ("Apache-2.0", "MPL-2.0"),
    ("Unlicense", "CC0-1.0"),
    ("BSL-1.0", "PSF-2.0"),
    ("Python-2.0", "X11"),
];

#[test]
fn license_alternatives_are_bounded() {
    // 2^7 = 128 alternatives of 7 terms each.
    let expr: Vec<String> = PAIRS.iter().map(|(a, b)| format!("({a} OR {b})")).collect();
    let expr = expr.join(" AND ");
    let (a, e) = alts(&[&expr]);
    assert_eq!(a.len(), MAX_LICENSE_ALTERNATIVES);
    assert!(a.iter().all(|alt| alt.len() == 7));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].expression, expr);
    assert!(
        e[0].reason.starts_with("more than 64 alternatives"),
        "{e:?}"
    );
    let mut sorted = a.clone();
    sorted.sort();
    assert_eq!(a, sorted, "same-size alternatives are alphabetical");

    // The same bound when the entries only exceed it together.
    let entries: Vec<String> = PAIRS.iter().map(|(a, b)| format!("{a} OR {b}")).collect();
    let (a, e) = license_alternatives(&entries);
    assert_eq!(a.len(), MAX_LICENSE_ALTERNATIVES);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0]
        .expression
        .starts_with("(MIT OR ISC) AND (0BSD OR Zlib) AND "));

    // A long OR: the fewest terms first, then alphabetical.
    let ids: Vec<&str> = spdx::identifiers::LICENSES
        .iter()
        .filter(|l| !l.name.contains('+') && l.flags & spdx::flags::IS_DEPRECATED == 0)
        .map(|l| l.name)
        .take(100)
        .collect();
    let (a, e) = alts(&[&ids.join(" OR ")]);
    assert_eq!(a.len(), MAX_LICENSE_ALTERNATIVES);
    assert_eq!(e.len(), 1);
    assert!(a.iter().all(|alt| alt.len() == 1));

    // Below the bound nothing is reported.
    let (a, e) = alts(&[&expr.replace(" AND (Python-2.0 OR X11)", "")]);
    assert_eq!(a.len(), 64);
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn components_carry_their_evaluated_licenses() {
    let s = must("bom.json", &cdx());
    assert_eq!(
        s.components[0].license_alternatives,
        dnf_of(&[&["Apache-2.0"]])
    );
    let nested = &s.components[1];
    assert_eq!(
        nested.license_alternatives,
        dnf_of(&[&["Apache-2.0"], &["MIT"]]),
        "the named license does not parse and is left out"
    );
    assert_eq!(nested.license_errors.len(), 1);
    assert_eq!(nested.license_errors[0].expression, "Custom Terms");
    assert!(s.components[2].license_alternatives.is_empty());
    assert!(s.components[2].license_errors.is_empty());

    let s = must("sbom.spdx.json", &spdx2());
    assert_eq!(
        s.components[1].license_alternatives,
        dnf_of(&[&["Apache-2.0", "MIT"]]),
        "concluded AND declared"
    );
}

#[test]
fn licence_names_are_evaluated_as_spdx_terms() {
    let both = |id: &str| vec![vec![format!("{id}-only"), format!("{id}-or-later")]];
    assert_eq!(
        dnf("GNU Affero General Public License v3"),
        both("AGPL-3.0")
    );
    assert_eq!(dnf("GNU AGPL v3"), both("AGPL-3.0"));
    assert_eq!(
        dnf("AGPLv3"),
        both("AGPL-3.0"),
        "was AGPL-3.0-only through the crate"
    );
    assert_eq!(dnf("GPLv3"), both("GPL-3.0"));
    assert_eq!(
        dnf("License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)"),
        dnf_of(&[&["AGPL-3.0-or-later"]])
    );
    assert_eq!(dnf("AGPL-3+"), dnf_of(&[&["AGPL-3.0-or-later"]]));
    assert_eq!(
        dnf("Server Side Public License, v 1"),
        dnf_of(&[&["SSPL-1.0"]])
    );
    assert_eq!(dnf("Business Source License 1.1"), dnf_of(&[&["BUSL-1.1"]]));
    assert_eq!(dnf("Elastic License 2.0"), dnf_of(&[&["Elastic-2.0"]]));
    assert_eq!(
        dnf("Apache License 2.0 with Commons Clause"),
        dnf_of(&[&["Apache-2.0", "LicenseRef-Commons-Clause"]])
    );
    assert_eq!(
        dnf("MIT OR GNU Affero General Public License v3.0 only"),
        dnf_of(&[&["AGPL-3.0-only"], &["MIT"]])
    );
    // `gnu gpl v2` is GPL-3.0-only in the crate's imprecise names; read here as GPL 2.
    assert_eq!(dnf("GNU GPL v2"), both("GPL-2.0"));
    // SPDX ids keep their meaning: the deprecated `GPL-2.0` is `-only`.
    assert_eq!(dnf("GPL-2.0"), dnf_of(&[&["GPL-2.0-only"]]));
    let (a, e) = alts(&["BSD"]);
    assert!(
        a.is_empty() && e.len() == 1,
        "a bare BSD is unparsed: {a:?}"
    );
}
