-- audit: bucket_matches_score
-- severity: error
-- expect: no rows
-- why: toxicity_bucket must be the bin (manifest sampling.bins, table audit_bins) of the configured basis
--      score: the document's toxicity (PTP) or the prompt's (RTP). A tolerance of 1e-6 absorbs float32 rounding.
SELECT p.split, p.lang, p.prompt_id, p.toxicity_bucket, p.score
FROM (
    SELECT *, CASE (SELECT any_value(basis) FROM audit_bins) WHEN 'prompt' THEN prompt_toxicity
                                                             ELSE toxicity END AS score
    FROM prompts
) p
WHERE NOT EXISTS (SELECT 1 FROM audit_bins b
                  WHERE b.bucket = p.toxicity_bucket AND p.score BETWEEN b.lo - 1e-6 AND b.hi + 1e-6)
ORDER BY ALL
