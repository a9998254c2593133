//! The static pickle analysis: every opcode that imports, what counts as a call, errors and the
//! bounds of the analysis.

use super::*;
use ModelFormat::*;

/// Every dangerous import make.py planted is reported with its exact module, name, member
/// and offset, and is called.
#[test]
fn every_planted_attack_is_found_at_its_offset() {
    let table = std::fs::read_to_string(dir().join("offsets.txt")).unwrap();
    let mut n = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, member, import, offset] = cols[..] else {
            panic!("bad line {line}")
        };
        let s = scan_fixture(file);
        let rep = report(&s);
        let hit = rep.imports.iter().find(|i| {
            format!("{}.{}", i.module, i.name) == import
                && i.member.as_deref().unwrap_or("") == member
        });
        let hit = hit.unwrap_or_else(|| panic!("{file}: {import} not found in {rep:?}"));
        assert_eq!(hit.offset.to_string(), offset, "{file}: {hit:?}");
        if import != "builtins.str" {
            assert!(hit.called, "{file}: {hit:?}");
        }
        assert!(
            s.format.is_some_and(ModelFormat::pickle_family) || s.format == Some(Npy),
            "{file}: {s:?}"
        );
        n += 1;
    }
    assert!(n >= 16, "{n} attacks checked");
}

#[test]
fn protocol_0_global_and_renamed_pickles() {
    for name in ["evil_proto0.pkl", "model.safetens\u{043e}rs", "weights.txt"] {
        let s = scan_fixture(name);
        assert_eq!(s.format, Some(Pickle), "{name}");
        assert!(s.by_content, "{name}");
        let rep = report(&s);
        assert!(rep.complete, "{name}: {rep:?}");
        assert_eq!(rep.streams, 1);
        assert_eq!(rep.imports.len(), 1, "{name}: {rep:?}");
    }
    let s = scan_fixture("evil_proto0.pkl");
    let imp = find(&s, "os.system");
    assert_eq!(
        (imp.opcode.as_str(), imp.offset, imp.member.as_deref()),
        ("GLOBAL", 0, None)
    );
}

#[test]
fn stack_global_operands_from_the_memo_and_from_any_string_opcode() {
    let s = scan_fixture("evil_proto5.pkl");
    let imp = find(&s, "builtins.exec");
    assert_eq!((imp.opcode.as_str(), imp.offset), ("STACK_GLOBAL", 39));
    let s = scan_fixture("evil_memo_mix.pkl");
    let imp = find(&s, "subprocess.Popen");
    assert_eq!(
        (imp.opcode.as_str(), imp.offset, imp.called),
        ("STACK_GLOBAL", 37, true)
    );
    // Every string opcode can feed STACK_GLOBAL.
    let cases: Vec<(&[u8], &[u8])> = vec![
        (b"S'os'\n", b"U\x06system"),
        (b"T\x02\x00\x00\x00os", b"X\x06\x00\x00\x00system"),
        (b"Vos\n", b"\x8d\x06\x00\x00\x00\x00\x00\x00\x00system"),
        (b"V\\u006fs\n", b"S\"sys\\x74em\"\n"),
    ];
    for (m, n) in cases {
        let mut p = b"\x80\x04".to_vec();
        p.extend_from_slice(m);
        p.extend_from_slice(n);
        p.extend_from_slice(b"\x93)R.");
        let s = scan_bytes(&p, "x.pkl");
        assert_eq!(
            names(&s),
            ["os.system"],
            "{:?}",
            String::from_utf8_lossy(&p)
        );
        assert!(report(&s).complete);
    }
}

