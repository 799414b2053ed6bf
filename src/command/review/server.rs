//! The review page's server: 127.0.0.1 only, one client, one request at a
//! time. It is a local server that can write files, so every request must
//! show it was sent by the page this run printed:
//! - the random token of the printed URL (`?token=`), compared in
//!   constant time, or 403;
//! - a `Host` naming this server (`127.0.0.1:PORT` or `localhost:PORT`),
//!   or 403: a page on another site that rebinds its name to 127.0.0.1
//!   (DNS rebinding) still sends its own name;
//! - no `Origin` but this server's, and no `Sec-Fetch-Site: cross-site`,
//!   or 403;
//! - a POST with a JSON body (which a cross-site form cannot send without
//!   a preflight), or 415.
//!
//! Only the routes below exist (404 otherwise); the only file served is
//! the `--media` named on the command line. Every response forbids other
//! sites to frame or script the page.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::clean::Verdict;
use crate::error::{Error, ErrorKind, Result};

use super::media::{self, Media, Wanted};
use super::session::{Refused, Session};

const INDEX: &str = include_str!("page/index.html");
const CSS: &str = include_str!("page/page.css");
const JS: &str = include_str!("page/page.js");

/// What the page may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Page,
    Css,
    Js,
    State,
    Decide,
    Undo,
    Save,
    Done,
    Media,
    Track,
}

/// A request refused before it reaches the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub why: &'static str,
}

/// The listening socket and what a request must show.
pub struct Server {
    http: tiny_http::Server,
    port: u16,
    token: String,
}

/// The largest request body read: a decision is a few dozen bytes.
const MAX_BODY: u64 = 64 * 1024;

impl Server {
    /// Listens on 127.0.0.1:`port` (0: any free port) with a new token.
    pub fn bind(port: u16) -> Result<Server> {
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot listen on 127.0.0.1:{port}: {e}"),
            )
        })?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| Error::new(ErrorKind::Io, "the server has no TCP address"))?;
        Ok(Server {
            http,
            port,
            token: new_token()?,
        })
    }

    /// The address to open, token included.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// Answers requests until the page says it is done. Each request has
    /// a thread of its own, so a player reading the media slowly, or a
    /// client sending a body slowly, holds up nothing else; decisions
    /// take the session one at a time.
    pub fn serve(self, session: Session, media: Option<Media>) -> Result<()> {
        let shared = Arc::new(Shared {
            port: self.port,
            token: self.token,
            session: Mutex::new(session),
            media,
            done: AtomicBool::new(false),
        });
        while !shared.done.load(Ordering::SeqCst) {
            let waited = self
                .http
                .recv_timeout(Duration::from_millis(100))
                .map_err(|e| {
                    Error::new(ErrorKind::Io, format!("the review server stopped: {e}"))
                })?;
            if let Some(request) = waited {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || shared.handle(request));
            }
        }
        Ok(())
    }
}

/// What the threads answering requests share.
struct Shared {
    port: u16,
    token: String,
    session: Mutex<Session>,
    media: Option<Media>,
    /// Set once the page said it is done and was answered.
    done: AtomicBool,
}

impl Shared {
    /// Answers one request.
    fn handle(&self, mut request: Request) {
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let asked = Asked {
            method: request.method().clone(),
            url: request.url().to_string(),
            host: header("Host"),
            origin: header("Origin"),
            fetch_site: header("Sec-Fetch-Site"),
            content_type: header("Content-Type"),
            range: header("Range"),
        };
        let route = match check(&asked, self.port, &self.token) {
            Ok(route) => route,
            Err(refusal) => {
                let _ = request.respond(json_response(
                    refusal.status,
                    &json!({ "error": refusal.why }),
                ));
                return;
            }
        };
        let body = if asked.method == Method::Post {
            let mut body = String::new();
            let read = request.as_reader().take(MAX_BODY).read_to_string(&mut body);
            match read
                .ok()
                .and_then(|_| serde_json::from_str::<Value>(&body).ok())
            {
                Some(v) => v,
                None => {
                    let _ = request.respond(json_response(
                        400,
                        &json!({ "error": "expected a JSON body" }),
                    ));
                    return;
                }
            }
        } else {
            Value::Null
        };
        let response = self.answer(route, &body, asked.range.as_deref());
        let finished = route == Route::Done && response.status_code().0 == 200;
        let _ = request.respond(response);
        if finished {
            // Answered first: the process ends when the serving loop stops.
            self.done.store(true, Ordering::SeqCst);
        }
    }

