-- audit: cell_counts
-- severity: error
-- expect: no rows
-- why: every split x language x bin cell must hold its quota, or exactly the shortfall recorded in
--      stats/cells.parquet, so that users know which cells are short. Rows filled from a neighbouring bin
--      (filled_from_neighbour) keep their own bin, so they are counted per split x language.
WITH own AS (
    SELECT split, lang, toxicity_bucket, count(*) AS released
    FROM prompts WHERE NOT filled_from_neighbour GROUP BY ALL
),
cells AS (
    SELECT split, lang, toxicity_bucket, s.quota, s.selected, s.shortfall, s.filled,
           coalesce(o.released, 0) AS released
    FROM stats s FULL JOIN own o USING (split, lang, toxicity_bucket)
),
filled AS (
    SELECT split, lang, sum(s.filled) AS recorded, coalesce(any_value(f.released), 0) AS released
    FROM stats s LEFT JOIN (SELECT split, lang, count(*) AS released FROM prompts
                            WHERE filled_from_neighbour GROUP BY ALL) f USING (split, lang)
    GROUP BY ALL
)
SELECT 'cell' AS checked, split, lang, toxicity_bucket, quota, selected, shortfall, filled,
       released AS released_unfilled_rows,
       CASE WHEN quota IS NULL THEN 'rows in a cell missing from stats'
            WHEN selected <> quota - shortfall THEN 'stats: selected <> quota - shortfall'
            ELSE 'released rows <> selected - filled' END AS problem
FROM cells
WHERE quota IS NULL OR selected <> quota - shortfall OR released <> selected - filled
UNION ALL
SELECT 'filled', split, lang, NULL, NULL, NULL, NULL, recorded, released, 'filled rows <> sum(filled) in stats'
FROM filled WHERE recorded <> released
ORDER BY ALL
