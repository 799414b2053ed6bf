//! One review: the transcript as read, the dictionaries as they were, and
//! the reviewer's verdicts; from these three, everything the page shows
//! and everything Save writes is computed again after each decision, by
//! the same cleaner `clean` uses. So the page never shows a text Save
//! would not write, and `clean` with the saved dictionary (and, for
//! verdicts on single changes, the saved log) gives the saved transcript.
//!
//! A verdict on a fuzzy correction teaches the dictionary: accepted, the
//! spelling becomes a variant of its canonical; rejected, an exception, so
//! it is not proposed again. A verdict on any other change holds for that
//! change only, named by its place in the input.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::change::{Change, Rule, Summary};
use crate::clean::{Cleaner, Decisions, Options, Passes, Verdict};
use crate::dict::Dictionary;
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::output::{Plan, read_locked};
use crate::transcript::Transcript;
use crate::write::{self, Output};

use super::dictionary_edit::{self, List};
use super::log::{Event, Log, read_decisions};

/// The transcript under review, as read.
pub struct Reviewed {
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
    /// How the input's bytes encoded its text: the output is encoded so
    /// (a byte-order mark, Windows-1252, UTF-16).
    pub as_read: crate::encoding::AsRead,
    pub transcript: Transcript,
}

/// A dictionary file the review may write to.
struct DictionaryFile {
    path: PathBuf,
    /// Its text when the review began: verdicts are applied to this.
    original: String,
    /// What is on disk as far as the review knows (the original, or what
    /// the last Save wrote); Save refuses to write over anything else.
    on_disk: String,
}

/// A change the review has seen, in this run or an earlier one.
struct Item {
    /// As the last run that made or proposed it reported it.
    change: Change,
    /// The dictionary lesson a verdict on it is (fuzzy matches only).
    teaches: Option<Lesson>,
    /// Whether the last run made or proposed it.
    present: bool,
}

/// Where a verdict on a fuzzy match is written. A change names its term
/// by canonical only, and two terms may share one (case-sensitive and
/// not): a variant goes to one of them, an exception to all, so that no
/// term proposes the spelling again.
#[derive(Clone)]
struct Lesson {
    canonical: String,
    /// The spelling as an entry: a span across a line break is one line.
    spelling: String,
    /// (index in `Session::dictionaries`, case_sensitive) of each term
    /// with the canonical; the first takes variants.
    terms: Vec<(usize, bool)>,
}

/// Where the session's files are, and which it must not write over.
pub struct Files {
    pub dictionaries: Vec<PathBuf>,
    pub output: PathBuf,
    pub log: PathBuf,
    /// The media, the configuration, the lexicon, with how messages name
    /// them.
    pub protected: Vec<(PathBuf, String)>,
}

/// What the last run gave.
struct Current {
    output: String,
    changes: Vec<Change>,
    /// The dictionaries' texts with the verdicts written in.
    dictionaries: Vec<String>,
    cleaned: Transcript,
}

/// What the last Save wrote.
struct Saved {
    files: Vec<PathBuf>,
    log: PathBuf,
}

/// One review session.
pub struct Session {
    input: Reviewed,
    output: PathBuf,
    log: Log,
    options: Options,
    dictionaries: Vec<DictionaryFile>,
    catalog: Vec<Item>,
    /// Item index by (line, column, before).
    index: HashMap<(usize, usize, String), usize>,
    verdicts: BTreeMap<usize, Verdict>,
    /// (item, its verdict before) for each decision, last on top.
    undo: Vec<(usize, Option<Verdict>)>,
    current: Current,
    saved: Option<Saved>,
    /// Bumped at each run, so the page reloads the subtitle track.
    revision: u64,
    /// Files Save must not write over, with how messages name them.
    protected: Vec<(PathBuf, String)>,
    /// A decision was made or undone since the last Save.
    unsaved: bool,
}

/// Why a decision could not be made: the page shows it, nothing changed.
#[derive(Debug)]
pub struct Refused(pub String);

