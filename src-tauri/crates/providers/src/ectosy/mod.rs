//! Ectosy (`ectosy.com`): `wire` mirrors its three-resource API, `client` talks to it, `map`
//! turns its records into Innkeep's, `connector` puts it behind the one interface.

pub mod client;
pub mod connector;
pub mod map;
pub mod wire;

pub use client::{EctosyClient, PostFailure};
pub use connector::{connect, connect_ectosy, EctosyConfig, EctosyConnector, Recovery};
