//! The Mews sandbox over real HTTP on loopback, spoken to with reqwest and the shared wire types.

mod common;

mod booking;
mod customers;
mod faults;
mod lifecycle;
mod live;
mod reads;
mod reservations;
mod seed;
mod transport;
