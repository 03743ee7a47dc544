//! Routing below `/v2`, the request as the handlers see it, and what they share: typed bodies
//! (a wrong shape is a 422 naming the field), Laravel pagination and the answer envelope.

mod app;
mod availability;
mod bookings;
mod changes;
mod resources;

use axum::http::{Method, StatusCode};
use chrono_tz::Tz;
use innkeep_providers::timekit::wire;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::errors::TkError;
use super::state::{Includes, TkState};

/// One request, decoded as far as every handler needs.
pub struct Req<'a> {
    pub query: Vec<(String, String)>,
    pub body: &'a [u8],
    /// Output time zone: `Timekit-Timezone` if valid, else the guesthouse's.
    pub tz: Tz,
    /// `http://host/timekit/v2`, for pagination links.
    pub base_url: String,
}

impl Req<'_> {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn includes(&self) -> Includes {
        Includes::parse(self.param("include"))
    }

    /// The body as JSON; an empty body is `{}`.
    pub fn json(&self) -> Result<Value, TkError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Object(Default::default()));
        }
        let v: Value = serde_json::from_slice(self.body).map_err(|e| TkError::bad_json(&e.to_string()))?;
        if !v.is_object() {
            return Err(TkError::bad_json("the body must be a JSON object"));
        }
        Ok(v)
    }

    /// The body as `T`; a field of the wrong type is a 422 naming it where serde does.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, TkError> {
        decode(self.json()?)
    }

    /// A positive whole number query parameter.
    pub fn number(&self, name: &str, default: u64, max: u64) -> Result<u64, TkError> {
        match self.param(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| TkError::field(name, format!("The {name} must be an integer between 1 and {max}."))),
        }
    }
}

pub fn decode<T: DeserializeOwned>(v: Value) -> Result<T, TkError> {
    serde_json::from_value(v).map_err(|e| {
        let msg = e.to_string();
        match msg.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            Some(field) => TkError::required(field),
            None => TkError::field("body", msg),
        }
    })
}

/// A successful answer: a status and a JSON body (none for 204).
pub struct Reply {
    pub status: StatusCode,
    pub body: Option<Vec<u8>>,
}

impl Reply {
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Reply {
        Reply { status, body: Some(serde_json::to_vec(value).expect("wire types serialize")) }
    }

    pub fn data<T: Serialize>(status: StatusCode, data: T) -> Reply {
        Reply::json(status, &wire::Data { data })
    }

    pub fn no_content() -> Reply {
        Reply { status: StatusCode::NO_CONTENT, body: None }
    }
}

/// Laravel's page of `items` (all matches, in order) for `?limit=&page=`.
pub fn paginate<T: Clone>(req: &Req<'_>, path: &str, items: &[T], limit: u64, page: u64) -> wire::Paginated<T> {
    let total = items.len() as u64;
    let last_page = total.div_ceil(limit).max(1);
    let start = ((page - 1) * limit).min(total);
    let end = (start + limit).min(total);
    let link = |p: u64| {
        let mut params: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| k != "page" && k != "limit")
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        params.insert(0, format!("limit={limit}"));
        params.push(format!("page={p}"));
        format!("{}{path}?{}", req.base_url, params.join("&"))
    };
    wire::Paginated {
        total,
        per_page: limit,
        current_page: page,
        last_page,
        next_page_url: (page < last_page).then(|| link(page + 1)),
        prev_page_url: (page > 1).then(|| link(page - 1)),
        from: (end > start).then_some(start + 1),
        to: (end > start).then_some(end),
        data: items[start as usize..end as usize].to_vec(),
    }
}

/// Percent-encoding for query values in pagination links.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

type Handler = fn(&mut TkState, &Req<'_>, &[&str]) -> Result<Reply, TkError>;

/// The handler of a path (segments below `/v2`) and method: `Err(404)` for an unknown path,
/// `Err(405)` for a known one with another method.
pub fn route(method: &Method, segments: &[&str]) -> Result<Handler, TkError> {
    let get = method == Method::GET;
    let post = method == Method::POST;
    let put = method == Method::PUT;
    let delete = method == Method::DELETE;
    let handler: Option<Handler> = match segments {
        ["app"] => get.then_some(app::get as Handler),
        ["app", "invite"] => post.then_some(app::invite as Handler),
        ["resources"] if get => Some(resources::list),
        ["resources"] if post => Some(resources::create),
        ["resources"] => None,
        ["resources", _] if get => Some(resources::get),
        ["resources", _] if put => Some(resources::update),
        ["resources", _] if delete => Some(resources::delete),
        ["resources", _] => None,
        ["availability"] => post.then_some(availability::query as Handler),
        ["bookings"] if get => Some(bookings::list),
        ["bookings"] if post => Some(bookings::create),
        ["bookings"] => None,
        ["bookings", "bulk"] if post => Some(bookings::bulk_create),
        ["bookings", "bulk"] if put => Some(changes::bulk_update),
        ["bookings", "bulk"] => None,
        ["bookings", _] if get => Some(bookings::get),
        ["bookings", _] if delete => Some(changes::delete),
        ["bookings", _] => None,
        ["bookings", _, "meta"] => put.then_some(changes::meta as Handler),
        ["bookings", _, _] => put.then_some(changes::action as Handler),
        _ => return Err(TkError::no_route()),
    };
    handler.ok_or_else(TkError::method_not_allowed)
}
