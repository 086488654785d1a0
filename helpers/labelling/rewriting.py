"""The rewrite lab: type a reply to a customer post and watch its score and evidence change."""

from __future__ import annotations

import html

import ipywidgets as w

from helpers.labelling.widget import CSS

__all__ = ["rewrite_lab"]


def rewrite_lab(customer_text: str, reply_text: str = "", rubric=None) -> w.VBox:
    """Type a reply and watch the score and its evidence change (the rewrite lab of playbook 06).

    Parameters
    ----------
    customer_text : str
        The customer's post the reply answers; shown above the box with what it asks of a reply.
    reply_text : str, default ""
        The reply to start from (e.g. a real reply to improve).
    rubric : Rubric or str or Path, optional
        The rubric to score with; default: the kit's rubric.

    Returns
    -------
    ipywidgets.VBox
        The lab: the post, a text box (``.textarea``), the score with its evidence (``.result``,
        updated as the reply is typed) and a line for errors (a failing score shows its error
        there rather than breaking the lab).

    Examples
    --------
    >>> lab = rewrite_lab("My parcel is late again and nobody answers!", "We are looking into it.")
    >>> lab.textarea.value
    'We are looking into it.'
    >>> "My parcel is late again" in lab.children[0].value
    True
    >>> lab.textarea.value = "So sorry, Sam! I've chased the courier: it arrives tomorrow."  # the score follows
    """
    from helpers.scoring.cues import describe_needs, detect_cues
    from helpers.scoring.scorer import explain

    needs = describe_needs(detect_cues([customer_text]).iloc[0])
    box = w.Textarea(
        value=reply_text,
        placeholder="Write the brand's reply here",
        layout=w.Layout(width="760px", height="90px"),
        continuous_update=True,
    )
    shown = w.HTML()
    errors = w.HTML()

    def update(_=None):
        try:
            shown.value = explain(customer_text, box.value, rubric=rubric)._repr_html_()
            errors.value = ""
        except Exception as exc:
            errors.value = (
                f"<span style='color:#b91c1c'>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</span>"
            )

    box.observe(update, names="value")
    update()
    intro = w.HTML(
        CSS + f"<div class='ek-card'><div class='ek-who'>Customer</div><div class='ek-text'>"
        f"{html.escape(customer_text)}</div><div class='ek-meta' style='margin-top:8px'>What the post asks "
        f"of the reply: {html.escape(needs)}</div></div>"
    )
    lab = w.VBox([intro, box, shown, errors])
    lab.textarea, lab.result = box, shown
    return lab
