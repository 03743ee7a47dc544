//! Mobile Calendar Public REST API v1: `wire` mirrors the API, `client` talks to it (tokens,
//! pacing, pages, problems), `map` turns its records into Innkeep's, `connector` puts it behind
//! the one [`Connector`](crate::Connector) interface.

pub mod client;
pub mod connector;
pub mod map;
pub mod wire;

pub use client::{Budget, McClient, Pacer};
pub use connector::{connect, MobileCalendarConnector};
pub use map::McConfig;
