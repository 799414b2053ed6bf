//! `transcrub lint`: walk the paths, lint every transcript in parallel,
//! print the findings, apply fixes. Fixes are `clean`'s own edits, run with
//! only the passes of the selected rules, so `lint --fix` and `clean` give
//! the same text.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::clean::{Cleaned, FuzzyPass, Passes};
use crate::cli::LintArgs;
use crate::config::{Config, LintSettings, PathRules};
use crate::encoding::AsRead;
use crate::error::{Error, ErrorKind, Result};
use crate::lint::check::{File, Lines, Linter};
use crate::lint::format::{self as output, OutputFormat, Style};
use crate::lint::rules::{self, format_defect, mojibake};
use crate::lint::{Applicability, Diagnostic, Severity};
use crate::output::{Locked, Plan, read_locked};
use crate::report;
use crate::write::{self, Output};

use super::input::{self, Source};
use super::subtitles::configured_limits;
use super::{Status, Streams};

/// Extensions of the files a folder walk lints.
const EXTENSIONS: [&str; 5] = ["txt", "srt", "vtt", "json", "tsv"];
/// Runs at least this large get a progress bar on a terminal.
const PROGRESS_FROM: usize = 200;

/// Which rules apply, at which severity.
struct Selection {
    settings: LintSettings,
    paths: PathRules,
}

impl Selection {
    fn applies(&self, code: &str, path: &Path) -> bool {
        self.settings.enabled(code)
            && !self
                .paths
                .ignored_for(path)
                .iter()
                .any(|p| code.starts_with(&p.to_ascii_uppercase()))
    }

    fn severity(&self, code: &str, default: Severity) -> Severity {
        self.settings
            .severity_for(code)
            .and_then(Severity::from_name)
            .unwrap_or(default)
    }
}

/// One file's outcome.
struct Linted {
    path: PathBuf,
    diagnostics: Vec<Diagnostic>,
    original: String,
    /// The text with the applicable fixes, when there are any.
    fixed: Option<String>,
    /// How many findings the fixes resolve.
    fixed_count: usize,
    /// The file's lock, held until its fix is in place (`--fix`).
    lock: Option<Locked>,
    /// The file could not be read at all: the run exits 2 at the end.
    unreadable: bool,
    /// How the file's bytes encoded its text: a fix is written so.
    as_read: AsRead,
}

