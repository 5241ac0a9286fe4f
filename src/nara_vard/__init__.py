"""nara_vard: data warehouse tooling for the follow-up of god och nära vård."""
