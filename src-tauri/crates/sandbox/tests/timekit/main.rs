//! The Timekit sandbox over real HTTP on loopback, spoken to with reqwest and the shared wire
//! types, and Innkeep's Timekit client and connector against it.

mod common;

mod actions;
mod availability;
mod bookings;
mod connector;
mod resources;
mod seed;
mod transport;
