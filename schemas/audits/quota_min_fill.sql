-- audit: quota_min_fill
-- severity: error
-- expect: no rows
-- why: cells filled below the minimum given with `miner audit --min-fill F` (selected < F x quota; table
--      audit_quota), so that a near-empty release fails the audit as an error. Off (min_fill 0) by default.
SELECT s.split, s.lang, s.toxicity_bucket, s.quota, s.selected, round(s.selected / s.quota, 3) AS fill,
       q.min_fill
FROM stats s, audit_quota q
WHERE s.quota > 0 AND s.selected < q.min_fill * s.quota
ORDER BY ALL
