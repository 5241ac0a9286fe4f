-- No hidden cell of the published mart can be got back by subtraction: in every additive relation
-- (a parent cell and its children along geography or period), the number of hidden members is 0 or
-- at least 2 wherever another member could have been hidden. Fails when the unrolled rounds
-- (var disclosure_max_rounds) were too few. Relations nothing can protect, because their other
-- members are region cells or show no figures, are listed by disclosure_unprotectable_relations.
{{ disclosure_lone_hidden_relations(protectable=true) }}
