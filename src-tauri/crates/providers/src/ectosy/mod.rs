//! Scaffold: to be replaced by the full client (wire, client, map, connector).

use std::sync::Arc;

use innkeep_core::{AppError, ErrorKind};

use crate::connector::{Connector, Endpoint};

pub fn connect(_endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    Err(AppError::new(ErrorKind::Internal, "This provider is not connected in this build yet."))
}
