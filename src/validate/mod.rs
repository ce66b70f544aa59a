//! Validation of the lexicons on a corpus, the loop a reviewer of a dictionary method asks for
//! (docs/validation.md): `sample` draws hits of a run to code by hand (`quote_sample` its
//! quotations), `coded` reads the verdicts
//! back, `precision` gives each category's and entry's precision and the entries that cost the
//! most, `agreement` the statistics (Wilson intervals, kappa, alpha), `by_outlet` whether a
//! category's precision differs by outlet (Fisher's exact test, BH over categories), `flags`
//! what that says of a run's outlets.csv (`score --validated`), and `impact` how the outlets'
//! figures would move without the costly entries. All of it runs after a run; the passes over a
//! corpus (`kwic`, `keyness`) are in `passes`.

pub(crate) mod agreement;
pub(crate) mod by_outlet;
pub(crate) mod coded;
pub(crate) mod flags;
pub(crate) mod impact;
pub(crate) mod precision;
pub(crate) mod quote_sample;
pub(crate) mod sample;