    /// The answer to a request that showed it comes from the page.
    fn answer(&self, route: Route, body: &Value, range: Option<&str>) -> tiny_http::ResponseBox {
        // The media needs no session: a player is never held up by a
        // decision being cleaned.
        if route == Route::Media {
            return match &self.media {
                Some(media) => media_response(media, range),
                None => json_response(404, &json!({ "error": "no --media was given" })).boxed(),
            };
        }
        // A thread that panicked with the lock leaves the session as the
        // last decision that finished made it.
        let mut session = self
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let media = self.media.as_ref().map(|m| {
            json!({
                "url": format!("/media?token={}", self.token),
                "kind": if m.is_video() { "video" } else { "audio" },
                "name": m.path.file_name().map(|n| n.to_string_lossy().into_owned()),
            })
        });
        let state = |session: &Session, message: Option<String>| {
            let mut state = session.state(media.clone(), &self.token, route == Route::State);
            state["message"] = message.map_or(Value::Null, Value::String);
            json_response(200, &state)
        };
        let response = match route {
            Route::Page => text_response(
                200,
                "text/html; charset=utf-8",
                INDEX.replace("__TOKEN__", &self.token),
            ),
            Route::Css => text_response(200, "text/css; charset=utf-8", CSS.to_string()),
            Route::Js => text_response(200, "text/javascript; charset=utf-8", JS.to_string()),
            Route::State => state(&session, None),
            Route::Decide => match decision(body) {
                Some((id, verdict)) => match session.decide(id, verdict) {
                    Ok(()) => state(&session, None),
                    Err(Refused(why)) => json_response(409, &json!({ "error": why })),
                },
                None => json_response(
                    400,
                    &json!({ "error": "expected {\"id\": N, \"verdict\": \"accept\" or \"reject\"}" }),
                ),
            },
            Route::Undo => match session.undo() {
                Ok(_) => state(&session, None),
                Err(Refused(why)) => json_response(409, &json!({ "error": why })),
            },
            Route::Save => {
                let mut sink = Vec::new();
                match session.save(&mut sink) {
                    Ok(notes) => state(&session, (!notes.is_empty()).then(|| notes.join("; "))),
                    Err(e) => json_response(500, &json!({ "error": e.to_string() })),
                }
            }
            Route::Done => {
                let discard = body.get("discard").and_then(Value::as_bool) == Some(true);
                if session.unsaved() && !discard {
                    return json_response(
                        409,
                        &json!({ "error": "decisions made since the last Save are not saved: Save them, or press Done again to leave without them" }),
                    )
                    .boxed();
                }
                json_response(200, &json!({ "done": true }))
            }
            Route::Track => match session.track() {
                Ok(vtt) => text_response(200, "text/vtt; charset=utf-8", vtt),
                Err(e) => json_response(500, &json!({ "error": e.to_string() })),
            },
            Route::Media => unreachable!("answered before the session is taken"),
        };
        response.boxed()
    }
}

/// What the server reads of a request before answering it.
#[derive(Debug, Clone)]
pub struct Asked {
    pub method: Method,
    pub url: String,
    pub host: Option<String>,
    pub origin: Option<String>,
    pub fetch_site: Option<String>,
    pub content_type: Option<String>,
    pub range: Option<String>,
}

