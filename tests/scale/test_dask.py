"""The Dask engine gives the pandas numbers exactly, on a LocalCluster with 2 worker processes.

Two data sets: the workshop table, and 200,000 generated rows in 8 Parquet files whose rows are
shuffled so threads and posts are split across partitions (the test checks that they are).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, wait

from helpers import (
    SCORE_COLUMNS,
    DataError,
    brand_benchmark,
    first_response_times,
    kaplan_meier,
    latency_summary,
    load_model,
    load_workshop,
    read_messages,
    read_replies,
    score_replies,
)
from helpers.cli._engine import local_cluster
from tests.scale.generate import replies_table

pytestmark = pytest.mark.slow
FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "fixtures"


@pytest.fixture(scope="module")
def client():
    with local_cluster(2) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """(folder of 8 Parquet files, the pandas table they hold, the Dask frame reading them)."""
    folder = tmp_path_factory.mktemp("generated")
    table = replies_table(200_000)
    for i, rows in enumerate(np.array_split(np.arange(len(table)), 8)):
        table.iloc[rows].to_parquet(folder / f"part-{i}.parquet", index=False)
    whole = pd.concat([read_replies(folder / f"part-{i}.parquet", warn=False) for i in range(8)], ignore_index=True)
    return folder, whole, read_replies(folder, engine="dask")


def _same(expected: pd.DataFrame, got: pd.DataFrame, key=None) -> None:
    if key is not None:
        expected = expected.sort_values(key, kind="stable").reset_index(drop=True)
        got = got.sort_values(key, kind="stable").reset_index(drop=True)
    else:
        got = got.reset_index(drop=True)
        expected = expected.reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(expected, got, check_dtype=False, check_exact=True)


def test_generated_set_splits_threads_and_posts_across_partitions(generated):
    _, whole, ddf = generated
    assert ddf.npartitions == 8 and len(whole) >= 200_000
    part = np.repeat(np.arange(8), [len(p) for p in np.array_split(np.arange(len(whole)), 8)])
    spread = pd.DataFrame({"thread": whole["thread_id"], "post": whole["post_id"], "part": part})
    assert (spread.groupby("thread")["part"].nunique() > 1).sum() > 10_000
    assert (spread.groupby("post")["part"].nunique() > 1).sum() > 10_000


@pytest.mark.parametrize("mode", ["rules", "fast", "default"])
def test_workshop_scores_equal_pandas(client, mode):
    df = load_workshop().sample(frac=1, random_state=3)
    got = score_replies(dd.from_pandas(df, npartitions=4, sort=False), mode=mode)
    assert isinstance(got, dd.DataFrame)
    _same(score_replies(df, mode=mode)[list(SCORE_COLUMNS)], got.compute()[list(SCORE_COLUMNS)])


def test_a_teams_model_object_scores_as_in_pandas(client):
    df = load_workshop().sample(frac=1, random_state=4)
    model = load_model("default")  # what fit_scorer returns: an object, not a file
    got = score_replies(dd.from_pandas(df, npartitions=3, sort=False), model=model).compute()
    _same(score_replies(df, model=model)[list(SCORE_COLUMNS)], got[list(SCORE_COLUMNS)])


@pytest.mark.parametrize("mode", ["fast", "default"])
def test_generated_scores_and_template_flags_equal_pandas(client, generated, mode):
    _, whole, ddf = generated
    expected = score_replies(whole, mode=mode)
    got = score_replies(ddf, mode=mode).compute()
    _same(expected, got)
    if mode == "default":
        notes = expected["evidence"].str.extract(r"template: same reply to (\d+)")[0].dropna().astype(int)
        assert len(notes) > 10_000  # many replies are templates, sent to customers in every partition
        naive = ddf.map_partitions(score_replies, meta=got.iloc[:0]).compute()  # templates counted per partition
        assert not naive["evidence"].reset_index(drop=True).equals(expected["evidence"])


def test_generated_response_times_equal_pandas(client, generated):
    _, whole, ddf = generated
    frt = first_response_times(ddf)
    assert isinstance(frt, dd.DataFrame)
    expected = first_response_times(whole)
    assert (expected["problem"] != "").sum() > 100  # early replies and replies without a time are in the data
    _same(expected, frt.compute(), key="post_id")
    keys = ("brand", ["brand", "month"], "hour", "weekday", None)
    together = dask.compute(*(latency_summary(ddf, by) for by in keys))  # one graph: the FRT pass is shared
    for by, got in zip(keys, together):
        _same(latency_summary(whole, by), got)
    _same(kaplan_meier(expected), kaplan_meier(frt).compute())


def test_generated_brand_benchmark_equals_pandas(client, generated):
    _, whole, ddf = generated
    scored = score_replies(whole[whole["reply_text"].notna()], mode="fast")
    dscored = score_replies(ddf[~ddf["reply_text"].isna()], mode="fast")
    _same(brand_benchmark(scored, whole), brand_benchmark(dscored, ddf).compute())


def test_workshop_latency_and_benchmark_equal_pandas(client):
    df = load_workshop().sample(frac=1, random_state=5)
    ddf = dd.from_pandas(df, npartitions=5, sort=False)
    _same(first_response_times(df), first_response_times(ddf).compute(), key="post_id")
    for by in ("brand", "channel", None):
        _same(latency_summary(df, by), latency_summary(ddf, by).compute())
    reused = latency_summary(ddf, "month", frt=first_response_times(ddf)).compute()
    _same(latency_summary(df, "month"), reused)
    _same(kaplan_meier(first_response_times(df)), kaplan_meier(first_response_times(ddf)).compute())
    scored = score_replies(df, mode="rules")
    _same(brand_benchmark(scored, df), brand_benchmark(score_replies(ddf, mode="rules"), ddf).compute())


def test_a_worker_killed_mid_run_is_recovered(client, generated):
    _, whole, ddf = generated
    expected = score_replies(whole, mode="rules")
    futures = client.compute(score_replies(ddf, mode="rules").to_delayed())
    deadline = time.monotonic() + 120
    while not any(f.done() for f in futures):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert not all(f.done() for f in futures), "the run must still be going when the worker dies"
    pids = client.run(os.getpid)
    victim = sorted(pids)[0]
    os.kill(pids[victim], signal.SIGKILL)
    wait(futures, timeout=300)
    got = pd.concat(client.gather(futures))
    _same(expected, got)
    deadline = time.monotonic() + 60
    while len(client.scheduler_info()["workers"]) < 2:  # the nanny restarts the worker for the next tests
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_a_file_with_a_bad_row_fails_with_the_kits_error_naming_it(client, tmp_path):
    df = load_workshop()
    for i, rows in enumerate(np.array_split(np.arange(len(df)), 3)):
        df.iloc[rows].to_csv(tmp_path / f"part-{i}.csv", index=False)
    bad = tmp_path / "part-1.csv"
    lines = bad.read_text().splitlines()
    lines[4] = lines[4].replace("2024-05", "not a date 2024-05", 1)
    bad.write_text("\n".join(lines) + "\n")
    ddf = read_replies(tmp_path, engine="dask")
    with pytest.raises(DataError) as err:
        first_response_times(ddf).compute()
    assert err.value.file == str(bad)
    assert "row 5" in str(err.value) and "Fix:" in str(err.value)


def test_files_with_other_columns_are_named(client, tmp_path):
    df = load_workshop()
    df.iloc[:100].to_csv(tmp_path / "a.csv", index=False)
    df.iloc[100:].assign(extra="x").to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(DataError, match=r"b\.csv.*has 'extra'.*Fix: give every file"):
        read_replies(tmp_path, engine="dask").compute()


def test_generated_ids_stay_unique_across_files(tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("Message,Answer\nWhere is it?,Sorry!\nHello,Hi\n")
    ddf = read_replies(tmp_path, columns={"Message": "customer_text", "Answer": "reply_text"}, engine="dask")
    ids = ddf["post_id"].compute().tolist()
    assert ids == ["a.csv:row-2", "a.csv:row-3", "b.csv:row-2", "b.csv:row-3"]


def test_message_logs_in_several_files(tmp_path):
    log = pd.read_csv(FIXTURES / "generic_log.csv", dtype=str)
    first = log["conversation_id"].iloc[0]
    log[log["conversation_id"] == first].to_csv(tmp_path / "one.csv", index=False)
    log[log["conversation_id"] != first].to_csv(tmp_path / "two.csv", index=False)
    ddf = read_messages(tmp_path, "generic", tz="Europe/London", engine="dask")
    whole = pd.concat(
        [read_messages(tmp_path / f, "generic", tz="Europe/London", warn=False) for f in ("one.csv", "two.csv")]
    )
    _same(whole, ddf.compute())
    log.iloc[:3].to_csv(tmp_path / "three.csv", index=False)  # the first conversation again
    with pytest.raises(DataError, match=rf"'{first}' in .*one\.csv and .*three\.csv"):
        read_messages(tmp_path, "generic", tz="Europe/London", engine="dask")
    with pytest.raises(DataError, match="twcs preset reads one file"):
        read_messages(tmp_path, "twcs", engine="dask")


def test_cli_scores_a_folder_into_partitioned_parquet(generated, tmp_path):
    folder, whole, _ = generated
    out = tmp_path / "scored"
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "score", str(folder), "-o", str(out), "--engine", "dask",
         "--workers", "2", "--mode", "fast"],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "8 Parquet files" in run.stdout
    got = pd.concat([pd.read_parquet(out / f"part.{i}.parquet") for i in range(8)], ignore_index=True)
    expected = score_replies(pd.concat([pd.read_parquet(folder / f"part-{i}.parquet") for i in range(8)]), mode="fast")
    _same(expected[list(SCORE_COLUMNS)], got[list(SCORE_COLUMNS)])
    again = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "score", str(folder), "-o", str(out), "--engine", "dask"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert again.returncode != 0 and "not empty" in again.stderr


def test_cli_latency_on_dask_prints_the_pandas_table(generated):
    folder, _, _ = generated
    args = [sys.executable, "-m", "helpers.cli", "latency", "--by", "brand,month"]
    pandas_run = subprocess.run([*args, str(folder / "part-0.parquet")], capture_output=True, text=True, timeout=300)
    dask_run = subprocess.run(
        [*args, str(folder / "part-0.parquet"), "--engine", "dask", "--workers", "2"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert pandas_run.returncode == 0 and dask_run.returncode == 0, dask_run.stderr
    table = pandas_run.stdout.split("\n\nFRT")[0]
    assert table in dask_run.stdout


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_runs_on_a_scheduler_started_by_hand(tmp_path):
    """`dask scheduler` and `dask worker` as the docs say, then `--scheduler ADDRESS`."""
    df = load_workshop()
    (tmp_path / "parts").mkdir()
    for i, rows in enumerate(np.array_split(np.arange(len(df)), 3)):
        df.iloc[rows].to_parquet(tmp_path / "parts" / f"part-{i}.parquet", index=False)
    df.to_parquet(tmp_path / "whole.parquet", index=False)
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask_cli = [sys.executable, "-m", "dask"]
    scheduler = subprocess.Popen(
        [*dask_cli, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [*dask_cli, "worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with Client(address, timeout="60s") as c:
            c.wait_for_workers(2, timeout=60)
        args = [sys.executable, "-m", "helpers.cli", "latency", "--by", "channel"]
        local = subprocess.run([*args, str(tmp_path / "whole.parquet")], capture_output=True, text=True, timeout=120)
        remote = subprocess.run(
            [*args, str(tmp_path / "parts"), "--engine", "dask", "--scheduler", address],
            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert remote.returncode == 0, remote.stderr
        assert f"scheduler {address}, 2 workers" in remote.stderr
        assert local.returncode == 0 and local.stdout.split("\n\nFRT")[0] in remote.stdout
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
            proc.wait(timeout=30)


@pytest.mark.parametrize("command", ["score", "latency"])
def test_cli_without_dask_says_how_to_install_it(tmp_path, command):
    load_workshop().to_parquet(tmp_path / "a.parquet", index=False)
    hide = "import sys; sys.modules.update(dask=None, distributed=None); from helpers.cli import main; sys.exit(main())"
    args = [command, str(tmp_path), "--engine", "dask", *(["-o", str(tmp_path / "out")] if command == "score" else [])]
    run = subprocess.run(
        [sys.executable, "-c", hide, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "--engine dask needs Dask" in run.stderr and "pip install 'empathy-kit[dask]'" in run.stderr


def test_cli_names_a_scheduler_that_does_not_answer(tmp_path):
    load_workshop().to_parquet(tmp_path / "a.parquet", index=False)
    run = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "latency", str(tmp_path), "--engine", "dask",
         "--scheduler", f"tcp://127.0.0.1:{_free_port()}"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert run.returncode != 0
    assert "no Dask scheduler answered" in run.stderr and "Fix: start one with `dask scheduler`" in run.stderr
