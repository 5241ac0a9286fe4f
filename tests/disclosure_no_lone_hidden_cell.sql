-- No hidden cell of the published mart can be got back by one subtraction: every additive relation
-- that adds up exactly has no member a reader cannot see, or at least two (cells of unknown sex
-- count as unseen). A necessary condition of the solver's rule, checked on every engine.
{{ disclosure_lone_hidden_relations() }}
