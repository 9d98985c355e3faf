//! The data endpoint: the stubs flowgen generates (`stub`), rendered from the endpoint contract
//! and the parameters, the RSA key pair their encryption needs (`keygen`), and the WhatsApp side
//! of the encrypted channel (`protocol`), and `flowgen check-endpoint` built on it (`check`, which
//! replays `journey` files).

pub mod check;
pub mod journey;
pub mod keygen;
pub mod protocol;
pub mod stub;
