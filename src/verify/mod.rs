//! Signature verification, offline, with trust injected by the caller: DSSE envelopes
//! ([`dsse`]) and OpenSSF Model Signing signatures over a whole model folder ([`oms`]).

pub mod dsse;
pub mod evidence;
pub mod oms;
pub mod sign;
pub mod sigstore;
