//! `POST /auth/token`: client credentials in, a JWT-shaped bearer token valid 3600 s out, in
//! the API's one snake_case answer. No refresh token: clients ask again with the same
//! credentials. Token requests count against the user's rate limit like any other.

use chrono::Duration;
use innkeep_providers::mobile_calendar::wire::TokenResponse;

use super::{Ctx, Reply};
use crate::mobile_calendar::body::Body;
use crate::mobile_calendar::errors::ApiError;
use crate::mobile_calendar::jwt;
use crate::mobile_calendar::state::{McState, TokenRec, TOKEN_SECONDS};
use crate::mobile_calendar::{
    CLIENT_ID, CLIENT_SECRET, FULL_SCOPES, READONLY_CLIENT_ID, READONLY_CLIENT_SECRET, READONLY_SCOPES,
};

pub fn token(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let mut body = Body::parse(ctx.body)?;
    body.required("clientId");
    body.required("clientSecret");
    let id = body.text("clientId");
    let secret = body.str("clientSecret");
    body.check()?;
    let (id, secret) = (id.unwrap_or_default(), secret.unwrap_or_default());
    let scopes = match (id.as_str(), secret.as_str()) {
        (CLIENT_ID, CLIENT_SECRET) => FULL_SCOPES,
        (READONLY_CLIENT_ID, READONLY_CLIENT_SECRET) => READONLY_SCOPES,
        _ => return Err(ApiError::unauthorized("Invalid credentials")),
    };
    // A revoked API account: the credentials no longer open anything.
    if ctx.faults.tokens_rejected() {
        return Err(ApiError::unauthorized("Invalid credentials"));
    }
    ctx.limiter.admit(&id).map_err(ApiError::rate_limited)?;
    let issued = state.now();
    let expires = issued + Duration::seconds(TOKEN_SECONDS);
    let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
    state.issued_tokens += 1;
    let n = state.issued_tokens;
    let access_token = jwt::token(&mut state.rng, &id, issued, expires, &scopes, n);
    state.tokens.insert(access_token.clone(), TokenRec { user: id, scopes: scopes.clone(), expires });
    crate::simulator::remember_token(&mut state.handed_out, &access_token);
    Ok(Reply::ok(&TokenResponse {
        token_type: "Bearer".into(),
        access_token,
        expires_in: TOKEN_SECONDS as u64,
        scope: scopes,
        meta: ctx.meta(),
    }))
}