/// The checks of the module's opening, in order.
pub fn check(asked: &Asked, port: u16, token: &str) -> std::result::Result<Route, Refusal> {
    let ours = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !asked
        .host
        .as_deref()
        .is_some_and(|h| ours.iter().any(|o| o.eq_ignore_ascii_case(h)))
    {
        return Err(Refusal {
            status: 403,
            why: "this server answers only to 127.0.0.1 and localhost on its port",
        });
    }
    if let Some(origin) = asked.origin.as_deref()
        && !ours
            .iter()
            .any(|o| origin.eq_ignore_ascii_case(&format!("http://{o}")))
    {
        return Err(Refusal {
            status: 403,
            why: "requests from other sites are refused",
        });
    }
    if asked
        .fetch_site
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("cross-site"))
    {
        return Err(Refusal {
            status: 403,
            why: "requests from other sites are refused",
        });
    }
    let (path, query) = asked.url.split_once('?').unwrap_or((&asked.url, ""));
    let given = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .unwrap_or("");
    if !same_secret(given.as_bytes(), token.as_bytes()) {
        return Err(Refusal {
            status: 403,
            why: "expected the token of the address transcrub review printed",
        });
    }
    let (route, post) = match path {
        "/" | "/index.html" => (Route::Page, false),
        "/page.css" => (Route::Css, false),
        "/page.js" => (Route::Js, false),
        "/api/state" => (Route::State, false),
        "/api/decide" => (Route::Decide, true),
        "/api/undo" => (Route::Undo, true),
        "/api/save" => (Route::Save, true),
        "/api/done" => (Route::Done, true),
        "/media" => (Route::Media, false),
        "/track.vtt" => (Route::Track, false),
        _ => {
            return Err(Refusal {
                status: 404,
                why: "no such page",
            });
        }
    };
    let method_ok = if post {
        asked.method == Method::Post
    } else {
        matches!(asked.method, Method::Get | Method::Head)
    };
    if !method_ok {
        return Err(Refusal {
            status: 405,
            why: if post {
                "expected POST"
            } else {
                "expected GET"
            },
        });
    }
    if post
        && !asked
            .content_type
            .as_deref()
            .is_some_and(|t| t.trim_start().starts_with("application/json"))
    {
        return Err(Refusal {
            status: 415,
            why: "expected Content-Type: application/json",
        });
    }
    Ok(route)
}

