//! The Reservanto sandbox over real HTTP on loopback: spoken to raw (reqwest and the shared wire
//! types) and through Innkeep's Reservanto client and connector.

mod common;

mod actions;
mod connector;
mod customers;
mod faults;
mod reads;
mod seed;
mod transport;