/// Runs `transcrub lint`.
pub fn run(args: &LintArgs, streams: &mut Streams) -> Result<Status> {
    let io_err = crate::error::cannot_print;
    if let Some(code) = &args.explain {
        let rule = rules::by_code(code).ok_or_else(|| {
            Error::usage(format!(
                "expected a rule code such as TR001, found {code:?}"
            ))
        })?;
        write!(
            streams.stdout,
            "{} {} ({})\n\n{}.\n\n{}\n\nExample: {}\n",
            rule.code,
            rule.name,
            rule.severity,
            capitalised(rule.summary),
            rule.explanation,
            rule.example
        )
        .map_err(io_err)?;
        return Ok(Status::Success);
    }
    if args.cleaning.aggressive_loops {
        return Err(Error::usage(
            "--aggressive-loops is for `clean`; lint reports uncertain removals with unsafe fixes: apply them with --fix --unsafe-fixes",
        ));
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(Error::usage(
            "--unsafe-fixes applies with --fix or --diff; add one of them",
        ));
    }
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return Err(Error::usage("`-` (stdin) is linted alone"));
    }
    if stdin && args.fix {
        return Err(Error::usage(
            "--fix rewrites files; to fix text on stdin, use `transcrub clean -`",
        ));
    }
    if args.stdin_filename.is_some() && !stdin {
        return Err(Error::usage(
            "--stdin-filename names the text of `-`; give `-`",
        ));
    }
    let config = input::config(&args.cleaning)?;
    let selection = selection(args, config.as_ref())?;
    let files = if stdin {
        Vec::new()
    } else {
        walk(args, &selection.paths)?
    };
    let bytes: u64 = files
        .iter()
        .map(|(p, _)| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let cleaner = input::kept(input::cleaner(&args.cleaning, config.as_ref(), bytes)?);
    let language = input::effective_language(&args.cleaning, config.as_ref(), cleaner);
    let linter = Linter {
        cleaner,
        limits: configured_limits(
            args.preset,
            &config
                .as_ref()
                .map(|c| c.subtitles.clone())
                .unwrap_or_default(),
            language.as_deref(),
        ),
        language,
    };
    if !args.quiet {
        input::warn_without_lexicon(cleaner, streams.stderr).map_err(io_err)?;
    }
    let style = Style {
        color: args.format == OutputFormat::Human
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    // Each file's findings (or diff) are printed as soon as the files
    // before it are done: a run over thousands of files holds counts and
    // the fixes to write, not every finding.
    let mut report = Report::new(args, style);
    let stdout = &mut *streams.stdout;
    if stdin {
        let mut bytes = Vec::new();
        streams
            .stdin
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(Path::new("<stdin>"), &e))?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        if let Some(linted) = lint_bytes(&name, bytes, true, None, args, &linter, &selection)? {
            report.take(linted, stdout).map_err(io_err)?;
        }
    } else {
        lint_all(&files, args, &linter, &selection, |linted| {
            report.take(linted, stdout).map_err(io_err)
        })?;
    }
    report.finish(stdout).map_err(io_err)?;
    // What went to stdout comes before the summary, on a terminal too.
    streams.stdout.flush().map_err(io_err)?;
    if args.fix {
        let mut plan = Plan::new();
        input::protect_read_files(&mut plan, &args.cleaning, config.as_ref());
        for r in &report.fixes {
            if let Some(text) = r.fixed.as_ref().filter(|t| **t != r.original) {
                let bytes = crate::encoding::encode(text, r.as_read).unwrap_or_else(|c| {
                    if !args.quiet {
                        let said = crate::encoding::written_as_utf8(r.as_read, c);
                        let _ = writeln!(streams.stderr, "warning: {}: {said}", r.path.display());
                    }
                    text.as_bytes().to_vec()
                });
                plan.stage(
                    &r.path,
                    &format!("the fix of {}", r.path.display()),
                    bytes,
                    r.lock.as_ref(),
                )?;
            }
        }
        let notes = plan.commit(streams.stdout)?;
        if !args.quiet {
            input::print_notes(&notes, streams.stderr).map_err(io_err)?;
        }
    }
    let fail_on = args
        .fail_on
        .or_else(|| {
            selection
                .settings
                .fail_on
                .as_deref()
                .and_then(Severity::from_name)
        })
        .unwrap_or(Severity::Warning);
    let failing: usize = report
        .printed_by_severity
        .iter()
        .filter(|(severity, _)| *severity >= fail_on)
        .map(|(_, n)| n)
        .sum();
    if !args.quiet && matches!(args.format, OutputFormat::Human | OutputFormat::Concise) {
        let mut line = format!(
            "{} finding{} in {} file{}",
            report.printed,
            plural(report.printed),
            report.files,
            plural(report.files)
        );
        if args.fix {
            line.push_str(&format!("; {} fixed", report.fixed));
        } else if report.fixable > 0 && !args.diff {
            line.push_str(&format!("; {} fixable with --fix", report.fixable));
        }
        writeln!(streams.stderr, "{line}").map_err(io_err)?;
    }
    if report.unreadable {
        return Err(Error::new(
            ErrorKind::Io,
            "some files could not be read (see the findings above)",
        ));
    }
    Ok(if failing > 0 || report.would_fix {
        Status::Findings
    } else {
        Status::Success
    })
}

