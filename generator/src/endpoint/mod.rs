//! The data endpoint: the stubs flowgen generates (`stub`), rendered from the endpoint contract
//! and the parameters, the RSA key pair their encryption needs (`keygen`), and the WhatsApp side
//! of the encrypted channel the stubs are tested against (`protocol`).

pub mod keygen;
pub mod protocol;
pub mod stub;
