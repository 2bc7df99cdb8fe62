-- audit: no_duplicate_prompts
-- severity: error
-- expect: no rows
-- why: the same prompt twice in a split weighs it twice in every metric; texts are compared normalised
--      (trimmed, whitespace runs collapsed, lower-cased), as the sampler deduplicates them.
SELECT split, lower(regexp_replace(trim(prompt), '\s+', ' ', 'g')) AS normalised_prompt,
       count(*) AS copies, list(prompt_id ORDER BY prompt_id) AS prompt_ids, list(DISTINCT lang) AS langs
FROM prompts
GROUP BY split, normalised_prompt
HAVING count(*) > 1
ORDER BY split, normalised_prompt
