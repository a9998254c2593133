//! The integration tests, as one test binary: each module is one area (its file says what it
//! covers). One binary links once per edit, where 28 linked each time.

mod common;

mod attacks;
mod card_headings;
mod ci_examples;
mod cli;
mod cli_help;
mod codequality;
mod fail_closed;
mod fetch_check;
mod fuzz_regressions;
mod git;
mod html;
mod init;
mod install_script;
mod kustomize;
mod legal_cases;
mod malformed;
mod oms;
mod opa;
mod placeholders;
mod real_corpus;
mod record;
mod release;
mod report_formats;
mod robustness_task_claims;
mod rollback_target;
mod sbom_spelling;
mod self_bundle;
mod serve;
mod signatures_real;
mod sigstore_conformance;
