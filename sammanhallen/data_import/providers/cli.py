"""`python -m sammanhallen.data_import.providers [--recipe NAME ...] [--list] [--dry-run] [--scb-url URL] [--kolada-url URL]`

Fetches every recipe (or the named ones), prints the preview, and commits all or nothing through
the importer as "cli:<user>@<host>" (see authorisation.py). With DASHBOARD_PUBLISH_DIR set, the
importer publishes a new Parquet version after the commit. Exit status: 0 done (or nothing new),
1 a provider or import error (nothing written), 2 a recipe error or an unknown recipe name.
"""
from __future__ import annotations

import argparse
import sys

from sammanhallen.data_import import importer
from sammanhallen.data_import.providers import authorisation, errors
from sammanhallen.data_import.providers.fetch import make_clients
from sammanhallen.data_import.providers.recipes import RECIPE_DIR, load_recipes
from sammanhallen.data_import.providers.refresh import Prepared, apply, prepare_all
from sammanhallen.i18n import t
from sammanhallen.paths import database_path


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m sammanhallen.data_import.providers",
                                     description="Refresh indicators from SCB and Kolada (all or nothing).")
    parser.add_argument("--recipe", action="append", default=[], metavar="NAME", help="a recipe name (repeatable); default all")
    parser.add_argument("--list", action="store_true", help="list the recipes and exit")
    parser.add_argument("--dry-run", action="store_true", help="fetch and preview, write nothing")
    parser.add_argument("--scb-url", help="SCB PxWebApi 2.0 base URL (default env SCB_API_URL, else SCB)")
    parser.add_argument("--kolada-url", help="Kolada v3 base URL (default env KOLADA_API_URL, else Kolada)")
    parser.add_argument("--recipes-dir", default=str(RECIPE_DIR), help=argparse.SUPPRESS)
    parser.add_argument("--lang", default="en", choices=("sv", "en"))
    return parser.parse_args(argv)


def summary(item: Prepared, lang: str) -> str:
    p = item.plan
    lines = [f"{item.recipe.name} ({item.recipe.provider} {item.recipe.table}): +{len(p.adds)} new, "
             f"{len(p.replaces)} replaced, {len(p.unchanged)} unchanged, {len(item.gaps)} gaps, "
             f"{len(item.unmapped)} unmapped codes, {len(item.flags)} flagged; source {p.source['source_id']}"]
    for row in item.unmapped.itertuples(index=False):
        lines.append(f"  unmapped {row.area_code} ({row.area_label}): {t(row.reason_sv, row.reason_en, lang)}")
    for row in item.gaps.itertuples(index=False):
        lines.append(f"  gap {row.area_code} {row.year}: {row.status}")
    for problem in p.problems:
        lines.append(f"  problem {problem.field}: {t(problem.reason_sv, problem.reason_en, lang)}")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        recipes = load_recipes(args.recipes_dir)
    except errors.RecipeError as exc:
        print(exc.in_(args.lang), file=sys.stderr)
        return 2
    if args.list:
        for name, recipe in recipes.items():
            print(f"{name}\t{recipe.provider}\t{recipe.table}\t{recipe.status}\t{recipe.title(args.lang)}")
        return 0
    unknown = [n for n in args.recipe if n not in recipes]
    if unknown:
        print(f"unknown recipe(s): {', '.join(unknown)}; known: {', '.join(recipes)}", file=sys.stderr)
        return 2
    chosen = [recipes[n] for n in args.recipe] if args.recipe else list(recipes.values())
    clients = make_clients(args.scb_url, args.kolada_url)
    try:
        prepared = prepare_all(chosen, db_path=database_path(), clients=clients)
        for item in prepared:
            print(summary(item, args.lang))
        if args.dry_run:
            print("dry run: nothing written")
            return 0
        records = apply(prepared, authorisation.cli_authorisation())
    except errors.ProviderError as exc:
        print(f"{exc.in_(args.lang)}\nNothing was written.", file=sys.stderr)
        return 1
    except importer.ImportRefused as exc:
        print(f"{t(exc.message_sv, exc.message_en, args.lang)}\nNothing was written.", file=sys.stderr)
        return 1
    finally:
        clients.close()
    for record in records:
        published = f", published {record.published_version}" if record.published_version else ""
        print(f"import {record.import_id}: {record.rows_added} added, {record.rows_replaced} replaced "
              f"(source {record.source_id}, by {record.who}{published})")
    if not records:
        print("nothing new to write")
    return 0
