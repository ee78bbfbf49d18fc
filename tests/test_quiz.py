"""The question bank and the quiz: every question well formed, answers recorded in the agreed shape."""

from __future__ import annotations

import collections
import sys

import pytest

import pathway
from pathway import ____
from pathway.labs import quiz
from pathway.labs.quiz import QuestionBankError

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

BANK = quiz.load_bank()


def test_every_area_has_at_least_four_questions_and_certs_from_the_roadmap():
    roadmap = pathway.load_roadmap()
    p5 = {i.id for i in roadmap.items_in("p5", include_shared=True) if i.kind == "certification"}
    counts = collections.Counter(q.area for q in BANK.questions)
    for area in BANK.areas:
        assert counts[area.id] >= 4, area.id
        assert set(area.certs) <= p5, area.id
    assert {a.id for a in BANK.areas} == {
        "project_management", "itil", "aws_data_engineering", "aws_ml", "data_analytics"
    }


@pytest.mark.parametrize("q", BANK.questions, ids=lambda q: q.id)
def test_question_is_well_formed(q):
    area = BANK.area(q.area)
    assert q.cert in area.certs, f"{q.id}: cert {q.cert} is not one of its area's certs"
    assert q.id.split(".")[0] in {"pm", "itil", "aws_de", "aws_ml", "da"}
    assert 3 <= len(q.options) <= 6 and q.answer in q.letters
    assert len(q.explanation.split()) >= 8 and q.text.endswith("?")
    assert set(q.why) <= set(q.letters) - {q.answer}
    assert len(q.why) == len(q.options) - 1, f"{q.id}: explain every wrong option"


def test_correct_answers_are_spread_over_the_letters():
    counts = collections.Counter(q.answer for q in BANK.questions)
    assert max(counts.values()) <= len(BANK.questions) / 2


def test_check_answer_judges_without_recording(home):
    q = BANK.question("itil.standard_change")
    right = quiz.check_answer(q, q.answer.upper() + " ")
    assert right.correct is True and right.outcome == "correct"
    wrong_letter = next(letter for letter in q.letters if letter != q.answer)
    wrong = quiz.check_answer(q, wrong_letter)
    assert wrong.correct is False and q.why[wrong_letter] in wrong.message
    assert q.explanation in wrong.message
    for junk in (____, None, "z", 3, ["a"]):
        assert quiz.check_answer(q, junk).correct is None
    assert pathway.logged(action="quiz") == []


def test_grade_records_each_answer_in_the_agreed_shape(home):
    my_quiz = quiz.draw("itil", n=3, seed=1)
    first, second, third = my_quiz.questions
    wrong = next(letter for letter in second.letters if letter != second.answer)
    result = my_quiz.grade([first.answer, wrong, ____])
    assert (result.answered, result.score) == (2, 1)
    events = pathway.logged(action="quiz")
    assert [e.item for e in events] == [first.cert, second.cert]
    assert dict(events[0].detail) == {
        "action": "quiz", "question": first.id, "correct": True, "area": "itil",
    }
    assert events[1].detail["correct"] is False
    assert all(e.status == "todo" for e in events)  # answering does not change the cert's status
    assert "1 of 2 answered correctly" in repr(result)
    assert list(result.frame["outcome"]) == ["correct", "incorrect", "incomplete"]


def test_grade_by_question_id_and_answer_one(home):
    my_quiz = quiz.draw("aws_ml", n=2, seed=3)
    q = my_quiz.questions[0]
    result = my_quiz.grade({q.id: q.answer})
    assert result.answered == 1
    feedback = quiz.answer("da.having_clause", BANK.question("da.having_clause").answer)
    assert feedback.correct is True
    frame = quiz.results()
    assert list(frame.columns) == ["time", "cert", "question", "area", "correct"]
    assert list(frame["question"]) == [q.id, "da.having_clause"]
    assert len(quiz.results("data_analytics")) == 1


