//! `saywho render` checked in a real browser: the seed article plus a hostile one (a literal
//! `<script>` tag in its text) go through the real binary (`extract --keep-text`, `render`),
//! then headless Chromium loads the report (scripts run) and dumps the resulting DOM, and
//! takes a screenshot to `target/test-output/report.png`.
//!
//! Needs Chromium: run `scripts/setup_browser.sh` (Debian packages `chromium`,
//! `chromium-driver`). Without it the test fails, unless `SAYWHO_SKIP_BROWSER=1` is set.
//! `SAYWHO_CHROMIUM=/path/to/chrome` picks another browser binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_saywho");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const HOSTILE: &str = "Officials found <script>alert(1)</script> in a comment field on Monday. \
\"We will fix it this week,\" said Jane Doe, a spokeswoman for the city. Emoji 🙂 “fine”.\n";

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SAYWHO_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Run a command with a deadline (a hung browser must not hang the test suite).
fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    // drain the pipes on threads so a large DOM cannot block the child
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            panic!("{cmd:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn chromium_cmd(chromium: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chromium);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn saywho(args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).output().expect("run saywho");
    assert!(
        out.status.success(),
        "saywho {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn report_renders_in_headless_chromium() {
    if std::env::var("SAYWHO_SKIP_BROWSER").as_deref() == Ok("1") {
        println!("SKIPPED render_browser: SAYWHO_SKIP_BROWSER=1");
        return;
    }
    let Some(chromium) = find_chromium() else {
        panic!(
            "Chromium not found (looked for chromium / chromium-browser / google-chrome on PATH \
             and $SAYWHO_CHROMIUM). Run scripts/setup_browser.sh to install it, or set \
             SAYWHO_SKIP_BROWSER=1 to skip this test."
        );
    };

    let tmp = tempfile::tempdir().unwrap();
    let hostile = tmp.path().join("zz_script_test.txt");
    std::fs::write(&hostile, HOSTILE).unwrap();
    let seed = Path::new(ROOT).join("data/samples/000_a4f25349d3a76f5a.txt");
    let records = tmp.path().join("records.jsonl");
    let report = tmp.path().join("report.html");
    // --no-html: the article's markup stays text (by default extract would clean it away),
    // so the report must escape it
    saywho(&[
        "extract",
        "--keep-text",
        "--no-html",
        "-q",
        seed.to_str().unwrap(),
        hostile.to_str().unwrap(),
        "-o",
        records.to_str().unwrap(),
    ]);
    saywho(&[
        "render",
        records.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--open",
        "2",
    ]);

    // what the records say
    let recs: Vec<serde_json::Value> = std::fs::read_to_string(&records)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    let n_quotes: usize = recs
        .iter()
        .map(|r| r["quotes"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(
        n_quotes >= 2,
        "expected quotes in both articles, got {n_quotes}"
    );
    assert!(
        !recs[1]["quotes"].as_array().unwrap().is_empty(),
        "the hostile article should yield its quote"
    );

    let url = format!("file://{}", report.display());
    let out = run_with_timeout(
        chromium_cmd(&chromium, &tmp.path().join("profile-dom"))
            .arg("--dump-dom")
            .arg(&url),
        Duration::from_secs(90),
    );
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && dom.contains("</html>"),
        "chromium --dump-dom failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let out_dir = Path::new(ROOT).join("target/test-output");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("report.dom.html"), &dom).unwrap();

    // the inline script ran
    assert!(dom.contains("data-js=\"ready\""), "inline JS did not run");
    // one anchored quote element per quote, as counted by the static markup ...
    assert_eq!(
        dom.matches(" id=\"q-").count(),
        n_quotes,
        "quote anchors in the DOM"
    );
    // ... and by the browser's own querySelectorAll
    assert!(
        dom.contains(&format!("data-quote-elements=\"{n_quotes}\"")),
        "querySelectorAll('.q[id^=q-]') in the browser should count {n_quotes} quotes"
    );
    // quote kinds are marked
    for r in &recs {
        for q in r["quotes"].as_array().unwrap() {
            let kind = q["kind"].as_str().unwrap();
            assert!(
                dom.contains(&format!("class=\"q k-{kind} ")),
                "kind {kind} not marked"
            );
        }
    }
    // speaker index
    let idx_start = dom
        .find("<section id=\"speakers\">")
        .expect("speaker index");
    let idx = &dom[idx_start..idx_start + dom[idx_start..].find("</section>").unwrap()];
    assert!(
        idx.contains("Vladimir Putin"),
        "Vladimir Putin missing from the speaker index"
    );
    assert_eq!(
        idx.matches("<a href=\"#q-").count(),
        n_quotes,
        "index links every quote"
    );
    // the article's <script> is text, not an element
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped script text missing"
    );
    assert!(
        !dom.to_lowercase().contains("<script>alert"),
        "article <script> became an element"
    );
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the report's own script element"
    );

    // screenshot
    let png = out_dir.join("report.png");
    let _ = std::fs::remove_file(&png);
    let out = run_with_timeout(
        chromium_cmd(&chromium, &tmp.path().join("profile-shot"))
            .arg(format!("--screenshot={}", png.display()))
            .arg("--window-size=1280,2000")
            .arg(&url),
        Duration::from_secs(90),
    );
    assert!(
        out.status.success(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
        "screenshot looks empty"
    );
    println!("screenshot: {}", png.display());
}
