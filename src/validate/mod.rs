//! Validation of the lexicons on a corpus, the loop a reviewer of a dictionary method asks for
//! (docs/validation.md): `sample` draws hits of a run to code by hand, `coded` reads the verdicts
//! back, `precision` gives each category's and entry's precision and the entries that cost the
//! most, `agreement` the statistics (Wilson intervals, kappa, alpha), and `impact` how the
//! outlets' figures would move without the costly entries.

pub mod agreement;
pub mod coded;
pub mod impact;
pub mod precision;
pub mod sample;
