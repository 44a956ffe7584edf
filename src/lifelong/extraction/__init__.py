"""Pure extraction engine: job-ad text → ranked ESCO skills and occupations (no Django)."""

from .extractor import MODES, Evidence, Extraction, Match, SkillExtractor
from .language import guess_language
from .sentences import split_sentences
from .taxonomy import Concept, Taxonomy, load_esco

__all__ = ["MODES", "Concept", "Evidence", "Extraction", "Match", "SkillExtractor", "Taxonomy",
           "guess_language", "load_esco", "split_sentences"]