def test_grade_rejects_a_sheet_of_the_wrong_shape(home):
    my_quiz = quiz.draw("itil", n=3, seed=1)
    with pytest.raises(QuestionBankError, match="2 answers for 3 questions"):
        my_quiz.grade(["a", "b"])
    with pytest.raises(QuestionBankError, match="not in this quiz"):
        my_quiz.grade({"pm.critical_path": "a"})
    with pytest.raises(QuestionBankError, match="list of letters"):
        my_quiz.grade("abc")
    assert pathway.logged(action="quiz") == []


def test_draw_is_reproducible_and_bounded():
    a = quiz.draw("itil", n=4, seed=7)
    assert [q.id for q in a.questions] == [q.id for q in quiz.draw("itil", n=4, seed=7).questions]
    assert len({q.id for q in a.questions}) == 4 and all(q.area == "itil" for q in a.questions)
    assert len(quiz.draw("itil", n=100)) == len(BANK.select("itil"))
    assert all(q.cert == "cert.ibm_data_science" for q in quiz.draw(cert="cert.ibm_data_science").questions)
    with pytest.raises(QuestionBankError, match="no area"):
        quiz.draw("cooking")
    with pytest.raises(QuestionBankError, match="at least 1"):
        quiz.draw("itil", n=0)
    assert "1." in repr(a) and "<ul" in a._repr_html_()


def test_summary_counts_per_area(home):
    my_quiz = quiz.draw("project_management", n=2, seed=0)
    q1, q2 = my_quiz.questions
    my_quiz.grade([q1.answer, next(x for x in q2.letters if x != q2.answer)])
    table = quiz.summary()
    assert table.loc["project_management", "answered"] == 2
    assert table.loc["project_management", "correct"] == 1
    assert table.loc["project_management", "percent"] == 50.0
    assert table.loc["itil", "answered"] == 0


def _bank_text(tmp_path, **question):
    base = {"id": "x.one", "area": "a", "cert": "cert.itil_foundation", "question": "Why?",
            "options": ["one", "two", "three"], "answer": "a", "explanation": "Because."}
    base.update(question)
    lines = ['format = "mle-pathway/questions"', "version = 1",
             '[[areas]]\nid = "a"\ntitle = "A"\ncerts = ["cert.itil_foundation"]', "[[questions]]"]
    for key, value in base.items():
        lines.append(f"{key} = {value!r}".replace("'", '"'))
    path = tmp_path / "bank.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    tomllib.loads(path.read_text())  # the fixture itself is valid TOML
    return path


def test_a_valid_custom_bank_loads(tmp_path):
    bank = quiz.load_bank(_bank_text(tmp_path))
    assert bank.question("x.one").option("a") == "one"


@pytest.mark.parametrize(
    "field,value,match",
    [
        ("answer", "e", "option letters"),
        ("options", ["only", "two"], "3 to 6"),
        ("options", ["same", "same", "other"], "identical"),
        ("area", "b", "unknown area"),
        ("question", "", "non-empty"),
    ],
)
def test_a_broken_bank_names_the_problem(tmp_path, field, value, match):
    with pytest.raises(QuestionBankError, match=match):
        quiz.load_bank(_bank_text(tmp_path, **{field: value}))


def test_unknown_question_suggests_close_ids():
    with pytest.raises(QuestionBankError, match="Did you mean"):
        BANK.question("itil.standard_chnge")


def test_no_question_is_recorded_against_a_retired_exam():
    assert quiz.for_retired_exams() == {}


def test_a_question_tagged_to_the_retired_specialty_is_found():
    import dataclasses

    q = BANK.question("aws_ml.model_monitor")
    bank = dataclasses.replace(BANK, questions=(dataclasses.replace(q, cert="cert.aws_ml_specialty"),))
    assert quiz.for_retired_exams(bank) == {"aws_ml.model_monitor": "cert.aws_ml_specialty"}