impl Session {
    /// Reads the dictionaries and runs the first clean. A log left by an
    /// earlier review of the input is read back: its verdicts on single
    /// changes hold again (its lessons are in the dictionary already).
    /// Returns the session and how many logged verdicts matched no change.
    pub fn new(input: Reviewed, files: Files, options: Options) -> Result<(Session, usize)> {
        let Files {
            dictionaries: dictionary_paths,
            output,
            log,
            protected,
        } = files;
        let logged = match std::fs::read_to_string(&log) {
            Ok(text) => read_decisions(&text, &log)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Decisions::new(),
            Err(e) => return Err(Error::io(&log, &e)),
        };
        let mut dictionaries = Vec::new();
        for path in &dictionary_paths {
            let text = crate::encoding::read_utf8(path, ErrorKind::Dictionary)?;
            dictionaries.push(DictionaryFile {
                path: path.clone(),
                original: text.clone(),
                on_disk: text,
            });
        }
        let mut session = Session {
            input,
            output,
            log: Log::new(log),
            options,
            dictionaries,
            catalog: Vec::new(),
            index: HashMap::new(),
            verdicts: BTreeMap::new(),
            undo: Vec::new(),
            current: Current {
                output: String::new(),
                changes: Vec::new(),
                dictionaries: Vec::new(),
                cleaned: Transcript::default(),
            },
            saved: None,
            revision: 0,
            protected,
            unsaved: false,
        };
        let run = |session: &mut Session| {
            session.run().map_err(|Refused(why)| {
                Error::new(ErrorKind::Dictionary, why).in_file(&session.input.path)
            })
        };
        run(&mut session)?;
        let mut unmatched = 0;
        for (line, column, before, verdict) in logged.iter() {
            match session.index.get(&(line, column, before.to_string())) {
                Some(&id) if session.catalog[id].teaches.is_none() => {
                    session.verdicts.insert(id, verdict);
                }
                _ => unmatched += 1,
            }
        }
        if !session.verdicts.is_empty() {
            run(&mut session)?;
        }
        Ok((session, unmatched))
    }

    /// Whether a decision was made or undone since the last Save.
    pub fn unsaved(&self) -> bool {
        self.unsaved
    }

    /// Records a verdict and runs again; on a refusal (the dictionary
    /// would not load) nothing changes.
    pub fn decide(&mut self, id: usize, verdict: Verdict) -> std::result::Result<(), Refused> {
        let item = self
            .catalog
            .get(id)
            .ok_or_else(|| Refused(format!("no change has the id {id}")))?;
        if !self.reviewable(id, item) {
            return Err(Refused(format!(
                "{} at line {} is not offered for review: {}",
                item.change.rule.name(),
                item.change.line,
                if item.present {
                    "spacing fixes change no word"
                } else {
                    "it is no longer proposed"
                }
            )));
        }
        // The change as it was decided on, before the run changes it (an
        // accepted fuzzy suggestion becomes a dictionary correction).
        let event = self.event(id, Some(verdict));
        let before = self.verdicts.insert(id, verdict);
        if let Err(refused) = self.run() {
            restore(&mut self.verdicts, id, before);
            return Err(refused);
        }
        self.undo.push((id, before));
        self.log.record(event);
        self.unsaved = true;
        Ok(())
    }

    /// Takes back the last decision; false when there is none.
    pub fn undo(&mut self) -> std::result::Result<bool, Refused> {
        let Some((id, before)) = self.undo.pop() else {
            return Ok(false);
        };
        let event = self.event(id, before);
        let now = restore(&mut self.verdicts, id, before);
        if let Err(refused) = self.run() {
            restore(&mut self.verdicts, id, now);
            self.undo.push((id, before));
            return Err(refused);
        }
        self.log.record(event);
        self.unsaved = true;
        Ok(true)
    }

