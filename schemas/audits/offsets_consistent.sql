-- audit: offsets_consistent
-- severity: error
-- expect: no rows
-- why: begin, cut and end locate the prompt and continuation in the document text (character offsets, as in
--      Python): text[begin:cut] = prompt and text[cut:end] = continuation, with begin <= cut <= end <= len(text).
--      Wrong offsets break RTP-style exports and any re-cutting of the document.
SELECT split, lang, prompt_id, begin, cut, "end", text_length, problem
FROM (
    SELECT *, length(text) AS text_length,
           CASE WHEN begin IS NULL OR cut IS NULL OR "end" IS NULL OR text IS NULL THEN 'missing offsets or text'
                WHEN NOT (0 <= begin AND begin <= cut AND cut <= "end" AND "end" <= length(text))
                    THEN 'offsets out of order or outside the text'
                WHEN substr(text, begin + 1, cut - begin) IS DISTINCT FROM prompt THEN 'text[begin:cut] <> prompt'
                WHEN substr(text, cut + 1, "end" - cut) IS DISTINCT FROM continuation
                    THEN 'text[cut:end] <> continuation'
           END AS problem
    FROM prompts
)
WHERE problem IS NOT NULL
ORDER BY ALL
