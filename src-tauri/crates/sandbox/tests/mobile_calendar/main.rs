//! The Mobile Calendar sandbox over real HTTP on loopback, spoken to with reqwest and the shared
//! wire types, and Innkeep's Mobile Calendar client and connector against it.

mod common;

mod auth;
mod connector;
mod errors;
mod limits;
mod reads;
mod reservations;
mod seed;
