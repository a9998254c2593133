//! Ecosystems named by what an SBOM says besides a purl: registry URLs, tool package types,
//! `cdx:` properties, CPEs and package-manager references.

use super::*;

/// The ecosystem of a package registry's URL (`https://pypi.org/project/x`,
/// `https://registry.npmjs.org/x/-/x-1.0.tgz`). Version control and other hosts name none:
/// a package built from GitHub is still whatever package it is.
pub(in crate::formats::sbom) fn eco_of_url(url: &str) -> Option<&'static str> {
    let u = url.trim();
    let rest = ["https://", "http://"].iter().find_map(|p| {
        u.get(..p.len())
            .filter(|s| s.eq_ignore_ascii_case(p))
            .map(|_| &u[p.len()..])
    })?;
    let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
    const HOSTS: [(&str, &str); 32] = [
        ("pypi.org", "pypi"),
        ("pypi.python.org", "pypi"),
        ("files.pythonhosted.org", "pypi"),
        ("test.pypi.org", "pypi"),
        ("registry.npmjs.org", "npm"),
        ("www.npmjs.com", "npm"),
        ("npmjs.com", "npm"),
        ("registry.yarnpkg.com", "npm"),
        ("repo1.maven.org", "maven"),
        ("repo.maven.apache.org", "maven"),
        ("central.sonatype.com", "maven"),
        ("search.maven.org", "maven"),
        ("crates.io", "cargo"),
        ("static.crates.io", "cargo"),
        ("rubygems.org", "gem"),
        ("www.nuget.org", "nuget"),
        ("api.nuget.org", "nuget"),
        ("proxy.golang.org", "golang"),
        ("pkg.go.dev", "golang"),
        ("packagist.org", "composer"),
        ("repo.packagist.org", "composer"),
        ("hex.pm", "hex"),
        ("repo.hex.pm", "hex"),
        ("pub.dev", "pub"),
        ("cran.r-project.org", "cran"),
        ("huggingface.co", "huggingface"),
        ("center.conan.io", "conan"),
        ("hackage.haskell.org", "hackage"),
        ("conda.anaconda.org", "conda"),
        ("anaconda.org", "conda"),
        ("metacpan.org", "cpan"),
        ("luarocks.org", "luarocks"),
    ];
    HOSTS
        .iter()
        .find(|(h, _)| h.eq_ignore_ascii_case(host))
        .map(|(_, e)| *e)
}

/// The ecosystem of a syft package type or language (`syft:package:type`,
/// `syft:package:language`), or of a CycloneDX property taxonomy namespace (`cdx:npm:…`).
pub(in crate::formats::sbom) fn eco_of_tool_type(t: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 44] = [
        ("python", "pypi"),
        ("pypi", "pypi"),
        ("pip", "pypi"),
        ("pipenv", "pypi"),
        ("poetry", "pypi"),
        ("npm", "npm"),
        ("javascript", "npm"),
        ("esbuild", "npm"),
        ("java-archive", "maven"),
        ("jenkins-plugin", "maven"),
        ("java", "maven"),
        ("maven", "maven"),
        ("gradle", "maven"),
        ("go-module", "golang"),
        ("go", "golang"),
        ("gomod", "golang"),
        ("rust-crate", "cargo"),
        ("rust", "cargo"),
        ("rustc", "cargo"),
        ("cargo", "cargo"),
        ("gem", "gem"),
        ("ruby", "gem"),
        ("php-composer", "composer"),
        ("php", "composer"),
        ("composer", "composer"),
        ("dotnet", "nuget"),
        ("nuget", "nuget"),
        ("dart-pub", "pub"),
        ("dart", "pub"),
        ("conan", "conan"),
        ("cpp", "conan"),
        ("hackage", "hackage"),
        ("haskell", "hackage"),
        ("hex", "hex"),
        ("elixir", "hex"),
        ("erlang-otp", "otp"),
        ("pod", "cocoapods"),
        ("swift", "swift"),
        ("r-package", "cran"),
        ("lua-rocks", "luarocks"),
        ("opam", "opam"),
        ("conda", "conda"),
        ("deb", "deb"),
        ("rpm", "rpm"),
    ];
    let t = t.trim();
    match NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(t)) {
        Some((_, e)) => Some(e),
        None => ["apk", "alpm", "github"]
            .into_iter()
            .find(|e| e.eq_ignore_ascii_case(t))
            .or_else(|| t.eq_ignore_ascii_case("homebrew").then_some("brew"))
            .or_else(|| t.eq_ignore_ascii_case("github-action").then_some("github")),
    }
}

/// The ecosystem a CycloneDX property names: `syft:package:type` and `syft:package:language`
/// by their value, `cdx:<tool>:…` by the tool's namespace.
pub(in crate::formats::sbom) fn eco_of_property(name: &str, value: &str) -> Option<&'static str> {
    if name == "syft:package:type" || name == "syft:package:language" {
        return eco_of_tool_type(value);
    }
    let rest = name.strip_prefix("cdx:")?;
    let ns = rest.split(':').next()?;
    eco_of_tool_type(ns)
}

/// The ecosystem of a CPE's target software (`cpe:2.3:a:v:p:1.0:*:*:*:*:python:*:*`).
pub(in crate::formats::sbom) fn eco_of_cpe(cpe: &str) -> Option<&'static str> {
    let target = cpe.strip_prefix("cpe:2.3:")?.split(':').nth(8)?;
    match target.to_ascii_lowercase().as_str() {
        "python" | "pypi" => Some("pypi"),
        "node.js" | "nodejs" | "npm" => Some("npm"),
        "go" | "golang" => Some("golang"),
        "rust" | "cargo" => Some("cargo"),
        "ruby" | "rubygems" => Some("gem"),
        "maven" => Some("maven"),
        "nuget" | ".net" => Some("nuget"),
        _ => None,
    }
}

/// A purl for an SPDX package-manager reference: `maven-central` `group:artifact:version`,
/// `npm` `name@version`, `nuget` `Name/version` (SPDX 2.3 Annex F; SPDX 3 `mavenCentral`, `npm`,
/// `nuget`).
pub(in crate::formats::sbom) fn purl_of_reference(kind: &str, locator: &str) -> Option<String> {
    let mut out = String::from("pkg:");
    let l = locator.trim();
    match kind {
        "maven-central" | "mavenCentral" => {
            let mut parts = l.split(':');
            let (g, a) = (parts.next()?, parts.next()?);
            out.push_str("maven/");
            encode_into(&mut out, g);
            out.push('/');
            encode_into(&mut out, a);
            if let Some(v) = parts.next() {
                out.push('@');
                encode_into(&mut out, v);
            }
        }
        "npm" => {
            let (n, v) = match l.rfind('@').filter(|&i| i > 0) {
                Some(i) => (&l[..i], Some(&l[i + 1..])),
                None => (l, None),
            };
            out.push_str("npm/");
            let (scope, name) = match n.split_once('/') {
                Some((s, n)) => (Some(s), n),
                None => (None, n),
            };
            if let Some(s) = scope {
                encode_into(&mut out, s);
                out.push('/');
            }
            encode_into(&mut out, name);
            if let Some(v) = v {
                out.push('@');
                encode_into(&mut out, v);
            }
        }
        "nuget" => {
            let (n, v) = l.split_once('/').unwrap_or((l, ""));
            out.push_str("nuget/");
            encode_into(&mut out, n);
            if !v.is_empty() {
                out.push('@');
                encode_into(&mut out, v);
            }
        }
        _ => return None,
    }
    Some(out)
}
