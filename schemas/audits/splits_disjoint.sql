-- audit: splits_disjoint
-- severity: error
-- expect: no rows
-- why: a prompt (normalised text) in two independent splits leaks between them. Splits in one subset_of
--      tree of the manifest (small ⊂ full, or two subsets of full) overlap by design and are exempt;
--      subsets_contained checks them.
WITH RECURSIVE roots(split, root) AS (
    SELECT split, split FROM audit_splits WHERE subset_of IS NULL
    UNION ALL
    SELECT s.split, r.root FROM audit_splits s JOIN roots r ON s.subset_of = r.split
),
texts AS (
    SELECT DISTINCT p.split, coalesce(r.root, p.split) AS root, p.prompt_id,
           lower(regexp_replace(trim(p.prompt), '\s+', ' ', 'g')) AS normalised_prompt
    FROM prompts p LEFT JOIN roots r USING (split)
)
SELECT a.split AS split_a, b.split AS split_b, a.prompt_id AS prompt_id_a, b.prompt_id AS prompt_id_b,
       left(a.normalised_prompt, 80) AS normalised_prompt
FROM texts a JOIN texts b ON a.normalised_prompt = b.normalised_prompt AND a.split < b.split AND a.root <> b.root
ORDER BY ALL
