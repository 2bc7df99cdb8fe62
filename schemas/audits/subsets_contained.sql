-- audit: subsets_contained
-- severity: error
-- expect: no rows
-- why: a split declared `subset_of` another in the manifest (small ⊂ full) must hold only prompts of its
--      parent, in the same language, so that results on the subset stay comparable with the parent's.
SELECT s.split, s.subset_of AS parent, p.lang, p.prompt_id
FROM audit_splits s JOIN prompts p ON p.split = s.split
WHERE s.subset_of IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM prompts q
                  WHERE q.split = s.subset_of AND q.prompt_id = p.prompt_id AND q.lang = p.lang)
ORDER BY ALL