    /// Writes the reviewed transcript and the dictionaries the verdicts
    /// changed (each staged, then all moved into place, as `clean` does),
    /// then appends the new decisions to the log. A dictionary edited on
    /// disk since the review began is not overwritten.
    pub fn save(&mut self, stdout: &mut dyn std::io::Write) -> Result<Vec<String>> {
        let mut plan = Plan::new();
        plan.reads(
            &self.input.path,
            format!("the input {}", self.input.path.display()),
        );
        for (path, what) in &self.protected {
            plan.reads(path, what.clone());
        }
        let mut locks = Vec::new();
        for (i, file) in self.dictionaries.iter().enumerate() {
            if self.current.dictionaries[i] == file.on_disk {
                plan.reads(
                    &file.path,
                    format!("the dictionary {}", file.path.display()),
                );
                continue;
            }
            let locked = read_locked(&file.path)?;
            if locked.bytes != file.on_disk.as_bytes() {
                return Err(Error::new(
                    ErrorKind::Io,
                    "the dictionary changed on disk since the review began; it was not overwritten (review again to start from it)",
                )
                .in_file(&file.path));
            }
            locks.push((i, locked));
        }
        let mut written = Vec::new();
        for (i, locked) in &locks {
            let file = &self.dictionaries[*i];
            plan.stage(
                &file.path,
                &format!("the dictionary {}", file.path.display()),
                self.current.dictionaries[*i].clone().into_bytes(),
                Some(locked),
            )?;
            written.push(file.path.clone());
        }
        // A character the encoding lacks makes the file UTF-8, and the
        // notes of the save say so.
        let (bytes, not_as_read) =
            match crate::encoding::encode(&self.current.output, self.input.as_read) {
                Ok(bytes) => (bytes, None),
                Err(c) => (
                    self.current.output.clone().into_bytes(),
                    Some(format!(
                        "{}: {}",
                        self.output.display(),
                        crate::encoding::written_as_utf8(self.input.as_read, c)
                    )),
                ),
            };
        plan.stage(&self.output, "the reviewed transcript", bytes, None)?;
        written.insert(0, self.output.clone());
        let mut notes = plan.commit(stdout)?;
        notes.extend(not_as_read);
        drop(locks);
        for (i, file) in self.dictionaries.iter_mut().enumerate() {
            file.on_disk.clone_from(&self.current.dictionaries[i]);
        }
        self.log.flush()?;
        self.unsaved = false;
        self.saved = Some(Saved {
            files: written,
            log: self.log.path().to_path_buf(),
        });
        Ok(notes)
    }

    /// The reviewed transcript as WebVTT, for the player's track.
    pub fn track(&self) -> Result<String> {
        write::render(&self.current.cleaned, Output::Vtt, &self.current.changes)
    }

    /// Whether the input has times, so a player can follow it.
    pub fn timed(&self) -> bool {
        self.input.format.is_timed() && self.input.transcript.cues.iter().any(|c| c.start.is_some())
    }

    /// Everything the page shows, as JSON; the input's lines only when
    /// `with_lines` (they never change: the page keeps them).
    pub fn state(&self, media: Option<Value>, token: &str, with_lines: bool) -> Value {
        let cues = &self.input.transcript.cues;
        let timed = self.timed();
        // Where each cue's text starts: the segments of a minified JSON
        // file share its one line.
        let starts: Vec<(usize, usize)> = cues
            .iter()
            .map(|cue| {
                cue.places
                    .as_ref()
                    .and_then(|p| p.place(&cue.text, 0))
                    .unwrap_or((cue.line, 1))
            })
            .collect();
        let items: Vec<Value> = self
            .catalog
            .iter()
            .enumerate()
            .map(|(id, item)| {
                let c = &item.change;
                let cue = timed
                    .then(|| {
                        starts
                            .partition_point(|&s| s <= (c.line, c.column))
                            .checked_sub(1)
                    })
                    .flatten()
                    .map(|k| &cues[k]);
                let (accept, reject) = self.effects(id, item);
                json!({
                    "id": id,
                    "rule": c.rule.name(),
                    "group": group(c.rule),
                    "line": c.line,
                    "column": c.column,
                    "end_line": c.end.map(|e| e.0),
                    "end_column": c.end.map(|e| e.1),
                    "before": c.before,
                    "after": c.after,
                    "term": c.term,
                    "score": c.score,
                    "evidence": c.evidence,
                    "start_ms": cue.and_then(|q| q.start).map(|t| t.0),
                    "end_ms": cue.and_then(|q| q.end).map(|t| t.0),
                    "status": self.status(id, item),
                    "reviewable": self.reviewable(id, item),
                    "accept_effect": accept,
                    "reject_effect": reject,
                })
            })
            .collect();
        let lines: Option<Vec<&str>> = with_lines.then(|| {
            self.input
                .text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect()
        });
        json!({
            "input": self.input.path.display().to_string(),
            "format": self.input.format.name(),
            "output": self.output.display().to_string(),
            "timed": timed,
            "media": media,
            "track": timed.then(|| format!("/track.vtt?token={token}&v={}", self.revision)),
            "lines": lines,
            "items": items,
            "summary": Summary::of(&self.current.changes).to_string(),
            "decided": self.verdicts.len(),
            "undo": self.undo.len(),
            "saved": self.saved.as_ref().map(|s| json!({
                "files": s.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
                "log": s.log.display().to_string(),
            })),
            "message": Value::Null,
        })
    }

