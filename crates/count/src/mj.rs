//! stub
use crate::ballot::Election;
use crate::error::CountError;
use crate::transcript::Transcript;
pub fn count_ranked(_e: &Election, _o: &[(String, String)]) -> Result<Transcript, CountError> {
    Err(CountError::TooManyCandidates { max: 0 })
}