#[test]
fn inst_ext_and_unresolvable_operands_fail_closed() {
    let s = scan_fixture("evil_inst.pkl");
    let imp = find(&s, "runpy._run_code");
    assert_eq!(
        (imp.opcode.as_str(), imp.offset, imp.called),
        ("INST", 15, true)
    );
    let s = scan_fixture("evil_unresolvable.pkl");
    assert_eq!(names(&s), ["builtins.str", "?.system"]);
    assert_eq!(find(&s, "?.system").offset, 30);
    let s = scan_fixture("evil_ext.pkl");
    let imp = find(&s, "?.?");
    assert_eq!(
        (imp.opcode.as_str(), imp.offset, imp.called),
        ("EXT2", 2, true)
    );
    // STACK_GLOBAL on bytes fails in Python before importing: an error, no import.
    let s = scan_bytes(b"\x80\x04C\x02osC\x06system\x93.", "x.pkl");
    let rep = report(&s);
    assert!(rep.imports.is_empty() && !rep.complete, "{rep:?}");
    assert!(rep.errors[0].contains("STACK_GLOBAL"), "{rep:?}");
}

#[test]
fn called_is_tracked_through_the_stack_and_memo() {
    // Imported, never called.
    let s = scan_bytes(b"cos\nsystem\n.", "x.pkl");
    assert!(!find(&s, "os.system").called);
    // Called after a round trip through the memo.
    let s = scan_bytes(b"\x80\x02cos\nsystem\nq\x010h\x01)R.", "x.pkl");
    assert!(find(&s, "os.system").called);
    // BUILD on an imported object (setattr on a module/class) counts as a call.
    let s = scan_bytes(b"\x80\x02cbuiltins\nobject\n}b.", "x.pkl");
    assert!(find(&s, "builtins.object").called);
    // NEWOBJ_EX and OBJ.
    let s = scan_bytes(b"\x80\x04cm\nK\n)}\x92.", "x.pkl");
    assert!(find(&s, "m.K").called);
    let s = scan_bytes(b"(cm\nK\no.", "x.pkl");
    assert!(find(&s, "m.K").called);
}

#[test]
fn imports_before_a_parse_error_count() {
    let s = scan_fixture("evil_truncated.pkl");
    assert_eq!(s.format, Some(Pickle));
    let rep = report(&s);
    assert_eq!(find(&s, "builtins.exec").offset, 39);
    assert!(!rep.complete);
    assert!(rep.errors[0].contains("truncated"), "{rep:?}");
    // INST without a mark: pickle.py imports before it looks for the mark.
    let s = scan_bytes(b"ios\nsystem\n.", "x.pkl");
    assert_eq!(names(&s), ["os.system"]);
    assert!(!report(&s).complete);
    // An invalid opcode after a call.
    let s = scan_bytes(b"cos\nsystem\n(S'id'\ntR\xff", "x.pkl");
    assert!(find(&s, "os.system").called);
    assert!(report(&s).errors[0].contains("invalid opcode 0xff"));
}

#[test]
fn bounds_end_the_analysis_honestly() {
    // A length claimed by the file is never allocated.
    let s = scan_bytes(b"\x80\x04\x8e\x00\x00\x00\x00\x00\x00\x00\x10", "x.pkl");
    assert!(!report(&s).complete);
    let s = scan_bytes(b"\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7fabc", "x.pkl");
    assert!(!report(&s).complete);
    // Too many marks.
    let mut p = b"cos\nsystem\n".to_vec();
    p.extend(std::iter::repeat_n(b'(', MAX_STACK + 1));
    let s = scan_bytes(&p, "x.pkl");
    let rep = report(&s);
    assert_eq!(names(&s), ["os.system"]);
    assert!(!rep.complete && rep.errors[0].contains("stack"), "{rep:?}");
    // Too many memo entries.
    let mut p = b"\x80\x04N".to_vec();
    p.extend(std::iter::repeat_n(0x94, MAX_MEMO + 1));
    p.push(b'.');
    let rep = scan_bytes(&p, "x.pkl").pickle.unwrap();
    assert!(!rep.complete && rep.errors[0].contains("memo"), "{rep:?}");
    // A module name too long to keep is `?`.
    let mut p = b"\x80\x04X\x00\x30\x00\x00".to_vec();
    p.extend(std::iter::repeat_n(b'a', 0x3000));
    p.extend_from_slice(b"\x8c\x06system\x93.");
    let s = scan_bytes(&p, "x.pkl");
    assert_eq!(names(&s), ["?.system"]);
}
