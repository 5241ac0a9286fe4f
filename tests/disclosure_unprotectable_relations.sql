{{ config(severity='warn', store_failures=true) }}
-- Relations with a single hidden cell whose other members are all region cells (never hidden) or
-- cells without figures: the region's own figure gives the hidden cell away, and no rule that keeps
-- the region's figures can prevent it. A warning for the reviewer; none on the default landing.
{{ disclosure_lone_hidden_relations(protectable=false) }}
