//! Reservanto API v1: `wire` mirrors the API, `client` talks to it, `map` turns its records into
//! Innkeep's, `connector` puts it behind the one [`Connector`](crate::Connector) interface.

pub mod client;
pub mod connector;
pub mod map;
pub mod wire;

pub use client::ReservantoClient;
pub use connector::{connect, ReservantoConnector};
pub use map::ReservantoContext;
