//! The data endpoint: the stubs flowgen generates (`stub`), rendered from the endpoint contract
//! and the parameters, and the RSA key pair their encryption needs (`keygen`).

pub mod keygen;
pub mod stub;
