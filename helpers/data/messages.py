"""Message logs to the replies table: one reader, with presets for the tools teams export from.

Social-care and helpdesk tools export a *message log*: one row per message, with the conversation
it belongs to, when it was sent, who sent it (the customer, an agent, a bot, an internal note) and
its text. :func:`read_messages` rebuilds the replies table from such a log:

- Within a conversation, messages are taken in time order (the file's order breaks ties). A run of
  consecutive customer messages is one **customer post** (its time is the first message's, its text
  the messages joined by line breaks; ``customer_messages`` counts them): the clock of a first
  response starts when the customer first wrote.
- Each agent message after a post is one **reply** to it (the first reply, then later ones), in
  its own row. A customer message after a reply opens a new post (a follow-up) in the same thread.
- A post no agent answered is kept as a row with empty ``reply_*`` cells.
- Bot messages, internal notes and system events are left out and counted; so are agent messages
  sent before the customer wrote anything in the conversation (outreach: nothing to pair them
  with). ``df.attrs["messages"]`` counts all of it, and findings name the rows.

Presets name the columns (matched without regard to case, spaces or underscores) and the sender
values of one tool's export; ``columns=`` and ``senders=`` override them for an export that
differs. The ``twcs`` preset reads the Kaggle twcs file, where tweets are linked by
``in_response_to_tweet_id`` instead of a conversation id (:mod:`helpers.data.twcs`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data.errors import DataError
from helpers.data.partitioned import import_dask, partition_files, read_partitioned, wants_dask
from helpers.data.read import read_table, to_canonical
from helpers.data.validate import Finding, parse_timestamps, warn_findings

__all__ = ["Preset", "PRESETS", "read_messages", "describe_presets"]

ROLES = ("customer", "agent", "bot", "note", "system")


@dataclass(frozen=True)
class Preset:
    """How one tool's message export is laid out.

    Parameters
    ----------
    name, title : str
        The preset's name (``read_messages(path, "hootsuite")``) and what it reads.
    source : str
        The vendor's page that defines the export's columns.
    columns : dict
        Each field of a message (``conversation``, ``message_id``, ``sent_at``, ``sender``, ``text``,
        and optionally ``kind``, ``author``, ``customer_id``, ``brand``, ``channel``) mapped to the
        header names it has in the export (first the documented one, then known variants).
    senders : dict
        Sender values (lower case) mapped to ``customer``, ``agent``, ``bot``, ``note`` or ``system``.
    kinds : dict
        Values of the ``kind`` column (lower case) that decide the role whatever the sender: internal
        notes (``note``), automated messages (``bot``) and events such as assignments (``system``).
    tz : str, optional
        The zone of the export's timestamps when the vendor documents one (Intercom: UTC); None when
        the person exporting chooses it, so ``tz=`` must be given for timestamps without an offset.
    channel : str, optional
        The channel when the export has no channel column.
    required : tuple of str
        The fields the export must have (the others are optional).
    notes : tuple of str
        What a user of this preset must know (shown by ``empathy-kit import --list``).

    Examples
    --------
    >>> mine = Preset("mytool", "our helpdesk's export", "https://example.com/export-docs",
    ...               columns={"conversation": ("Ticket",), "sent_at": ("When",), "sender": ("From",),
    ...                        "text": ("Body",)},
    ...               senders={"customer": "customer", "staff": "agent"})
    >>> mine.required
    ('conversation', 'sender', 'text')
    """

    name: str
    title: str
    source: str
    columns: dict
    senders: dict
    kinds: dict = field(default_factory=dict)
    tz: str | None = None
    channel: str | None = None
    required: tuple = ("conversation", "sender", "text")
    notes: tuple = field(default_factory=tuple)


_GENERIC_SENDERS = {
    **dict.fromkeys(("customer", "user", "contact", "client", "visitor", "lead", "end-user", "end user"), "customer"),
    **dict.fromkeys(("agent", "admin", "brand", "staff", "teammate", "operator", "employee", "support"), "agent"),
    **dict.fromkeys(("bot", "automation", "automated", "auto-reply", "autoreply", "fin"), "bot"),
    **dict.fromkeys(("note", "internal", "internal note", "internal_note", "private note"), "note"),
    **dict.fromkeys(("system", "event"), "system"),
}

# Intercom message types that are events of the conversation, not messages (open, close, assignment, ...)
_INTERCOM_EVENTS = ("open", "close", "snoozed", "unsnoozed", "timer_unsnooze", "assignment", "assign_and_reopen",
                    "participant_added", "away_mode_assignment")  # fmt: skip

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "generic",
            "any message log: conversation_id, sent_at, sender_type, text (plus optional columns)",
            "docs/importing.md (the kit's own layout)",
            columns={
                "conversation": ("conversation_id", "thread_id", "ticket_id"),
                "message_id": ("message_id", "id"),
                "sent_at": ("sent_at", "created_at", "timestamp"),
                "sender": ("sender_type", "sender", "author_type", "direction"),
                "text": ("text", "body", "message"),
                "kind": ("message_type", "type"),
                "author": ("agent", "author", "author_name", "sender_name"),
                "customer_id": ("customer_id", "contact_id"),
                "brand": ("brand", "account"),
                "channel": ("channel", "medium"),
            },
            senders={**_GENERIC_SENDERS, "inbound": "customer", "outbound": "agent"},
            kinds={"note": "note", "internal note": "note", "bot": "bot", "automated": "bot", "event": "system"},
        ),
        Preset(
            "hootsuite",
            "Hootsuite Inbox 2.0 / Sparkcentral on-demand export 'Messages' (CSV)",
            "https://help.hootsuite.com/hc/en-us/articles/5407290386843-Create-Inbox-2-0-data-exports ; "
            "https://help.sparkcentral.com/api-docs/data-exports/",
            columns={
                "conversation": ("Conversation ID",),
                "message_id": ("Message ID",),
                "sent_at": ("Created at", "Sent at"),
                "sender": ("Direction", "Message Direction"),
                "text": ("Message", "Content", "Message Content", "Text"),
                "kind": ("Message Type", "Type"),
                "author": ("Agent Name", "Agent Display Name", "Sent by", "Agent ID"),
                "customer_id": ("Contact Profile ID", "Contact Primary Identifier"),
                "brand": ("Channel Display Name",),
                "channel": ("Medium",),
            },
            senders={"inbound": "customer", "outbound": "agent", "in": "customer", "out": "agent"},
            kinds={
                "note": "note",
                "internal note": "note",
                "automated": "bot",
                "automated message": "bot",
                "bot": "bot",
                "status change": "system",
                "event": "system",
            },
            notes=("timestamps are in the zone chosen when the export was made, without an offset: pass tz=",),
        ),
        Preset(
            "intercom",
            "Intercom conversation export, message entries (one row per conversation part)",
            "https://www.prodsight.ai/help-sub/intercomexport-help-center/getting-started/"
            "what-does-the-intercom-conversation-export-contain ; "
            "https://developers.intercom.com/docs/references/rest-api/api.intercom.io/conversations/conversation",
            columns={
                "conversation": ("conversation_id",),
                "message_id": ("message_id",),
                "sent_at": ("message_created_at",),
                "sender": ("message_author_type",),
                "text": ("message_body",),
                "kind": ("message_type",),
                "author": ("message_author_name",),
                "customer_id": ("message_author_user_id",),
                "brand": ("app_name",),
                "channel": ("conversation_channel", "source_type"),
            },
            senders={
                "user": "customer",
                "lead": "customer",
                "contact": "customer",
                "admin": "agent",
                "team": "agent",
                "bot": "bot",
                "operator": "bot",
            },
            kinds={"note": "note", **dict.fromkeys(_INTERCOM_EVENTS, "system")},
            tz="UTC",  # the export documents its times as UTC ("2017-11-14 21:45:08")
            channel="chat",
        ),
        Preset(
            "twcs",
            "Kaggle 'Customer Support on Twitter' (twcs.csv): tweets linked by in_response_to_tweet_id",
            "https://www.kaggle.com/datasets/thoughtvector/customer-support-on-twitter",
            columns={
                "message_id": ("tweet_id",),
                "sender": ("inbound",),
                "text": ("text",),
                "sent_at": ("created_at",),
                "in_reply_to": ("in_response_to_tweet_id",),
            },
            senders={"true": "customer", "false": "agent"},
            tz="UTC",
            channel="twitter",
            required=("message_id", "sender", "text", "sent_at", "in_reply_to"),
        ),
    )
}


def read_messages(
    path,
    preset: str | Preset | None = None,
    columns: dict | None = None,
    tz: str | None = None,
    *,
    senders: dict | None = None,
    defaults: dict | None = None,
    redact: bool = False,
    encoding: str | None = None,
    warn: bool = True,
    engine: str = "pandas",
    id_prefix: str = "",
):
    """Read a message log (one row per message) into the canonical replies table.

    Parameters
    ----------
    path : str or Path
        The export: CSV (UTF-8 with or without BOM, UTF-16, Windows-1252; comma, semicolon or tab),
        Excel or Parquet.
    preset : str or Preset, optional
        ``"generic"`` (default), ``"hootsuite"``, ``"intercom"`` or ``"twcs"`` (:data:`PRESETS`).
    columns : dict, optional
        Fields mapped to your export's headers when they differ from the preset's, e.g.
        ``{"text": "Message body", "sender": "From"}`` (fields: see :class:`Preset`).
    tz : str, optional
        Zone of timestamps written without a UTC offset (e.g. ``"Europe/London"``). Required for
        such timestamps unless the preset documents the zone; the kit never guesses.
    senders : dict, optional
        Extra sender values, e.g. ``{"Page": "agent"}``; values are matched in lower case.
    defaults : dict, optional
        Values for columns the export lacks, e.g. ``{"brand": "Acme"}``.
    redact : bool, default False
        Mask e-mail addresses, phone, card and order numbers in the texts.
    encoding : str, optional
        The file's encoding when it is not detected (see :func:`helpers.read_table`).
    warn : bool, default True
        Issue a :class:`~helpers.data.validate.DataWarning` per finding (always in ``attrs["findings"]``).
    engine : {"pandas", "dask"}
        ``"dask"``: ``path`` may be a folder, glob or list of exports, read as a Dask DataFrame with
        one partition per file, each file read and checked as here. A conversation must not be
        split across files (its posts and replies are paired within one file): the reader checks
        the files' conversation ids first and names any conversation found in two files.
    id_prefix : str
        Unused by message logs (their ids come from the export); accepted for the Dask reader.

    Returns
    -------
    DataFrame
        The canonical replies table (one row per reply, and per unanswered post), with
        ``customer_messages`` (messages merged into the post) after the canonical columns;
        ``attrs["messages"]`` counts messages, posts, replies, unanswered posts and what was left out.

    Raises
    ------
    DataError
        The file cannot be read, the preset does not fit it (the message names a preset that
        does), message ids repeat, a sender value is unknown, timestamps are missing, unreadable,
        mixed with and without offsets or lack a zone, an agent message is dated before the
        customer message it follows, or no conversation has a customer message.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = path.write_text("conversation_id,sent_at,sender_type,text\\n"
    ...     "c1,2024-05-01 09:00,customer,My parcel is late\\n"
    ...     "c1,2024-05-01 09:02,customer,Order 5512\\n"
    ...     "c1,2024-05-01 09:20,agent,So sorry! It ships today.\\n"
    ...     "c2,2024-05-01 10:00,customer,Are you open on Sunday?\\n")
    >>> df = read_messages(path, tz="Europe/London")
    >>> df[["thread_id", "customer_messages", "reply_text"]].values.tolist()
    [['c1', 2, 'So sorry! It ships today.'], ['c2', 1, <NA>]]
    >>> str(df.loc[0, "reply_at"] - df.loc[0, "customer_at"])
    '0 days 00:20:00'
    """
    preset = _preset(preset)
    if wants_dask(engine):
        return _read_partitioned_log(path, preset, columns, tz, senders, defaults, redact, encoding)
    file = str(path)
    if preset.name == "twcs":
        from helpers.data.twcs import read_twcs

        if columns or senders:
            raise DataError("the twcs preset takes no columns= or senders=", file=file, fix="use preset='generic'")
        out = read_twcs(path, redact=redact)
        counts = {k: v for k, v in out.attrs["twcs"].items() if k != "file"}
        out.attrs["messages"] = {"file": file, "preset": "twcs", "messages": counts.pop("tweets"), **counts}
        out.attrs.setdefault("findings", [])
        return out
    raw = read_table(path, encoding=encoding)
    fields = _resolve(raw, preset, columns or {}, file)
    zone = tz or preset.tz
    log = pd.DataFrame({f: raw[c] for f, c in fields.items()})
    n = len(log)
    row = np.arange(n)
    text = log["text"].astype("string")
    conv = log["conversation"].astype("string").str.strip()
    _no_empty(conv, file, fields["conversation"], "conversation id", "give every message its conversation's id")

    by_kind = pd.Series(pd.NA, index=log.index, dtype="object")
    if "kind" in log:
        by_kind = log["kind"].astype("string").str.strip().str.lower().map(preset.kinds)
    known = {**preset.senders, **{str(k).lower(): v for k, v in (senders or {}).items()}}
    role = by_kind.where(by_kind.notna(), None)
    todo = by_kind.isna().to_numpy()
    role[todo] = _roles(log["sender"][todo], known, file, fields["sender"], preset, row[todo]).to_numpy()
    counts = {"messages": n, "left_out": {name: int((role == name).sum()) for name in ("bot", "note", "system")}}
    keep = role.isin(["customer", "agent"])

    if "message_id" in log:
        mid = log["message_id"].astype("string").str.strip()
        _no_empty(mid, file, fields["message_id"], "message id", "give every message its id, or drop the column")
        dup = mid.duplicated(keep=False)
        if dup.any():
            raise DataError(
                f"{int(dup.sum())} rows share a message id, e.g. {mid[dup].iloc[0]!r}",
                file=file,
                column=fields["message_id"],
                rows=row[dup.to_numpy()],
                fix="remove the rows exported twice (an export appended to another?)",
            )
    else:
        mid = conv + "-m" + (log.groupby(conv, sort=False).cumcount() + 1).astype("string")

    if "sent_at" in log:
        at = parse_timestamps(log["sent_at"], column=fields["sent_at"], file=file, tz=zone)
        missing = at.isna() & keep
        if missing.any():
            raise DataError(
                "messages without a time cannot be put in order",
                file=file,
                column=fields["sent_at"],
                rows=row[missing.to_numpy()],
                fix="fill in the time, or remove the rows",
            )
    else:
        at = pd.Series(pd.NaT, index=log.index, dtype="datetime64[ns, UTC]")

    msgs = pd.DataFrame(
        {
            "row": row,
            "conv": conv,
            "id": mid,
            "at": at,
            "role": role,
            "text": text,
            "author": log["author"].astype("string") if "author" in log else pd.NA,
            "customer_id": log["customer_id"].astype("string") if "customer_id" in log else pd.NA,
            "brand": log["brand"].astype("string") if "brand" in log else pd.NA,
            "channel": log["channel"].astype("string").str.lower() if "channel" in log else preset.channel,
        }  # fmt: skip
    )[keep.to_numpy()]
    if not (msgs["role"] == "customer").any():
        raise DataError(
            "no customer messages in the file: every message is from an agent, bot or note",
            file=file,
            column=fields["sender"],
            fix=f"check the sender column's values (found {sorted(log['sender'].dropna().astype(str).unique())[:6]}); "
            "map yours with senders={'Value': 'customer'} (CLI: --sender Value=customer)",
        )
    _check_order(msgs, file, fields.get("sent_at"))
    msgs = msgs.sort_values(["conv", "at", "row"], kind="stable")

    table, report = _pair(msgs)
    counts.update(report["counts"])
    for name, value in (defaults or {}).items():
        if name in table and table[name].isna().all():
            table[name] = value
    out = to_canonical(table, file=file, redact=redact, tz="UTC", warn=False)
    findings = list(out.attrs["findings"])
    if report["outreach_rows"]:
        findings.append(
            Finding(
                "agent_first",
                "agent messages sent before the customer wrote anything in the conversation (outreach, or a "
                "conversation whose first message is missing from the export): left out, nothing to pair them with",
                tuple(report["outreach_rows"]),
                fields["sender"],
            )
        )
    lonely = report["agent_only"]
    if lonely:
        findings.append(
            Finding(
                "no_customer_message",
                f"{len(lonely)} conversation(s) without any customer message (e.g. {lonely[0]!r}): left out; "
                "if these are customers, their sender value is mapped wrong",
                tuple(report["agent_only_rows"]),
                fields["conversation"],
            )
        )
    out.attrs["findings"] = findings
    out.attrs["messages"] = {"file": file, "preset": preset.name, **counts}
    if warn:
        warn_findings(findings, file, stacklevel=2)
    return out


def _conversation_ids(file, preset: Preset, columns: dict | None, encoding) -> pd.DataFrame:
    raw = read_table(file, encoding=encoding)
    fields = _resolve(raw, preset, columns or {}, str(file))
    ids = raw[fields["conversation"]].astype("string").str.strip().dropna().drop_duplicates()
    return pd.DataFrame({"conversation": ids.to_numpy(), "file": str(file)})


def _read_partitioned_log(path, preset, columns, tz, senders, defaults, redact, encoding):
    """Message logs in many files: each file paired on its own, after checking no conversation spans two."""
    dd = import_dask()
    files = partition_files(path)
    if preset.name == "twcs":
        raise DataError(
            "the twcs preset reads one file: its reply chains cross any split into files",
            file=str(files[0]),
            fix="read the whole twcs.csv with read_twcs, or convert it once with `empathy-kit import twcs`",
        )
    ids = dd.from_map(
        functools.partial(_conversation_ids, preset=preset, columns=columns, encoding=encoding),
        files,
        meta=pd.DataFrame({"conversation": pd.Series(dtype="string"), "file": pd.Series(dtype="string")}),
    ).compute()
    split = ids[ids["conversation"].duplicated(keep=False)]
    if len(split):
        first = split["conversation"].iloc[0]
        where = split.loc[split["conversation"] == first, "file"].tolist()
        raise DataError(
            f"{split['conversation'].nunique()} conversation(s) have messages in more than one file, e.g. "
            f"{first!r} in {' and '.join(where)}: posts and replies are paired within one file",
            file=where[0],
            column="conversation",
            fix="export so that each conversation is in one file (partition by conversation, or by the month the "
            "conversation started), or concatenate the files",
        )
    kwargs = dict(preset=preset, columns=columns, tz=tz, senders=senders, defaults=defaults, redact=redact)
    return read_partitioned(read_messages, files, **kwargs, encoding=encoding)


def _preset(preset) -> Preset:
    if isinstance(preset, Preset):
        return preset
    name = (preset or "generic").lower()
    if name not in PRESETS:
        raise DataError(f"unknown preset {preset!r}", fix=f"use one of {', '.join(PRESETS)}")
    return PRESETS[name]


def _key(name) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).lower()


def _resolve(raw: pd.DataFrame, preset: Preset, override: dict, file: str) -> dict:
    """Each field's header in this file: the override, else the first of the preset's names present."""
    by_key = {_key(c): c for c in raw.columns}
    unknown = [f for f in override if f not in preset.columns and f != "in_reply_to"]
    if unknown:
        raise DataError(
            f"unknown field(s) {', '.join(map(repr, unknown))} in columns=",
            file=file,
            fix=f"map these fields: {', '.join(preset.columns)}",
        )
    fields = {}
    for fld, names in preset.columns.items():
        wanted = [override[fld]] if fld in override else list(names)
        for name in wanted:
            if _key(name) in by_key:
                fields[fld] = by_key[_key(name)]
                break
        else:
            if fld in override:
                raise DataError(
                    f"columns= maps {fld!r} to {override[fld]!r}, which the file does not have",
                    file=file,
                    column=override[fld],
                    fix=f"the file has {list(map(str, raw.columns))[:12]}",
                )
    missing = [f for f in preset.required if f not in fields]
    if missing:
        fits = [p.name for p in PRESETS.values() if p is not preset and _fits(raw, p)]
        expected = ", ".join(repr(preset.columns[f][0]) for f in missing)
        raise DataError(
            f"this is not a {preset.name} export: no {expected} column"
            + (f"; it looks like a {fits[0]} export" if fits else ""),
            file=file,
            column=[preset.columns[f][0] for f in missing],
            fix=(
                f"use preset {fits[0]!r} (CLI: empathy-kit import {fits[0]} ...)"
                if fits
                else f"map your columns, e.g. columns={{{missing[0]!r}: 'Your column'}} (the file has "
                f"{list(map(str, raw.columns))[:10]})"
            ),  # fmt: skip
        )
    return fields


def _fits(raw: pd.DataFrame, preset: Preset) -> bool:
    keys = {_key(c) for c in raw.columns}
    return all(any(_key(n) in keys for n in preset.columns[f]) for f in preset.required)


def _no_empty(values: pd.Series, file, column, what: str, fix: str) -> None:
    empty = values.isna() | (values == "")
    if empty.any():
        raise DataError(f"empty {what}s", file=file, column=column, rows=np.flatnonzero(empty.to_numpy()), fix=fix)


def _roles(values: pd.Series, senders: dict, file, column, preset: Preset, rows: np.ndarray) -> pd.Series:
    lowered = values.astype("string").str.strip().str.lower()
    role = lowered.map(senders)
    bad = role.isna()
    if bad.any():
        found = sorted(set(lowered[bad].fillna("(empty)")))
        raise DataError(
            f"unknown sender value(s) {', '.join(map(repr, found[:6]))}: cannot tell customer from agent",
            file=file,
            column=column,
            rows=rows[bad.to_numpy()],
            fix=f"say what they are, e.g. senders={{{found[0]!r}: 'customer'}} (CLI: --sender "
            f"'{found[0]}=customer'); the roles are {', '.join(ROLES)}; {preset.name} knows "
            f"{', '.join(sorted(set(senders)))[:200]}",
        )
    return role


def _check_order(msgs: pd.DataFrame, file, column) -> None:
    """An agent message listed after a customer message of its conversation but dated before it.

    Exports list a conversation's messages in order (oldest or newest first); a reply that the file
    places after the customer's message while its time says earlier means the two were written
    on different clocks (usually a time-zone mix-up): pairing by time would be wrong.
    """
    if msgs["at"].isna().all():
        return
    ordered = msgs.sort_values(["conv", "row"], kind="stable")
    step = ordered.groupby("conv", sort=False)["at"].diff().dt.total_seconds()
    backwards, forwards = int((step < 0).sum()), int((step > 0).sum())
    if backwards > forwards and backwards >= 3:  # listed newest first (a few steps back are errors, not an order)
        ordered = ordered.iloc[::-1].sort_values("conv", kind="stable")
    posted = ordered["at"].where(ordered["role"] == "customer")
    last_post = posted.groupby(ordered["conv"], sort=False).ffill()  # the latest customer message above each row
    last_post = last_post.groupby(ordered["conv"], sort=False).cummax()
    bad = (ordered["role"] == "agent") & (ordered["at"] < last_post)
    if bad.any():
        rows = ordered.loc[bad, "row"].to_numpy()
        raise DataError(
            f"{len(rows)} agent message(s) are dated before the customer message they follow in the file "
            "(a reply before its post)",
            file=file,
            column=column,
            rows=rows,
            fix="check that customer and agent times are in the same time zone (pass tz= for times without an "
            "offset) and that the export was not re-sorted by a spreadsheet",
        )


def _pair(msgs: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Posts (runs of customer messages) and the agent replies after each, in one vectorised pass."""
    conv = msgs["conv"].to_numpy()
    is_cust = (msgs["role"] == "customer").to_numpy()
    new_conv = np.r_[True, conv[1:] != conv[:-1]]
    prev_cust = np.r_[False, is_cust[:-1]]
    starts_post = is_cust & (new_conv | ~prev_cust)
    post_no = np.cumsum(starts_post)  # the post each message belongs to (or follows)
    has_post = pd.Series(is_cust).groupby(conv, sort=False).transform("any").to_numpy()
    # an agent message belongs to the latest post of its own conversation; before the first one, to none
    cust_seen = pd.Series(is_cust.astype(int)).groupby(conv, sort=False).cumsum().to_numpy()
    orphan = ~is_cust & (cust_seen == 0)

    posts = msgs[starts_post].assign(post_no=post_no[starts_post])
    # the posts' texts: most posts are one message; only runs of several are joined (in Python, few of them)
    cust_post = post_no[is_cust]
    cust_text = msgs["text"].to_numpy(dtype=object)[is_cust]
    starts = np.flatnonzero(np.r_[True, cust_post[1:] != cust_post[:-1]])
    counts = np.diff(np.r_[starts, len(cust_post)])
    texts = cust_text[starts].copy()
    for k in np.flatnonzero(counts > 1):
        texts[k] = "\n".join(t for t in cust_text[starts[k] : starts[k] + counts[k]] if isinstance(t, str))
    merged = pd.DataFrame({"customer_text": texts, "customer_messages": counts}, index=cust_post[starts])
    posts = posts.set_index("post_no").join(merged)
    replies = msgs[~is_cust & ~orphan].assign(post_no=post_no[~is_cust & ~orphan])
    replies = replies.rename(columns={"id": "reply_id", "at": "reply_at", "text": "reply_text", "author": "agent"})
    table = posts.rename(columns={"id": "post_id", "at": "customer_at", "conv": "thread_id"})[
        ["post_id", "thread_id", "customer_text", "customer_at", "customer_id", "brand", "channel", "customer_messages"]
    ].join(replies.set_index("post_no")[["reply_id", "reply_text", "reply_at", "agent", "brand", "channel"]],
           how="left", suffixes=("", "_reply"))  # fmt: skip
    for col in ("brand", "channel"):  # the account the reply came from, else the post's
        table[col] = table[f"{col}_reply"].where(table[f"{col}_reply"].notna(), table[col])
    table = table.drop(columns=["brand_reply", "channel_reply"]).reset_index(drop=True)
    table = table.sort_values(["customer_at", "post_id", "reply_at"], kind="stable", na_position="last")
    cols = ["post_id", "reply_id", "thread_id", "brand", "channel", "customer_text", "customer_at", "reply_text",
            "reply_at", "agent", "customer_id", "customer_messages"]  # fmt: skip
    table = table[cols].reset_index(drop=True)
    agent_only = sorted(set(conv[~has_post]))
    report = {
        "counts": {
            "customer_posts": int(starts_post.sum()),
            "brand_replies": int(len(replies)),
            "unanswered_posts": int(table["reply_id"].isna().sum()),
            "unpaired_agent_messages": int(orphan.sum()),
        },
        "outreach_rows": sorted(msgs["row"].to_numpy()[orphan & has_post].tolist()),
        "agent_only": agent_only,
        "agent_only_rows": sorted(msgs["row"].to_numpy()[~has_post].tolist()),
    }
    return table, report


def describe_presets() -> str:
    """One paragraph per preset: what it reads, the columns it expects and where they are defined.

    Returns
    -------
    str
        The text ``empathy-kit import --list`` prints.

    Examples
    --------
    >>> print(describe_presets().splitlines()[0])
    generic    any message log: conversation_id, sent_at, sender_type, text (plus optional columns)
    """
    lines = []
    for p in PRESETS.values():
        cols = ", ".join(f"{f}={names[0]!r}" for f, names in p.columns.items())
        lines.append(f"{p.name:<10} {p.title}\n{'':<10} columns: {cols}\n{'':<10} source: {p.source}")
        for note in p.notes:
            lines.append(f"{'':<10} note: {note}")
    return "\n".join(lines)
