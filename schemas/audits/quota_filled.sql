-- audit: quota_filled
-- severity: warn
-- expect: no rows
-- why: a cell (split x language x bin) below its quota measures models on fewer prompts than planned, and an
--      empty language is missing from the benchmark altogether; a release can be mostly empty and still pass
--      every other audit. One row per short cell (stats/cells.parquet); `miner audit --fail-on warn` stops it.
SELECT split, lang, toxicity_bucket, quota, selected, shortfall,
       round(selected / quota, 3) AS fill,
       sum(selected) OVER (PARTITION BY split, lang) = 0 AS language_empty
FROM stats
WHERE selected < quota
ORDER BY ALL