/// What a lint run has printed and counted so far, and the fixes it will
/// write.
struct Report<'a> {
    args: &'a LintArgs,
    style: Style,
    /// Findings printed, and how many of each severity.
    printed: usize,
    printed_by_severity: Vec<(Severity, usize)>,
    files: usize,
    /// Findings `--fix` resolved.
    fixed: usize,
    /// Findings a safe fix would resolve.
    fixable: usize,
    unreadable: bool,
    /// Whether `--diff` showed a change.
    would_fix: bool,
    /// Files with a fix to write (`--fix`).
    fixes: Vec<Linted>,
    /// SARIF is one document: its findings are written at the end.
    held: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    fn new(args: &'a LintArgs, style: Style) -> Report<'a> {
        Report {
            args,
            style,
            printed: 0,
            printed_by_severity: Vec::new(),
            files: 0,
            fixed: 0,
            fixable: 0,
            unreadable: false,
            would_fix: false,
            fixes: Vec::new(),
            held: Vec::new(),
        }
    }

    /// Prints one file's findings or diff and keeps what the end needs.
    fn take(&mut self, r: Linted, out: &mut dyn Write) -> std::io::Result<()> {
        let args = self.args;
        self.files += 1;
        self.unreadable |= r.unreadable;
        self.fixable += r
            .diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
            .count();
        let shown: Vec<Diagnostic> = if args.fix {
            self.fixed += r.fixed_count;
            r.diagnostics
                .iter()
                .filter(|d| !applies(d, args))
                .cloned()
                .collect()
        } else {
            r.diagnostics.clone()
        };
        for d in &shown {
            match self
                .printed_by_severity
                .iter_mut()
                .find(|(s, _)| *s == d.severity)
            {
                Some((_, n)) => *n += 1,
                None => self.printed_by_severity.push((d.severity, 1)),
            }
        }
        if args.diff {
            if let Some(fixed) = &r.fixed {
                self.would_fix |= *fixed != r.original;
                let name = r.path.display().to_string();
                let diff = report::unified_diff(
                    &r.original,
                    fixed,
                    &format!("a/{name}"),
                    &format!("b/{name}"),
                );
                out.write_all(diff.as_bytes())?;
            }
        } else if args.format == OutputFormat::Sarif {
            self.held.extend(shown.iter().cloned());
        } else if !shown.is_empty() {
            // The human format puts a blank line between findings.
            if self.printed > 0 && args.format == OutputFormat::Human {
                writeln!(out)?;
            }
            output::write(out, args.format, &shown, self.style)?;
        }
        self.printed += shown.len();
        if args.fix && r.fixed.is_some() {
            self.fixes.push(r);
        }
        Ok(())
    }

    /// Writes what could only be written whole (SARIF).
    fn finish(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.args.format == OutputFormat::Sarif && !self.args.diff {
            output::write(out, OutputFormat::Sarif, &self.held, self.style)?;
        }
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Whether --fix (or --diff) applies this finding's fix.
fn applies(d: &Diagnostic, args: &LintArgs) -> bool {
    d.fix.as_ref().is_some_and(|f| {
        f.applicability == Applicability::Safe
            || (args.unsafe_fixes && f.applicability == Applicability::Unsafe)
    })
}

/// transcrub.toml's [lint], with --select replacing its select and
/// --ignore adding to its ignore.
fn selection(args: &LintArgs, config: Option<&Config>) -> Result<Selection> {
    let mut settings = config.map(|c| c.lint.clone()).unwrap_or_default();
    for code in args.select.iter().chain(&args.ignore) {
        let upper = code.to_ascii_uppercase();
        if !rules::ALL.iter().any(|r| r.code.starts_with(&upper)) {
            return Err(Error::usage(format!(
                "expected rule codes or prefixes such as TR001 or TR1, found {code:?}"
            )));
        }
    }
    if !args.select.is_empty() {
        settings.select = args.select.iter().map(|c| c.to_ascii_uppercase()).collect();
    }
    settings
        .ignore
        .extend(args.ignore.iter().map(|c| c.to_ascii_uppercase()));
    let root = match config {
        Some(c) => c.path.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => std::env::current_dir().map_err(|e| Error::io(Path::new("."), &e))?,
    };
    let paths = PathRules::new(&settings, &root)?;
    Ok(Selection { settings, paths })
}

/// A file to lint, and how it came.
enum Found {
    /// Named on the command line: linted whatever its extension.
    Named,
    /// Found by walking a folder.
    Walked,
    /// Cannot be read (a FIFO, a device, a folder the walk cannot enter):
    /// reported as a finding; the run goes on and exits 2 at the end.
    Unreadable(String),
}

/// The files to lint, in a stable order: each named file, and the
/// transcripts under each named folder (.gitignore respected, `exclude`
/// applied).
fn walk(args: &LintArgs, rules: &PathRules) -> Result<Vec<(PathBuf, Found)>> {
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(&root).map_err(|e| Error::io(&root, &e))?;
        if meta.is_file() {
            files.push((root, Found::Named));
            continue;
        }
        if !meta.is_dir() {
            // A FIFO would block the run until something writes to it.
            files.push((
                root,
                Found::Unreadable("not a regular file (a FIFO, socket or device); not read".into()),
            ));
            continue;
        }
        let walker = ignore::WalkBuilder::new(&root)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = walk_error_path(&e).unwrap_or_else(|| root.clone());
                    files.push((path, Found::Unreadable(walk_error_reason(&e))));
                    continue;
                }
            };
            let path = entry.path();
            let wanted = entry.file_type().is_some_and(|t| t.is_file())
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            if wanted && !rules.excluded(path) {
                files.push((path.to_path_buf(), Found::Walked));
            }
        }
    }
    Ok(files)
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

