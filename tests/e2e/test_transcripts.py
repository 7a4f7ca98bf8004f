"""The first-week transcripts under docs/ are the bot's own output: regenerated here from the
fake Bot API with the fixed clock, they must equal the committed files."""

from __future__ import annotations

import difflib

import pytest

from docs.first_week import REGENERATE, STORIES, path_for, transcript


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.lang)
async def test_first_week_transcript_is_up_to_date(story):
    committed = path_for(story.lang)
    fresh = await transcript(story)
    old = committed.read_text(encoding="utf-8") if committed.exists() else ""
    if fresh != old:
        diff = "".join(difflib.unified_diff(
            old.splitlines(keepends=True), fresh.splitlines(keepends=True),
            fromfile=f"{committed.name} (committed)", tofile=f"{committed.name} (the bot now)"))
        pytest.fail(f"{committed.name} is out of date: the bot's words or flow changed.\n"
                    f"Regenerate both transcripts with `{REGENERATE}` (from the repository "
                    f"root), read them, and commit them.\n\n{diff}")
