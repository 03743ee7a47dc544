//! Provider clients. Each provider module holds `wire` (serde types exactly as the API),
//! `client` (auth, pagination, the provider's errors) and `map` (wire -> domain).
//! The HTTP plumbing every client shares lives once, in `http`.

pub mod http;
pub mod mews;
