//! Runs one parsed command line: a branch per subcommand.

use modelgate::decision::ExitStatus;
use modelgate::pipeline::{self};
use modelgate::policy::{self, PolicySet};
use modelgate::render::Format as ReportFormat;
use modelgate::{render, schema, Error};
use std::time::Duration;

use super::*;

pub(crate) fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Check {
            scope,
            policy,
            format,
            output,
            now,
            config,
            waivers,
            record,
            sign_key,
            record_ttl,
        } => {
            // Key and validity are checked first: a record that cannot be signed fails the run
            // before any evaluation.
            let record_ttl = modelgate::record::parse_ttl(&record_ttl)?;
            let sign_key = sign_key
                .as_deref()
                .map(modelgate::verify::sign::SigningKey::read)
                .transpose()?;
            let scope = scope.resolve()?;
            let (set, opts) =
                check_setup(&policy, now.as_deref(), config.as_deref(), &waivers, &scope)?;
            if record.is_some() {
                modelgate::record::check_ttl(record_ttl, opts.config.limits.max_record_ttl_days)?;
            }
            watch(&set, &opts);
            let bar = progress_bar(format, &output);
            let report = pipeline::run(&scope, &set, &opts, &|n| match (&bar, n) {
                (Some(b), 0) => b.inc(1),
                (Some(b), n) => {
                    // A handful of bundles finishes before a bar would help.
                    if n < 20 {
                        b.set_draw_target(indicatif::ProgressDrawTarget::hidden());
                    }
                    b.set_length(n as u64)
                }
                (None, _) => {}
            })?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            // The text report says it itself; other formats get the note on stderr.
            let text_on_stdout = matches!(format, ReportFormat::Text) && output.is_empty();
            if let (Some(g), true, false) = (&report.git, report.bundles.is_empty(), text_on_stdout)
            {
                eprintln!(
                    "modelgate: no bundle changed between {} and {}",
                    g.base.as_deref().unwrap_or("?"),
                    g.head.as_deref().unwrap_or("?")
                );
            }
            write_outputs(&report, format, &output)?;
            if let (Some(path), Some(key)) = (&record, &sign_key) {
                if report.exit_status() == ExitStatus::Error {
                    eprintln!(
                        "modelgate: no decision record written to {}: the run errored",
                        path.display()
                    );
                } else {
                    let json = modelgate::record::create(&report, key, record_ttl)?;
                    std::fs::write(path, json).map_err(|e| Error::io(path, e))?;
                }
            }
            Ok(report.exit_status())
        }
        Command::Report {
            scope,
            policy,
            output,
            template,
            now,
            config,
            waivers,
        } => {
            let scope = scope.resolve()?;
            let (set, opts) =
                check_setup(&policy, now.as_deref(), config.as_deref(), &waivers, &scope)?;
            watch(&set, &opts);
            let report = pipeline::run(&scope, &set, &opts, &|_| {})?;
            let html = render::html::render(&report, template.as_deref())?;
            match &output {
                Some(path) => std::fs::write(path, html).map_err(|e| Error::io(path, e))?,
                None => emit(&html)?,
            }
            Ok(report.exit_status())
        }
        Command::Input {
            bundle,
            policy,
            now,
        } => {
            let set = load_policies(&policy, false)?;
            let mut opts = options(&policy, now.as_deref())?;
            opts.trust = modelgate::config::resolve_trust(&opts.config, &trust_flags(&policy))?;
            let input = pipeline::load_input(&bundle, &set, &opts)?;
            emit(&pretty_json(&input)?)?;
            Ok(ExitStatus::Approve)
        }
        Command::Policies { policy, format } => {
            let set = load_policies(&policy, false)?;
            let text = match format {
                CatalogueFormat::Text => render::rules_text(&set.rules),
                CatalogueFormat::Json => pretty_json(&set.rules)?,
                CatalogueFormat::Markdown => {
                    render::catalogue_markdown(&set.rules, &set.default_params()?)
                }
            };
            emit(&text)?;
            Ok(ExitStatus::Approve)
        }
        Command::Explain { rule, policy } => {
            let set = load_policies(&policy, false)?;
            match set.rule(&rule) {
                Some(r) => {
                    emit(&render::explain_text(r))?;
                    Ok(ExitStatus::Approve)
                }
                None => match modelgate::decision::DIAGNOSTICS
                    .iter()
                    .find(|d| d.0 == rule)
                {
                    Some((id, title, description, _, _)) => {
                        emit(&format!("{id}: {title}\n\n  reported by modelgate itself (not a policy)\n\n{description}\n"))?;
                        Ok(ExitStatus::Approve)
                    }
                    None => match modelgate::diagnostic::Code::parse(&rule) {
                        Some(code) => {
                            emit(&format!(
                                "{code}: {}\n\n  an evidence or configuration error (exit 2; the bundle is not evaluated)\n\n{}\n",
                                code.title(),
                                code.description()
                            ))?;
                            Ok(ExitStatus::Approve)
                        }
                        None => Err(Error::Usage(format!(
                            "no rule with id `{rule}`; `modelgate policies` lists them"
                        ))),
                    },
                },
            }
        }
        Command::Verify {
            target,
            signature,
            ignore_paths,
            certificate_chain,
            policy,
            format,
        } => {
            let mut trust =
                modelgate::config::resolve_trust(&Default::default(), &trust_flags(&policy))?;
            if !certificate_chain.is_empty() {
                trust.ca_certs =
                    modelgate::verify::oms::CertificateChain::read(&certificate_chain)?;
            }
            let v = modelgate::verify::evidence::verify_path_ignoring(
                &target,
                &signature,
                &trust,
                &ignore_paths,
            )?;
            let text = match format {
                Format::Text => render::verify::signature(&v),
                Format::Json => pretty_json(&v)?,
            };
            emit(&text)?;
            Ok(verified_status(v.verified()))
        }
        Command::VerifyRecord {
            record,
            keys,
            artifacts,
            now,
            require_approve,
            format,
        } => {
            let keys = keys
                .iter()
                .map(|k| modelgate::verify::dsse::PublicKey::read(k))
                .collect::<Result<Vec<_>, Error>>()?;
            let now = now_or_given(now.as_deref())?;
            let mut v = modelgate::record::verify_file(&record, &keys, now, &artifacts)?;
            if require_approve {
                v.require_approve();
            }
            let text = match format {
                Format::Text => render::verify::record(&v),
                Format::Json => pretty_json(&v)?,
            };
            emit(&text)?;
            Ok(verified_status(v.verified))
        }
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            records,
            keys,
            dry_run_namespaces,
            environment,
            eval_timeout,
            max_body,
            data,
            unready_restart_after,
            max_connections,
        } => {
            if eval_timeout == 0 || max_body == 0 {
                return Err(Error::Usage(
                    "--eval-timeout and --max-body must be positive".into(),
                ));
            }
            let mut config = modelgate::serve::Config::new(listen, tls_cert, tls_key, records);
            config.keys = keys
                .iter()
                .map(|k| modelgate::verify::dsse::PublicKey::read(k))
                .collect::<Result<Vec<_>, Error>>()?;
            config.dry_run_namespaces = dry_run_namespaces;
            config.environment = environment;
            config.eval_timeout = Duration::from_millis(eval_timeout);
            config.max_body = max_body;
            config.unready_limit = Duration::from_secs(unready_restart_after);
            if let Some(n) = max_connections {
                if n == 0 {
                    return Err(Error::Usage("--max-connections must be positive".into()));
                }
                config.max_connections = n;
            }
            let mut set = PolicySet::default();
            for d in &data {
                set.add_data_file(d)?;
            }
            config.data = set.data;
            modelgate::serve::run(config)?;
            Ok(ExitStatus::Approve)
        }
        Command::Init {
            dir,
            name,
            force,
            data,
        } => {
            let mut set = PolicySet::builtin(false)?;
            for d in &data {
                set.add_data_file(d)?;
            }
            emit(&modelgate::init::init(&set, &dir, name.as_deref(), force)?)?;
            Ok(ExitStatus::Approve)
        }
        Command::FetchCheck {
            folder,
            records,
            keys,
            environment,
            data,
            now,
            format,
            command,
        } => {
            let keys = keys
                .iter()
                .map(|k| modelgate::verify::dsse::PublicKey::read(k))
                .collect::<Result<Vec<_>, Error>>()?;
            let mut set = PolicySet::default();
            for d in &data {
                set.add_data_file(d)?;
            }
            let now = now_or_given(now.as_deref())?;
            let v = modelgate::fetchcheck::check(
                &folder,
                &records,
                &keys,
                environment.as_deref(),
                &set.data,
                now,
            )?;
            let text = match format {
                Format::Text => render::verify::fetch_check(&v),
                Format::Json => pretty_json(&v)?,
            };
            // The verdict goes to stderr when a command follows, so its output stays its own.
            if command.is_empty() {
                emit(&text)?;
            } else {
                eprint!("{text}");
            }
            if !v.verified {
                return Ok(ExitStatus::Block);
            }
            match command.split_first() {
                None => Ok(ExitStatus::Approve),
                Some((program, args)) => Err(exec(program, args)),
            }
        }
        Command::Revoke {
            digests,
            environment,
            reason,
            by,
            sign_key,
            output,
            now,
        } => {
            let key = modelgate::verify::sign::SigningKey::read(&sign_key)?;
            let now = now_or_given(now.as_deref())?;
            let statement = modelgate::revocation::statement(
                &digests,
                environment.as_deref(),
                &reason,
                by.as_deref(),
                now,
            )?;
            let json = modelgate::revocation::create(&statement, &key)?;
            std::fs::write(&output, json).map_err(|e| Error::io(&output, e))?;
            emit(&format!(
                "revoked {} digest(s) {} from {} ({}) in {}\n",
                statement.subject.len(),
                environment
                    .as_deref()
                    .map_or("in every environment".to_string(), |e| format!("in {e}")),
                statement.predicate.time,
                statement.predicate.revocation_id,
                output.display()
            ))?;
            Ok(ExitStatus::Approve)
        }
        Command::Waiver {
            command: WaiverCommand::Sign { sign_key, files },
        } => {
            let key = modelgate::verify::sign::SigningKey::read(&sign_key)?;
            let mut text = String::new();
            for f in &files {
                let n = modelgate::config::sign_waiver_file(f, &key)?;
                text.push_str(&format!(
                    "signed {n} waiver(s) in {} with key {}\n",
                    f.display(),
                    key.key_id()
                ));
            }
            emit(&text)?;
            Ok(ExitStatus::Approve)
        }
        Command::Digest { files } => {
            use rayon::prelude::*;
            let digests: Vec<Result<(u64, String), Error>> = files
                .par_iter()
                .map(|f| modelgate::digest::hash_file(f))
                .collect();
            let mut text = String::new();
            for (f, d) in files.iter().zip(digests) {
                let (_, hex) = d?;
                text.push_str(&format!("{hex}  {}\n", f.display()));
            }
            emit(&text)?;
            Ok(ExitStatus::Approve)
        }
        Command::Schema { name, write } => {
            if let Some(dir) = write {
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                for (n, file) in schema::NAMES {
                    let path = dir.join(file);
                    std::fs::write(&path, schema::schema(n).unwrap_or_default())
                        .map_err(|e| Error::io(path, e))?;
                }
                return Ok(ExitStatus::Approve);
            }
            let name = name.unwrap_or_else(|| "input".into());
            match schema::schema(&name) {
                Some(s) => emit(&s)?,
                None => {
                    let names: Vec<&str> = schema::NAMES.iter().map(|(n, _)| *n).collect();
                    return Err(Error::Usage(format!(
                        "unknown schema `{name}`; one of: {}",
                        names.join(", ")
                    )));
                }
            }
            Ok(ExitStatus::Approve)
        }
        Command::Test {
            dirs,
            run,
            no_builtin,
            coverage,
        } => {
            let args = PolicyArgs {
                policies: dirs,
                data: Vec::new(),
                no_builtin,
                timeout: 10.0,
                keys: Vec::new(),
                trusted_root: None,
                identities: Vec::new(),
            };
            let set = load_policies(&args, true)?;
            let (results, cov) = policy::run_tests_with_coverage(
                &set,
                run.as_deref(),
                policy::DEFAULT_TIMEOUT,
                coverage,
            )?;
            let mut text = String::new();
            for r in &results {
                if r.passed {
                    text.push_str(&format!("PASS {}\n", r.name));
                } else {
                    text.push_str(&format!("FAIL {}: {}\n", r.name, r.detail));
                }
            }
            if coverage {
                text.push_str(&render::coverage_text(&cov));
            }
            let failed = results.iter().filter(|r| !r.passed).count();
            text.push_str(&format!(
                "{} passed, {} failed\n",
                results.len() - failed,
                failed
            ));
            emit(&text)?;
            if results.is_empty() {
                return Err(Error::Usage("no test_* rules found".into()));
            }
            Ok(if failed == 0 {
                ExitStatus::Approve
            } else {
                ExitStatus::Block
            })
        }
    }
}
