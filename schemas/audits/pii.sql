-- audit: pii
-- severity: warn
-- expect: no rows
-- why: e-mail addresses, phone numbers and IP addresses (miner.pii.find_pii, table audit_pii) left in prompts
--      or continuations; with release.pii = mask there should be none. One row per prompt, field and kind.
SELECT DISTINCT p.lang, x.prompt_id, x.field, x.kind, x.matches
FROM audit_pii x JOIN prompts p USING (prompt_id)
ORDER BY ALL
