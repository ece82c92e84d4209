"""Reply times derived from threads."""

from __future__ import annotations

import datetime as dt

from laoke.core.mail import ThreadMail, reply_hours

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_reply_by_in_reply_to_both_directions() -> None:
    """Their mail answered by ours gives our reply time; our mail answered by theirs gives theirs."""
    mails = [
        ThreadMail("in1", "<in1@c>", "in", _at(0)),
        ThreadMail("out1", "<out1@us>", "out", _at(0.25), in_reply_to="<in1@c>"),
        ThreadMail("in2", "<in2@c>", "in", _at(30.25), in_reply_to="<out1@us>"),
    ]
    assert reply_hours(mails) == {"in1": 0.25, "out1": 30.0, "in2": None}


def test_reply_to_follow_up_answers_first_mail_too() -> None:
    """A reply naming both our mails in References answers both; same-direction mails never count."""
    mails = [
        ThreadMail("a", "<a@us>", "out", _at(0)),
        ThreadMail("b", "<b@us>", "out", _at(72), references=("<a@us>",), in_reply_to="<a@us>"),
        ThreadMail("c", "<c@c>", "in", _at(80), in_reply_to="<b@us>", references=("<a@us>", "<b@us>")),
    ]
    assert reply_hours(mails) == {"a": 80.0, "b": 8.0, "c": None}


def test_first_answer_counts_and_unanswered_is_none() -> None:
    """The earliest of several answers gives the reply time; a lone mail stays unanswered."""
    mails = [
        ThreadMail("q", "<q@us>", "out", _at(0)),
        ThreadMail("late", "<l@c>", "in", _at(50), in_reply_to="<q@us>"),
        ThreadMail("early", "<e@c>", "in", _at(5), in_reply_to="<q@us>"),
        ThreadMail("alone", "<z@us>", "out", _at(1)),
    ]
    hours = reply_hours(mails)
    assert hours["q"] == 5.0
    assert hours["alone"] is None


def test_subject_fallback_without_headers() -> None:
    """A "Re:"/"回复：" mail without thread headers answers the latest earlier mail with that subject."""
    mails = [
        ThreadMail("old", "<o@us>", "out", _at(0), subject="新产品目录"),
        ThreadMail("new", "<n@us>", "out", _at(10), subject="新产品目录"),
        ThreadMail("re", "<r@c>", "in", _at(12), subject="回复：新产品目录"),
        ThreadMail("other", "<x@c>", "in", _at(13), subject="Price list"),  # not a reply subject
        ThreadMail("p", "<p@us>", "out", _at(1), subject="Price list"),
    ]
    hours = reply_hours(mails)
    assert hours["new"] == 2.0
    assert hours["old"] is None
    assert hours["p"] is None


def test_a_reply_before_the_mail_does_not_count() -> None:
    """Clock skew: a "reply" dated before the mail it names is ignored."""
    mails = [
        ThreadMail("m", "<m@us>", "out", _at(10)),
        ThreadMail("r", "<r@c>", "in", _at(9), in_reply_to="<m@us>"),
    ]
    assert reply_hours(mails)["m"] is None
