-- audit: scores_in_range
-- severity: error
-- expect: no rows
-- why: toxicity and language scores are probabilities; a missing, NaN or out-of-range value means a scorer
--      failed or was misread, and would silently shift bins and metrics.
SELECT split, lang, prompt_id, score_column, value
FROM (SELECT split, lang, prompt_id, toxicity, prompt_toxicity, continuation_toxicity, lang_score FROM prompts)
    UNPIVOT INCLUDE NULLS (value FOR score_column IN (toxicity, prompt_toxicity, continuation_toxicity, lang_score))
WHERE value IS NULL OR isnan(value) OR value < 0 OR value > 1
ORDER BY ALL