    /// Cleans again with the verdicts: the dictionaries with the lessons
    /// written in, the other verdicts as decisions.
    fn run(&mut self) -> std::result::Result<(), Refused> {
        let mut texts: Vec<String> = self
            .dictionaries
            .iter()
            .map(|d| d.original.clone())
            .collect();
        let mut decisions = Decisions::new();
        for (&id, &verdict) in &self.verdicts {
            let item = &self.catalog[id];
            let c = &item.change;
            match item.teaches.as_ref().filter(|_| self.teaches(id, verdict)) {
                Some(lesson) => {
                    let (list, terms) = match verdict {
                        Verdict::Accept => (List::Variants, &lesson.terms[..1]),
                        Verdict::Reject => (List::Exceptions, &lesson.terms[..]),
                    };
                    for &(file, case_sensitive) in terms {
                        texts[file] = dictionary_edit::add(
                            &texts[file],
                            &self.dictionaries[file].path,
                            &lesson.canonical,
                            case_sensitive,
                            list,
                            &lesson.spelling,
                        )
                        .map_err(|e| Refused(e.to_string()))?;
                    }
                }
                None => decisions.set(c.line, c.column, &c.before, verdict),
            }
        }
        let mut dictionary = Dictionary::default();
        for (file, text) in self.dictionaries.iter().zip(&texts) {
            dictionary
                .add_toml(text, &file.path)
                .map_err(|e| Refused(e.to_string()))?;
        }
        let cleaner = Cleaner::with_options(dictionary, self.options.clone())
            .map_err(|e| Refused(e.to_string()))?;
        let mut cleaned =
            cleaner.clean_deciding(self.input.transcript.clone(), Passes::ALL, &decisions);
        let format = Output::from(self.input.format);
        crate::speaker::label(
            &mut cleaned.transcript,
            format,
            crate::speaker::SpeakerStyle::Native,
        );
        let output = write::render(&cleaned.transcript, format, &cleaned.changes)
            .map_err(|e| Refused(e.in_file(&self.input.path).to_string()))?;
        for item in &mut self.catalog {
            item.present = false;
        }
        for change in &cleaned.changes {
            let key = (change.line, change.column, change.before.clone());
            match self.index.get(&key) {
                Some(&id) => {
                    let item = &mut self.catalog[id];
                    item.change = change.clone();
                    item.present = true;
                }
                None => {
                    let teaches = lesson(change, cleaner.dictionary(), &self.dictionaries);
                    self.index.insert(key, self.catalog.len());
                    self.catalog.push(Item {
                        change: change.clone(),
                        teaches,
                        present: true,
                    });
                }
            }
        }
        self.current = Current {
            output,
            changes: cleaned.changes,
            dictionaries: texts,
            cleaned: cleaned.transcript,
        };
        self.revision += 1;
        Ok(())
    }

