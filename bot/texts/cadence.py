"""Texts of the daily question's cadence (the days it is asked on) and its /settings screens
(English and Japanese), merged into ``bot.messages.CATALOG``. How a cadence reads is
``bot.messages.question_schedule``."""

TEXTS: dict[str, dict[str, str]] = {
    # how a cadence reads, with the time in the zone (every day: the time alone)
    "weekday_short_0": {"en": "Mon", "ja": "月"},
    "weekday_short_1": {"en": "Tue", "ja": "火"},
    "weekday_short_2": {"en": "Wed", "ja": "水"},
    "weekday_short_3": {"en": "Thu", "ja": "木"},
    "weekday_short_4": {"en": "Fri", "ja": "金"},
    "weekday_short_5": {"en": "Sat", "ja": "土"},
    "weekday_short_6": {"en": "Sun", "ja": "日"},
    "days_separator": {"en": ", ", "ja": "・"},
    "cadence_days": {"en": "{days} at {time}", "ja": "{days}の{time}"},
    "cadence_weekly": {"en": "every {day} at {time}", "ja": "毎週{day}の{time}"},
    "cadence_weekdays": {"en": "weekdays at {time}", "ja": "平日の{time}"},
    "cadence_weekend": {"en": "weekends at {time}", "ja": "土日の{time}"},
    # /settings → 📅 Days
    "btn_cadence": {"en": "📅 Days", "ja": "📅 曜日"},
    "cadence_menu": {
        "en": "<b>Daily question</b>: {schedule}\n"
              "On which days should I ask? You can write an entry on any day.",
        "ja": "<b>毎日の質問</b>:{schedule}\n"
              "どの曜日にお聞きしましょうか? 記録はどの日でもできます。",
    },
    "btn_cadence_daily": {"en": "Every day", "ja": "毎日"},
    "btn_cadence_three": {"en": "3 times a week: {days}", "ja": "週3回({days})"},
    "btn_cadence_weekly": {"en": "Once a week…", "ja": "週1回…"},
    "btn_cadence_chosen": {"en": "Choose the days…", "ja": "曜日を選ぶ…"},
    "btn_cadence_current": {"en": "✅ {label}", "ja": "✅ {label}"},
    "cadence_ask_weekly": {
        "en": "<b>Once a week</b>: on which day should I ask?",
        "ja": "<b>週1回</b>:何曜日にお聞きしましょうか?",
    },
    "cadence_ask_days": {
        "en": "<b>Daily question</b>: {schedule}\n"
              "Tap a day to ask on it, or not (one day at least).",
        "ja": "<b>毎日の質問</b>:{schedule}\n"
              "曜日を押すと、その日に聞くかどうかが切り替わります(1日以上)。",
    },
    "btn_day_on": {"en": "✅ {day}", "ja": "✅ {day}"},
    "btn_day_off": {"en": "▫️ {day}", "ja": "▫️ {day}"},
    "cadence_one_day": {
        "en": "At least one day, please. For a break from the questions, use ⏸ Pause.",
        "ja": "1日以上選んでください。しばらくお休みするときは ⏸ 一時停止 をどうぞ。",
    },
}
