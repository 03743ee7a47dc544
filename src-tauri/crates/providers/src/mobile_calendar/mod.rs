//! Mobile Calendar Public REST API v1: `wire` mirrors the API, `client` talks to it (tokens,
//! pacing, pages, problems), `map` turns its records into Innkeep's, `connector` puts it behind
//! the one [`Connector`](crate::Connector) interface.

pub mod wire;

use std::sync::Arc;

use innkeep_core::{AppError, ErrorKind};

use crate::connector::{Connector, Endpoint};

pub fn connect(_endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    Err(AppError::new(ErrorKind::Internal, "This provider is not connected in this build yet."))
}