    fn status(&self, id: usize, item: &Item) -> &'static str {
        let suggestion = item.change.rule.is_suggestion();
        match self.verdicts.get(&id) {
            Some(Verdict::Reject) => "rejected",
            // An accepted loop over several cues is removed in pieces, one
            // per cue, each reported apart from the suggestion.
            Some(Verdict::Accept) if item.present || item.teaches.is_some() || suggestion => {
                "accepted"
            }
            _ if !item.present => "superseded",
            _ if made_by_review(&item.change) => "accepted",
            _ if suggestion => "suggested",
            _ => "applied",
        }
    }

    /// Whether a verdict on item `id` is a dictionary lesson: it has one,
    /// and no item before it taught the opposite of the same spelling (a
    /// spelling cannot be both a variant and an exception: the later
    /// verdict then holds for its own place only).
    fn teaches(&self, id: usize, verdict: Verdict) -> bool {
        let Some(lesson) = &self.catalog[id].teaches else {
            return false;
        };
        let same = |other: &Lesson| {
            other.canonical == lesson.canonical
                && other.spelling.to_lowercase() == lesson.spelling.to_lowercase()
        };
        !self.verdicts.range(..id).any(|(&other, &v)| {
            v != verdict && self.catalog[other].teaches.as_ref().is_some_and(same)
        })
    }

    /// Spacing fixes change no word; a change no longer proposed has
    /// nothing to decide, unless it is gone because of its own verdict;
    /// the pieces of a loop removed because its suggestion was accepted
    /// are decided on the suggestion.
    fn reviewable(&self, id: usize, item: &Item) -> bool {
        let decided = self.verdicts.contains_key(&id);
        group(item.change.rule) != "spacing"
            && (item.present || decided)
            && (decided || !made_by_review(&item.change))
    }

    /// What accepting and rejecting the item does, in words.
    fn effects(&self, id: usize, item: &Item) -> (Option<String>, Option<String>) {
        if !self.reviewable(id, item) {
            return (None, None);
        }
        let log = self.log.path().display();
        let (accept_here, reject_here) = if item.change.rule.is_suggestion() {
            (
                format!("makes this change here (recorded in {log})"),
                format!("keeps the text as it is (recorded in {log})"),
            )
        } else {
            (
                "keeps this change".to_string(),
                format!("keeps the text as it was here (recorded in {log})"),
            )
        };
        let Some(lesson) = &item.teaches else {
            return (Some(accept_here), Some(reject_here));
        };
        let name = |file: usize| {
            self.dictionaries[file]
                .path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned())
        };
        let (spelling, canonical) = (&lesson.spelling, &lesson.canonical);
        let accept = if self.teaches(id, Verdict::Accept) {
            format!(
                "adds {spelling:?} as a variant of {canonical:?} to {}",
                name(lesson.terms[0].0)
            )
        } else {
            accept_here
        };
        let reject = if self.teaches(id, Verdict::Reject) {
            let mut files: Vec<String> = lesson.terms.iter().map(|&(f, _)| name(f)).collect();
            files.dedup();
            format!(
                "records {spelling:?} as an exception of {canonical:?} in {}: it will not be proposed again",
                files.join(" and ")
            )
        } else {
            reject_here
        };
        (Some(accept), Some(reject))
    }

    fn event(&self, id: usize, verdict: Option<Verdict>) -> Event {
        let item = &self.catalog[id];
        Event {
            input: self.input.path.clone(),
            change: item.change.clone(),
            verdict,
            dictionary: item
                .teaches
                .as_ref()
                .filter(|_| verdict.is_none_or(|v| self.teaches(id, v)))
                .map(|l| self.dictionaries[l.terms[0].0].path.clone()),
        }
    }
}

/// Sets `id`'s verdict to `verdict` (none: removed); returns what it was.
fn restore(
    verdicts: &mut BTreeMap<usize, Verdict>,
    id: usize,
    verdict: Option<Verdict>,
) -> Option<Verdict> {
    match verdict {
        Some(v) => verdicts.insert(id, v),
        None => verdicts.remove(&id),
    }
}

fn group(rule: Rule) -> &'static str {
    match rule {
        Rule::Dictionary | Rule::Fuzzy | Rule::FuzzySuggestion => "correction",
        Rule::Whitespace | Rule::BlankLine | Rule::UnicodeNfc => "spacing",
        _ => "removal",
    }
}

/// A fuzzy match's spelling as a dictionary entry: a span across a line
/// break is one line there ("la stick\nsearch").
fn spelling(before: &str) -> String {
    before.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lesson a verdict on `change` teaches: fuzzy matches only, written
/// to the file that defines their term.
fn lesson(change: &Change, dictionary: &Dictionary, files: &[DictionaryFile]) -> Option<Lesson> {
    if !matches!(change.rule, Rule::Fuzzy | Rule::FuzzySuggestion) {
        return None;
    }
    let canonical = change.term.as_deref()?;
    let mut terms: Vec<(usize, bool)> = dictionary
        .terms
        .iter()
        .filter(|t| t.canonical == canonical)
        .filter_map(|t| {
            let file = files
                .iter()
                .position(|f| Path::new(&*t.origin.path) == f.path)?;
            Some((file, t.case_sensitive))
        })
        .collect();
    // A spelling accepted as heard goes to the term that matches any case.
    terms.sort_by_key(|&(_, case_sensitive)| case_sensitive);
    (!terms.is_empty()).then(|| Lesson {
        canonical: canonical.to_string(),
        spelling: spelling(&change.before),
        terms,
    })
}

/// A removal made because a reviewer accepted its suggestion, as its
/// evidence says (src/clean/artifacts.rs writes it).
fn made_by_review(change: &Change) -> bool {
    change
        .evidence
        .as_deref()
        .is_some_and(|e| e.ends_with("(uncertain; accepted in review)"))
}
