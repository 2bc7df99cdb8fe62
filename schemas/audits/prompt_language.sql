-- audit: prompt_language
-- severity: warn
-- expect: no rows
-- why: a prompt cut from a document is usually in the document's language, but boilerplate, quotes and code
--      can put a prompt in another one. Flags split x language groups where fewer than 90% of the prompts are
--      identified (miner.langid on the prompt text, table audit_prompt_lang) as the document's language.
SELECT p.split, p.lang, count(*) AS prompts,
       count(*) FILTER (WHERE l.predicted_lang = p.lang) AS matching,
       round(count(*) FILTER (WHERE l.predicted_lang = p.lang) / count(*), 3) AS match_rate,
       mode(l.predicted_lang) FILTER (WHERE l.predicted_lang <> p.lang) AS most_common_other
FROM prompts p JOIN audit_prompt_lang l USING (prompt_id)
GROUP BY p.split, p.lang
HAVING count(*) FILTER (WHERE l.predicted_lang = p.lang) < 0.9 * count(*)
ORDER BY ALL