fn walk_error_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_reason(err),
        ignore::Error::Io(e) => crate::error::Error::io(Path::new(""), e).message,
        other => other.to_string(),
    }
}

/// Lints every file on every core; results in the files' order.
/// Lints the files on one thread per core and hands each result to
/// `take` in the order of `files`, as soon as the files before it are done.
fn lint_all(
    files: &[(PathBuf, Found)],
    args: &LintArgs,
    linter: &Linter,
    selection: &Selection,
    mut take: impl FnMut(Linted) -> Result<()>,
) -> Result<()> {
    let progress = if files.len() >= PROGRESS_FROM
        && !args.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
    {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let next = AtomicUsize::new(0);
    // Set on the first error: the workers stop taking files.
    let stop = AtomicBool::new(false);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let workers = args
        .jobs
        .map_or(cores, |j| usize::try_from(j).unwrap_or(cores))
        .min(files.len().max(1));
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Result<Option<Linted>>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, stop, progress) = (&next, &stop, &progress);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, found)) = files.get(i) else {
                        break;
                    };
                    let result = lint_one(path, found, args, linter, selection);
                    progress.inc(1);
                    if sender.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Results come in any order; they are handed on in file order.
        let mut waiting: std::collections::BTreeMap<usize, Result<Option<Linted>>> =
            std::collections::BTreeMap::new();
        let mut due = 0;
        let mut outcome = Ok(());
        for (i, result) in receiver {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                due += 1;
                if outcome.is_err() {
                    continue;
                }
                let handed = match result {
                    Ok(Some(linted)) => progress.suspend(|| take(linted)),
                    Ok(None) => Ok(()),
                    Err(e) => Err(e),
                };
                if let Err(e) = handed {
                    stop.store(true, Ordering::Relaxed);
                    outcome = Err(e);
                }
            }
        }
        progress.finish_and_clear();
        outcome
    })
}

fn lint_one(
    path: &Path,
    found: &Found,
    args: &LintArgs,
    linter: &Linter,
    selection: &Selection,
) -> Result<Option<Linted>> {
    if let Found::Unreadable(reason) = found {
        return Ok(Some(unreadable(path, reason, selection)));
    }
    // --fix reads under the file's lock, held until the fix is in place.
    let read = if args.fix {
        read_locked(path).map(|mut l| (std::mem::take(&mut l.bytes), Some(l)))
    } else {
        std::fs::read(path)
            .map(|b| (b, None))
            .map_err(|e| Error::io(path, &e))
    };
    let (bytes, lock) = match read {
        Ok(read) => read,
        Err(e) => return Ok(Some(unreadable(path, &e.message, selection))),
    };
    let named = matches!(found, Found::Named);
    lint_bytes(path, bytes, named, lock, args, linter, selection)
}

/// A finding for a file that could not be read at all.
fn unreadable(path: &Path, reason: &str, selection: &Selection) -> Linted {
    let lines = Lines::new(path, "");
    let error = Error::new(ErrorKind::Io, reason).at(1, 1);
    let mut d = format_defect::unreadable(&error, &lines);
    d.severity = selection.severity(d.rule.code, d.severity);
    Linted {
        as_read: AsRead::UTF8,
        path: path.to_path_buf(),
        diagnostics: vec![d],
        original: String::new(),
        fixed: None,
        fixed_count: 0,
        lock: None,
        unreadable: true,
    }
}

