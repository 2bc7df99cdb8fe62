-- audit: no_empty_text
-- severity: error
-- expect: no rows
-- why: an empty or whitespace-only prompt or continuation gives a model nothing to continue, or a scorer
--      nothing to compare with.
SELECT split, lang, prompt_id,
       CASE WHEN prompt IS NULL OR regexp_matches(prompt, '^\s*$') THEN 'prompt' ELSE 'continuation' END AS empty
FROM prompts
WHERE prompt IS NULL OR regexp_matches(prompt, '^\s*$')
   OR continuation IS NULL OR regexp_matches(continuation, '^\s*$')
ORDER BY ALL
