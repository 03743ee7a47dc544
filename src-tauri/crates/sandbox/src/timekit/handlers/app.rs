//! `GET /app` and `POST /app/invite`.
//!
//! Invite (the seed's "Invite existing resources to your app"): the body is `{"email": …}`; a
//! person not yet a resource of the app becomes one (named after the address, in the app's
//! time zone) and the answer is 204 with no body, as the MuleSoft reference says ("No
//! response"); an address already in the app is a 422 on `email`.

use axum::http::StatusCode;
use innkeep_providers::timekit::wire;

use super::resources::new_resource;
use super::{Reply, Req};
use crate::timekit::errors::TkError;
use crate::timekit::state::TkState;
use crate::timekit::time::ZONE_NAME;

pub fn get(st: &mut TkState, _req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    Ok(Reply::data(StatusCode::OK, st.app.clone()))
}

pub fn invite(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let body: wire::InviteRequest = req.decode()?;
    let email = body.email.trim().to_lowercase();
    if !super::resources::is_email(&email) {
        return Err(TkError::field("email", "The email must be a valid email address."));
    }
    if st.resources.iter().any(|r| r.email.as_deref().map(str::to_lowercase).as_deref() == Some(email.as_str())) {
        return Err(TkError::field("email", "The resource is already part of this app."));
    }
    let name = email.split('@').next().unwrap_or_default().to_owned();
    let input = wire::ResourceInput {
        name: Some(name),
        timezone: Some(ZONE_NAME.into()),
        email: Some(email),
        ..Default::default()
    };
    new_resource(st, input)?;
    Ok(Reply::no_content())
}
