//! Mews Connector API: `wire` mirrors the API, `client` talks to it, `map` turns its records
//! into Innkeep's.

pub mod client;
pub mod live;
pub mod map;
pub mod wire;

pub use client::MewsClient;
pub use map::MewsContext;
pub mod connector;

pub use connector::{connect, MewsConnector};