/// Lints one file's bytes; `path` names it and chooses its format.
fn lint_bytes(
    path: &Path,
    bytes: Vec<u8>,
    named: bool,
    lock: Option<Locked>,
    args: &LintArgs,
    linter: &Linter,
    selection: &Selection,
) -> Result<Option<Linted>> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json && !named && !looks_like_whisper(&bytes) {
        // package.json and friends: not transcripts.
        return Ok(None);
    }
    let source = if path.as_os_str() == "<stdin>" {
        Source::Stdin
    } else {
        Source::File(path.to_path_buf())
    };
    let input = match input::parse_input(source, bytes.clone(), &args.cleaning) {
        Ok(input) => input,
        Err(e) if matches!(e.kind, ErrorKind::Parse | ErrorKind::Usage) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let lines = Lines::new(path, &text);
            let mut d = format_defect::unreadable(&e, &lines);
            d.severity = selection.severity(d.rule.code, d.severity);
            return Ok(Some(Linted {
                path: path.to_path_buf(),
                diagnostics: vec![d],
                original: String::new(),
                fixed: None,
                fixed_count: 0,
                lock: None,
                unreadable: false,
                as_read: AsRead::UTF8,
            }));
        }
        Err(e) => return Err(e),
    };
    let file = File {
        path,
        text: &input.text,
        format: input.format,
        transcript: &input.reading.transcript,
        encoding_warning: input.encoding_warning.as_deref(),
        encoding_repairs: &input.encoding_repairs,
        format_warnings: &input.reading.warnings,
    };
    let (found, cleaned) = linter.check(&file);
    let mut diagnostics: Vec<Diagnostic> = found
        .into_iter()
        .filter(|d| selection.applies(d.rule.code, path))
        .collect();
    for d in &mut diagnostics {
        d.severity = selection.severity(d.rule.code, d.severity);
    }
    let fixable = diagnostics.iter().filter(|d| applies(d, args)).count();
    let fixed = if (args.fix || args.diff) && fixable > 0 {
        Some(fixed_text(&input, cleaned, path, linter, selection, args)?)
    } else {
        None
    };
    Ok(Some(Linted {
        path: path.to_path_buf(),
        diagnostics,
        // Kept only to diff or write a fix against: a run over thousands
        // of files holds their findings, not their texts.
        original: if fixed.is_some() {
            input.text
        } else {
            String::new()
        },
        fixed,
        fixed_count: fixable,
        lock,
        unreadable: false,
        as_read: input.as_read,
    }))
}

/// The file with the selected rules' fixes: `clean` with their passes.
/// `checked` is the file cleaned with every pass, as linting did it: when
/// the fixes are exactly those, it is written as it is, not cleaned again.
fn fixed_text(
    input: &input::Input,
    checked: Cleaned,
    path: &Path,
    linter: &Linter,
    selection: &Selection,
    args: &LintArgs,
) -> Result<String> {
    let on = |code: &str| selection.applies(code, path);
    let passes = Passes {
        dictionary: on(rules::dictionary_variant::RULE.code),
        artifacts: on(rules::hallucination::RULE.code)
            || on(rules::suspect_phrase::RULE.code)
            || on(rules::repetition_loop::RULE.code),
        drop_lines: on(rules::dropped_line::RULE.code),
        whitespace: on(rules::whitespace::RULE.code),
        // Fuzzy fixes are unsafe: only with --unsafe-fixes, and then all.
        fuzzy: if args.unsafe_fixes && on(rules::possible_misrecognition::RULE.code) {
            FuzzyPass::All
        } else {
            FuzzyPass::Off
        },
        // So are the removals of suggested loops and suspect phrases.
        aggressive_loops: args.unsafe_fixes
            && (on(rules::suspect_phrase::RULE.code) || on(rules::repetition_loop::RULE.code)),
    };
    // Without fuzzy matching in the cleaner, its pass setting changes nothing.
    let all = Passes {
        fuzzy: Passes::ALL.fuzzy,
        ..passes
    } == Passes::ALL
        && linter.cleaner.fuzzy_has_lexicon().is_none();
    let cleaned = if all {
        checked
    } else {
        linter
            .cleaner
            .clean_with(input.reading.transcript.clone(), passes)
    };
    let mut text = write::render(
        &cleaned.transcript,
        Output::from(input.format),
        &cleaned.changes,
    )
    .map_err(|e| e.in_file(path))?;
    if args.unsafe_fixes && on(rules::mojibake::RULE.code) {
        text = mojibake::repair_all(&text);
    }
    Ok(text)
}

/// Whisper JSON has `segments` (openai) or `transcription` (whisper.cpp).
fn looks_like_whisper(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1 << 20)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    has(b"\"segments\"") || has(b"\"transcription\"")
}
