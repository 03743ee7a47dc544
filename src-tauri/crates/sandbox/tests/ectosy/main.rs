//! The Ectosy sandbox over real HTTP on loopback: its API spoken to raw with reqwest, and
//! Innkeep's Ectosy client and connector spoken through.

mod common;

mod api;
mod connector;
mod errors;
mod seed;
