"""Which forwards count as "the same message" (pure, no bot)."""

from bot.core.gratitude import IncomingThanks, MediaFile, Origin, dedupe_key

YUKI = Origin("user", "Yuki", 1_700_000_000, user_id=7)


def forward(origin: Origin = YUKI, text: str | None = "thanks!", media=()) -> IncomingThanks:
    return IncomingThanks("forward", "photo" if media else "text", 1, origin, text, [],
                          tuple(media))


def test_same_origin_date_and_text_is_the_same_key():
    assert dedupe_key(forward()) == dedupe_key(forward())


def test_a_different_text_time_or_sender_is_a_different_key():
    keys = {dedupe_key(forward()), dedupe_key(forward(text="thanks again")),
            dedupe_key(forward(Origin("user", "Yuki", 1_700_000_001, user_id=7))),
            dedupe_key(forward(Origin("user", "Yuki", 1_700_000_000, user_id=8)))}
    assert len(keys) == 4


def test_a_channel_post_is_known_by_chat_and_message_id_whatever_its_text():
    post = Origin("channel", "News", 1_700_000_000, chat_id=-100, message_id=5)
    assert dedupe_key(forward(post, "a")) == dedupe_key(forward(post, "b")) == "channel:-100:5"


def test_hidden_users_are_told_apart_by_name_and_photos_by_file():
    ann = Origin("hidden_user", "Ann", 1_700_000_000)
    bob = Origin("hidden_user", "Bob", 1_700_000_000)
    assert dedupe_key(forward(ann)) != dedupe_key(forward(bob))
    one = [MediaFile("photo", "f1", "u1")]
    two = [MediaFile("photo", "f2", "u2")]
    assert dedupe_key(forward(media=one, text=None)) != dedupe_key(forward(media=two, text=None))


def test_a_screenshot_is_known_by_its_file_and_typed_thanks_have_no_key():
    shot = IncomingThanks("screenshot", "photo", 1, None, None, [],
                          (MediaFile("photo", "f1", "u1"),))
    assert dedupe_key(shot) == "file:u1"
    assert dedupe_key(IncomingThanks("screenshot", "text", 1)) is None
