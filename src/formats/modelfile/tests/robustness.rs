//! Robustness: truncated and corrupted fixtures, ordinary text never taken for a pickle, and
//! the analyser's throughput (ignored by default).

use super::*;

/// Every prefix of every fixture, and bytes flipped at every position of the small ones:
/// no panic, and a cut single-stream pickle is never complete.
#[test]
fn truncated_and_corrupt_inputs() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".py") && !n.ends_with(".md") && !n.ends_with(".txt"))
        .collect();
    files.sort();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for name in files {
        let bytes = fixture(&name);
        let single = name.ends_with(".pkl") && !name.starts_with("evil_truncated");
        for cut in 0..bytes.len() {
            let s = scan_bytes(&bytes[..cut], &name);
            if single && cut > 0 {
                let rep = s
                    .pickle
                    .as_ref()
                    .unwrap_or_else(|| panic!("{name}[..{cut}]"));
                assert!(!rep.complete, "{name}[..{cut}]: {rep:?}");
            }
        }
        for i in 0..bytes.len().min(2000) {
            let mut b = bytes.clone();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            b[i] ^= (seed as u8) | 1;
            let _ = scan_bytes(&b, &name);
        }
    }
}

fn text_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(root) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            text_files(&p, out);
        } else if std::fs::metadata(&p).is_ok_and(|m| m.len() <= 4 << 20) {
            out.push(p);
        }
    }
}

/// Ordinary text (Markdown, YAML, JSON, CSV, licences, requirements lists) is not taken for
/// a pickle.
#[test]
fn text_is_not_taken_for_a_pickle() {
    let mut files = Vec::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in [
        "examples",
        "policies",
        "templates",
        "schemas",
        "tests/fixtures/model-cards",
        "tests/fixtures/datasets",
    ] {
        text_files(&repo.join(sub), &mut files);
    }
    let shared = repo.join("../shared/data");
    if shared.is_dir() {
        text_files(&shared, &mut files);
    } else {
        eprintln!(
            "note: {} is absent; only the repository's text files are checked",
            shared.display()
        );
    }
    let mut checked = 0;
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let name = p.to_string_lossy();
        if format_by_name(&name).is_some_and(ModelFormat::pickle_family) {
            continue;
        }
        let s = scan_bytes(&bytes, &name);
        assert!(s.pickle.is_none(), "{name}: {s:?}");
        checked += 1;
    }
    assert!(checked > 50, "only {checked} files checked");
    for text in [
        "click\nnumpy\npandas\n",
        "cat\ndog\n",
        "capital\nletters\n(list)\n",
        "N/A.\n",
        "idle\ntime\n",
        "# Title\n\nSome text.\n",
        "name,age\nbob,3\n",
        "license: apache-2.0\n",
        "{\"a\": 1}\n",
        "(c)\nx\n",
    ] {
        let s = scan_bytes(text.as_bytes(), "notes.txt");
        assert!(s.pickle.is_none(), "{text:?}: {s:?}");
    }
}

/// Throughput of the analyser on generated ~200 MB pickles: opcode-dense (a state dict of
/// small tensors), and the same with a 1 MiB BINBYTES8 payload every 4096 entries. Run with
/// `--ignored --nocapture`, in release mode to measure.
#[test]
#[ignore]
fn throughput() {
    for payload in [false, true] {
        let mut p = b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00}".to_vec();
        p.extend_from_slice(b"ctorch._utils\n_rebuild_tensor_v2\nq\x00");
        let mut i: u32 = 0;
        while p.len() < 200 << 20 {
            p.extend_from_slice(b"\x8c\x08tensor_xr");
            p.extend_from_slice(&(i % 1000 + 1).to_le_bytes());
            p.extend_from_slice(b"h\x00(K\x01K\x02\x86\x89]J");
            p.extend_from_slice(&i.to_le_bytes());
            p.extend_from_slice(b"tRC\x40");
            p.extend(std::iter::repeat_n(0u8, 64));
            p.extend_from_slice(b"\x86s");
            if payload && i.is_multiple_of(4096) {
                p.extend_from_slice(b"C\x01k\x8e\x00\x00\x10\x00\x00\x00\x00\x00");
                p.extend(std::iter::repeat_n(7u8, 1 << 20));
                p.push(b's');
            }
            i += 1;
        }
        p.push(b'.');
        let t = std::time::Instant::now();
        let s = scan_bytes(&p, "big.pkl");
        let secs = t.elapsed().as_secs_f64();
        let rep = report(&s);
        eprintln!(
            "payload={payload}: {} MB, {i} entries in {secs:.2} s: {:.0} MB/s",
            p.len() >> 20,
            (p.len() as f64 / 1e6) / secs,
        );
        assert!(rep.complete, "{rep:?}");
        assert_eq!(names(&s), ["torch._utils._rebuild_tensor_v2"]);
        assert!(rep.imports[0].called);
        assert_eq!(rep.imports[0].count, 1);
    }
}
