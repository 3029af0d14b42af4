"""JSON Schema files for the definition files, generated from `forms.schema`, so an
administrator's editor can complete and check YAML as it is typed."""

from __future__ import annotations

import json
from pathlib import Path

from forms.schema import FILE_MODELS

SCHEMA_DIR = Path(__file__).parent / "data" / "schema"


def schema_texts() -> dict[str, str]:
    """File name → JSON text, one per definition file kind."""
    return {
        f"{kind}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2)
        + "\n"
        for kind, model in FILE_MODELS.items()
    }


def write_schemas(out_dir: Path | None = None) -> list[Path]:
    target = out_dir or SCHEMA_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
