"""Plain-dict inputs of EDCs for the tests (a joint programme of three universities)."""

from __future__ import annotations

import copy
from pathlib import Path

HERE = Path(__file__).resolve().parent
ELM_DIR = HERE / "data" / "elm"
EDC_SCHEMA_DIR = HERE / "data" / "edc"
CONTEXT = "https://uni-a.example/mc_edc/contexts/edc-issued-v1.jsonld"

UNI_A = {
    "id": "https://uni-a.example/",
    "name": {"en": "University A", "de": "Universität A"},
    "country": "DE",
    "url": "https://uni-a.example",
    "email": "registry@uni-a.example",
    "registration": "DE-HRB-1",
}
UNI_B = {"id": "https://uni-b.example/", "name": "Université B", "country": "FR"}
UNI_C = {"id": "https://uni-c.example/", "name": "Universiteit C", "country": "NL"}


def award(**overrides) -> dict:
    """A joint micro-credential award with every optional Annex I element."""
    data = {
        "id": "urn:uuid:0b4f6f0e-3c1a-4c8e-9d3e-6f3d2a1b0c01",
        "issued_context": CONTEXT,
        "issued": "2025-01-15T10:00:00Z",
        "valid_from": "2025-01-15T10:00:00Z",
        "languages": ["en", "de"],
        "number": "MC-2025-0001",
        "issuer": UNI_A,
        "co_awarders": [UNI_B, UNI_C],
        "mandates": [
            {
                "statement": "Université B and Universiteit C mandate University A "
                "to issue and seal this joint award (agreement 2024-07)."
            }
        ],
        "learner": {
            "id": "urn:uuid:5d9e1d1a-0000-4000-8000-000000000001",
            "full_name": "Ana Andromeda",
            "given_name": "Ana",
            "family_name": "Andromeda",
            "email": "ana@example.org",
            "date_of_birth": "1999-10-01",
        },
        "achievement": {
            "id": "https://uni-a.example/programmes/ai-101",
            "title": {"en": "Applied AI", "de": "Angewandte KI"},
            "learning_outcomes": [
                {"en": "Train a model", "de": "Ein Modell trainieren"},
                {
                    "title": "Evaluate a model",
                    "esco_skills": [
                        "http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9"
                    ],
                },
            ],
            "learning_outcome_summary": {"en": "Hands-on AI.", "de": "Praktische KI."},
            "credits": 5,
            "workload_hours": 125,
            "eqf_level": 6,
            "isced_f": ["0613"],
            "nqf": [{"key": "de-dqr-6", "label": "DQR 6"}],
            "instruction_languages": ["en"],
            "mode": ["blended"],
            "max_duration": "P6M",
            "entry_requirements": {"en": "A bachelor's degree."},
            "quality_assurance": {"en": "Accredited by the national agency."},
            "integration": {"en": "Stackable into the MSc Data Science."},
            "further_information": {"en": "https://uni-a.example/ai-101"},
            "prerequisites": {"en": "Python programming."},
            "assessment": {
                "title": {"en": "Written exam and project"},
                "type": {"en": "Written exam"},
                "mode": ["onsite"],
                "grade": {"en": "1.3 (very good)"},
                "id_verification": {
                    "uri": "http://data.europa.eu/snb/supervision-verification/c598449d64",
                    "label": "Unsupervised without ID Verification",
                },
                "supervision_note": {"en": "Supervised on site, identity checked."},
            },
        },
        "credits_earned": 5,
        "activity_start": "2024-09-01",
        "activity_end": "2024-12-20",
        "parts": [
            {"title": {"en": "Machine learning"}, "credits": 3, "grade": "1.0"},
            {"title": {"en": "AI project"}, "credits": 2},
        ],
    }
    data.update(overrides)
    return copy.deepcopy(data)


def minimal_award(**overrides) -> dict:
    """A single-institution award without any optional element."""
    data = {
        "id": "urn:uuid:0b4f6f0e-3c1a-4c8e-9d3e-6f3d2a1b0c02",
        "issued_context": CONTEXT,
        "issued": "2025-01-15T10:00:00Z",
        "issuer": {
            "id": "https://uni-a.example/",
            "name": "University A",
            "country": "DE",
            "registration": "DE-HRB-1",
        },
        "learner": {
            "id": "urn:uuid:5d9e1d1a-0000-4000-8000-000000000002",
            "full_name": "Bo",
        },
        "achievement": {
            "id": "https://uni-a.example/programmes/x",
            "title": "Basics",
            "assessment": {"grade": "Passed"},
        },
    }
    data.update(overrides)
    return copy.deepcopy(data)


def programme(**overrides) -> dict:
    """A published programme with two editions (LOQ input)."""
    data = {
        "id": "https://uni-a.example/mc/programmes/7",
        "languages": ["en", "de"],
        "title": {"en": "Applied AI", "de": "Angewandte KI"},
        "homepage": "https://uni-a.example/mc/programmes/7",
        "learning_outcomes": [{"en": "Train a model"}, {"en": "Evaluate a model"}],
        "eqf_level": 6,
        "isced_f": ["0613"],
        "credits": 5,
        "workload_hours": 125,
        "nqf": [{"key": "de-dqr-6", "label": "DQR 6"}],
        "instruction_languages": ["en"],
        "mode": ["online"],
        "entry_requirements": {"en": "A bachelor's degree."},
        "awarding_bodies": [UNI_A, UNI_B],
        "editions": [
            {
                "id": "https://uni-a.example/mc/programmes/7/editions/1",
                "start": "2025-09-01",
                "end": "2026-01-31",
                "application_deadline": "2025-07-15",
                "seats_note": {"en": "30 seats", "de": "30 Plätze"},
            },
            {
                "id": "https://uni-a.example/mc/programmes/7/editions/2",
                "start": "2026-03-01",
            },
        ],
    }
    data.update(overrides)
    return copy.deepcopy(data)