/// Compares every byte whatever differs first, so the time a refusal
/// takes says nothing of how much of the token was right.
fn same_secret(given: &[u8], secret: &[u8]) -> bool {
    if given.len() != secret.len() {
        return false;
    }
    given
        .iter()
        .zip(secret)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// 128 random bits from the operating system, as hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("no random numbers for the page's token: {e}"),
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `{"id": N, "verdict": "accept" | "reject"}`.
fn decision(body: &Value) -> Option<(usize, Verdict)> {
    let id = usize::try_from(body.get("id")?.as_u64()?).ok()?;
    let verdict = match body.get("verdict")?.as_str()? {
        "accept" => Verdict::Accept,
        "reject" => Verdict::Reject,
        _ => return None,
    };
    Some((id, verdict))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header names and values")
}

/// The headers every response carries: no other site may frame, script or
/// read the page, and the token in its address goes nowhere else. Every
/// body has its length (never chunked): players seek by it.
fn guarded<R: Read>(response: Response<R>) -> Response<R> {
    let mut response = response.with_chunked_threshold(usize::MAX);
    for (name, value) in [
        (
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ] {
        response.add_header(header(name, value));
    }
    response
}

fn text_response(
    status: u16,
    content_type: &str,
    body: String,
) -> Response<std::io::Cursor<Vec<u8>>> {
    guarded(
        Response::from_data(body.into_bytes())
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", content_type)),
    )
}

fn json_response(status: u16, body: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    text_response(status, "application/json; charset=utf-8", body.to_string())
}

/// The media file, whole or the range asked, as a boxed response.
fn media_response(media: &Media, range: Option<&str>) -> tiny_http::ResponseBox {
    let (status, range) = match media::wanted(range, media.len) {
        Wanted::Whole => (200, 0..media.len),
        Wanted::Part(r) => (206, r),
        Wanted::Unsatisfiable => {
            return guarded(
                Response::empty(StatusCode(416))
                    .with_header(header("Content-Range", &format!("bytes */{}", media.len))),
            )
            .boxed();
        }
    };
    let reader = match media.reader(range.clone()) {
        Ok(r) => r,
        Err(e) => {
            return json_response(500, &json!({ "error": e.to_string() })).boxed();
        }
    };
    let length = usize::try_from(range.end - range.start).ok();
    let mut response = Response::new(StatusCode(status), Vec::new(), reader, length, None)
        .with_header(header("Content-Type", media.mime))
        .with_header(header("Accept-Ranges", "bytes"));
    if status == 206 {
        response = response.with_header(header(
            "Content-Range",
            &format!("bytes {}-{}/{}", range.start, range.end - 1, media.len),
        ));
    }
    guarded(response).boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(method: Method, url: &str) -> Asked {
        Asked {
            method,
            url: url.to_string(),
            host: Some("127.0.0.1:4000".into()),
            origin: None,
            fetch_site: None,
            content_type: None,
            range: None,
        }
    }

    fn run(a: &Asked) -> std::result::Result<Route, u16> {
        check(a, 4000, "ab12").map_err(|r| r.status)
    }

    #[test]
    fn the_page_with_its_token_is_served() {
        assert_eq!(run(&asked(Method::Get, "/?token=ab12")), Ok(Route::Page));
        let mut post = asked(Method::Post, "/api/decide?token=ab12");
        post.content_type = Some("application/json".into());
        post.origin = Some("http://127.0.0.1:4000".into());
        assert_eq!(run(&post), Ok(Route::Decide));
        let mut local = asked(Method::Get, "/api/state?token=ab12");
        local.host = Some("localhost:4000".into());
        assert_eq!(run(&local), Ok(Route::State));
    }

    #[test]
    fn no_token_a_wrong_token_or_a_foreign_host_is_403() {
        assert_eq!(run(&asked(Method::Get, "/")), Err(403));
        assert_eq!(run(&asked(Method::Get, "/?token=ab13")), Err(403));
        assert_eq!(run(&asked(Method::Get, "/?token=ab1")), Err(403));
        for host in ["evil.example:4000", "127.0.0.1:4001", "127.0.0.1"] {
            let mut a = asked(Method::Get, "/?token=ab12");
            a.host = Some(host.into());
            assert_eq!(run(&a), Err(403), "{host}");
        }
        let mut no_host = asked(Method::Get, "/?token=ab12");
        no_host.host = None;
        assert_eq!(run(&no_host), Err(403));
        let mut foreign = asked(Method::Get, "/api/state?token=ab12");
        foreign.origin = Some("http://evil.example".into());
        assert_eq!(run(&foreign), Err(403));
        let mut cross = asked(Method::Get, "/api/state?token=ab12");
        cross.fetch_site = Some("cross-site".into());
        assert_eq!(run(&cross), Err(403));
    }

    #[test]
    fn other_paths_methods_and_bodies_are_refused() {
        assert_eq!(run(&asked(Method::Get, "/etc/passwd?token=ab12")), Err(404));
        assert_eq!(run(&asked(Method::Get, "/../x?token=ab12")), Err(404));
        assert_eq!(run(&asked(Method::Get, "/api/save?token=ab12")), Err(405));
        assert_eq!(run(&asked(Method::Post, "/api/state?token=ab12")), Err(405));
        // A form post (no JSON type) cannot save.
        let mut form = asked(Method::Post, "/api/save?token=ab12");
        form.content_type = Some("application/x-www-form-urlencoded".into());
        assert_eq!(run(&form), Err(415));
    }
}
